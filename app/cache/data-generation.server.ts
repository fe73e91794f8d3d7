// The data generation (ADR 040): one counter in PostgreSQL that every write able to change a figure moves on, after
// its own commit. Cached figures (figure-cache.server.ts) are keyed by it, so every web process sees another's
// change the moment the counter moves, and nothing is ever invalidated by time.
import { getPool } from "~/db/pg.server";

/** What moved the generation on: kept on the row for whoever wonders why the figures were recomputed. */
export type DataChange = "import" | "rollups" | "rule-run" | "violation-review" | "finding" | "complaint" | "settings" | "demo" | "retention";

/**
 * Moves the generation on and forgets the figures of older generations. Call it AFTER the change has committed:
 * a reader that saw the new generation then also sees the new data; one that read the old generation may store
 * figures under it, which nobody reads again. Returns the new generation.
 */
export async function advanceDataGeneration(change: DataChange): Promise<string> {
  const pool = getPool();
  const { rows } = await pool.query<{ generation: string }>(
    `INSERT INTO "DataGeneration" (id, generation, "updatedAt", reason) VALUES (1, 1, now(), $1)
     ON CONFLICT (id) DO UPDATE SET generation = "DataGeneration".generation + 1, "updatedAt" = now(), reason = EXCLUDED.reason
     RETURNING generation::text AS generation`,
    [change],
  );
  const generation = rows[0]!.generation;
  await pool.query(`DELETE FROM "FigureCache" WHERE generation < $1::int8`, [generation]);
  return generation;
}

/** The current generation ("0" before the first write). */
export async function getDataGeneration(): Promise<string> {
  const { rows } = await getPool().query<{ generation: string }>(`SELECT generation::text AS generation FROM "DataGeneration" WHERE id = 1`);
  return rows[0]?.generation ?? "0";
}
