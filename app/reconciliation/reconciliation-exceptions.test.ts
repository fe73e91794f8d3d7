import { describe, expect, test } from "vitest";
import type { ReconciliationStatus } from "./reconcile";
import { exceptionFigures, judgeExceptions, shortfallCents, type ExceptionItem } from "./reconciliation-exceptions";

const item = (status: ReconciliationStatus, reported: string | null, received: string | null, currency = "CNY"): ExceptionItem => ({ status, reportedAmount: reported, receivedAmount: received, currency });

describe("the shortfall of one item", () => {
  test.each([
    ["a payment never received: all of it", item("REPORTED_NOT_RECEIVED", "250.40", null), 25040n],
    ["remitted short: the difference", item("AMOUNT_MISMATCH", "1000.00", "900.00"), 10000n],
    ["remitted more than reported: nothing missing", item("AMOUNT_MISMATCH", "900.00", "1000.00"), 0n],
    ["late but whole: nothing missing", item("LATE_REMITTANCE", "500.00", "500.00"), 0n],
    ["matched: nothing", item("MATCHED", "500.00", "500.00"), 0n],
    ["received, never reported: not the agency's shortfall", item("RECEIVED_NOT_REPORTED", null, "80.00"), 0n],
  ])("%s", (_name, given, cents) => {
    expect(shortfallCents(given)).toBe(cents);
  });
});

describe("an agency's month against the threshold", () => {
  const month = [
    item("REPORTED_NOT_RECEIVED", "600.00", null),
    item("AMOUNT_MISMATCH", "1000.01", "900.00"),
    item("AMOUNT_MISMATCH", "10.00", "12.00"),
    item("LATE_REMITTANCE", "50.00", "50.00"),
    item("LATE_REMITTANCE", "70.00", "70.00"),
    item("MATCHED", "5000.00", "5000.00"),
    item("REPORTED_NOT_RECEIVED", "2000.00", null, "USD"),
  ];

  test("money per currency, never added across currencies; late remittances counted", () => {
    expect(exceptionFigures(month)).toEqual({
      unreconciled: [
        { currency: "CNY", amount: "700.01", items: 2 },
        { currency: "USD", amount: "2000.00", items: 1 },
      ],
      lateRemittances: 2,
    });
  });

  test.each([
    ["strictly above the amount in one currency", { amount: "700.00", lateRemittances: null }, ["AMOUNT"]],
    ["equal to the amount is not above", { amount: "2000.00", lateRemittances: null }, []],
    ["the count of late remittances above its threshold", { amount: null, lateRemittances: 1 }, ["LATE"]],
    ["equal to the count is not above", { amount: null, lateRemittances: 2 }, []],
    ["both tests", { amount: "0", lateRemittances: 0 }, ["AMOUNT", "LATE"]],
    ["both tests off", { amount: null, lateRemittances: null }, []],
  ])("%s", (_name, threshold, above) => {
    expect(judgeExceptions(month, threshold).above).toEqual(above);
  });

  test("no items: nothing above any threshold", () => {
    expect(judgeExceptions([], { amount: "0", lateRemittances: 0 })).toEqual({ unreconciled: [], lateRemittances: 0, above: [] });
  });
});
