import type { LoaderFunctionArgs } from "@remix-run/node";
import { storedFileResponse } from "~/files/file-download.server";
import { z } from "zod";
import { notFound, requirePermission } from "~/auth/guards.server";
import { getAttachmentForDownload } from "~/findings/attachments.server";
import { findingActor, findingFailure } from "~/findings/finding-route.server";

// GET /findings/:id/attachments/:attachmentId: a finding's file, byte for byte, to anyone who may see the finding
// (an AGENCY user only their own agency's: another agency's file is a 404), logged as FINDING_ATTACHMENT_DOWNLOADED.
const paramsSchema = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647), attachmentId: z.coerce.number().int().positive().max(2_147_483_647) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "findings.view");
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw notFound();
  try {
    const file = await getAttachmentForDownload({ findingId: parsed.data.id, attachmentId: parsed.data.attachmentId }, findingActor(user, request));
    return storedFileResponse(file);
  } catch (error) {
    findingFailure(error);
    throw error;
  }
}
