import { describe, expect, test } from "vitest";
import { compareInvoice, fromCents, statementTotals, toCents, type StatementLine } from "./statement-lines";

const line = (kind: StatementLine["kind"], amount: string, commission: string): StatementLine => ({
  kind,
  eventId: null,
  placementId: null,
  accountNumber: "A",
  day: "2026-03-01",
  amount,
  scheduleId: null,
  tierIndex: null,
  tierLabel: null,
  rate: null,
  commission,
  adjustsMonth: null,
  previously: null,
});

const lines = [line("PAYMENT", "1000.00", "180.00"), line("PAYMENT", "250.50", "45.09"), line("PAYMENT", "-100.00", "-18.00"), line("ADJUSTMENT", "300.00", "54.00"), line("FLAT_FEE", "0.00", "25.00")];

test.each([
  ["0.1", 10n],
  ["-0.05", -5n],
  ["12", 1200n],
  ["123.45", 12345n],
])("toCents(%s)", (text, cents) => {
  expect(toCents(text)).toBe(cents);
  expect(toCents(fromCents(cents))).toBe(cents);
});

test("totals: payments and their commission, adjustments and flat fees apart, to the cent", () => {
  expect(statementTotals(lines)).toEqual({ paymentsTotal: "1150.50", commissionTotal: "207.09", adjustmentsTotal: "54.00", flatFeesTotal: "25.00", totalDue: "286.09" });
});

describe("compareInvoice", () => {
  test.each([
    ["no invoice", null, { status: "NO_INVOICE" }],
    ["equal", "286.09", { status: "MATCHES", difference: "0.00" }],
    ["billed the adjustment twice", "340.09", { status: "DIFFERS", difference: "54.00", explaining: [3] }],
    ["left off a payment", "241.00", { status: "DIFFERS", difference: "-45.09", explaining: [1] }],
    ["two payments", "511.18", { status: "DIFFERS", difference: "225.09", explaining: [0, 1] }],
    ["nothing explains it", "286.10", { status: "DIFFERS", difference: "0.01", explaining: [] }],
  ])("%s", (_name, invoice, expected) => {
    expect(compareInvoice(lines, "286.09", invoice)).toEqual(expected);
  });
});
