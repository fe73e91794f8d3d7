// Uploaded files are personal data at rest. The hourly housekeeping job (auth-housekeeping-queue.server.ts) deletes
// a preview nobody confirmed once its upload grant has expired, and an imported file after the retention
// (OVERSIGHT_UPLOAD_RETENTION_DAYS, default 90) counted from the last batch that used it. A file a batch is still
// waiting for or working on is never deleted. Once a batch's file is gone its storedFilePath is cleared: the batch
// can no longer be retried (retryImportBatch says so), the file has to be uploaded again.
import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { getPrisma } from "~/db/client.server";
import { getEnv } from "~/env.server";
import { uploadGrantHours } from "./upload-grants.server";
import { isUploadStoreMarker } from "./upload-store.server";
import { uploadDirectory } from "./uploads.server";

export type PruneUploadsResult = { previewsDeleted: number; importedDeleted: number; bytesFreed: number };
export type StoredUploadsUsage = { files: number; bytes: number; retentionDays: number };

type StoredFile = { name: string; size: number; modifiedAt: Date };

async function listStoredFiles(directory: string): Promise<StoredFile[]> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const files: StoredFile[] = [];
  for (const name of names) {
    if (isUploadStoreMarker(name)) continue;
    try {
      const info = await stat(path.join(directory, name));
      if (info.isFile()) files.push({ name, size: info.size, modifiedAt: info.mtime });
    } catch {
      // Deleted meanwhile (another server's housekeeping run).
    }
  }
  return files;
}

/** Space the stored uploads take, for Settings. */
export async function measureStoredUploads(): Promise<StoredUploadsUsage> {
  const files = await listStoredFiles(uploadDirectory());
  return { files: files.length, bytes: files.reduce((sum, file) => sum + file.size, 0), retentionDays: getEnv().OVERSIGHT_UPLOAD_RETENTION_DAYS };
}

export async function pruneUploads(options: { now?: Date; retentionDays?: number } = {}): Promise<PruneUploadsResult> {
  const now = options.now ?? new Date();
  const retentionDays = options.retentionDays ?? getEnv().OVERSIGHT_UPLOAD_RETENTION_DAYS;
  const directory = uploadDirectory();
  const files = await listStoredFiles(directory);
  if (files.length === 0) return { previewsDeleted: 0, importedDeleted: 0, bytesFreed: 0 };

  const prisma = getPrisma();
  // Per stored file: is a batch waiting for it or working on it, and when did the last batch using it end.
  const batches = await prisma.importBatch.groupBy({
    by: ["storedFilePath", "status"],
    where: { storedFilePath: { in: files.map((file) => file.name) } },
    _max: { finishedAt: true, createdAt: true },
  });
  const uses = new Map<string, { busy: boolean; lastUsed: number }>();
  for (const batch of batches) {
    if (!batch.storedFilePath) continue;
    const use = uses.get(batch.storedFilePath) ?? { busy: false, lastUsed: 0 };
    use.busy ||= batch.status === "QUEUED" || batch.status === "RUNNING";
    use.lastUsed = Math.max(use.lastUsed, (batch._max.finishedAt ?? batch._max.createdAt ?? now).getTime());
    uses.set(batch.storedFilePath, use);
  }

  const previewCutoff = now.getTime() - uploadGrantHours * 3_600_000;
  const importedCutoff = now.getTime() - retentionDays * 86_400_000;
  const result: PruneUploadsResult = { previewsDeleted: 0, importedDeleted: 0, bytesFreed: 0 };
  for (const file of files) {
    const use = uses.get(file.name);
    if (!use) {
      // A preview never confirmed (or a partial write left by a crash): the grant to confirm it has expired.
      if (file.modifiedAt.getTime() > previewCutoff) continue;
      await rm(path.join(directory, file.name), { force: true });
      result.previewsDeleted += 1;
      result.bytesFreed += file.size;
      continue;
    }
    if (use.busy || use.lastUsed > importedCutoff || file.modifiedAt.getTime() > importedCutoff) continue;
    // The reference goes first: a batch never points at a file that is gone without saying so.
    await prisma.importBatch.updateMany({ where: { storedFilePath: file.name, status: { notIn: ["QUEUED", "RUNNING"] } }, data: { storedFilePath: null } });
    if ((await prisma.importBatch.count({ where: { storedFilePath: file.name } })) > 0) continue;
    await rm(path.join(directory, file.name), { force: true });
    result.importedDeleted += 1;
    result.bytesFreed += file.size;
  }
  return result;
}
