import { data, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { notFound, requirePermission } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { addFindingAttachment } from "~/findings/attachments.server";
import { findingActor, findingFailure } from "~/findings/finding-route.server";
import { MAX_ATTACHMENT_UPLOAD_BYTES, MULTIPART_ENVELOPE_BYTES } from "~/http/body-limits";
import { readFormData } from "~/http/read-body.server";
import { currentTime } from "~/clock/clock.server";

// POST /findings/:id/attachments (multipart, field "file"): attach a file to a finding, for the finding page and the
// agency inbox (a fetcher form). Answers the attachment, or the refusal with its reason: 413 over 10 MB, 415 a
// refused type, 409 a finding that takes no files now, 404 another agency's finding.
const paramsSchema = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "findings.view");
  if (!can(user.role, "findings.respond") && !can(user.role, "findings.manage")) throw new Response("Forbidden", { status: 403 });
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw notFound();
  // One byte over the limit is read, so the file's own check can name the limit.
  const form = await readFormData(request, user, MAX_ATTACHMENT_UPLOAD_BYTES + 1 + MULTIPART_ENVELOPE_BYTES);
  const file = form.get("file");
  if (!(file instanceof File)) return data({ ok: false as const, status: 400, reason: "INVALID_INPUT", field: "file", message: "Choose a file to attach.", messageKey: "findings.refusal.chooseFile", messageParams: null }, { status: 400 });
  try {
    const attachment = await addFindingAttachment({ findingId: parsed.data.id, fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, findingActor(user, request), currentTime());
    return data({ ok: true as const, attachment }, { status: 201 });
  } catch (error) {
    const failure = findingFailure(error);
    return data(failure, { status: failure.status });
  }
}

export async function loader() {
  throw notFound();
}
