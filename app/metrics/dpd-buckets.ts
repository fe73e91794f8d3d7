// The days-past-due buckets, defined once: the roll-ups' SQL CASE, the TypeScript classifier and the cases filter's
// day ranges are all derived from this table (dpd-buckets.test.ts and the dpd-buckets integration test hold them to
// it at every boundary). The labels are stored in the roll-up tables and appear in URLs: changing one needs a new
// ROLLUP_FORMAT (refresh-rollups.server.ts).

/** In order; each bucket runs from the previous one's `below` (0 for the first) to just under its own. */
export const DPD_BUCKET_TABLE = [
  { label: "0-89", below: 90 },
  { label: "90-179", below: 180 },
  { label: "180-359", below: 360 },
  { label: "360+", below: null },
] as const;

type Labels<T extends readonly { label: string }[]> = { readonly [K in keyof T]: T[K]["label"] };

/** The labels in order, as a tuple (zod enums and selects take it as it is). */
export const dpdBuckets = DPD_BUCKET_TABLE.map((bucket) => bucket.label) as unknown as Labels<typeof DPD_BUCKET_TABLE>;
export type DpdBucket = (typeof dpdBuckets)[number];

/** Days-past-due at placement → bucket; null (unknown) stays null. Below 0 counts as the first bucket. */
export function dpdBucketOf(daysPastDue: number | null): DpdBucket | null {
  if (daysPastDue === null) return null;
  return DPD_BUCKET_TABLE.find((bucket) => bucket.below === null || daysPastDue < bucket.below)!.label;
}

/** Days-past-due at placement → bucket label ("" when unknown), as SQL: the same boundaries as dpdBucketOf. */
export function dpdBucketSql(column: string): string {
  const bounded = DPD_BUCKET_TABLE.filter((bucket) => bucket.below !== null).map((bucket) => `WHEN ${column} < ${bucket.below} THEN '${bucket.label}'`);
  const open = DPD_BUCKET_TABLE.find((bucket) => bucket.below === null)!;
  return `CASE WHEN ${column} IS NULL THEN '' ${bounded.join(" ")} ELSE '${open.label}' END`;
}

/** Each bucket's inclusive day range (high null: no upper bound), for filtering placements by bucket. */
export const dpdRanges = Object.fromEntries(
  DPD_BUCKET_TABLE.map((bucket, index) => [bucket.label, [index === 0 ? 0 : DPD_BUCKET_TABLE[index - 1]!.below!, bucket.below === null ? null : bucket.below - 1]]),
) as Record<DpdBucket, [number, number | null]>;
