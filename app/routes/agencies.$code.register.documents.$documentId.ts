import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { registerActor, registerFailureResponse, requireRegisterAgency } from "~/agency-register/register-route.server";
import { getAgencyDocumentForDownload } from "~/agency-register/register.server";
import { notFound, requirePermission } from "~/auth/guards.server";
import { contentDisposition } from "~/dashboard/export-agency-scorecards.server";

// GET /agencies/:code/register/documents/:documentId: a register document, byte for byte, to anyone who may see the
// agency (an AGENCY user only their own: another agency's is a 404), logged as AGENCY_DOCUMENT_DOWNLOADED.
const paramsSchema = z.object({ documentId: z.coerce.number().int().positive().max(2_147_483_647) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "agencies.view");
  const agency = await requireRegisterAgency(user, params.code);
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw notFound();
  try {
    const file = await getAgencyDocumentForDownload({ agencyId: agency.id, documentId: parsed.data.documentId }, registerActor(user, request));
    return new Response(new Uint8Array(file.bytes), {
      headers: {
        "Content-Type": file.contentType,
        "Content-Disposition": contentDisposition(file.fileName),
        "Content-Length": String(file.size),
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
        "X-Content-SHA256": file.sha256,
      },
    });
  } catch (error) {
    registerFailureResponse(error);
    throw error;
  }
}
