import { describe, expect, test } from "vitest";
import { applyTier, commissionForPayment, monthsSincePlacement, paymentDay, scheduleInForce, selectTier, type PaymentFacts, type ScheduleVersion } from "./fee-schedule";
import { describeTier, feeTermsSchema, type FeeTier } from "./fee-terms";

const facts = (overrides: Partial<PaymentFacts> = {}): PaymentFacts => ({
  day: "2026-03-15",
  amount: "1000.00",
  placedAt: "2026-01-10",
  dpdAtPlacement: 120,
  product: "CARD",
  placedBalance: "8000.00",
  ...overrides,
});

describe("monthsSincePlacement", () => {
  test.each([
    ["2026-01-10", "2026-01-10", 0],
    ["2026-01-10", "2026-02-09", 0],
    ["2026-01-10", "2026-02-10", 1],
    ["2026-01-31", "2026-02-27", 0],
    ["2026-01-31", "2026-02-28", 1],
    ["2024-01-31", "2024-02-29", 1],
    ["2025-12-15", "2026-03-14", 2],
    ["2025-12-15", "2026-03-15", 3],
    ["2026-03-01", "2026-02-01", 0],
  ])("placed %s, paid %s → %i whole months", (placedAt, day, expected) => {
    expect(monthsSincePlacement(placedAt, day)).toBe(expected);
  });
});

describe("paymentDay: the reporting zone's calendar decides the day", () => {
  test.each([
    ["2026-03-31T15:59:59Z", "Asia/Shanghai", "2026-03-31"],
    ["2026-03-31T16:00:00Z", "Asia/Shanghai", "2026-04-01"],
    ["2026-04-01T03:00:00Z", "America/New_York", "2026-03-31"],
    ["2026-04-01T04:00:00Z", "America/New_York", "2026-04-01"],
  ])("%s in %s is %s", (instant, zone, day) => {
    expect(paymentDay(new Date(instant), zone)).toBe(day);
  });

  test("a payment at 00:30 Shanghai time on the month's anniversary is in the next tier, though UTC is still the day before", () => {
    const tiers: FeeTier[] = [{ monthsTo: 0, rate: "0.1000" }, { monthsFrom: 1, rate: "0.2000" }];
    const schedules: ScheduleVersion[] = [{ id: 1, effectiveFrom: "2026-01-01", tiers }];
    const day = paymentDay(new Date("2026-02-09T16:30:00Z"), "Asia/Shanghai");
    expect(day).toBe("2026-02-10");
    expect(commissionForPayment(schedules, facts({ day, placedAt: "2026-01-10" }))).toMatchObject({ tierIndex: 1, rate: "0.2000", commission: "200.00", monthsSince: 1 });
    const utcDay = paymentDay(new Date("2026-02-09T16:30:00Z"), "UTC");
    expect(commissionForPayment(schedules, facts({ day: utcDay, placedAt: "2026-01-10" }))).toMatchObject({ tierIndex: 0, commission: "100.00", monthsSince: 0 });
  });
});

describe("selectTier: the first tier whose conditions all hold", () => {
  const tiers: FeeTier[] = [
    { dpdBuckets: ["0-89"], rate: "0.1000" },
    { dpdBuckets: ["90-179"], monthsFrom: 0, monthsTo: 2, rate: "0.1500" },
    { dpdBuckets: ["90-179"], monthsFrom: 3, rate: "0.2000" },
    { products: ["AUTO"], rate: "0.1200" },
    { balanceFrom: "50000", rate: "0.0800" },
    { rate: "0.2500" },
  ];
  test.each([
    ["first bucket", facts({ dpdAtPlacement: 30 }), 0],
    ["bucket boundary 89 → first", facts({ dpdAtPlacement: 89 }), 0],
    ["bucket boundary 90 → second", facts({ dpdAtPlacement: 90 }), 1],
    ["month 2 still in the early tier", facts({ placedAt: "2026-01-10", day: "2026-04-09" }), 1],
    ["month 3 on the anniversary", facts({ placedAt: "2026-01-10", day: "2026-04-10" }), 2],
    ["product AUTO at 360+", facts({ dpdAtPlacement: 400, product: "AUTO" }), 3],
    ["balance 50000 inclusive", facts({ dpdAtPlacement: 400, placedBalance: "50000.00" }), 4],
    ["balance just under 50000", facts({ dpdAtPlacement: 400, placedBalance: "49999.99" }), 5],
    ["unknown days past due skips bucket tiers", facts({ dpdAtPlacement: null }), 5],
  ])("%s", (_name, payment, expected) => {
    expect(selectTier(tiers, payment, monthsSincePlacement(payment.placedAt, payment.day))?.index).toBe(expected);
  });

  test("no tier matches: no tier, commission 0", () => {
    const result = commissionForPayment([{ id: 3, effectiveFrom: "2026-01-01", tiers: [{ products: ["AUTO"], rate: "0.2" }] }], facts());
    expect(result).toEqual({ scheduleId: 3, tierIndex: null, rate: "0.0000", monthsSince: 2, commission: "0.00", limitApplied: null });
  });
});

describe("applyTier: rate to the cent, then minimum and maximum per payment", () => {
  test.each([
    ["plain", "1000.00", { rate: "0.18" }, "180.00", null],
    ["half a cent rounds up", "0.25", { rate: "0.1" }, "0.03", null],
    ["a third", "100.00", { rate: "0.3333" }, "33.33", null],
    ["minimum", "50.00", { rate: "0.1", minFee: "10" }, "10.00", "MIN"],
    ["maximum", "100000.00", { rate: "0.2", maxFee: "5000" }, "5000.00", "MAX"],
    ["between", "1000.00", { rate: "0.2", minFee: "10", maxFee: "500" }, "200.00", null],
    ["a reversal mirrors the payment", "-50.00", { rate: "0.1", minFee: "10" }, "-10.00", "MIN"],
    ["zero earns nothing", "0.00", { rate: "0.1", minFee: "10" }, "0.00", null],
  ] as const)("%s", (_name, amount, tier, commission, limit) => {
    const result = applyTier(amount, tier as FeeTier);
    expect(result.commission.toFixed(2)).toBe(commission);
    expect(result.limitApplied).toBe(limit);
  });
});

describe("scheduleInForce: the effective date switches mid-month", () => {
  const schedules: ScheduleVersion[] = [
    { id: 1, effectiveFrom: "1970-01-01", tiers: [{ rate: "0.1500" }] },
    { id: 2, effectiveFrom: "2026-06-16", tiers: [{ rate: "0.2000" }] },
  ];
  test.each([
    ["2026-06-01", 1, "150.00"],
    ["2026-06-15", 1, "150.00"],
    ["2026-06-16", 2, "200.00"],
    ["2026-06-30", 2, "200.00"],
  ])("paid %s → schedule %i", (day, scheduleId, commission) => {
    expect(scheduleInForce(schedules, day)?.id).toBe(scheduleId);
    expect(commissionForPayment(schedules, facts({ day, placedAt: "2026-05-01" }))).toMatchObject({ scheduleId, commission });
  });
  test("before the first schedule: nothing in force", () => {
    expect(commissionForPayment([schedules[1]!], facts({ day: "2026-06-15" }))).toBeNull();
  });
});

describe("fee terms", () => {
  test.each([
    [{ tiers: [{ rate: "0.18" }] }, true],
    [{ tiers: [] }, false],
    [{ tiers: [{ rate: "1.5" }] }, false],
    [{ tiers: [{ rate: "0.1", minFee: "20", maxFee: "10" }] }, false],
    [{ tiers: [{ rate: "0.1", monthsFrom: 6, monthsTo: 2 }] }, false],
    [{ tiers: [{ rate: "0.1", balanceFrom: "100", balanceTo: "100" }] }, false],
    [{ tiers: [{ rate: "0.1", dpdBuckets: ["1-2"] }] }, false],
    [{ tiers: [{ rate: "0.1", amount: "1" }] }, false],
  ])("%j valid: %s", (terms, valid) => {
    expect(feeTermsSchema.safeParse(terms).success).toBe(valid);
  });
  test("describeTier", () => {
    expect(describeTier({ rate: "0.1" }, 0)).toBe("#1 · *");
    expect(describeTier({ rate: "0.1", dpdBuckets: ["90-179"], monthsFrom: 0, monthsTo: 5, products: ["CARD"], balanceFrom: "5000", balanceTo: "20000" }, 1)).toBe("#2 · DPD 90-179 · M0-5 · CARD · B5000-20000");
  });
});
