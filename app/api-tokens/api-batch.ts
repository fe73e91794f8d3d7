import { batchOutcome, batchWarningText } from "~/ingest/ui/batch-outcome";
import type { ImportBatchDetail } from "~/ingest/pipeline/import-types";
import { renderStoredImportText } from "~/ingest/rows/import-message";

/** An import batch as the API shows it (docs/API.md): the same fields for the list and for one batch. */
export function apiBatch(batch: ImportBatchDetail) {
  const outcome = batchOutcome(batch);
  return {
    batchId: batch.id,
    kind: batch.kind,
    status: batch.status,
    // status is the transaction's; outcome is what it means (WARNING: committed, but nothing or little imported).
    outcome: outcome.state,
    outcomeWarning: outcome.warning ? { code: outcome.warning.code, message: batchWarningText(outcome.warning) } : null,
    source: batch.source,
    agencyCode: batch.agencyCode,
    fileName: batch.fileName,
    fileSha256: batch.fileSha256,
    fileSize: batch.fileSize,
    strict: batch.strict,
    processedRows: batch.processedRows,
    totalRows: batch.totalRows,
    acceptedRows: batch.acceptedRows,
    duplicateRows: batch.duplicateRows,
    rejectedRows: batch.rejectedRows,
    // Stored as message keys; integrators read English.
    errorMessage: batch.errorMessage === null ? null : renderStoredImportText(batch.errorMessage, "en"),
    warnings: batch.warnings.map((warning) => renderStoredImportText(warning, "en")),
    createdAt: batch.createdAt,
    startedAt: batch.startedAt,
    finishedAt: batch.finishedAt,
    stagesCompletedAt: batch.stagesCompletedAt,
    statusUrl: `/api/v1/imports/${batch.id}`,
    rejectsUrl: `/api/v1/imports/${batch.id}/rejects`,
  };
}
