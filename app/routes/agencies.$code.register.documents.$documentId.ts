import type { LoaderFunctionArgs } from "@remix-run/node";
import { storedFileResponse } from "~/files/file-download.server";
import { z } from "zod";
import { registerActor, registerFailureResponse, requireRegisterAgency } from "~/agency-register/register-route.server";
import { getAgencyDocumentForDownload } from "~/agency-register/register.server";
import { notFound, requirePermission } from "~/auth/guards.server";

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
    return storedFileResponse(file);
  } catch (error) {
    registerFailureResponse(error);
    throw error;
  }
}
