import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { apiError, apiJson, handleApiRequest, methodNotAllowed, requireApiToken } from "~/api-tokens/api-tokens.server";
import { apiBatch } from "~/api-tokens/api-batch";
import { getImportBatch } from "~/ingest/pipeline/import-batches.server";

// GET /api/v1/imports/:batchId: the state of one import, for the token's own agency only (docs/API.md).

const batchIdSchema = z.coerce.number().int().positive().max(2_147_483_647);

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handleApiRequest(async () => {
    const token = await requireApiToken(request, "UPLOAD");
    const batchId = batchIdSchema.safeParse(params.batchId);
    // Another agency's batch is answered exactly like a batch that does not exist.
    const batch = batchId.success ? await getImportBatch(batchId.data, { agencyId: token.agencyId }) : null;
    if (!batch) return apiError(404, "NOT_FOUND", `There is no import batch '${params.batchId ?? ""}' for agency ${token.agencyCode}.`);
    return apiJson(apiBatch(batch));
  });
}

export async function action() {
  return methodNotAllowed(["GET"]);
}
