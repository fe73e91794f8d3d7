import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { logAccess } from "~/audit/log-access.server";
import { notFound, requirePermission, scopeAgency } from "~/auth/guards.server";
import { rejectsCsv } from "~/ingest/pipeline/import-batches.server";

// Resource route: GET /imports/:batchId/rejects.csv streams a batch's rejected rows (a batch may have millions)
// in the agency's own layout plus an error column, so they can be fixed and sent again.

const paramsSchema = z.object({ batchId: z.coerce.number().int().positive() });

/** RFC 6266/5987: an ASCII fallback for old clients plus the exact (e.g. Chinese) name as filename*. */
function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "imports.view");
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw notFound();
  const file = await rejectsCsv(parsed.data.batchId, { agencyId: scopeAgency(user), viewer: user });
  if (!file) throw notFound();
  await logAccess({
    userId: user.id,
    action: "EXPORT",
    resourceType: "import-rejects",
    resourceId: parsed.data.batchId,
    detail: { fileName: file.fileName, personalData: file.view },
    request,
  });
  return new Response(createReadableStreamFromReadable(file.stream), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": contentDisposition(file.fileName),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
