// The import page stores an upload, previews it, and imports it on confirmation, carrying only its SHA-256
// between the steps. A hash is not a secret (it is shown on batch pages and computable by anyone holding the
// file), so the steps also check that the signed-in user is the one who sent those bytes, recently.
import { getPrisma } from "~/db/client.server";

/** Long enough for someone to go through the preview and fix a mapping; a day later, upload the file again. */
export const uploadGrantHours = 24;

export async function grantUpload(sha256: string, userId: number, now = new Date()): Promise<void> {
  // Uploading the same bytes again renews the grant.
  await getPrisma().uploadGrant.upsert({ where: { sha256_userId: { sha256, userId } }, create: { sha256, userId, createdAt: now }, update: { createdAt: now } });
}

export async function hasUploadGrant(sha256: string, userId: number, now = new Date()): Promise<boolean> {
  const grant = await getPrisma().uploadGrant.findUnique({ where: { sha256_userId: { sha256, userId } }, select: { createdAt: true } });
  return grant !== null && now.getTime() - grant.createdAt.getTime() < uploadGrantHours * 3_600_000;
}
