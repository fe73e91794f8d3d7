// Files attached to a complaint (the agency's evidence with its account, compliance's documents): the same checks
// and storage as findings' files (~/files/stored-files.server.ts), linked with the name they were sent under, never
// deleted; a download is scoped like the complaint and written to the access log.
import { logAccess } from "~/audit/log-access.server";
import { getPrisma } from "~/db/client.server";
import { acceptAttachment, storeFileBytes } from "~/files/stored-files.server";
import { checkComplaintOperation } from "./complaint-state";
import { ComplaintError, type ComplaintActorRef } from "./complaint-types";
import { assertComplaintVisibleTo, complaintNotFound } from "./complaint-workflow.server";

export async function addComplaintAttachment(input: { complaintId: number; fileName: string; bytes: Uint8Array }, actor: ComplaintActorRef, now: Date): Promise<{ id: number; fileName: string }> {
  const check = acceptAttachment(input);
  if (!check.ok) throw new ComplaintError("INVALID", check.reason, check.message, "file");
  return getPrisma().$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: number; agencyId: number | null; status: "RECEIVED" | "INVESTIGATING" | "RESPONDED" | "CLOSED" }[]>`
      SELECT id, "agencyId", status FROM "Complaint" WHERE id = ${input.complaintId}::int FOR UPDATE`;
    if (!locked) throw complaintNotFound(input.complaintId);
    assertComplaintVisibleTo(locked, actor);
    const allowed = checkComplaintOperation("attach", locked.status, actor.role);
    if (!allowed.allowed) throw new ComplaintError(allowed.reason === "ROLE_NOT_ALLOWED" ? "FORBIDDEN" : "CONFLICT", allowed.reason, allowed.message);
    await storeFileBytes(tx, { bytes: input.bytes, contentType: check.contentType, now });
    const attachment = await tx.complaintAttachment.create({
      data: { complaintId: locked.id, sha256: check.sha256, fileName: check.fileName, contentType: check.contentType, size: check.size, uploadedById: actor.userId, createdAt: now },
    });
    await tx.complaintChange.create({
      data: { complaintId: locked.id, action: "attach", fromStatus: locked.status, toStatus: locked.status, userId: actor.userId, detail: { attachmentId: attachment.id, fileName: check.fileName, sha256: check.sha256, size: check.size }, createdAt: now },
    });
    return { id: attachment.id, fileName: attachment.fileName };
  });
}

export async function getComplaintAttachmentForDownload(input: { complaintId: number; attachmentId: number }, actor: ComplaintActorRef): Promise<{ fileName: string; contentType: string; bytes: Uint8Array }> {
  const attachment = await getPrisma().complaintAttachment.findFirst({
    where: { id: input.attachmentId, complaintId: input.complaintId },
    include: { complaint: { select: { id: true, agencyId: true } }, file: true },
  });
  if (!attachment) throw new ComplaintError("NOT_FOUND", "NOT_FOUND", `No attachment ${input.attachmentId} on complaint ${input.complaintId}.`);
  assertComplaintVisibleTo(attachment.complaint, actor);
  await logAccess({
    userId: actor.userId,
    action: "COMPLAINT_ATTACHMENT_DOWNLOADED",
    resourceType: "ComplaintAttachment",
    resourceId: attachment.id,
    detail: { complaintId: attachment.complaintId, fileName: attachment.fileName, sha256: attachment.sha256 },
    request: actor.request,
  });
  return { fileName: attachment.fileName, contentType: attachment.contentType, bytes: new Uint8Array(attachment.file.bytes) };
}
