// Autovacuum held off tables during a bulk load. A load of a million events leaves every partition of the events, the
// violations and the idempotency keys due for autovacuum at once, and its workers then take the CPU that the load's
// next steps (the rule run, the roll-ups) need, for work that can as well come right after them.
import { escapeIdentifier as quoted } from "pg";
import { z } from "zod";
import { tablesAreDistributed } from "./citus.server";
import { getPool } from "./pg.server";

/** The tables a load holds, recorded so that a load killed before it let go is undone at the next start. */
const HELD_KEY = "db.autovacuumHeld";
const heldSchema = z.object({ tables: z.array(z.string()) });

/**
 * Turns autovacuum off for `tables` (a partitioned parent stands for its partitions) until the returned function
 * runs, which turns it back on and analyses them. Tables with an autovacuum setting of their own are left alone, and
 * so is a Citus cluster (its workers vacuum their own shards).
 */
export async function holdAutovacuum(tables: readonly string[]): Promise<() => Promise<void>> {
  const pool = getPool();
  if (await tablesAreDistributed(pool)) return async () => undefined;
  const { rows } = await pool.query<{ name: string }>(
    `WITH named AS (SELECT unnest($1::text[])::regclass AS oid)
     SELECT c.relname AS name FROM pg_class c
      WHERE (c.oid IN (SELECT oid FROM named) OR c.oid IN (SELECT i.inhrelid FROM pg_inherits i WHERE i.inhparent IN (SELECT oid FROM named)))
        AND c.relkind = 'r' AND NOT EXISTS (SELECT 1 FROM unnest(coalesce(c.reloptions, '{}')) o WHERE o LIKE 'autovacuum_enabled=%')
      ORDER BY 1`,
    [tables.map((table) => quoted(table))],
  );
  const held = rows.map((row) => row.name);
  await pool.query(
    `INSERT INTO "Setting" (key, value, "updatedAt") VALUES ($1, $2::jsonb, now()) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, "updatedAt" = now()`,
    [HELD_KEY, JSON.stringify({ tables: held })],
  );
  for (const table of held) await pool.query(`ALTER TABLE ${quoted(table)} SET (autovacuum_enabled = false)`);
  return async () => {
    await releaseHeldAutovacuum();
    if (held.length > 0) await pool.query(`ANALYZE ${held.map((table) => quoted(table)).join(", ")}`);
  };
}

/** Turns autovacuum back on for the tables a load holds, or held when it was killed (every process start calls it). */
export async function releaseHeldAutovacuum(): Promise<void> {
  const pool = getPool();
  const { rows } = await pool.query<{ value: unknown }>(`SELECT value FROM "Setting" WHERE key = $1`, [HELD_KEY]);
  if (rows.length === 0) return;
  const parsed = heldSchema.safeParse(rows[0]!.value);
  for (const table of parsed.success ? parsed.data.tables : []) {
    // A month purged since has no table any more.
    const exists = await pool.query<{ found: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS found`, [quoted(table)]);
    if (exists.rows[0]?.found) await pool.query(`ALTER TABLE ${quoted(table)} RESET (autovacuum_enabled)`);
  }
  await pool.query(`DELETE FROM "Setting" WHERE key = $1`, [HELD_KEY]);
}
