import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { apiError, apiJson, handleApiRequest, methodNotAllowed, requireApiToken } from "~/api-tokens/api-tokens.server";
import { batchOutcome, batchWarningText } from "~/ingest/batch-outcome";
import { getImportBatch } from "~/ingest/import-batches.server";

// GET /api/v1/imports/:batchId: the state of one import, for the token's own agency only (docs/API.md).

const batchIdSchema = z.coerce.number().int().positive().max(2_147_483_647);

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handleApiRequest(async () => {
    const token = await requireApiToken(request);
    const batchId = batchIdSchema.safeParse(params.batchId);
    // Another agency's batch is answered exactly like a batch that does not exist.
    const batch = batchId.success ? await getImportBatch(batchId.data, { agencyId: token.agencyId }) : null;
    if (!batch) return apiError(404, "NOT_FOUND", `There is no import batch '${params.batchId ?? ""}' for agency ${token.agencyCode}.`);
    const outcome = batchOutcome(batch);
    return apiJson({
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
      errorMessage: batch.errorMessage,
      warnings: batch.warnings,
      createdAt: batch.createdAt,
      startedAt: batch.startedAt,
      finishedAt: batch.finishedAt,
      stagesCompletedAt: batch.stagesCompletedAt,
    });
  });
}

export async function action() {
  return methodNotAllowed(["GET"]);
}
