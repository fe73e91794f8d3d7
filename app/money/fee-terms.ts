// The terms of a fee schedule (ADR 037) as the Settings form, the CLI and the stored JSON share them: contingency
// tiers matched in order (the first whose conditions all hold applies), money and rates as decimal strings. No
// Decimal arithmetic here, so the page's component can import it.
import { z } from "zod";
import { dpdBuckets } from "~/metrics/dpd-buckets";

const money = z.string().trim().regex(/^\d{1,12}(\.\d{1,2})?$/, "feeSchedules.error.money");
const rate = z
  .string()
  .trim()
  .regex(/^(0(\.\d{1,4})?|1(\.0{1,4})?)$/, "feeSchedules.error.rate");
const months = z.number().int().min(0).max(1200);

export const feeTierSchema = z
  .object({
    /** Days-past-due buckets at placement (absent or empty: any). */
    dpdBuckets: z.array(z.enum(dpdBuckets)).optional(),
    /** Whole months since placement on the payment's day, inclusive bounds. */
    monthsFrom: months.optional(),
    monthsTo: months.optional(),
    /** The account's product (absent or empty: any). */
    products: z.array(z.string().trim().min(1).max(60)).optional(),
    /** The placed balance: from (inclusive) to (exclusive). */
    balanceFrom: money.optional(),
    balanceTo: money.optional(),
    rate,
    /** Per payment, on its absolute amount. */
    minFee: money.optional(),
    maxFee: money.optional(),
  })
  .strict()
  .refine((tier) => tier.monthsFrom === undefined || tier.monthsTo === undefined || tier.monthsFrom <= tier.monthsTo, { message: "feeSchedules.error.monthsOrder", path: ["monthsTo"] })
  .refine((tier) => tier.balanceFrom === undefined || tier.balanceTo === undefined || Number(tier.balanceFrom) < Number(tier.balanceTo), {
    message: "feeSchedules.error.balanceOrder",
    path: ["balanceTo"],
  })
  .refine((tier) => tier.minFee === undefined || tier.maxFee === undefined || Number(tier.minFee) <= Number(tier.maxFee), { message: "feeSchedules.error.minMax", path: ["maxFee"] });

export type FeeTier = z.infer<typeof feeTierSchema>;

export const feeTermsSchema = z.object({ tiers: z.array(feeTierSchema).min(1, "feeSchedules.error.noTier").max(40) });
export type FeeTerms = z.infer<typeof feeTermsSchema>;

export const flatFeeSchema = money;

/** A flat schedule: one tier, every payment at `rate`. */
export function flatTerms(rate: string): FeeTerms {
  return { tiers: [{ rate }] };
}

/** A short language-neutral description of a tier's conditions: "#2 DPD 90-179 · M0-5 · CARD · B5000-20000". */
export function describeTier(tier: FeeTier, index: number): string {
  const parts = [`#${index + 1}`];
  if (tier.dpdBuckets?.length) parts.push(`DPD ${tier.dpdBuckets.join("/")}`);
  if (tier.monthsFrom !== undefined || tier.monthsTo !== undefined) parts.push(`M${tier.monthsFrom ?? 0}-${tier.monthsTo ?? "∞"}`);
  if (tier.products?.length) parts.push(tier.products.join("/"));
  if (tier.balanceFrom !== undefined || tier.balanceTo !== undefined) parts.push(`B${tier.balanceFrom ?? 0}-${tier.balanceTo ?? "∞"}`);
  if (parts.length === 1) parts.push("*");
  return parts.join(" · ");
}

/** The first day a schedule counts from when it was there from the start (the migrated single rates). */
export const FROM_THE_START = "1970-01-01";
