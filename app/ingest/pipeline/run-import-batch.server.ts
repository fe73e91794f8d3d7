import { once } from "node:events";
import { finished } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { getPrisma } from "~/db/client.server";
import { ensureMonthPartitions, partitionName } from "~/db/month-partitions.server";
import { importTimingEnabled } from "~/env.server";
import { lockForTransaction, locks, tryLockForSession, withDedicatedClient, withTransactionOn } from "~/db/pg.server";
import { withConflictRetries } from "~/db/transient-conflicts";
import type { ImportKind } from "~/generated/prisma/enums";
import { getSetting } from "~/settings/settings.server";
import { runBatchStages } from "./batch-stages.server";
import { cpuSeconds, describeCpu } from "./phase-cpu.server";
import { copyField, copyLine } from "./copy-text";
import { IngestFileError, isIngestFileError, storedFileError } from "../readers/file-error";
import {
  clearActivityStaging,
  createActivityStaging,
  importActivityChunk,
  newActivityTally,
  type ActivityTally,
} from "./kinds/activities.server";
import { acknowledgmentsPlugin } from "./kinds/acknowledgments.server";
import { agentsPlugin } from "./kinds/agents.server";
import { complaintsPlugin } from "./kinds/complaints.server";
import { cfpbComplaintsPlugin, countSetAside } from "./kinds/cfpb-complaints.server";
import { isImportLayout, openLayoutReader, type ImportLayout } from "./import-layouts.server";
import type { KindPlugin, MergeContext, StagedKind } from "./kinds/kind-plugin";
import { paymentsPlugin } from "./kinds/payments.server";
import { placementsPlugin } from "./kinds/placements.server";
import { getMappingProfile } from "./mapping-profiles.server";
import type { validateHeader } from "../rows/mapping";
import { openRows } from "../readers/read-rows";
import { encodeImportMessages, importMessage } from "../rows/import-message";
import { contentHash, type RowContext, type TypedRow } from "../rows/row-schemas";
import { countStaging, createStagingTable, stagingTable, type StagingCounts } from "./staging.server";
import { openStoredUpload, storedUploadPath } from "./uploads.server";
import { parseActivitiesInWorker, type ParseProgress } from "./parse-activities.server";
import { clearImportProgress, recordImportProgress } from "./import-progress.server";
import { mappedRowReader, readSourceRow, type ReadRow, type RowReader } from "./typed-rows";

const plugins: { [Kind in StagedKind]: KindPlugin<Kind> } = { PLACEMENTS: placementsPlugin, COMPLAINTS: complaintsPlugin, AGENTS: agentsPlugin, ACKNOWLEDGMENTS: acknowledgmentsPlugin, PAYMENTS: paymentsPlugin };

/**
 * How often the batch's progress is written for progress bars: from a separate connection, so that it is visible
 * while the import's transaction is open, into ImportProgress, a table no foreign key ties to what the import writes
 * (import-progress.server.ts: on a cluster an update of ImportBatch would wait for the import's commit).
 */
const progressEveryRows = 10_000;
/** Rows parsed between two turns of the event loop (about 5 ms of work). */
const yieldEveryRows = 100;
/** Rows read, validated and handed to the database at a time. */
const chunkRows = 20_000;
/** An activity file's first chunk: small, so that the database starts while the parser is still on the rest. */
const firstChunkRows = 2_000;
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
  const batch = await loadBatch(batchId);
  if (!batch || batch.status === "COMMITTED" || batch.status === "FAILED" || !batch.storedFilePath) return "skipped";
  const storedFilePath = batch.storedFilePath;

  return withDedicatedClient((client) => runLockedBatch(client, { ...batch, storedFilePath }, options), { applicationName: `import-batch-${batchId}` });
}

type QueuedBatch = NonNullable<Awaited<ReturnType<typeof loadBatch>>>;

function loadBatch(batchId: number) {
  return getPrisma().importBatch.findUnique({ where: { id: batchId }, include: { agency: true } });
}

async function runLockedBatch(client: pg.Client, batch: QueuedBatch & { storedFilePath: string }, options: { runStages?: boolean }): Promise<RunImportOutcome> {
  const prisma = getPrisma();
  const batchId = batch.id;
  try {
    // Held for the whole run on this session: a second worker skips the batch, and a batch left RUNNING whose lock is
    // free is known to be abandoned (its process died) and may be run again.
    if (!(await tryLockForSession(client, locks.importBatch(batchId)))) return "skipped";
    // Counted before any byte is read: if this process dies on the file, the next worker knows it was tried (ADR 012).
    // Claimed only while still waiting (or abandoned RUNNING) under the lock: the status read before the lock may be
    // stale, and a second job for the same batch, on any machine, must not import a committed batch again.
    const claimed = await prisma.importBatch.updateMany({
      where: { id: batchId, status: { in: ["QUEUED", "RUNNING"] } },
      data: { status: "RUNNING", startedAt: new Date(), processedRows: 0, processedBytes: 0n, rejectedRows: 0, errorMessage: null, attempts: { increment: 1 } },
    });
    if (claimed.count === 0) return "skipped";
    // A dead run's figures are not this run's.
    await clearImportProgress(batchId);

    const mapping = batch.mappingProfileId ? await getMappingProfile(batch.mappingProfileId) : null;
    const rowContext: RowContext = {
      timeZone: mapping?.profile.timeZone ?? batch.agency?.timeZone ?? (await getSetting("lender.timeZone")),
      defaultCurrency: await getSetting("imports.defaultCurrency"),
      dateFormat: mapping?.profile.dateFormat ?? null,
    };
    const layout = isImportLayout(batch.layout) ? batch.layout : null;
    const baseContext = { batchId, agencyId: batch.agencyId, agencyCode: batch.agency?.code ?? null, timeZone: await getSetting("lender.timeZone") };
    const openSource = (bytesRead?: { count: number }) => {
      const stream = openStoredUpload(batch.storedFilePath);
      if (bytesRead) stream.on("data", (chunk: Buffer | string) => (bytesRead.count += chunk.length));
      return openRows({ stream, fileName: batch.fileName, kind: batch.kind });
    };

    let accountIds: number[] = [];
    let grownMonths: string[] = [];
    let eventMonths: string[] = [];
    const timing = phaseTimer(batchId, importTimingEnabled() ? await backendPid(client) : null);
    // A staging table of a large file is hundreds of megabytes: kept in memory it is not written to disk twice.
    await client.query("SET temp_buffers = '512MB'");
    // The batch is one transaction: a deadlock victim (on a cluster, two imports writing reference tables, ADR 049)
    // left nothing behind, and runs again from the file's first row, under the same claim and session lock, after a
    // pause of random length so that the two do not meet at the same point again.
    const strictFailure = await withConflictRetries(() => withTransactionOn(client, async () => {
      if (batch.agencyId !== null) await lockForTransaction(client, locks.importAgency(batch.agencyId));
      await client.query("SET LOCAL work_mem = '256MB'");
      const read = { openSource, profile: mapping?.profile ?? null, rowContext, batchId, kind: batch.kind, layout };
      let counts: StagingCounts;
      let setAside = { skipped: 0, otherCompany: 0 };
      if (batch.kind === "ACTIVITIES") {
        if (batch.agencyId === null) throw new Error(`activity batch ${batchId} has no agency`);
        const file = { filePath: storedUploadPath(batch.storedFilePath), fileName: batch.fileName };
        const activities = await importActivities(client, read, file, { batchId, agencyId: batch.agencyId, agencyCode: batch.agency?.code ?? "", strict: batch.strict, timing });
        counts = { total: activities.total, rejected: activities.rejected, duplicates: activities.duplicates, updated: 0, toInsert: activities.accepted };
        accountIds = [...activities.accounts];
        eventMonths = [...activities.months];
        grownMonths = activities.analyzeBeforeNextChunk ? eventMonths : [];
      } else {
        const plugin = layout === "cfpb" ? cfpbComplaintsPlugin : (plugins[batch.kind] as KindPlugin<StagedKind>);
        const staged = await importStaged(client, read, plugin as KindPlugin<StagedKind>, { ...baseContext, strict: batch.strict, timing });
        counts = staged.counts;
        if (layout !== null) setAside = await countSetAside(client);
        accountIds = staged.accountIds;
      }
      const strictFailure = batch.strict && counts.rejected > 0;
      await client.query(
        `UPDATE "ImportBatch" SET status = $2, "totalRows" = $3, "processedRows" = $3, "processedBytes" = "fileSize", "acceptedRows" = $4, "duplicateRows" = $5,
                "rejectedRows" = $6, "updatedRows" = $7, "errorMessage" = $8, "skippedRows" = $9, "otherCompanyRows" = $10, "finishedAt" = now()
          WHERE id = $1`,
        [
          batchId,
          strictFailure ? "FAILED" : "COMMITTED",
          counts.total,
          strictFailure ? 0 : counts.toInsert,
          counts.duplicates,
          counts.rejected,
          strictFailure ? 0 : counts.updated,
          strictFailure ? encodeImportMessages([importMessage("importFile.strictRejected", { rejected: counts.rejected, total: counts.total })]) : null,
          setAside.skipped,
          setAside.otherCompany,
        ],
      );
      return strictFailure;
    }), {
      onRetry: async (error) => {
        console.warn(`[import ${batchId}] run again after a ${(error as { code?: string }).code === "40P01" ? "deadlock" : "serialization failure"}: ${(error as Error).message}`);
        await clearImportProgress(batchId);
      },
      pause: (attempt) => new Promise((resolve) => setTimeout(resolve, attempt * (500 + Math.random() * 1500))),
    });
    timing("summary and commit");
    // Finished: the pages read the batch's own figures now. Never a reason to fail a committed batch.
    await clearImportProgress(batchId).catch(() => undefined);
    if (strictFailure) return "failed";
    // Months whose partitions could not be made before the rows were written (ADR 041): made now, rows moved out of
    // DEFAULT. Usually every month exists already and this is one catalog read.
    // The batch has committed whatever happens here: a failure leaves the rows in DEFAULT for the daily job to move.
    let partitionedMonths = eventMonths;
    try {
      const madeLate = await ensureMonthPartitions(eventMonths);
      if (madeLate.created.length > 0) timing("create month partitions after the commit");
    } catch (error) {
      console.warn(`[import ${batchId}] months ${eventMonths.join(", ")} keep rows in DEFAULT until the next retention run: ${(error as Error).message}`);
      partitionedMonths = [];
    }
    // The benchmark times the import alone; everything else always runs the stages.
    if (options.runStages !== false) {
      // The stages read the batch's events at once: the statistics should count them (the import analysed only
      // before a chunk that needed it). A caller deferring the stages (the demo load) analyses once before its own pass.
      // Only the months' partitions the batch wrote to (ADR 041): the whole partitioned table would sample every month.
      const analysed = grownMonths.filter((month) => partitionedMonths.includes(month));
      if (analysed.length > 0) await client.query(`ANALYZE ${analysed.map((month) => `"${partitionName("ActivityEvent", month)}"`).join(", ")}`);
      await runBatchStages(batchId, accountIds);
    }
    return "committed";
  } catch (error) {
    // A file-level problem is final and explained to the sender; anything else is recorded so the batch can be retried.
    const message = isIngestFileError(error)
      ? storedFileError(error, batch.fileName)
      : encodeImportMessages([importMessage("importFile.stoppedUnexpectedly", { detail: error instanceof Error ? error.message : String(error) })]);
    await prisma.importBatch.update({ where: { id: batchId }, data: { status: "FAILED", errorMessage: message, finishedAt: new Date() } });
    await clearImportProgress(batchId).catch(() => undefined);
    if (!isIngestFileError(error)) console.error(`[import ${batchId}]`, error);
    return "failed";
  }
}

/**
 * With OVERSIGHT_IMPORT_TIMING set, logs how long each phase of an import took and the CPU time behind it (this
 * process's threads and the database backend's): for tuning, off by default.
 */
function phaseTimer(batchId: number, backend: number | null): (phase: string) => void {
  let last = performance.now();
  let lastCpu = backend === null ? null : cpuSeconds(backend);
  return (phase) => {
    const now = performance.now();
    if (importTimingEnabled()) {
      const cpu = cpuSeconds(backend);
      const memory = process.memoryUsage();
      const megabytes = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;
      console.error(
        `[import ${batchId}] ${phase}: ${((now - last) / 1000).toFixed(2)} s (${describeCpu(lastCpu ?? cpu, cpu)}; rss ${megabytes(memory.rss)}, heap ${megabytes(memory.heapUsed)} of ${megabytes(memory.heapTotal)}, buffers ${megabytes(memory.arrayBuffers)})`,
      );
      lastCpu = cpu;
    }
    last = now;
  };
}

async function backendPid(client: pg.Client): Promise<number | null> {
  const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
  return rows[0]?.pid ?? null;
}


type OpenSource = (bytesRead?: { count: number }) => ReturnType<typeof openRows>;
type ReadOptions = { openSource: OpenSource; profile: Parameters<typeof validateHeader>[2]; rowContext: RowContext; batchId: number; kind: ImportKind; layout?: ImportLayout | null };

/**
 * Reads, maps and validates the file, yielding a chunk of rows at a time, each turned into what the consumer needs by
 * `toItem` (so that work runs here too). Consumed through prefetch(), it runs ahead by one chunk, so that JavaScript
 * parses the next chunk while PostgreSQL checks and writes this one.
 */
async function* readChunks<Item>(options: ReadOptions, toItem: (row: ReadRow) => Item, reportProgress: boolean): AsyncGenerator<Item[]> {
  const bytesRead = { count: 0 };
  const source = await options.openSource(bytesRead);
  const readRow = await rowReader(source.headers, options).catch(async (error: unknown) => {
    await source.rows.return(undefined);
    throw error;
  });
  let items: Item[] = [];
  let processed = 0;
  let invalid = 0;
  let progress: Promise<unknown> = Promise.resolve();
  for await (const sourceRow of source.rows) {
    const read = readSourceRow(sourceRow, readRow);
    if (!read.row) invalid += 1;
    items.push(toItem(read));
    processed += 1;
    // Parsing runs on the same thread as the database conversation it overlaps; its rows arrive as already-resolved
    // promises, so without a pause it would hold the event loop for hundreds of rows at a time, and every COPY write
    // and query answer of the previous chunk would wait for it.
    if (processed % yieldEveryRows === 0) await new Promise((resolve) => setImmediate(resolve));
    if (reportProgress && processed % progressEveryRows === 0) {
      // Rows the database checks reject are only known at commit; until then "rejected" counts invalid rows.
      const figures = { processedRows: processed, processedBytes: bytesRead.count, rejectedRows: invalid };
      progress = progress.then(() => recordImportProgress(options.batchId, figures)).catch(() => undefined);
    }
    if (items.length === chunkRows) {
      yield items;
      items = [];
    }
  }
  if (items.length > 0) yield items;
  await progress;
}

/** The file's header checked, and a function from each row's values to a typed row or its reasons. */
async function rowReader(headers: readonly string[], options: ReadOptions): Promise<RowReader> {
  if (options.layout) {
    const reader = await openLayoutReader(options.layout, headers);
    if (!reader.ok) throw new IngestFileError("INVALID_HEADER", reader.errors);
    return (rowNumber, values) => {
      const read = reader.read(values);
      if (!read.ok) return { rowNumber, values, field: read.field, message: read.message };
      const row = read.staged as TypedRow;
      return { rowNumber, values, row, contentHash: contentHash(row) };
    };
  }
  return mappedRowReader(headers, options.kind, options.profile, options.rowContext);
}

/**
 * Activities: each chunk is checked and written while the next one is parsed (kinds/activities.server.ts). A strict
 * import is checked whole first, writing nothing but the reasons; only a file with no rejected row is then read
 * again and written, so a strict failure never has to undo events.
 */
async function importActivities(
  client: pg.Client,
  read: ReadOptions,
  file: { filePath: string; fileName: string },
  context: { batchId: number; agencyId: number; agencyCode: string; strict: boolean; timing: (phase: string) => void },
): Promise<ActivityTally> {
  await createActivityStaging(client);
  const pass = async (write: boolean, reportProgress: boolean): Promise<ActivityTally> => {
    const tally = newActivityTally();
    let chunkNumber = 0;
    let progress: Promise<unknown> = Promise.resolve();
    const onProgress = (figures: ParseProgress) => {
      if (!reportProgress) return;
      // Rows the database checks reject are only known at commit; until then "rejected" counts invalid rows.
      progress = progress.then(() => recordImportProgress(context.batchId, figures)).catch(() => undefined);
    };
    const request = { ...file, profile: read.profile, rowContext: read.rowContext, batchId: context.batchId, chunkRows, firstChunkRows, progressEveryRows };
    for await (const items of parseActivitiesInWorker(request, onProgress)) {
      chunkNumber += 1;
      context.timing(`parse chunk ${chunkNumber} (waited for)`);
      await importActivityChunk(client, items, { ...context, write, timing: (phase) => context.timing(`chunk ${chunkNumber}: ${phase}`) }, tally);
    }
    await progress;
    await fillActivityOriginals(client, read.openSource, context.batchId, tally.rowsWithoutOriginals);
    context.timing("original values of rows the database checks rejected");
    return tally;
  };
  if (!context.strict) return pass(true, true);
  const checked = await pass(false, true);
  if (checked.rejected > 0) return checked;
  await clearActivityStaging(client);
  return pass(true, false);
}

/**
 * Placements, complaints and rosters: the whole file is staged with COPY, then checked and merged with set-based SQL, and the
 * reasons for rejected rows are written with the rows as the sender wrote them.
 */
async function importStaged(
  client: pg.Client,
  read: ReadOptions,
  plugin: KindPlugin<StagedKind>,
  context: MergeContext & { strict: boolean; timing: (phase: string) => void },
): Promise<{ counts: StagingCounts; accountIds: number[] }> {
  await createStagingTable(client, plugin.typedColumns);
  const emptyTyped = plugin.copyColumns.map(() => "\\N");
  let chunkNumber = 0;
  const toLine = (row: ReadRow): string => {
    const prefix = `${chunkNumber}\t${row.rowNumber}\t`;
    if (row.row) return prefix + copyLine(["\\N", "\\N", "\\N", ...plugin.encode(row.row as never, row.contentHash)]);
    return prefix + copyLine([copyField(row.field), copyField(row.message), copyField(JSON.stringify(row.values)), ...emptyTyped]);
  };
  for await (const lines of prefetch(readChunks(read, (row) => row, true))) {
    chunkNumber += 1;
    context.timing(`parse chunk ${chunkNumber} (waited for)`);
    await copyLines(client, `COPY ${stagingTable} (chunk, row_number, error_field, error_message, raw_row, ${plugin.copyColumns.join(", ")}) FROM STDIN`, lines.map(toLine));
    context.timing(`stage chunk ${chunkNumber}`);
  }
  // Temporary tables are never analysed automatically, and a plan made for an empty table is ruinous for a big one.
  await client.query(`ANALYZE ${stagingTable}`);
  await plugin.check(client, context);
  const counts = await countStaging(client);
  const accountIds = context.strict && counts.rejected > 0 ? [] : await plugin.apply(client, context);
  context.timing("check and merge");
  await fillOriginalRows(client, read.openSource);
  await client.query(
    `INSERT INTO "ImportRowError" ("batchId", "rowNumber", "field", "message", "rawRow")
     SELECT $1::integer, row_number, error_field, error_message, COALESCE(raw_row, '{}'::jsonb) FROM ${stagingTable}
      WHERE error_message IS NOT NULL ORDER BY row_number`,
    [context.batchId],
  );
  context.timing("row errors");
  return { counts, accountIds };
}

async function copyLines(client: pg.Client, statement: string, lines: readonly string[]): Promise<void> {
  const copy = client.query(copyFrom(statement));
  const done = finished(copy);
  // A value PostgreSQL refuses surfaces through `done`, not as an unhandled 'error' event.
  done.catch(() => undefined);
  // Lines are gathered into large strings: one write per line cost more than the parsing itself.
  let pending = "";
  for (const line of lines) {
    pending += line;
    if (pending.length >= copyWriteBytes) {
      if (!copy.write(pending)) await Promise.race([once(copy, "drain"), done]);
      pending = "";
    }
  }
  if (pending.length > 0) copy.write(pending);
  copy.end();
  await done;
}

/** Writes the sender's values of rows the database checks rejected, reading the file again (only when there are some). */
async function fillActivityOriginals(client: pg.Client, openSource: OpenSource, batchId: number, rowNumbers: readonly number[]): Promise<void> {
  if (rowNumbers.length === 0) return;
  const update = (numbers: number[], originals: string[]) =>
    client.query(
      `UPDATE "ImportRowError" e SET "rawRow" = v.raw::jsonb FROM unnest($2::integer[], $3::text[]) AS v(row_number, raw) WHERE e."batchId" = $1 AND e."rowNumber" = v.row_number`,
      [batchId, numbers, originals],
    );
  const source = await openSource();
  let next = 0;
  let numbers: number[] = [];
  let originals: string[] = [];
  try {
    for await (const row of source.rows) {
      if (row.rowNumber !== rowNumbers[next]) continue;
      numbers.push(row.rowNumber);
      originals.push(JSON.stringify(row.values));
      next += 1;
      if (numbers.length === rawRowChunk || next === rowNumbers.length) {
        await update(numbers, originals);
        numbers = [];
        originals = [];
      }
      if (next === rowNumbers.length) break;
    }
  } finally {
    await source.rows.return(undefined);
  }
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
