import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { chmod, mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { projectRoot } from "~/db/database-url.server";
import type { ByteSource } from "./byte-source";

/** Uploaded files are kept (content-addressed by SHA-256) so that a failed import job can be retried. */
export function uploadDirectory(): string {
  return process.env.OVERSIGHT_UPLOAD_DIR || path.join(projectRoot(), ".data", "uploads");
}

export type StoredUpload = { relativePath: string; absolutePath: string; sha256: string; size: number };

/** Streams the upload to disk while hashing it: the file is never held in memory, whatever its size. */
export async function storeUpload(body: ByteSource): Promise<StoredUpload> {
  const directory = uploadDirectory();
  // Personal data: the folder and its files are for the server's user only, whatever the umask (and a folder made
  // by an earlier version is tightened too).
  await mkdir(directory, { recursive: true, mode: 0o700 });
  await chmod(directory, 0o700);
  const partial = path.join(directory, `.incoming-${randomBytes(8).toString("hex")}`);
  const hash = createHash("sha256");
  let size = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  try {
    await pipeline(body as Readable, measure, createWriteStream(partial, { mode: 0o600 }));
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  const sha256 = hash.digest("hex");
  const relativePath = sha256;
  const absolutePath = path.join(directory, relativePath);
  // Same bytes, same name: a resend replaces an identical file.
  await rename(partial, absolutePath);
  return { relativePath, absolutePath, sha256, size };
}

export function openStoredUpload(relativePath: string): Readable {
  return createReadStream(path.join(uploadDirectory(), relativePath), { highWaterMark: 256 * 1024 });
}

export async function storedUploadExists(relativePath: string): Promise<boolean> {
  try {
    return (await stat(path.join(uploadDirectory(), relativePath))).isFile();
  } catch {
    return false;
  }
}
