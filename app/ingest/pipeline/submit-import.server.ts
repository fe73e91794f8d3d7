import { getPrisma } from "~/db/client.server";
import { lockForPrismaTransaction, locks } from "~/db/pg.server";
import { enqueueImportBatch } from "~/jobs/queue.server";
import { type Readable } from "node:stream";
import { IngestFileError, fileErrorMessage, fileErrorReasons, isIngestFileError, storedFileError } from "../readers/file-error";
import { encodeImportMessages } from "../rows/import-message";
import { isAgencyImportKind, type ImportRequest, type SubmitImportResult } from "./import-types";
import { getMappingProfile } from "./mapping-profiles.server";
import { validateHeader } from "../rows/mapping";
import { checkLayoutHeader, layoutKinds } from "./import-layouts.server";
import { previewUploadInChild, readUploadPreview } from "./preview-upload.server";
import { formatFromFileName, previewRows } from "../readers/read-rows";
import { storeUpload } from "./uploads.server";


/**
 * Accepts an upload: stores its bytes, recognises a resend of the same file, checks that the file can be read
 * and has the required columns, and queues the import. Returns at once; the job does the rest.
 */
export async function submitImport(request: ImportRequest): Promise<SubmitImportResult> {
  const prisma = getPrisma();
  const agencyId = request.agencyId;
  if (isAgencyImportKind(request.kind) && agencyId === null) {
    return { status: "rejected", code: "AGENCY_REQUIRED", message: "Activity and roster files must be uploaded for an agency.", batchId: null };
  }
  if (!isAgencyImportKind(request.kind) && agencyId !== null) {
    return { status: "rejected", code: "AGENCY_NOT_ALLOWED", message: "Placement and complaint files are the lender's own: each row names its agency in agency_code.", batchId: null };
  }
  const agency = agencyId === null ? null : await prisma.agency.findUnique({ where: { id: agencyId } });
  if (agencyId !== null && !agency) return { status: "rejected", code: "UNKNOWN_AGENCY", message: `There is no agency with id ${agencyId}.`, batchId: null };

  const layout = request.layout ?? null;
  if (layout !== null && layoutKinds[layout] !== request.kind) {
    return { status: "rejected", code: "LAYOUT_NOT_FOR_KIND", message: `The ${layout} layout is a layout of ${layoutKinds[layout].toLowerCase()} files.`, batchId: null };
  }
  const mapping = request.mappingProfileId && layout === null ? await getMappingProfile(request.mappingProfileId) : null;
  if (request.mappingProfileId && (!mapping || mapping.kind !== request.kind || (mapping.agencyId !== null && mapping.agencyId !== agencyId))) {
    return { status: "rejected", code: "UNKNOWN_MAPPING", message: `Mapping profile ${request.mappingProfileId} does not exist for this agency and kind.`, batchId: null };
  }

  let upload: Awaited<ReturnType<typeof storeUpload>>;
  try {
    upload = await storeUpload(request.body, { inspect: headerInspector(request) });
  } catch (error) {
    if (!isLimitRefusal(error)) throw error;
    // Refused while it streamed in: nothing was kept, so there is no batch to record it on.
    return { status: "rejected", code: "FILE_UNREADABLE", message: fileErrorMessage(error, request.fileName), batchId: null, reasons: fileErrorReasons(error, request.fileName) };
  }
  const batchFields = {
    kind: request.kind,
    agencyId,
    source: request.source,
    fileName: request.fileName.slice(0, 255),
    fileSha256: upload.sha256,
    fileSize: BigInt(upload.size),
    strict: request.strict ?? false,
    mappingProfileId: mapping?.id ?? null,
    layout,
    createdById: request.createdById ?? null,
    apiTokenId: request.apiTokenId ?? null,
    storedFilePath: upload.relativePath,
  };

  // The advisory lock on the file's hash makes two simultaneous uploads of the same bytes see each other.
  const claim = await prisma.$transaction(async (transaction) => {
    await lockForPrismaTransaction(transaction, locks.importFile(upload.sha256));
    const earlier = await transaction.importBatch.findFirst({
      where: { kind: request.kind, agencyId, fileSha256: upload.sha256, status: { in: ["COMMITTED", "QUEUED", "RUNNING"] } },
      orderBy: { id: "desc" },
    });
    if (earlier) return { earlier };
    return { created: await transaction.importBatch.create({ data: { ...batchFields, status: "RUNNING" } }) };
  });
  if ("earlier" in claim && claim.earlier) {
    return { status: claim.earlier.status === "COMMITTED" ? "already-imported" : "in-progress", batchId: claim.earlier.id };
  }
  const batch = (claim as { created: { id: number } }).created;

  // Reading the header now gives the uploader an immediate, specific answer for a file that cannot work at all.
  let handedOver = false;
  try {
    const previewRequest = { storedPath: upload.relativePath, fileName: request.fileName, kind: request.kind, maxRows: 1 };
    const preview = request.readHeaderInProcess ? await readUploadPreview(previewRequest) : await previewUploadInChild(previewRequest);
    const header = layout !== null ? { ...checkLayoutHeader(layout, preview.headers), warnings: [] } : validateHeader(preview.headers, request.kind, mapping?.profile ?? null);
    if (!header.ok) {
      const refusal = new IngestFileError("INVALID_HEADER", header.errors);
      await failBatch(batch.id, storedFileError(refusal, request.fileName));
      return { status: "rejected", code: "HEADER_INVALID", message: fileErrorMessage(refusal, request.fileName), batchId: batch.id, reasons: fileErrorReasons(refusal, request.fileName) };
    }
    await prisma.importBatch.update({
      where: { id: batch.id },
      data: {
        sourceHeaders: preview.headers,
        sourceDetails: { format: preview.format, encoding: preview.encoding?.label ?? null, delimiter: preview.delimiter ?? null, sheetName: preview.sheetName ?? null },
        warnings: header.warnings.map((warning) => encodeImportMessages([warning])),
      },
    });
    // Queued only while no worker has taken the batch: a worker starting on another machine meanwhile may have read this
    // RUNNING batch (whose lock nobody holds yet) as abandoned and queued it, or even imported it already; a committed
    // batch must not go back to QUEUED, and it needs no second job.
    handedOver = (await prisma.importBatch.updateMany({ where: { id: batch.id, status: "RUNNING", attempts: 0 }, data: { status: "QUEUED" } })).count > 0;
  } catch (error) {
    if (!isIngestFileError(error)) {
      await failBatch(batch.id, error instanceof Error ? error.message : String(error));
      throw error;
    }
    await failBatch(batch.id, storedFileError(error, request.fileName));
    return { status: "rejected", code: "FILE_UNREADABLE", message: fileErrorMessage(error, request.fileName), batchId: batch.id, reasons: fileErrorReasons(error, request.fileName) };
  }
  if (request.enqueue !== false && handedOver) await enqueueImportBatch(batch.id);
  return { status: "queued", batchId: batch.id };
}

/** Refusals by the input limits: a file that passes one is refused as a whole, whatever else it contains. */
function isLimitRefusal(error: unknown): error is IngestFileError {
  return isIngestFileError(error) && (error.code === "RECORD_TOO_LARGE" || error.code === "LIMIT_EXCEEDED");
}

/**
 * Text files (CSV, JSON Lines) are read from the first byte: their header is checked while the upload streams
 * in, so that a file the input limits refuse (a 2 GB line of commas) is refused after its first megabyte instead
 * of being stored whole. Other problems are left to the check after storing, which records them on a batch. An
 * .xlsx file can only be read once complete (its directory is at the end).
 */
function headerInspector(request: ImportRequest): ((bytes: Readable) => Promise<void>) | undefined {
  let format: ReturnType<typeof formatFromFileName>;
  try {
    format = formatFromFileName(request.fileName);
  } catch {
    return undefined;
  }
  if (format === "xlsx") return undefined;
  return async (stream) => {
    try {
      await previewRows({ stream, fileName: request.fileName, kind: request.kind, format }, { maxRows: 1 });
    } catch (error) {
      if (isLimitRefusal(error)) throw error;
    }
  };
}

async function failBatch(batchId: number, message: string): Promise<void> {
  await getPrisma().importBatch.update({ where: { id: batchId }, data: { status: "FAILED", errorMessage: message, finishedAt: new Date() } });
}
