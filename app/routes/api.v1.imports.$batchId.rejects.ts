import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { apiError, apiJson, handleApiRequest, methodNotAllowed, requireApiToken } from "~/api-tokens/api-tokens.server";
import { logAccess } from "~/audit/log-access.server";
import { contentDisposition } from "~/dashboard/export-agency-scorecards.server";
import { listRejectedRows, rejectsCsv } from "~/ingest/pipeline/import-batches.server";

// GET /api/v1/imports/:batchId/rejects: a batch's rejected rows for the token's own agency (docs/API.md), as JSON
// pages (row number, field, reason, the values as sent) or, with format=csv, the whole file in the agency's layout
// plus an error column, ready to fix and send again. Rows are the agency's own, so they come as sent.

const batchIdSchema = z.coerce.number().int().positive().max(2_147_483_647);
const querySchema = z.strictObject({
  format: z.enum(["json", "csv"]).default("json"),
  limit: z.coerce.number().int().min(1).max(1_000).default(200),
  after: z
    .string()
    .regex(/^\d{1,19}$/, "after must be the nextAfter value of the previous page")
    .transform((value) => BigInt(value))
    .optional(),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handleApiRequest(async () => {
    const token = await requireApiToken(request, "UPLOAD");
    const batchId = batchIdSchema.safeParse(params.batchId);
    const notFound = () => apiError(404, "NOT_FOUND", `There is no import batch '${params.batchId ?? ""}' for agency ${token.agencyCode}.`);
    if (!batchId.success) return notFound();
    const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({ parameter: issue.path.join(".") || null, message: issue.message }));
      return apiError(400, "INVALID_REQUEST", "Invalid query parameters.", { details: { issues } });
    }
    const query = parsed.data;
    const logExport = (format: string) =>
      logAccess({ userId: null, action: "EXPORT", resourceType: "import-rejects", resourceId: batchId.data, detail: { via: "api", apiTokenId: token.tokenId, format }, request });

    if (query.format === "csv") {
      const file = await rejectsCsv(batchId.data, { agencyId: token.agencyId, viewer: "agency-token" });
      if (!file) return notFound();
      await logExport("csv");
      return new Response(createReadableStreamFromReadable(file.stream), {
        headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": contentDisposition(file.fileName), "Cache-Control": "no-store" },
      });
    }
    const page = await listRejectedRows(batchId.data, { agencyId: token.agencyId, limit: query.limit, after: query.after });
    if (!page) return notFound();
    if (query.after === undefined) await logExport("json");
    const nextUrl = page.nextAfter === null ? null : `/api/v1/imports/${batchId.data}/rejects?limit=${query.limit}&after=${page.nextAfter}`;
    return apiJson({ batchId: page.batchId, headers: page.headers, items: page.items, nextUrl });
  });
}

export async function action() {
  return methodNotAllowed(["GET"]);
}
