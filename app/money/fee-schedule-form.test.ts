import { expect, test } from "vitest";
import { parseFeeScheduleForm, tierAsFormRow } from "./fee-schedule-form";

test.each([
  [
    "two tiers and a flat fee",
    { effectiveFrom: "2026-07-01", flatFee: "25", rate_0: "0.15", dpd_0: "0-89, 90-179", months_0: "0-5", rate_2: "0.2", balance_2: "5000-", max_2: "800" },
    { ok: true, effectiveFrom: "2026-07-01", flatFeePerPlacement: "25", note: null, terms: { tiers: [{ rate: "0.15", dpdBuckets: ["0-89", "90-179"], monthsFrom: 0, monthsTo: 5 }, { rate: "0.2", balanceFrom: "5000", maxFee: "800" }] } },
  ],
  ["no tier", { effectiveFrom: "2026-07-01" }, { ok: false, errors: { tiers: "feeSchedules.error.noTier" } }],
  ["bad date and rate", { effectiveFrom: "2026-13-01x", rate_0: "18%" }, { ok: false, errors: { effectiveFrom: "feeSchedules.error.date", rate_0: "feeSchedules.error.rate" } }],
  ["unknown bucket", { effectiveFrom: "2026-07-01", rate_1: "0.1", dpd_1: "30-60" }, { ok: false, errors: { dpd_1: "feeSchedules.error.bucket" } }],
  ["months out of order", { effectiveFrom: "2026-07-01", rate_0: "0.1", months_0: "6-2" }, { ok: false, errors: { months_0: "feeSchedules.error.monthsOrder" } }],
  ["minimum above maximum", { effectiveFrom: "2026-07-01", rate_0: "0.1", min_0: "50", max_0: "10" }, { ok: false, errors: { max_0: "feeSchedules.error.minMax" } }],
  ["a range without numbers", { effectiveFrom: "2026-07-01", rate_0: "0.1", balance_0: "-" }, { ok: false, errors: { balance_0: "feeSchedules.error.range" } }],
])("%s", (_name, form, expected) => {
  expect(parseFeeScheduleForm(form)).toEqual(expected);
});

test("a tier round-trips through the form's texts", () => {
  const tier = { rate: "0.2", dpdBuckets: ["90-179" as const], monthsFrom: 3, products: ["CARD"], balanceFrom: "0", balanceTo: "5000", minFee: "5", maxFee: "300" };
  const row = tierAsFormRow(tier);
  const form = Object.fromEntries([["effectiveFrom", "2026-01-01"], ...Object.entries(row).map(([field, value]) => [`${field}_0`, value])]);
  expect(parseFeeScheduleForm(form)).toMatchObject({ ok: true, terms: { tiers: [tier] } });
});
