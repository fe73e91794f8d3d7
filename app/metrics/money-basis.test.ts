import { describe, expect, test } from "vitest";
import { chooseMoneyBasis, effectiveCommissionRate } from "./money-basis";

describe("chooseMoneyBasis", () => {
  test.each([
    [undefined, true, "reconciled", "ledgerInPeriod"],
    [undefined, false, "reported", "noLedgerInPeriod"],
    ["reported", true, "reported", "requested"],
    ["reconciled", false, "reconciled", "requested"],
  ] as const)("requested %s, ledger in period %s → %s (%s)", (requested, ledger, basis, reason) => {
    expect(chooseMoneyBasis(requested, ledger)).toEqual({ basis, reason, ledgerInPeriod: ledger });
  });
});

describe("effectiveCommissionRate", () => {
  test.each([
    [180, 1000, 0.18],
    [0, 0, null],
    [12.34, 0, null],
    [1, 3, 0.3333],
    [-18, -100, 0.18],
  ])("%s ÷ %s → %s", (commission, collected, rate) => {
    expect(effectiveCommissionRate(commission, collected)).toBe(rate);
  });
});
