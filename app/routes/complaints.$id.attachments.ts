import { data, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { notFound, requirePermission } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { addComplaintAttachment } from "~/complaints/complaint-attachments.server";
import { complaintActor, complaintFailure } from "~/complaints/complaint-route.server";
import { MAX_ATTACHMENT_UPLOAD_BYTES, MULTIPART_ENVELOPE_BYTES } from "~/http/body-limits";
import { readFormData } from "~/http/read-body.server";

// POST /complaints/:id/attachments (multipart, field "file"): attach a file to a complaint (the agency's evidence
// with its account, compliance's documents), then back to the complaint page. The refusal with its reason: 413 over
// 10 MB, 415 a refused type, 409 a complaint that takes no files now, 404 another agency's complaint.
const paramsSchema = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "complaints.view");
  if (!can(user.role, "complaints.respond") && !can(user.role, "complaints.manage")) throw new Response("Forbidden", { status: 403 });
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw notFound();
  const form = await readFormData(request, user, MAX_ATTACHMENT_UPLOAD_BYTES + 1 + MULTIPART_ENVELOPE_BYTES);
  const file = form.get("file");
  if (!(file instanceof File)) return data({ ok: false as const, status: 400, reason: "INVALID_INPUT", field: "file", message: "Choose a file to attach." }, { status: 400 });
  try {
    await addComplaintAttachment({ complaintId: parsed.data.id, fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, complaintActor(user, request), new Date());
    return redirect(`/complaints/${parsed.data.id}`);
  } catch (error) {
    const failure = complaintFailure(error);
    const status = failure.reason === "ATTACHMENT_TOO_LARGE" ? 413 : failure.reason === "ATTACHMENT_TYPE" ? 415 : failure.status;
    return data({ ...failure, status }, { status });
  }
}

export async function loader() {
  throw notFound();
}
