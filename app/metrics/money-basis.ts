// Which money the dashboards show (ADR 044): collected, recovery rate, commission and net back as the agencies
// reported them, or as reconciled against the lender's ledger. Pure: whether a ledger exists is read on the server.

export const moneyBases = ["reported", "reconciled"] as const;
export type MoneyBasis = (typeof moneyBases)[number];

/** Why the page shows its basis: the URL asked for it, or the default (a ledger entry in the period, or none). */
export type MoneyBasisReason = "requested" | "ledgerInPeriod" | "noLedgerInPeriod";

export type MoneyBasisChoice = { basis: MoneyBasis; reason: MoneyBasisReason; ledgerInPeriod: boolean };

/** The URL's basis wins; without one, reconciled once the lender's ledger has an entry in the period, reported otherwise. */
export function chooseMoneyBasis(requested: MoneyBasis | undefined, ledgerInPeriod: boolean): MoneyBasisChoice {
  if (requested !== undefined) return { basis: requested, reason: "requested", ledgerInPeriod };
  return ledgerInPeriod ? { basis: "reconciled", reason: "ledgerInPeriod", ledgerInPeriod } : { basis: "reported", reason: "noLedgerInPeriod", ledgerInPeriod };
}

/** Commission ÷ collected: the rate the schedules gave over the period; null when nothing was collected. */
export function effectiveCommissionRate(commission: number, collected: number): number | null {
  if (collected === 0) return null;
  return Math.round((commission / collected) * 10_000) / 10_000;
}
