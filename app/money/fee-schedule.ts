// Tier selection and the commission of one payment (ADR 037): pure, in Decimal arithmetic, so the roll-ups, the
// case page and the statements all apply the same rule. Days are ISO dates of the reporting zone's calendar.
import { DateTime } from "luxon";
import { Prisma } from "~/generated/prisma/client";
import { dpdBucketOf } from "~/metrics/dpd-buckets";
import type { FeeTier } from "./fee-terms";

const Decimal = Prisma.Decimal;
type Decimal = Prisma.Decimal;

/** One current (not superseded) schedule version of an agency. */
export type ScheduleVersion = { id: number; effectiveFrom: string; tiers: readonly FeeTier[] };

/** What the tiers look at: the payment and the placement it was made under. */
export type PaymentFacts = {
  /** The payment's day (reporting zone). */
  day: string;
  amount: string;
  placedAt: string;
  dpdAtPlacement: number | null;
  product: string | null;
  placedBalance: string;
};

export type PaymentCommissionResult = {
  scheduleId: number;
  tierIndex: number | null;
  rate: string;
  monthsSince: number;
  commission: string;
  limitApplied: "MIN" | "MAX" | null;
};

/** A payment's day in the reporting zone: the day its tier and schedule are chosen by. */
export function paymentDay(occurredAt: Date, reportingZone: string): string {
  return DateTime.fromJSDate(occurredAt, { zone: reportingZone }).toISODate()!;
}

/** The schedule in force on `day`: the latest start on or before it (null: the agency had no schedule yet). */
export function scheduleInForce<T extends { effectiveFrom: string }>(schedules: readonly T[], day: string): T | null {
  let best: T | null = null;
  for (const schedule of schedules) {
    if (schedule.effectiveFrom <= day && (best === null || schedule.effectiveFrom > best.effectiveFrom)) best = schedule;
  }
  return best;
}

const parts = (iso: string) => iso.split("-").map(Number) as [number, number, number];
const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * Whole months from the placement day to `day`: a month is complete on the same day of a later month, or on that
 * month's last day when it has no such day (placed on the 31st: one month on 28 or 29 February).
 */
export function monthsSincePlacement(placedAt: string, day: string): number {
  const [py, pm, pd] = parts(placedAt);
  const [y, m, d] = parts(day);
  let months = (y - py) * 12 + (m - pm);
  const anniversary = Math.min(pd, daysInMonth(y, m));
  if (d < anniversary) months -= 1;
  return Math.max(0, months);
}

/** The first tier whose conditions all hold, with its index; null when none does. */
export function selectTier(tiers: readonly FeeTier[], facts: PaymentFacts, monthsSince: number): { tier: FeeTier; index: number } | null {
  const bucket = dpdBucketOf(facts.dpdAtPlacement);
  const balance = new Decimal(facts.placedBalance);
  for (const [index, tier] of tiers.entries()) {
    if (tier.dpdBuckets?.length && (bucket === null || !tier.dpdBuckets.includes(bucket))) continue;
    if (tier.monthsFrom !== undefined && monthsSince < tier.monthsFrom) continue;
    if (tier.monthsTo !== undefined && monthsSince > tier.monthsTo) continue;
    if (tier.products?.length && (facts.product === null || !tier.products.includes(facts.product))) continue;
    if (tier.balanceFrom !== undefined && balance.lessThan(tier.balanceFrom)) continue;
    if (tier.balanceTo !== undefined && balance.greaterThanOrEqualTo(tier.balanceTo)) continue;
    return { tier, index };
  }
  return null;
}

/** amount × rate to the cent (half away from zero), then the tier's minimum and maximum on its absolute value. */
export function applyTier(amount: string, tier: FeeTier): { commission: Decimal; limitApplied: "MIN" | "MAX" | null } {
  const value = new Decimal(amount);
  let fee = value.abs().times(tier.rate).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  let limitApplied: "MIN" | "MAX" | null = null;
  if (tier.minFee !== undefined && fee.lessThan(tier.minFee)) [fee, limitApplied] = [new Decimal(tier.minFee), "MIN"];
  if (tier.maxFee !== undefined && fee.greaterThan(tier.maxFee)) [fee, limitApplied] = [new Decimal(tier.maxFee), "MAX"];
  // A zero payment earns nothing, whatever the minimum.
  if (value.isZero()) return { commission: new Decimal(0), limitApplied: null };
  return { commission: value.isNegative() ? fee.negated() : fee, limitApplied };
}

/** The commission of one payment under the agency's current schedules; null when none was in force on its day. */
export function commissionForPayment(schedules: readonly ScheduleVersion[], facts: PaymentFacts): PaymentCommissionResult | null {
  const schedule = scheduleInForce(schedules, facts.day);
  if (!schedule) return null;
  const monthsSince = monthsSincePlacement(facts.placedAt, facts.day);
  const selected = selectTier(schedule.tiers, facts, monthsSince);
  if (!selected) return { scheduleId: schedule.id, tierIndex: null, rate: "0.0000", monthsSince, commission: "0.00", limitApplied: null };
  const { commission, limitApplied } = applyTier(facts.amount, selected.tier);
  return {
    scheduleId: schedule.id,
    tierIndex: selected.index,
    rate: new Decimal(selected.tier.rate).toFixed(4),
    monthsSince,
    commission: commission.toFixed(2),
    limitApplied,
  };
}
