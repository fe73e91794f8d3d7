import { describe, expect, test } from "vitest";
import { countRaisableExceptions, dayNumber, fromCents, reconcileAccount, toCents, type LedgerItem, type ReconciliationStatus, type ReportedPayment } from "./reconcile";

const CROSS = 1;
const BLITZ = 2;

function pay(eventId: string, day: string, amount: string, agencyId = CROSS): ReportedPayment {
  return { eventId, agencyId, day: dayNumber(day), cents: toCents(amount), currency: "CNY" };
}

function entry(ledgerRef: string, day: string, amount: string, options: Partial<Pick<LedgerItem, "remittedBy" | "attributedTo" | "reversesLedgerRef" | "currency">> = {}): LedgerItem {
  const remittedBy = options.remittedBy === undefined ? CROSS : options.remittedBy;
  return {
    id: ledgerRef.replace(/\D/g, ""),
    ledgerRef,
    day: dayNumber(day),
    cents: toCents(amount),
    currency: options.currency ?? "CNY",
    remittedBy,
    attributedTo: options.attributedTo === undefined ? (remittedBy ?? CROSS) : options.attributedTo,
    reversesLedgerRef: options.reversesLedgerRef ?? null,
  };
}

/** The items as compact lines: status rule event ledgerRefs received day. */
function run(payments: ReportedPayment[], entries: LedgerItem[], remittanceDays: [number, number][] = []) {
  return reconcileAccount({ payments, entries, remittanceDays: new Map(remittanceDays) }).map(
    (item) =>
      `${item.status} ${item.rule} ${item.eventId ?? "-"} [${item.ledgerRefs.join(",")}] ${item.receivedCents === null ? "-" : fromCents(item.receivedCents)} agency=${item.agencyId}`,
  );
}

describe("reconcileAccount", () => {
  test.each([
    {
      name: "one payment, one remittance of the same amount within the window",
      payments: [pay("1", "2026-03-01", "500.00")],
      entries: [entry("L1", "2026-03-05", "500.00")],
      expected: ["MATCHED EXACT_IN_WINDOW 1 [L1] 500.00 agency=1"],
    },
    {
      name: "a payment split into three remittances",
      payments: [pay("1", "2026-03-01", "1000.00")],
      entries: [entry("L1", "2026-03-02", "300.00"), entry("L2", "2026-03-03", "200.00"), entry("L3", "2026-03-04", "500.00")],
      expected: ["MATCHED SPLIT_IN_WINDOW 1 [L1,L2,L3] 1000.00 agency=1"],
    },
    {
      name: "a split that does not use an unrelated entry in the window",
      payments: [pay("1", "2026-03-01", "700.00")],
      entries: [entry("L1", "2026-03-02", "300.00"), entry("L2", "2026-03-02", "250.00"), entry("L3", "2026-03-03", "400.00")],
      expected: ["MATCHED SPLIT_IN_WINDOW 1 [L1,L3] 700.00 agency=1", "RECEIVED_NOT_REPORTED UNMATCHED_ENTRY - [L2] 250.00 agency=1"],
    },
    {
      name: "two payments of the same amount on one day, one remittance: the lower event id is matched",
      payments: [pay("12", "2026-03-01", "200.00"), pay("11", "2026-03-01", "200.00")],
      entries: [entry("L1", "2026-03-03", "200.00")],
      expected: ["MATCHED EXACT_IN_WINDOW 11 [L1] 200.00 agency=1", "REPORTED_NOT_RECEIVED NO_LEDGER_ENTRY 12 [] - agency=1"],
    },
    {
      name: "two payments of the same amount on one day, two remittances in ledger order",
      payments: [pay("9", "2026-03-01", "200.00"), pay("10", "2026-03-01", "200.00")],
      entries: [entry("L2", "2026-03-04", "200.00"), entry("L1", "2026-03-04", "200.00")],
      expected: ["MATCHED EXACT_IN_WINDOW 9 [L1] 200.00 agency=1", "MATCHED EXACT_IN_WINDOW 10 [L2] 200.00 agency=1"],
    },
    {
      name: "an exact match is never taken by another payment's weaker rule",
      payments: [pay("1", "2026-03-01", "300.00"), pay("2", "2026-03-02", "500.00")],
      entries: [entry("L1", "2026-03-03", "500.00"), entry("L2", "2026-03-03", "290.00")],
      expected: ["AMOUNT_MISMATCH DIFFERENT_AMOUNT 1 [L2] 290.00 agency=1", "MATCHED EXACT_IN_WINDOW 2 [L1] 500.00 agency=1"],
    },
    {
      name: "window edge: received on the last remittance day is on time",
      payments: [pay("1", "2026-03-01", "100.00")],
      entries: [entry("L1", "2026-03-11", "100.00")],
      expected: ["MATCHED EXACT_IN_WINDOW 1 [L1] 100.00 agency=1"],
    },
    {
      name: "window edge: received the day after is late",
      payments: [pay("1", "2026-03-01", "100.00")],
      entries: [entry("L1", "2026-03-12", "100.00")],
      expected: ["LATE_REMITTANCE EXACT_LATE 1 [L1] 100.00 agency=1"],
    },
    {
      name: "window edge: received the day before the payment never matches it",
      payments: [pay("1", "2026-03-01", "100.00")],
      entries: [entry("L1", "2026-02-28", "100.00")],
      expected: ["REPORTED_NOT_RECEIVED NO_LEDGER_ENTRY 1 [] - agency=1", "RECEIVED_NOT_REPORTED UNMATCHED_ENTRY - [L1] 100.00 agency=1"],
    },
    {
      name: "the agency's own remittance days (BLITZ: 3) decide the window",
      payments: [pay("1", "2026-03-01", "100.00", BLITZ)],
      entries: [entry("L1", "2026-03-05", "100.00", { remittedBy: BLITZ })],
      remittanceDays: [[BLITZ, 3]] as [number, number][],
      expected: ["LATE_REMITTANCE EXACT_LATE 1 [L1] 100.00 agency=2"],
    },
    {
      name: "beyond the late horizon nothing matches",
      payments: [pay("1", "2026-01-01", "100.00")],
      entries: [entry("L1", "2026-05-01", "100.00")],
      expected: ["REPORTED_NOT_RECEIVED NO_LEDGER_ENTRY 1 [] - agency=1", "RECEIVED_NOT_REPORTED UNMATCHED_ENTRY - [L1] 100.00 agency=1"],
    },
    {
      name: "under-remitted: one entry of another amount in the window",
      payments: [pay("1", "2026-03-01", "1000.00")],
      entries: [entry("L1", "2026-03-06", "900.00")],
      expected: ["AMOUNT_MISMATCH DIFFERENT_AMOUNT 1 [L1] 900.00 agency=1"],
    },
    {
      name: "a direct payment of another amount is not a short remittance",
      payments: [pay("1", "2026-03-01", "300.00")],
      entries: [entry("L1", "2026-03-02", "120.00", { remittedBy: null, attributedTo: CROSS })],
      expected: ["REPORTED_NOT_RECEIVED NO_LEDGER_ENTRY 1 [] - agency=1", "RECEIVED_NOT_REPORTED UNMATCHED_ENTRY - [L1] 120.00 agency=1"],
    },
    {
      name: "a remittance by another agency never matches",
      payments: [pay("1", "2026-03-01", "100.00")],
      entries: [entry("L1", "2026-03-02", "100.00", { remittedBy: BLITZ })],
      expected: ["REPORTED_NOT_RECEIVED NO_LEDGER_ENTRY 1 [] - agency=1", "RECEIVED_NOT_REPORTED UNMATCHED_ENTRY - [L1] 100.00 agency=2"],
    },
    {
      name: "a direct payment to the lender that the agency logged matches it",
      payments: [pay("1", "2026-03-01", "100.00")],
      entries: [entry("L1", "2026-03-01", "100.00", { remittedBy: null, attributedTo: CROSS })],
      expected: ["MATCHED EXACT_IN_WINDOW 1 [L1] 100.00 agency=1"],
    },
    {
      name: "a direct payment nobody reported is the placed agency's unreported receipt",
      payments: [],
      entries: [entry("L1", "2026-03-01", "100.00", { remittedBy: null, attributedTo: CROSS })],
      expected: ["RECEIVED_NOT_REPORTED UNMATCHED_ENTRY - [L1] 100.00 agency=1"],
    },
    {
      name: "an entry of an account placed with no agency that day belongs to no agency",
      payments: [],
      entries: [entry("L1", "2026-03-01", "100.00", { remittedBy: null, attributedTo: null })],
      expected: [],
    },
    {
      name: "another currency never matches",
      payments: [pay("1", "2026-03-01", "100.00")],
      entries: [entry("L1", "2026-03-02", "100.00", { currency: "USD" })],
      expected: ["REPORTED_NOT_RECEIVED NO_LEDGER_ENTRY 1 [] - agency=1", "RECEIVED_NOT_REPORTED UNMATCHED_ENTRY - [L1] 100.00 agency=1"],
    },
    {
      name: "a reversal in the next month of money matched in March is its own item",
      payments: [pay("1", "2026-03-28", "400.00")],
      entries: [entry("L1", "2026-03-30", "400.00"), entry("L2", "2026-04-03", "-400.00", { reversesLedgerRef: "L1" })],
      expected: ["MATCHED EXACT_IN_WINDOW 1 [L1] 400.00 agency=1", "MATCHED REVERSAL_OF_MATCHED 1 [L2,L1] -400.00 agency=1"],
    },
    {
      name: "a reversal without a reference pairs with the latest earlier entry of that amount",
      payments: [pay("1", "2026-03-01", "400.00")],
      entries: [entry("L1", "2026-03-02", "400.00"), entry("L2", "2026-03-20", "-400.00", { remittedBy: null, attributedTo: CROSS })],
      expected: ["MATCHED EXACT_IN_WINDOW 1 [L1] 400.00 agency=1", "MATCHED REVERSAL_OF_MATCHED 1 [L2,L1] -400.00 agency=1"],
    },
    {
      name: "a reversal of an unreported direct payment",
      payments: [],
      entries: [entry("L1", "2026-03-02", "50.00", { remittedBy: null, attributedTo: CROSS }), entry("L2", "2026-03-09", "-50.00", { remittedBy: null, attributedTo: CROSS, reversesLedgerRef: "L1" })],
      expected: ["RECEIVED_NOT_REPORTED UNMATCHED_ENTRY - [L1] 50.00 agency=1", "RECEIVED_NOT_REPORTED REVERSAL_OF_UNMATCHED - [L2,L1] -50.00 agency=1"],
    },
  ])("$name", ({ payments, entries, remittanceDays, expected }) => {
    expect(run(payments, entries, remittanceDays)).toEqual(expected);
  });

  test("the result does not depend on the order the rows came in", () => {
    const payments = [pay("3", "2026-03-01", "100.00"), pay("1", "2026-03-01", "100.00"), pay("2", "2026-03-02", "250.00")];
    const entries = [entry("L3", "2026-03-03", "100.00"), entry("L1", "2026-03-02", "100.00"), entry("L2", "2026-03-04", "150.00"), entry("L4", "2026-03-04", "100.00")];
    expect(run([...payments].reverse(), [...entries].reverse())).toEqual(run(payments, entries));
  });
});

describe("cents", () => {
  test.each([
    ["0.01", 1],
    ["-1234.50", -123450],
    ["999999999999.99", 99999999999999],
    ["12", 1200],
  ])("%s is %d cents and back", (amount, cents) => {
    expect(toCents(amount)).toBe(cents);
    expect(toCents(fromCents(cents))).toBe(cents);
  });
});

describe("exceptions a finding takes under the page's status filter", () => {
  const counts = (overrides: Partial<Record<ReconciliationStatus, number>>): Record<ReconciliationStatus, number> => ({
    MATCHED: 0,
    REPORTED_NOT_RECEIVED: 0,
    RECEIVED_NOT_REPORTED: 0,
    AMOUNT_MISMATCH: 0,
    LATE_REMITTANCE: 0,
    ...overrides,
  });
  const summaries = [counts({ MATCHED: 40, REPORTED_NOT_RECEIVED: 2, LATE_REMITTANCE: 3 }), counts({ MATCHED: 5, AMOUNT_MISMATCH: 1 })];
  test.each([
    [undefined, 6],
    ["ALL" as const, 6],
    ["MATCHED" as const, 0],
    ["LATE_REMITTANCE" as const, 3],
    ["RECEIVED_NOT_REPORTED" as const, 0],
  ])("status %s: %i exceptions", (status, expected) => {
    expect(countRaisableExceptions(summaries, status)).toBe(expected);
  });
  test("no month summarised: nothing to raise", () => {
    expect(countRaisableExceptions([], undefined)).toBe(0);
  });
});
