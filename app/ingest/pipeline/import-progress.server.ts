// An import's progress while it runs (ADR 049): rows and bytes read and invalid rows so far, written every 10,000 rows
// from a pool connection while the import's own transaction is open, read by the batch pages, the API and the CLI.
// A table of its own without foreign keys: on a Citus cluster "ImportBatch" is a reference table, and an update of it
// locks the shards of the reference tables it points at, which the import's transaction holds (its events point at
// the agency and the batch) until it commits — the progress write would wait for the import that awaits it. On a
// cluster "ImportProgress" stays a plain table on the coordinator (citus-layout.ts), outside that lock graph.
import { getPool } from "~/db/pg.server";

export type ImportProgressFigures = { processedRows: number; processedBytes: number; rejectedRows: number };

/** Records how far a running import has read (the latest figures replace the earlier ones). */
export async function recordImportProgress(batchId: number, figures: ImportProgressFigures): Promise<void> {
  await getPool().query(
    `INSERT INTO "ImportProgress" ("batchId", "processedRows", "processedBytes", "rejectedRows", "updatedAt") VALUES ($1, $2, $3, $4, now())
     ON CONFLICT ("batchId") DO UPDATE SET "processedRows" = EXCLUDED."processedRows", "processedBytes" = EXCLUDED."processedBytes",
       "rejectedRows" = EXCLUDED."rejectedRows", "updatedAt" = EXCLUDED."updatedAt"`,
    [batchId, figures.processedRows, figures.processedBytes, figures.rejectedRows],
  );
}

/** Forgets a batch's progress: when a run starts (a dead run's figures are not this one's) and when it has finished. */
export async function clearImportProgress(batchId: number): Promise<void> {
  await getPool().query(`DELETE FROM "ImportProgress" WHERE "batchId" = $1`, [batchId]);
}

/**
 * The progress of those of the batches that are running (zero until their first 10,000 rows); the pages show any
 * other batch's figures from the batch itself (the file's rows and size once finished, zero while queued).
 */
export async function readRunningProgress(batches: readonly { id: number; status: string }[]): Promise<Map<number, ImportProgressFigures>> {
  const running = batches.filter((batch) => batch.status === "RUNNING").map((batch) => batch.id);
  const progress = new Map<number, ImportProgressFigures>(running.map((id) => [id, { processedRows: 0, processedBytes: 0, rejectedRows: 0 }]));
  if (running.length === 0) return progress;
  const { rows } = await getPool().query<{ batchId: number; processedRows: number; processedBytes: string; rejectedRows: number }>(
    `SELECT "batchId", "processedRows", "processedBytes"::text AS "processedBytes", "rejectedRows" FROM "ImportProgress" WHERE "batchId" = ANY($1::int[])`,
    [running],
  );
  for (const row of rows) progress.set(row.batchId, { processedRows: row.processedRows, processedBytes: Number(row.processedBytes), rejectedRows: row.rejectedRows });
  return progress;
}
