// The Settings form of a fee schedule → FeeTerms: one row per tier (conditions as short texts), the zod issues as
// per-field message keys. Pure, so the page and its test share it.
import { dpdBuckets } from "~/metrics/dpd-buckets";
import { feeTermsSchema, flatFeeSchema, type FeeTerms, type FeeTier } from "./fee-terms";

export const TIER_ROWS = 8;
export const tierFields = ["dpd", "months", "product", "balance", "rate", "min", "max"] as const;
export type TierField = (typeof tierFields)[number];

export type FeeScheduleFormResult =
  | { ok: true; effectiveFrom: string; terms: FeeTerms; flatFeePerPlacement: string | null; note: string | null }
  | { ok: false; errors: Record<string, string> };

const list = (text: string) => text.split(/[,，、]/).map((part) => part.trim()).filter((part) => part !== "");

/** "0-5" → [0, 5]; "6-" → [6, undefined]; "" → nothing. */
function range(text: string): { from?: string; to?: string } | null {
  if (text === "") return {};
  const match = /^\s*(\d+(?:\.\d+)?)?\s*-\s*(\d+(?:\.\d+)?)?\s*$/.exec(text);
  if (!match || (match[1] === undefined && match[2] === undefined)) return null;
  return { ...(match[1] === undefined ? {} : { from: match[1] }), ...(match[2] === undefined ? {} : { to: match[2] }) };
}

export function parseFeeScheduleForm(form: Record<string, unknown>): FeeScheduleFormResult {
  const text = (name: string) => (typeof form[name] === "string" ? (form[name] as string).trim() : "");
  const errors: Record<string, string> = {};
  const effectiveFrom = text("effectiveFrom");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(effectiveFrom) || Number.isNaN(Date.parse(`${effectiveFrom}T00:00:00Z`))) errors.effectiveFrom = "feeSchedules.error.date";
  const flatFee = text("flatFee");
  if (flatFee !== "" && !flatFeeSchema.safeParse(flatFee).success) errors.flatFee = "feeSchedules.error.money";
  const tiers: FeeTier[] = [];
  const rowOfTier: number[] = [];
  for (let row = 0; row < TIER_ROWS; row += 1) {
    const value = (field: TierField) => text(`${field}_${row}`);
    if (tierFields.every((field) => value(field) === "")) continue;
    const tier: Record<string, unknown> = { rate: value("rate") };
    const buckets = list(value("dpd"));
    if (buckets.some((bucket) => !(dpdBuckets as readonly string[]).includes(bucket))) errors[`dpd_${row}`] = "feeSchedules.error.bucket";
    else if (buckets.length > 0) tier.dpdBuckets = buckets;
    const months = range(value("months"));
    if (months === null || [months.from, months.to].some((bound) => bound !== undefined && !/^\d+$/.test(bound))) errors[`months_${row}`] = "feeSchedules.error.range";
    else {
      if (months.from !== undefined) tier.monthsFrom = Number(months.from);
      if (months.to !== undefined) tier.monthsTo = Number(months.to);
    }
    const products = list(value("product"));
    if (products.length > 0) tier.products = products;
    const balance = range(value("balance"));
    if (balance === null) errors[`balance_${row}`] = "feeSchedules.error.range";
    else {
      if (balance.from !== undefined) tier.balanceFrom = balance.from;
      if (balance.to !== undefined) tier.balanceTo = balance.to;
    }
    if (value("min") !== "") tier.minFee = value("min");
    if (value("max") !== "") tier.maxFee = value("max");
    tiers.push(tier as FeeTier);
    rowOfTier.push(row);
  }
  const parsed = feeTermsSchema.safeParse({ tiers });
  if (!parsed.success) {
    const fieldOf: Record<string, TierField> = { rate: "rate", minFee: "min", maxFee: "max", monthsTo: "months", monthsFrom: "months", balanceFrom: "balance", balanceTo: "balance", dpdBuckets: "dpd", products: "product" };
    for (const issue of parsed.error.issues) {
      const [, index, field] = issue.path;
      const key = typeof index === "number" ? `${fieldOf[String(field)] ?? "rate"}_${rowOfTier[index]}` : "tiers";
      errors[key] ??= issue.message.startsWith("feeSchedules.") ? issue.message : field === "minFee" || field === "maxFee" || field === "balanceFrom" || field === "balanceTo" ? "feeSchedules.error.money" : "feeSchedules.error.rate";
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, effectiveFrom, terms: parsed.data, flatFeePerPlacement: flatFee === "" ? null : flatFee, note: text("note") || null };
}

/** A tier back as the form's texts (to start a new version from the one in force). */
export function tierAsFormRow(tier: FeeTier): Record<TierField, string> {
  const span = (from?: string | number, to?: string | number) => (from === undefined && to === undefined ? "" : `${from ?? 0}-${to ?? ""}`);
  return {
    dpd: tier.dpdBuckets?.join(", ") ?? "",
    months: span(tier.monthsFrom, tier.monthsTo),
    product: tier.products?.join(", ") ?? "",
    balance: span(tier.balanceFrom, tier.balanceTo),
    rate: tier.rate,
    min: tier.minFee ?? "",
    max: tier.maxFee ?? "",
  };
}
