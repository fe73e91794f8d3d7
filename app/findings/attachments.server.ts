// Files attached to a finding (the agency's evidence, compliance's documents): checked by attachment-type.ts,
// stored once per SHA-256 in StoredFile (~/files/stored-files.server.ts, shared with complaints), linked to the
// finding with the name it was sent under, never deleted.
// Every download is scoped like the finding itself and written to the access log.
import { logAccess } from "~/audit/log-access.server";
import { getPrisma } from "~/db/client.server";
import { acceptAttachment, storeFileBytes } from "~/files/stored-files.server";
import { checkOperation } from "./finding-state";
import { assertVisibleTo, findingNotFound } from "./findings.server";
import { FindingError, type FindingActorRef, type FindingAttachmentRow } from "./finding-types";

/** Attaches a file: refused with a clear reason when empty, over the limit or not an accepted type. */
export async function addFindingAttachment(input: { findingId: number; fileName: string; bytes: Uint8Array }, actor: FindingActorRef, now: Date): Promise<FindingAttachmentRow> {
  const check = acceptAttachment(input);
  if (!check.ok) throw new FindingError("INVALID", check.reason, check.message, "file");
  const { sha256 } = check;
  const prisma = getPrisma();
  const row = await prisma.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM "Finding" WHERE id = ${input.findingId}::int FOR UPDATE`;
    if (!locked) throw findingNotFound(input.findingId);
    const finding = await tx.finding.findUniqueOrThrow({ where: { id: input.findingId }, select: { id: true, agencyId: true, status: true, issuedAt: true } });
    assertVisibleTo(finding, actor);
    const allowed = checkOperation("attach", finding.status, actor.role);
    if (!allowed.allowed) throw new FindingError(allowed.reason === "ROLE_NOT_ALLOWED" ? "FORBIDDEN" : "CONFLICT", allowed.reason, allowed.message);
    // The same bytes attached twice (to this or another finding or complaint) are stored once.
    await storeFileBytes(tx, { sha256, contentType: check.contentType, bytes: input.bytes }, now);
    const attachment = await tx.findingAttachment.create({
      data: { findingId: finding.id, sha256, fileName: check.fileName, contentType: check.contentType, size: input.bytes.byteLength, uploadedById: actor.userId, apiTokenId: actor.apiTokenId ?? null, createdAt: now },
    });
    await tx.findingEvent.create({
      data: { findingId: finding.id, action: "attach", fromStatus: finding.status, toStatus: finding.status, userId: actor.userId, detail: { attachmentId: attachment.id, fileName: check.fileName, sha256, size: input.bytes.byteLength } },
    });
    return attachment;
  });
  const uploader = actor.userId === null ? null : await prisma.user.findUnique({ where: { id: actor.userId }, select: { name: true } });
  return { id: row.id, fileName: row.fileName, contentType: row.contentType, size: row.size, sha256: row.sha256, uploadedBy: uploader?.name ?? null, createdAt: row.createdAt.toISOString() };
}

export type AttachmentDownload = { fileName: string; contentType: string; size: number; sha256: string; bytes: Uint8Array };

/**
 * The file for a download, after the same visibility check as the finding (an AGENCY user asking for another
 * agency's file gets "not found"), logged as FINDING_ATTACHMENT_DOWNLOADED with who, which file and which finding.
 */
export async function getAttachmentForDownload(input: { findingId: number; attachmentId: number }, actor: FindingActorRef): Promise<AttachmentDownload> {
  const prisma = getPrisma();
  const attachment = await prisma.findingAttachment.findFirst({
    where: { id: input.attachmentId, findingId: input.findingId },
    include: { finding: { select: { id: true, agencyId: true, status: true, issuedAt: true } }, file: true },
  });
  if (!attachment) throw new FindingError("NOT_FOUND", "NOT_FOUND", `No attachment ${input.attachmentId} on finding ${input.findingId}.`);
  assertVisibleTo(attachment.finding, actor);
  await logAccess({
    userId: actor.userId,
    action: "FINDING_ATTACHMENT_DOWNLOADED",
    resourceType: "FindingAttachment",
    resourceId: attachment.id,
    detail: { findingId: attachment.findingId, fileName: attachment.fileName, sha256: attachment.sha256, ...(actor.apiTokenId ? { apiTokenId: actor.apiTokenId } : {}) },
    request: actor.request,
  });
  return { fileName: attachment.fileName, contentType: attachment.contentType, size: attachment.size, sha256: attachment.sha256, bytes: new Uint8Array(attachment.file.bytes) };
}
