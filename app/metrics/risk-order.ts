// "Sorted by risk" on the dashboard's agencies-at-risk panel (docs/METRICS.md, "Agencies at risk"): conduct first,
// the most serious first. Pure, so the panel and its tests order agencies by exactly the same rule.
import type { AgencyScorecard, Grade } from "./metric-types";

export type RiskRates = {
  highViolationsPer1000Contacts: number | null;
  violationsPer1000Contacts: number | null;
  complaintsPer1000Accounts: number | null;
};

/** The keys in the order they decide, each higher = riskier. */
export const riskKeys = ["highViolationsPer1000Contacts", "violationsPer1000Contacts", "complaintsPer1000Accounts"] as const satisfies readonly (keyof RiskRates)[];

/**
 * Riskiest first: HIGH violations per 1,000 contacts, then all violations per 1,000 contacts, then complaints per
 * 1,000 accounts, each descending; a rate that cannot be computed (no contacts, no placements) counts as no evidence
 * of risk and comes after every measured rate, zero included; ties by agency code.
 */
export function compareRisk(left: RiskRates & { agencyCode: string }, right: RiskRates & { agencyCode: string }): number {
  for (const key of riskKeys) {
    const difference = (right[key] ?? -1) - (left[key] ?? -1);
    if (difference !== 0) return difference;
  }
  return left.agencyCode.localeCompare(right.agencyCode);
}

export type RateTrend = { previous: number | null; change: number | null; direction: "worse" | "better" | "unchanged" | "new" };

/** A rate against the previous period's (higher is worse for every risk rate): "new" when there was none before. */
export function rateTrend(current: number | null, previous: number | null): RateTrend {
  if (current === null || previous === null) return { previous, change: null, direction: current === null ? "unchanged" : "new" };
  const change = current - previous;
  // Rates are shown to one decimal: a change that rounds away is no change.
  if (Math.abs(change) < 0.05) return { previous, change, direction: "unchanged" };
  return { previous, change, direction: change > 0 ? "worse" : "better" };
}

/** One row of the agencies-at-risk panel (getAgenciesAtRisk). */
export type AgencyRiskRow = RiskRates & {
  agencyId: number;
  agencyCode: string;
  agencyName: string;
  /** What the rates are made of, so a reader sees the size behind a rate. */
  outboundContacts: number;
  violations: number;
  violationsHigh: number;
  complaints: number;
  placedAccounts: number;
  grade: Grade | null;
  conductGate: AgencyScorecard["conductGate"];
  /** Findings escalated now (they take points off the grade). */
  escalatedFindings: number;
  trend: Record<keyof RiskRates, RateTrend>;
};

export type AgenciesAtRisk = { period: { from: string; to: string }; previousPeriod: { from: string; to: string }; rows: AgencyRiskRow[] };
