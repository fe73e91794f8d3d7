import type { LoaderFunctionArgs } from "@remix-run/node";
import { storedFileResponse } from "~/files/file-download.server";
import { z } from "zod";
import { notFound, requirePermission } from "~/auth/guards.server";
import { getComplaintAttachmentForDownload } from "~/complaints/complaint-attachments.server";
import { complaintActor, complaintFailure } from "~/complaints/complaint-route.server";

// GET /complaints/:id/attachments/:attachmentId: a complaint's file to anyone who may see the complaint (an AGENCY
// user only their own agency's: another agency's file is a 404), logged as COMPLAINT_ATTACHMENT_DOWNLOADED.
const paramsSchema = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647), attachmentId: z.coerce.number().int().positive().max(2_147_483_647) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "complaints.view");
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw notFound();
  try {
    const file = await getComplaintAttachmentForDownload({ complaintId: parsed.data.id, attachmentId: parsed.data.attachmentId }, complaintActor(user, request));
    return storedFileResponse(file);
  } catch (error) {
    complaintFailure(error);
    throw error;
  }
}
