import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { chmod, mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { once } from "node:events";
import { PassThrough, Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { uploadDirectorySetting } from "~/env.server";
import { projectRoot } from "~/project-root.server";
import type { ByteSource } from "../readers/byte-source";

/** Uploaded files are kept (content-addressed by SHA-256) so that a failed import job can be retried. */
export function uploadDirectory(): string {
  return uploadDirectorySetting() ?? path.join(projectRoot(), ".data", "uploads");
}

export type StoredUpload = { relativePath: string; absolutePath: string; sha256: string; size: number };

export interface StoreUploadOptions {
  /**
   * Reads the bytes as they arrive, alongside the copy to disk, for as long as it wants (it may stop early).
   * If it rejects, storing stops at once, the partial file is removed and storeUpload rejects with its error:
   * a file refused by its first megabyte is not received and written whole first.
   */
  inspect?: (bytes: Readable) => Promise<void>;
}

/**
 * Creates the upload folder if needed. Personal data: the folder and its files are for the server's user only,
 * whatever the umask (and a folder made by an earlier version is tightened too). Only the upload folder itself is
 * private: a recursive mkdir would make .data 0700 too, and as root the embedded server's "postgres" user could then
 * no longer reach .data/postgres.
 */
export async function ensureUploadDirectory(directory: string): Promise<void> {
  await mkdir(path.dirname(directory), { recursive: true });
  await mkdir(directory, { recursive: true, mode: 0o700 });
  await chmod(directory, 0o700);
}

/** Streams the upload to disk while hashing it: the file is never held in memory, whatever its size. */
export async function storeUpload(body: ByteSource, options: StoreUploadOptions = {}): Promise<StoredUpload> {
  const directory = uploadDirectory();
  await ensureUploadDirectory(directory);
  const partial = path.join(directory, `.incoming-${randomBytes(8).toString("hex")}`);
  const hash = createHash("sha256");
  let size = 0;
  // The inspector's copy of the stream; it is written only as fast as the inspector reads (backpressure).
  const inspection = options.inspect ? new PassThrough({ highWaterMark: 256 * 1024 }) : null;
  let inspecting = inspection !== null;
  let inspectionFailure: { error: unknown } | null = null;
  const measure: Transform = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      if (inspection === null || !inspecting || inspection.destroyed || inspection.write(chunk)) return callback(null, chunk);
      Promise.race([once(inspection, "drain"), inspected]).then(
        () => callback(null, chunk),
        () => callback(null, chunk),
      );
    },
    flush(callback) {
      inspection?.end();
      callback();
    },
  });
  const inspected: Promise<void> = inspection && options.inspect
    ? options.inspect(inspection).then(
        () => {
          inspecting = false;
          inspection.destroy();
        },
        (error: unknown) => {
          inspecting = false;
          inspectionFailure = { error };
          inspection.destroy();
          measure.destroy(error instanceof Error ? error : new Error(String(error)));
        },
      )
    : Promise.resolve();
  try {
    await pipeline(body as Readable, measure, createWriteStream(partial, { mode: 0o600 }));
    await inspected;
    if (inspectionFailure !== null) throw (inspectionFailure as { error: unknown }).error;
  } catch (error) {
    // The upload failed (too large, connection lost): the inspector is not waiting for more.
    inspection?.destroy();
    await inspected;
    await rm(partial, { force: true });
    throw inspectionFailure !== null ? (inspectionFailure as { error: unknown }).error : error;
  }
  const sha256 = hash.digest("hex");
  const relativePath = sha256;
  const absolutePath = path.join(directory, relativePath);
  // Same bytes, same name: a resend replaces an identical file.
  await rename(partial, absolutePath);
  return { relativePath, absolutePath, sha256, size };
}

export function storedUploadPath(relativePath: string): string {
  return path.join(uploadDirectory(), relativePath);
}

export function openStoredUpload(relativePath: string): Readable {
  return createReadStream(storedUploadPath(relativePath), { highWaterMark: 256 * 1024 });
}

export async function storedUploadExists(relativePath: string): Promise<boolean> {
  try {
    return (await stat(path.join(uploadDirectory(), relativePath))).isFile();
  } catch {
    return false;
  }
}
