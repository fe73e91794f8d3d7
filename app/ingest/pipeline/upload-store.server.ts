// Several machines share one upload store (README "Running on several machines"): a web process stores an upload,
// any worker on any machine reads it. A machine whose OVERSIGHT_UPLOAD_DIR is a directory of its own would accept
// uploads that the other machines' workers then cannot find — days later, as failed imports. So the database names
// the store (one UploadStore row) and the store holds a marker file with that name; every process checks at start.
import { randomUUID } from "node:crypto";
import { access, writeFile } from "node:fs/promises";
import path from "node:path";
import { locks } from "~/db/advisory-locks";
import { lockForTransaction, withTransaction } from "~/db/pg.server";
import { ensureUploadDirectory, uploadDirectory } from "./uploads.server";

export class UploadStoreNotSharedError extends Error {
  constructor(
    readonly directory: string,
    readonly markerPath: string,
  ) {
    super(
      `The upload directory ${directory} is not the upload store this database uses: its marker file ${path.basename(markerPath)} is missing. ` +
        `Every web and worker process must see the same directory (OVERSIGHT_UPLOAD_DIR on shared storage; README "Running on several machines"). ` +
        `If this directory replaces a lost store on purpose, create the empty file ${markerPath} and start again.`,
    );
    this.name = "UploadStoreNotSharedError";
  }
}

export type UploadStoreCheck = { storeId: string; directory: string; markerPath: string; created: boolean };

const markerPrefix = ".oversight-upload-store-";

/** The marker's file name: one per database, so test and demo databases sharing a directory each keep their own. */
export function uploadStoreMarkerName(storeId: string): string {
  return `${markerPrefix}${storeId}`;
}

/** A marker is not an upload: housekeeping neither counts nor deletes it. */
export function isUploadStoreMarker(fileName: string): boolean {
  return fileName.startsWith(markerPrefix);
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * Checks that `directory` (default: this process's upload directory) is the database's upload store. The first process
 * to start on a database without a store (a new installation or an upgrade) names it and writes the marker, under a
 * lock so that processes starting together agree. Throws UploadStoreNotSharedError when the store is named and its
 * marker is not in the directory.
 */
export async function verifyUploadStore(options: { directory?: string } = {}): Promise<UploadStoreCheck> {
  const directory = path.resolve(options.directory ?? uploadDirectory());
  return withTransaction(async (client) => {
    await lockForTransaction(client, locks.uploadStore);
    const { rows } = await client.query<{ storeId: string }>(`SELECT "storeId" FROM "UploadStore" WHERE id = 1`);
    const named = rows[0]?.storeId;
    if (named !== undefined) {
      const markerPath = path.join(directory, uploadStoreMarkerName(named));
      if (!(await exists(markerPath))) throw new UploadStoreNotSharedError(directory, markerPath);
      return { storeId: named, directory, markerPath, created: false };
    }
    const storeId = randomUUID();
    const markerPath = path.join(directory, uploadStoreMarkerName(storeId));
    await ensureUploadDirectory(directory);
    // Written before the row commits: a crash in between leaves a stray marker, never a row without its file.
    await writeFile(markerPath, `agency-oversight upload store ${storeId}\n`, { flag: "wx" });
    await client.query(`INSERT INTO "UploadStore" (id, "storeId") VALUES (1, $1)`, [storeId]);
    return { storeId, directory, markerPath, created: true };
  });
}
