import { Readable } from "node:stream";
import { getPrisma } from "~/db/client.server";
import { isLockHeld, locks, tryLockForSession, withDedicatedClient } from "~/db/pg.server";
import { enqueueImportBatch, startImportWorker } from "~/jobs/queue.server";
import type { ImportKind, Role } from "~/generated/prisma/enums";
import type { Locale } from "~/i18n/locales";
import { translate } from "~/i18n/translate";
import { runBatchStages } from "./batch-stages.server";
import { validateHeader } from "../rows/mapping";
import { getMappingProfile } from "./mapping-profiles.server";
import { describeMemoryFailure } from "./describe-memory-failure.server";
import { renderStoredImportText } from "../rows/import-message";
import { columnMaskingFor, maskRawRow, rejectedRowsView, renderRowError, type ColumnMasking } from "../rows/mask-rejected-rows";
import type { ImportBatchDetail } from "./import-types";
import { rejectsCsvLines, type RejectedRow } from "../rows/rejects-csv";
import { runImportBatch } from "./run-import-batch.server";
import { storedUploadExists } from "./uploads.server";
import { readRunningProgress, type ImportProgressFigures } from "./import-progress.server";

type BatchRecord = NonNullable<Awaited<ReturnType<typeof findBatch>>>;

function findBatch(batchId: number) {
  return getPrisma().importBatch.findUnique({ where: { id: batchId }, include: { agency: { select: { code: true } } } });
}

/** The batches as the pages show them, a running one's figures from its progress (import-progress.server.ts). */
async function toDetails(batches: readonly BatchRecord[]): Promise<ImportBatchDetail[]> {
  const progress = await readRunningProgress(batches);
  return batches.map((batch) => toDetail(batch, progress.get(batch.id)));
}

function toDetail(batch: BatchRecord, running: ImportProgressFigures | undefined): ImportBatchDetail {
  const processedBytes = running ? running.processedBytes : Number(batch.processedBytes);
  return {
    id: batch.id,
    kind: batch.kind,
    status: batch.status,
    source: batch.source,
    agencyId: batch.agencyId,
    agencyCode: batch.agency?.code ?? null,
    fileName: batch.fileName,
    fileSha256: batch.fileSha256,
    fileSize: Number(batch.fileSize),
    strict: batch.strict,
    processedRows: running ? running.processedRows : batch.processedRows,
    processedBytes,
    progress: batch.status === "COMMITTED" || batch.status === "FAILED" ? 1 : batch.fileSize > 0n ? Math.min(1, processedBytes / Number(batch.fileSize)) : 0,
    totalRows: batch.totalRows,
    acceptedRows: batch.acceptedRows,
    duplicateRows: batch.duplicateRows,
    rejectedRows: running ? running.rejectedRows : batch.rejectedRows,
    updatedRows: batch.updatedRows,
    layout: batch.layout,
    skippedRows: batch.skippedRows,
    otherCompanyRows: batch.otherCompanyRows,
    errorMessage: batch.errorMessage,
    warnings: Array.isArray(batch.warnings) ? batch.warnings.map(String) : [],
    createdAt: batch.createdAt.toISOString(),
    startedAt: batch.startedAt?.toISOString() ?? null,
    finishedAt: batch.finishedAt?.toISOString() ?? null,
    stagesCompletedAt: batch.stagesCompletedAt?.toISOString() ?? null,
  };
}

/** The batch, or null when it does not exist or (agencyId given) belongs to another agency. */
export async function getImportBatch(batchId: number, scope: { agencyId?: number } = {}): Promise<ImportBatchDetail | null> {
  const batch = await findBatch(batchId);
  if (!batch || (scope.agencyId !== undefined && batch.agencyId !== scope.agencyId)) return null;
  const [detail] = await toDetails([batch]);
  return detail ?? null;
}

export type ImportBatchPage = { items: ImportBatchDetail[]; nextBefore: number | null };

/** One agency's batches, newest first, a page at a time (keyset on the id: pages stay stable while new batches arrive). */
export async function listAgencyImportBatches(options: { agencyId: number; limit: number; before?: number }): Promise<ImportBatchPage> {
  const batches = await getPrisma().importBatch.findMany({
    where: { agencyId: options.agencyId, ...(options.before === undefined ? {} : { id: { lt: options.before } }) },
    orderBy: { id: "desc" },
    take: options.limit + 1,
    include: { agency: { select: { code: true } } },
  });
  const page = batches.slice(0, options.limit);
  return { items: await toDetails(page), nextBefore: batches.length > options.limit ? (page.at(-1)?.id ?? null) : null };
}

export type RejectedRowItem = { id: string; rowNumber: number; field: string | null; message: string; values: Record<string, string> };
export type RejectedRowPage = { batchId: number; headers: string[]; items: RejectedRowItem[]; nextAfter: string | null };

/**
 * A page of a batch's rejected rows as the agency sent them, for the agency itself (the API): null when the batch does
 * not exist or belongs to another agency.
 */
export async function listRejectedRows(batchId: number, options: { agencyId: number; limit: number; after?: bigint }): Promise<RejectedRowPage | null> {
  const prisma = getPrisma();
  const batch = await prisma.importBatch.findUnique({ where: { id: batchId }, select: { agencyId: true, sourceHeaders: true, kind: true } });
  if (!batch || batch.agencyId !== options.agencyId) return null;
  const rows = await prisma.importRowError.findMany({
    where: { batchId, ...(options.after === undefined ? {} : { id: { gt: options.after } }) },
    orderBy: { id: "asc" },
    take: options.limit + 1,
  });
  const page = rows.slice(0, options.limit);
  return {
    batchId,
    headers: Array.isArray(batch.sourceHeaders) ? batch.sourceHeaders.map(String) : [],
    // The API speaks English; the rows are the agency's own, so nothing is masked.
    items: page.map((row) => ({ id: row.id.toString(), rowNumber: row.rowNumber, field: row.field, message: renderRowError(row.message, row.field, batch.kind, "en", "unmasked"), values: rawRowValues(row.rawRow) })),
    nextAfter: rows.length > options.limit ? (page.at(-1)?.id.toString() ?? null) : null,
  };
}

function rawRowValues(rawRow: unknown): Record<string, string> {
  const raw = rawRow && typeof rawRow === "object" && !Array.isArray(rawRow) ? (rawRow as Record<string, unknown>) : {};
  return Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, String(value ?? "")]));
}

/** True while a worker holds the batch (its advisory lock is taken). */
function isBatchHeld(batchId: number): Promise<boolean> {
  return isLockHeld(locks.importBatch(batchId));
}

export type RetryResult = { status: "queued" } | { status: "not-retryable"; reason: string };

/** Worker deaths a batch may cause: the first is retried, the second fails it (ADR 012). */
export const MAX_IMPORT_ATTEMPTS = 2;

/**
 * A failed batch, or one left RUNNING by a process that died, is reset and queued again. A retry asked for by a
 * person starts the attempt count over; one after a crash (afterCrash) keeps it, so a file that kills its worker
 * is not queued forever.
 */
export async function retryImportBatch(batchId: number, options: { afterCrash?: boolean } = {}): Promise<RetryResult> {
  const prisma = getPrisma();
  const batch = await prisma.importBatch.findUnique({ where: { id: batchId } });
  if (!batch) return { status: "not-retryable", reason: "no such batch" };
  if (batch.status === "COMMITTED") return { status: "not-retryable", reason: "the batch is already imported" };
  if (batch.status === "QUEUED") return { status: "not-retryable", reason: "the batch is already waiting to be imported" };
  if (batch.status === "RUNNING" && (await isBatchHeld(batchId))) return { status: "not-retryable", reason: "the batch is being imported right now" };
  if (!batch.storedFilePath || !(await storedUploadExists(batch.storedFilePath))) return { status: "not-retryable", reason: "the uploaded file is no longer stored; upload it again" };
  await prisma.$transaction([
    prisma.importRowError.deleteMany({ where: { batchId } }),
    prisma.importBatch.update({
      where: { id: batchId },
      data: { status: "QUEUED", ...(options.afterCrash ? {} : { attempts: 0 }), errorMessage: null, processedRows: 0, processedBytes: 0n, totalRows: 0, acceptedRows: 0, duplicateRows: 0, rejectedRows: 0, updatedRows: 0, skippedRows: 0, otherCompanyRows: 0, startedAt: null, finishedAt: null },
    }),
  ]);
  await enqueueImportBatch(batchId);
  return { status: "queued" };
}

/**
 * After a crash: batches left RUNNING by a dead process are queued again once, and failed with the reason when their
 * worker died on them a second time; committed batches whose downstream stages did not finish run them for the
 * accounts the batch wrote.
 */
export async function resumeInterruptedImports(): Promise<{ requeued: number[]; failed: number[]; stagesResumed: number[] }> {
  const prisma = getPrisma();
  const requeued: number[] = [];
  const failed: number[] = [];
  for (const batch of await prisma.importBatch.findMany({ where: { status: "RUNNING" }, select: { id: true, attempts: true, fileName: true, storedFilePath: true } })) {
    if (await isBatchHeld(batch.id)) continue;
    if (batch.attempts >= MAX_IMPORT_ATTEMPTS) {
      const message = await describeMemoryFailure(batch);
      // Only while still RUNNING: another worker starting at the same moment may have failed it already.
      const ended = await prisma.importBatch.updateMany({ where: { id: batch.id, status: "RUNNING" }, data: { status: "FAILED", errorMessage: message, finishedAt: new Date() } });
      if (ended.count > 0) {
        console.error(`[import ${batch.id}] failed after ${batch.attempts} attempts whose worker process died: ${renderStoredImportText(message, "en")}`);
        failed.push(batch.id);
      }
      continue;
    }
    if ((await retryImportBatch(batch.id, { afterCrash: true })).status === "queued") requeued.push(batch.id);
  }
  const stagesResumed: number[] = [];
  for (const batch of await prisma.importBatch.findMany({ where: { status: "COMMITTED", stagesCompletedAt: null }, select: { id: true } })) {
    if (await resumeBatchStages(batch.id)) stagesResumed.push(batch.id);
  }
  return { requeued, failed, stagesResumed };
}

/**
 * Runs a committed batch's stages again under the batch's lock, unless a worker (of this machine or another) holds it
 * (still running them) or they finished meanwhile: two workers starting at once run them once.
 */
async function resumeBatchStages(batchId: number): Promise<boolean> {
  return withDedicatedClient(
    async (client) => {
      if (!(await tryLockForSession(client, locks.importBatch(batchId)))) return false;
      const prisma = getPrisma();
      const batch = await prisma.importBatch.findUnique({ where: { id: batchId }, select: { id: true, status: true, stagesCompletedAt: true } });
      if (!batch || batch.status !== "COMMITTED" || batch.stagesCompletedAt !== null) return false;
      const accounts = await prisma.$queryRaw<{ id: number }[]>`
      SELECT "accountId" AS id FROM "ActivityEvent" WHERE "importBatchId" = ${batch.id}
      UNION SELECT "accountId" FROM "Placement" WHERE "importBatchId" = ${batch.id}
      UNION SELECT "accountId" FROM "Complaint" WHERE "importBatchId" = ${batch.id} AND "accountId" IS NOT NULL
      UNION SELECT "accountId" FROM "LedgerEntry" WHERE "importBatchId" = ${batch.id}
      UNION SELECT e."accountId" FROM "ActivityEvent" e JOIN "ImportBatch" b ON b.id = ${batch.id} AND b.kind = 'AGENTS' WHERE e."agencyId" = b."agencyId"`;
      await runBatchStages(batch.id, accounts.map((account) => account.id));
      return true;
    },
    { applicationName: `import-batch-${batchId}-stages` },
  );
}

/** Makes this process one of the import workers (the server and the CLI both do). */
export async function startImportWorkers(): Promise<void> {
  await startImportWorker(async ({ batchId }) => {
    await runImportBatch(batchId);
  });
  await resumeInterruptedImports();
}

/** The rejected rows as the agency sent them plus an error column, streamed (a batch may have millions). */
export async function rejectsCsv(
  batchId: number,
  // "agency-token": the agency's own systems through the API, which sent the rows and get them as sent, in English.
  options: { agencyId?: number; viewer: { id: number; role: Role; locale: Locale } | "agency-token" },
): Promise<{ fileName: string; stream: Readable; view: "masked" | "unmasked" } | null> {
  const batch = await getPrisma().importBatch.findUnique({ where: { id: batchId } });
  if (!batch || (options.agencyId !== undefined && batch.agencyId !== options.agencyId)) return null;
  const headers = Array.isArray(batch.sourceHeaders) ? batch.sourceHeaders.map(String) : [];
  const view = options.viewer === "agency-token" ? "unmasked" : rejectedRowsView(options.viewer, batch);
  const locale: Locale = options.viewer === "agency-token" ? "en" : options.viewer.locale;
  const masking = view === "masked" ? await columnMaskingOfBatch(batch) : null;
  const kind = batch.kind;
  async function* rows(): AsyncGenerator<RejectedRow> {
    let after = -1n;
    while (true) {
      const page = await getPrisma().importRowError.findMany({ where: { batchId, id: { gt: after } }, orderBy: { id: "asc" }, take: 2_000 });
      if (page.length === 0) return;
      for (const error of page) {
        const values = rawRowValues(error.rawRow);
        // The reasons in the language of whoever downloads the file.
        const message = renderRowError(error.message, error.field, kind, locale, view);
        yield { values: masking ? maskRawRow(values, masking) : values, error: translate(locale, "importRow.rowPrefix", { row: error.rowNumber, message }) };
      }
      after = page.at(-1)?.id ?? after;
    }
  }
  const baseName = batch.fileName.replace(/\.[^.]+$/, "");
  return { fileName: `${baseName}-rejected-rows-batch-${batchId}.csv`, stream: Readable.from(rejectsCsvLines(headers, rows())), view };
}

/**
 * How a masked view shows each of the batch's columns, from the mapping the batch was read with. A deleted profile
 * leaves only the automatic matching, so columns it mapped by hand are hidden rather than guessed at.
 */
async function columnMaskingOfBatch(batch: { kind: ImportKind; sourceHeaders: unknown; mappingProfileId: number | null }): Promise<ColumnMasking> {
  const headers = Array.isArray(batch.sourceHeaders) ? batch.sourceHeaders.map(String) : [];
  const profile = batch.mappingProfileId ? await getMappingProfile(batch.mappingProfileId) : null;
  return columnMaskingFor(headers, validateHeader(headers, batch.kind, profile?.profile).mapping.columnMap, batch.kind);
}
