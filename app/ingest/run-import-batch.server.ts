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
import { touchedAccounts } from "./kinds/activities.server";
import type { KindPlugin } from "./kinds/kind-plugin";
import { placementsPlugin } from "./kinds/placements.server";
import { getMappingProfile } from "./mapping-profiles.server";
import { applyMapping, validateHeader } from "./mapping";
import { openRows } from "./read-rows";
import { contentHash, createRowValidator, formatRowErrors, type RowContext, type TypedRow } from "./row-schemas";
import { countStaging, createStagingTable, stagingTable } from "./staging.server";
import { openStoredUpload } from "./uploads.server";

const plugins: { [Kind in ImportKind]: KindPlugin<Kind> } = { ACTIVITIES: activitiesPlugin, PLACEMENTS: placementsPlugin, COMPLAINTS: complaintsPlugin };

/** How often the batch's processedRows is written for progress bars (from a separate connection, so it is visible). */
const progressEveryRows = 10_000;
/** Rows staged, checked and merged at a time (kinds that are chunked); about 15 MB of COPY text. */
const chunkRows = 50_000;
/** Characters of COPY text gathered before each write to the connection. */
const copyWriteBytes = 256 * 1024;
/** Row numbers fetched at a time when collecting the original rows of rows rejected by the database checks. */
const rawRowChunk = 5_000;

export type RunImportOutcome = "committed" | "failed" | "skipped";

/**
 * Imports one queued batch: streams the stored file through the parser and validator into a staging table with
 * COPY, runs the database checks, merges, and records accepted, duplicate and rejected rows and the summary in one
 * transaction. A crash at any point leaves none of the batch visible; running it again starts over.
 */
export async function runImportBatch(batchId: number, options: { runStages?: boolean } = {}): Promise<RunImportOutcome> {
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
    await prisma.importBatch.update({ where: { id: batchId }, data: { status: "RUNNING", startedAt: new Date(), processedRows: 0, processedBytes: 0n, rejectedRows: 0, errorMessage: null } });

    const mapping = batch.mappingProfileId ? await getMappingProfile(batch.mappingProfileId) : null;
    const rowContext: RowContext = {
      timeZone: mapping?.profile.timeZone ?? batch.agency?.timeZone ?? (await getSetting("lender.timeZone")),
      defaultCurrency: await getSetting("imports.defaultCurrency"),
      dateFormat: mapping?.profile.dateFormat ?? null,
    };
    const baseContext = { batchId, agencyId: batch.agencyId, agencyCode: batch.agency?.code ?? null };
    const plugin = plugins[batch.kind] as KindPlugin<ImportKind>;
    const openSource = (bytesRead?: { count: number }) => {
      const stream = openStoredUpload(batch.storedFilePath ?? "");
      if (bytesRead) stream.on("data", (chunk: Buffer | string) => (bytesRead.count += chunk.length));
      return openRows({ stream, fileName: batch.fileName, kind: batch.kind });
    };

    let accountIds: number[] = [];
    const timing = phaseTimer(batchId);
    // The staging table of a large file is hundreds of megabytes: kept in memory it is not written to disk twice.
    await client.query("SET temp_buffers = '512MB'");
    await client.query("BEGIN");
    try {
      await client.query("SET LOCAL work_mem = '256MB'");
      await createStagingTable(client, plugin.typedColumns, plugin.indexedColumns);
      const chunks = prefetch(encodeChunks(plugin, openSource, mapping?.profile ?? null, rowContext, batchId));
      for await (const chunk of chunks) {
        timing(`parse chunk ${chunk.number} (waited for)`);
        await copyChunk(client, plugin, chunk);
        // Statistics must follow the tables as they grow inside this one transaction (autovacuum cannot see them, and
        // temporary tables are never analysed): with a million rows, a plan made for an empty events table turned the
        // duplicate check into minutes of nested sequential scans.
        await client.query(`ANALYZE ${stagingTable}`);
        timing(`stage chunk ${chunk.number}`);
        if (plugin.chunked) {
          const chunkContext = { ...baseContext, rows: `s.chunk = ${chunk.number}` };
          await plugin.check(client, chunkContext);
          timing(`check chunk ${chunk.number}`);
          if (!batch.strict) {
            await plugin.apply(client, chunkContext);
            await client.query(`ANALYZE "ActivityEvent"`);
          }
          timing(`merge chunk ${chunk.number}`);
        }
      }
      timing("read, validate, stage, check and merge chunks");
      const allRows = { ...baseContext, rows: "TRUE" };
      if (!plugin.chunked) await plugin.check(client, allRows);
      const counts = await countStaging(client);
      const strictFailure = batch.strict && counts.rejected > 0;
      if (!strictFailure) {
        // Chunked kinds were merged chunk by chunk, except in strict mode, where nothing is merged before the end.
        const applied = !plugin.chunked || batch.strict ? await plugin.apply(client, allRows) : [];
        accountIds = plugin.chunked ? await touchedAccounts(client) : applied;
      }
      timing("final checks and merge");
      await fillOriginalRows(client, openSource);
      await client.query(
        `INSERT INTO "ImportRowError" ("batchId", "rowNumber", "field", "message", "rawRow")
         SELECT $1::integer, row_number, error_field, error_message, COALESCE(raw_row, '{}'::jsonb) FROM ${stagingTable}
          WHERE error_message IS NOT NULL ORDER BY row_number`,
        [batchId],
      );
      await client.query(
        `UPDATE "ImportBatch" SET status = $2, "totalRows" = $3, "processedRows" = $3, "processedBytes" = "fileSize", "acceptedRows" = $4, "duplicateRows" = $5,
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
      timing("row errors, summary and commit");
      if (strictFailure) return "failed";
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    }
    // The benchmark times the import alone; everything else always runs the stages.
    if (options.runStages !== false) await runBatchStages(batchId, accountIds);
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

/** With OVERSIGHT_IMPORT_TIMING set, logs how long each phase of an import took (for tuning, off by default). */
function phaseTimer(batchId: number): (phase: string) => void {
  let last = performance.now();
  return (phase) => {
    const now = performance.now();
    if (process.env.OVERSIGHT_IMPORT_TIMING) console.error(`[import ${batchId}] ${phase}: ${((now - last) / 1000).toFixed(2)} s`);
    last = now;
  };
}

/** Advisory-lock namespace for import batches (any constant distinct from other uses of two-key locks). */
export const importLockNamespace = 4_242;

type EncodedChunk = { number: number; texts: string[] };

/**
 * Reads, maps and validates the file, yielding COPY text a chunk of rows at a time. Consumed through prefetch(), it
 * runs ahead by one chunk, so that JavaScript parses the next chunk while PostgreSQL stages and merges this one.
 */
async function* encodeChunks(
  plugin: KindPlugin<ImportKind>,
  openSource: (bytesRead?: { count: number }) => ReturnType<typeof openRows>,
  profile: Parameters<typeof validateHeader>[2],
  rowContext: RowContext,
  batchId: number,
): AsyncGenerator<EncodedChunk> {
  const bytesRead = { count: 0 };
  const source = await openSource(bytesRead);
  const header = validateHeader(source.headers, plugin.kind, profile);
  if (!header.ok) {
    await source.rows.return(undefined);
    throw new IngestFileError("INVALID_HEADER", header.errors.join(" "));
  }
  const validate = createRowValidator(plugin.kind, rowContext);
  const emptyTyped = plugin.copyColumns.map(() => "\\N");
  let chunkNumber = 1;
  let texts: string[] = [];
  let pending = "";
  let rowsInChunk = 0;
  let processed = 0;
  let invalid = 0;
  let progress: Promise<unknown> = Promise.resolve();
  for await (const sourceRow of source.rows) {
    const prefix = `${chunkNumber}\t${sourceRow.rowNumber}\t`;
    let line: string;
    if (sourceRow.error) {
      invalid += 1;
      line = prefix + copyLine(["\\N", copyField(sourceRow.error), copyField(JSON.stringify(sourceRow.values)), ...emptyTyped]);
    } else {
      const validation = validate(applyMapping(sourceRow.values, header.mapping));
      if (validation.ok) {
        const row = validation.row as TypedRow;
        line = prefix + copyLine(["\\N", "\\N", "\\N", ...plugin.encode(row as never, contentHash(row))]);
      } else {
        invalid += 1;
        line = prefix + copyLine([copyField(validation.errors[0]?.field ?? null), copyField(formatRowErrors(validation.errors)), copyField(JSON.stringify(sourceRow.values)), ...emptyTyped]);
      }
    }
    // Lines are gathered into large strings: one write per line cost more than the parsing itself.
    pending += line;
    if (pending.length >= copyWriteBytes) {
      texts.push(pending);
      pending = "";
    }
    rowsInChunk += 1;
    processed += 1;
    if (processed % progressEveryRows === 0) {
      // Rows the database checks reject are only known at commit; until then "rejected" counts invalid rows.
      const data = { processedRows: processed, processedBytes: BigInt(bytesRead.count), rejectedRows: invalid };
      progress = progress.then(() => getPrisma().importBatch.update({ where: { id: batchId }, data })).catch(() => undefined);
    }
    if (rowsInChunk === chunkRows) {
      texts.push(pending);
      yield { number: chunkNumber, texts };
      chunkNumber += 1;
      texts = [];
      pending = "";
      rowsInChunk = 0;
    }
  }
  texts.push(pending);
  if (rowsInChunk > 0) yield { number: chunkNumber, texts };
  await progress;
}

async function copyChunk(client: pg.Client, plugin: KindPlugin<ImportKind>, chunk: EncodedChunk): Promise<void> {
  const copy = client.query(copyFrom(`COPY ${stagingTable} (chunk, row_number, error_field, error_message, raw_row, ${plugin.copyColumns.join(", ")}) FROM STDIN`));
  const done = finished(copy);
  // A value PostgreSQL refuses surfaces through `done`, not as an unhandled 'error' event.
  done.catch(() => undefined);
  for (const text of chunk.texts) {
    if (text.length > 0 && !copy.write(text)) await Promise.race([once(copy, "drain"), done]);
  }
  copy.end();
  await done;
}

/** Pulls the next item of a generator while the consumer works on the current one. */
async function* prefetch<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  let next = source.next();
  // Marked handled here; the rejection is still delivered when the promise is awaited below.
  next.catch(() => undefined);
  try {
    while (true) {
      const result = await next;
      if (result.done) return;
      next = source.next();
      next.catch(() => undefined);
      yield result.value;
    }
  } finally {
    await next.catch(() => undefined);
    await source.return(undefined as never);
  }
}

/**
 * Rows rejected by the database checks were staged as typed values only; their original values (the agency's own
 * columns, for the rejects file) are collected by reading the file a second time, in row order, a chunk at a time.
 */
async function fillOriginalRows(client: pg.Client, openSource: (bytesRead?: { count: number }) => ReturnType<typeof openRows>): Promise<void> {
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
