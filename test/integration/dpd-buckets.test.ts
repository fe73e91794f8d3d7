import { describe, expect, test } from "vitest";
import { DPD_BUCKET_TABLE, dpdBucketOf, dpdBucketSql } from "~/metrics/dpd-buckets";
import { getPool } from "~/db/pg.server";

// The roll-ups classify placements with dpdBucketSql in PostgreSQL, the reference figures and filters with
// dpdBucketOf in TypeScript: both from one table, and here held to the same answer at every boundary.
const values: (number | null)[] = [null, -1, 0, ...DPD_BUCKET_TABLE.flatMap((bucket) => (bucket.below === null ? [] : [bucket.below - 1, bucket.below])), 100_000];

describe("days-past-due buckets in SQL and in TypeScript", () => {
  test("agree at every boundary of the table", async () => {
    const result = await getPool().query<{ days: number | null; bucket: string }>(
      `SELECT days, ${dpdBucketSql("days")} AS bucket FROM unnest($1::int[]) WITH ORDINALITY AS v(days, position) ORDER BY position`,
      [values],
    );
    expect(result.rows.map((row) => row.days)).toEqual(values);
    for (const row of result.rows) expect(row.bucket, `${row.days} days`).toBe(dpdBucketOf(row.days) ?? "");
  });
});
