// Which reconciliation exceptions of an agency's month pass the findings policy's threshold (ADR 045): pure, money in
// whole cents (bigint). The money at stake is what the agency reported and the lender did not receive — the whole of a
// REPORTED_NOT_RECEIVED payment and the shortfall of an AMOUNT_MISMATCH (an overpayment is not money missing) — summed
// per currency, since amounts in two currencies are never added; late remittances are counted.
import type { ReconciliationStatus } from "./reconcile";
import { centsOfMoney, moneyOfCents } from "./reconciliation-grid-query";

export type ExceptionItem = { status: ReconciliationStatus; reportedAmount: string | null; receivedAmount: string | null; currency: string };

export type ExceptionThreshold = { amount: string | null; lateRemittances: number | null };

export type ExceptionFigures = {
  /** Per currency, the money reported and not received (decimal strings), currencies in alphabetical order. */
  unreconciled: { currency: string; amount: string; items: number }[];
  lateRemittances: number;
};

export type ExceptionVerdict = ExceptionFigures & {
  /** Which tests passed: the amount (in one of the currencies) and/or the count of late remittances. */
  above: ("AMOUNT" | "LATE")[];
};

/** Money the lender is short for one item (0 for statuses that do not count). */
export function shortfallCents(item: ExceptionItem): bigint {
  if (item.status === "REPORTED_NOT_RECEIVED") return centsOfMoney(item.reportedAmount);
  if (item.status === "AMOUNT_MISMATCH") {
    const short = centsOfMoney(item.reportedAmount) - centsOfMoney(item.receivedAmount);
    return short > 0n ? short : 0n;
  }
  return 0n;
}

/** The month's figures of one agency's items (any statuses; only exceptions count). */
export function exceptionFigures(items: readonly ExceptionItem[]): ExceptionFigures {
  const byCurrency = new Map<string, { cents: bigint; items: number }>();
  let late = 0;
  for (const item of items) {
    if (item.status === "LATE_REMITTANCE") late += 1;
    const short = shortfallCents(item);
    if (short === 0n) continue;
    const entry = byCurrency.get(item.currency) ?? { cents: 0n, items: 0 };
    entry.cents += short;
    entry.items += 1;
    byCurrency.set(item.currency, entry);
  }
  return {
    unreconciled: [...byCurrency.entries()].sort(([left], [right]) => left.localeCompare(right)).map(([currency, entry]) => ({ currency, amount: moneyOfCents(entry.cents), items: entry.items })),
    lateRemittances: late,
  };
}

/** The figures and which tests they pass: strictly above the amount (any currency) or the count; a null test is off. */
export function judgeExceptions(items: readonly ExceptionItem[], threshold: ExceptionThreshold): ExceptionVerdict {
  const figures = exceptionFigures(items);
  const above: ExceptionVerdict["above"] = [];
  if (threshold.amount !== null) {
    const limit = centsOfMoney(threshold.amount);
    if (figures.unreconciled.some((entry) => centsOfMoney(entry.amount) > limit)) above.push("AMOUNT");
  }
  if (threshold.lateRemittances !== null && figures.lateRemittances > threshold.lateRemittances) above.push("LATE");
  return { ...figures, above };
}

/** The statuses a finding about money at stake cites as its evidence. */
export const findingExceptionStatuses: readonly ReconciliationStatus[] = ["REPORTED_NOT_RECEIVED", "AMOUNT_MISMATCH", "LATE_REMITTANCE"];
