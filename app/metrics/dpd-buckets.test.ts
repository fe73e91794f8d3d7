import { describe, expect, test } from "vitest";
import { DPD_BUCKET_TABLE, dpdBucketOf, dpdBucketSql, dpdBuckets, dpdRanges } from "./dpd-buckets";

// Each boundary of the table, the value just below it and the value at it, plus the ends: where the SQL CASE, the
// TypeScript classifier and the cases filter's ranges must put a placement (test/integration/dpd-buckets.test.ts
// runs the same values through PostgreSQL).
const boundaryCases: [number | null, string | null][] = [
  [null, null],
  [-1, "0-89"],
  [0, "0-89"],
  [89, "0-89"],
  [90, "90-179"],
  [179, "90-179"],
  [180, "180-359"],
  [359, "180-359"],
  [360, "360+"],
  [100_000, "360+"],
];

describe("days-past-due buckets", () => {
  test("every boundary of the table is among the cases", () => {
    for (const bucket of DPD_BUCKET_TABLE) {
      if (bucket.below === null) continue;
      expect(boundaryCases.map(([days]) => days)).toEqual(expect.arrayContaining([bucket.below - 1, bucket.below]));
    }
    expect(dpdBuckets).toEqual(["0-89", "90-179", "180-359", "360+"]);
  });

  test.each(boundaryCases)("%s days → %s", (days, bucket) => {
    expect(dpdBucketOf(days)).toBe(bucket);
  });

  test.each(boundaryCases.filter(([days]) => days !== null && days >= 0))("%s days lie in the range of %s only", (days, bucket) => {
    const containing = Object.entries(dpdRanges).filter(([, [low, high]]) => days! >= low && (high === null || days! <= high));
    expect(containing.map(([label]) => label)).toEqual([bucket]);
  });

  test("each label names its range", () => {
    for (const [label, [low, high]] of Object.entries(dpdRanges)) expect(label).toBe(high === null ? `${low}+` : `${low}-${high}`);
  });

  test("the SQL is one CASE with the table's boundaries, unknown as ''", () => {
    expect(dpdBucketSql('p."dpdAtPlacement"')).toBe(
      `CASE WHEN p."dpdAtPlacement" IS NULL THEN '' WHEN p."dpdAtPlacement" < 90 THEN '0-89' WHEN p."dpdAtPlacement" < 180 THEN '90-179' WHEN p."dpdAtPlacement" < 360 THEN '180-359' ELSE '360+' END`,
    );
  });
});
