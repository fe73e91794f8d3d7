// Attached files' bytes, kept once per SHA-256 in StoredFile whichever record attaches them (findings, complaints):
// the type and size checks of attachment-type.ts, then one insert that a second copy of the same bytes skips.
import { createHash } from "node:crypto";
import type { Prisma } from "~/generated/prisma/client";
import { checkAttachment, type AttachmentCheck } from "~/findings/attachment-type";

export type AcceptedFile = Extract<AttachmentCheck, { ok: true }> & { sha256: string; size: number };

/** Checks a file (name, size, first bytes) and hashes it; the refusal says why in its reason and message. */
export function acceptAttachment(input: { fileName: string; bytes: Uint8Array }): AcceptedFile | Extract<AttachmentCheck, { ok: false }> {
  const check = checkAttachment({ fileName: input.fileName, size: input.bytes.byteLength, head: input.bytes.subarray(0, 16) });
  if (!check.ok) return check;
  return { ...check, sha256: createHash("sha256").update(input.bytes).digest("hex"), size: input.bytes.byteLength };
}

/** Stores the bytes in the caller's transaction (nothing when the same bytes are already stored). */
export async function storeFileBytes(tx: Prisma.TransactionClient, file: { sha256: string; contentType: string; bytes: Uint8Array }, now: Date): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "StoredFile" (sha256, size, "contentType", bytes, "createdAt")
    VALUES (${file.sha256}, ${file.bytes.byteLength}::int, ${file.contentType}, ${Buffer.from(file.bytes)}, ${now})
    ON CONFLICT (sha256) DO NOTHING`;
}
