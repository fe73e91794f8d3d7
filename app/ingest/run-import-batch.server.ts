import { once } from "node:events";
import { finished } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { getPrisma } from "~/db/client.server";
import type { ImportKind } from "~/generated/prisma/enums";
import { getSetting } from "~/settings/settings.server";
import { runBatchStages } from "./batch-stages.server";
import { copyField, copyLine } from "./copy-text";
import { IngestFileError, isIngestFileError } from "./file-error";
import { activitiesPlugin } from "./kinds/activities.server";
import { complaintsPlugin } from "./kinds/complaints.server";
import type { KindPlugin, MergeContext } from "./kinds/kind-plugin";
import { placementsPlugin } from "./kinds/placements.server";
import { getMappingProfile } from "./mapping-profiles.server";
import { applyMapping, validateHeader, type ResolvedMapping } from "./mapping";
import { openRows } from "./read-rows";
import { contentHash, createRowValidator, formatRowErrors, type RowContext, type TypedRow } from "./row-schemas";
import { countStaging, createStagingTable, stagingTable } from "./staging.server";
import { openStoredUpload } from "./uploads.server";

const plugins: { [Kind in ImportKind]: KindPlugin<Kind> } = { ACTIVITIES: activitiesPlugin, PLACEMENTS: placementsPlugin, COMPLAINTS: complaintsPlugin };

/** How often the batch's processedRows is written for progress bars (from a separate connection, so it is visible). */
const progressEveryRows = 10_000;
/** Row numbers fetched at a time when collecting the original rows of rows rejected by the database checks. */
const rawRowChunk = 5_000;

export type RunImportOutcome = "committed" | "failed" | "skipped";

/**
 * Imports one queued batch: streams the stored file through the parser and validator into a staging table with
 * COPY, runs the database checks, merges, and records accepted, duplicate and rejected rows and the summary in one
 * transaction. A crash at any point leaves none of the batch visible; running it again starts over.
 */
export async function runImportBatch(batchId: number): Promise<RunImportOutcome> {
  const prisma = getPrisma();
  const batch = await prisma.importBatch.findUnique({ where: { id: batchId }, include: { agency: true } });
  if (!batch || batch.status === "COMMITTED" || batch.status === "FAILED" || !batch.storedFilePath) return "skipped";

  const client = new pg.Client({ connectionString: process.env.DATABASE_URL, application_name: `import-batch-${batchId}` });
  await client.connect();
  try {
    // Held for the whole run on this session: a second worker skips the batch, and a batch left RUNNING whose lock is
    // free is known to be abandoned (its process died) and may be run again.
    const { rows: lock } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1, $2) AS locked", [importLockNamespace, batchId]);
    if (!lock[0]?.locked) return "skipped";
    await prisma.importBatch.update({ where: { id: batchId }, data: { status: "RUNNING", startedAt: new Date(), processedRows: 0, errorMessage: null } });

    const mapping = batch.mappingProfileId ? await getMappingProfile(batch.mappingProfileId) : null;
    const rowContext: RowContext = {
      timeZone: mapping?.profile.timeZone ?? batch.agency?.timeZone ?? (await getSetting("lender.timeZone")),
      defaultCurrency: await getSetting("imports.defaultCurrency"),
      dateFormat: mapping?.profile.dateFormat ?? null,
    };
    const mergeContext: MergeContext = { batchId, agencyId: batch.agencyId, agencyCode: batch.agency?.code ?? null };
    const plugin = plugins[batch.kind] as KindPlugin<ImportKind>;
    const openSource = () => openRows({ stream: openStoredUpload(batch.storedFilePath ?? ""), fileName: batch.fileName, kind: batch.kind });

    let accountIds: number[] = [];
    await client.query("BEGIN");
    try {
      await createStagingTable(client, plugin.typedColumns);
      await copyRowsIntoStaging(client, plugin, openSource, mapping?.profile ?? null, rowContext, batchId);
      await plugin.check(client, mergeContext);
      const counts = await countStaging(client);
      const strictFailure = batch.strict && counts.rejected > 0;
      if (!strictFailure) accountIds = await plugin.apply(client, mergeContext);
      await fillOriginalRows(client, openSource);
      await client.query(
        `INSERT INTO "ImportRowError" ("batchId", "rowNumber", "field", "message", "rawRow")
         SELECT $1::integer, row_number, error_field, error_message, COALESCE(raw_row, '{}'::jsonb) FROM ${stagingTable}
          WHERE error_message IS NOT NULL ORDER BY row_number`,
        [batchId],
      );
      await client.query(
        `UPDATE "ImportBatch" SET status = $2, "totalRows" = $3, "processedRows" = $3, "acceptedRows" = $4, "duplicateRows" = $5,
                "rejectedRows" = $6, "updatedRows" = $7, "errorMessage" = $8, "finishedAt" = now()
          WHERE id = $1`,
        [
          batchId,
          strictFailure ? "FAILED" : "COMMITTED",
          counts.total,
          strictFailure ? 0 : counts.toInsert,
          counts.duplicates,
          counts.rejected,
          strictFailure ? 0 : counts.updated,
          strictFailure ? `Strict import: ${counts.rejected} of ${counts.total} rows are invalid, so nothing was imported. Fix the rejected rows and send the file again.` : null,
        ],
      );
      await client.query("COMMIT");
      if (strictFailure) return "failed";
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    }
    await runBatchStages(batchId, accountIds);
    return "committed";
  } catch (error) {
    // A file-level problem is final and explained to the sender; anything else is recorded so the batch can be retried.
    const message = isIngestFileError(error) ? error.message : `The import stopped unexpectedly: ${error instanceof Error ? error.message : String(error)}`;
    await prisma.importBatch.update({ where: { id: batchId }, data: { status: "FAILED", errorMessage: message, finishedAt: new Date() } });
    if (!isIngestFileError(error)) console.error(`[import ${batchId}]`, error);
    return "failed";
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Advisory-lock namespace for import batches (any constant distinct from other uses of two-key locks). */
export const importLockNamespace = 4_242;

async function copyRowsIntoStaging(
  client: pg.Client,
  plugin: KindPlugin<ImportKind>,
  openSource: () => ReturnType<typeof openRows>,
  profile: Parameters<typeof validateHeader>[2],
  rowContext: RowContext,
  batchId: number,
): Promise<ResolvedMapping> {
  const source = await openSource();
  const header = validateHeader(source.headers, plugin.kind, profile);
  if (!header.ok) {
    await source.rows.return(undefined);
    throw new IngestFileError("INVALID_HEADER", header.errors.join(" "));
  }
  const validate = createRowValidator(plugin.kind, rowContext);
  const emptyTyped = plugin.copyColumns.map(() => "\\N");
  const copy = client.query(copyFrom(`COPY ${stagingTable} (row_number, error_field, error_message, raw_row, ${plugin.copyColumns.join(", ")}) FROM STDIN`));
  const copyDone = finished(copy);
  // A COPY error (a value PostgreSQL refuses) surfaces here rather than as an unhandled 'error' event.
  copyDone.catch(() => undefined);
  let processed = 0;
  let progress: Promise<unknown> = Promise.resolve();
  try {
    for await (const sourceRow of source.rows) {
      let line: string;
      if (sourceRow.error) {
        line = copyLine([String(sourceRow.rowNumber), "\\N", copyField(sourceRow.error), copyField(JSON.stringify(sourceRow.values)), ...emptyTyped]);
      } else {
        const validation = validate(applyMapping(sourceRow.values, header.mapping));
        if (validation.ok) {
          const row = validation.row as TypedRow;
          line = copyLine([String(sourceRow.rowNumber), "\\N", "\\N", "\\N", ...plugin.encode(row as never, contentHash(row))]);
        } else {
          line = copyLine([
            String(sourceRow.rowNumber),
            copyField(validation.errors[0]?.field ?? null),
            copyField(formatRowErrors(validation.errors)),
            copyField(JSON.stringify(sourceRow.values)),
            ...emptyTyped,
          ]);
        }
      }
      if (!copy.write(line)) await Promise.race([once(copy, "drain"), copyDone]);
      processed += 1;
      if (processed % progressEveryRows === 0) {
        const rows = processed;
        progress = progress.then(() => getPrisma().importBatch.update({ where: { id: batchId }, data: { processedRows: rows } })).catch(() => undefined);
      }
    }
  } catch (error) {
    copy.destroy(error instanceof Error ? error : new Error(String(error)));
    await copyDone.catch(() => undefined);
    throw error;
  }
  copy.end();
  await copyDone;
  await progress;
  return header.mapping;
}

/**
 * Rows rejected by the database checks were staged as typed values only; their original values (the agency's own
 * columns, for the rejects file) are collected by reading the file a second time, in row order, a chunk at a time.
 */
async function fillOriginalRows(client: pg.Client, openSource: () => ReturnType<typeof openRows>): Promise<void> {
  const { rows: missing } = await client.query<{ count: string }>(`SELECT count(*) FROM ${stagingTable} WHERE error_message IS NOT NULL AND raw_row IS NULL`);
  if (Number(missing[0]?.count ?? 0) === 0) return;
  await client.query(`DECLARE rejected_rows NO SCROLL CURSOR FOR SELECT row_number FROM ${stagingTable} WHERE error_message IS NOT NULL AND raw_row IS NULL ORDER BY row_number`);
  const source = await openSource();
  try {
    let current = await source.rows.next();
    while (true) {
      const { rows } = await client.query<{ row_number: number }>(`FETCH ${rawRowChunk} FROM rejected_rows`);
      if (rows.length === 0) break;
      const numbers: number[] = [];
      const originals: string[] = [];
      for (const { row_number: wanted } of rows) {
        while (!current.done && current.value.rowNumber < wanted) current = await source.rows.next();
        if (!current.done && current.value.rowNumber === wanted) {
          numbers.push(wanted);
          originals.push(JSON.stringify(current.value.values));
        }
      }
      await client.query(
        `UPDATE ${stagingTable} s SET raw_row = v.raw::jsonb FROM unnest($1::integer[], $2::text[]) AS v(row_number, raw) WHERE s.row_number = v.row_number`,
        [numbers, originals],
      );
    }
  } finally {
    await source.rows.return(undefined);
    await client.query("CLOSE rejected_rows");
  }
}
