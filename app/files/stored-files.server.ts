// Uploaded files kept in the database once per SHA-256 (StoredFile): a finding's or a complaint's attachments and an
// agency's register documents link to them by hash, so the same bytes sent twice, to one place or two, are stored once.
import { createHash } from "node:crypto";
import type { Prisma } from "~/generated/prisma/client";
import { checkAttachment, type AttachmentCheck } from "./attachment-type";

export type AcceptedFile = Extract<AttachmentCheck, { ok: true }> & { sha256: string; size: number };

export function sha256Of(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Checks a file (name, size, first bytes) and hashes it; the refusal says why in its reason and message. */
export function acceptAttachment(input: { fileName: string; bytes: Uint8Array }): AcceptedFile | Extract<AttachmentCheck, { ok: false }> {
  const check = checkAttachment({ fileName: input.fileName, size: input.bytes.byteLength, head: input.bytes.subarray(0, 16) });
  if (!check.ok) return check;
  return { ...check, sha256: sha256Of(input.bytes), size: input.bytes.byteLength };
}

/** Stores the bytes (unless already stored) inside the caller's transaction; returns their SHA-256. */
export async function storeFileBytes(tx: Prisma.TransactionClient, input: { bytes: Uint8Array; contentType: string; now: Date }): Promise<string> {
  const sha256 = sha256Of(input.bytes);
  await tx.$executeRaw`
    INSERT INTO "StoredFile" (sha256, size, "contentType", bytes, "createdAt")
    VALUES (${sha256}, ${input.bytes.byteLength}::int, ${input.contentType}, ${Buffer.from(input.bytes)}, ${input.now})
    ON CONFLICT (sha256) DO NOTHING`;
  return sha256;
}
