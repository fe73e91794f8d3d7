import { mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getPool } from "~/db/pg.server";
import { pruneUploads } from "~/ingest/pipeline/prune-uploads.server";
import { UploadStoreNotSharedError, uploadStoreMarkerName, verifyUploadStore } from "~/ingest/pipeline/upload-store.server";
import { useOwnDatabase } from "../support/own-database";

// A web or worker process whose OVERSIGHT_UPLOAD_DIR is not the shared upload store must refuse to start: the
// database names the store, the store holds the name's marker file.

let restoreDatabase: () => Promise<void>;
let scratch: string;
const previousUploads = process.env.OVERSIGHT_UPLOAD_DIR;

beforeAll(async () => {
  restoreDatabase = await useOwnDatabase("upload_store");
  scratch = await mkdtemp(path.join(os.tmpdir(), "oversight-upload-store-"));
});

afterAll(async () => {
  process.env.OVERSIGHT_UPLOAD_DIR = previousUploads;
  await restoreDatabase();
  await rm(scratch, { recursive: true, force: true });
});

describe("the shared upload store", () => {
  test("processes starting together on a new database name one store, and each finds its marker", async () => {
    const shared = path.join(scratch, "shared");
    const checks = await Promise.all([verifyUploadStore({ directory: shared }), verifyUploadStore({ directory: shared }), verifyUploadStore({ directory: shared })]);
    expect(new Set(checks.map((check) => check.storeId)).size).toBe(1);
    expect(checks.filter((check) => check.created)).toHaveLength(1);
    const { rows } = await getPool().query<{ storeId: string }>(`SELECT "storeId" FROM "UploadStore"`);
    expect(rows).toEqual([{ storeId: checks[0]!.storeId }]);
    expect(await readdir(shared)).toEqual([uploadStoreMarkerName(checks[0]!.storeId)]);
    // The store is private like every upload folder.
    expect((await stat(shared)).mode & 0o777).toBe(0o700);
    const again = await verifyUploadStore({ directory: shared });
    expect(again).toMatchObject({ storeId: checks[0]!.storeId, created: false });
  });

  test("a machine pointed at a directory of its own is refused, naming the directory, the marker and the README section", async () => {
    const local = path.join(scratch, "local-disk");
    const refusal = await verifyUploadStore({ directory: local }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(UploadStoreNotSharedError);
    const message = (refusal as Error).message;
    expect(message).toContain(local);
    expect(message).toContain("Running on several machines");
    expect(message).toMatch(/\.oversight-upload-store-[0-9a-f-]{36}/);
    // Nothing was written: neither a second store in the database nor a marker in the wrong directory.
    expect((await getPool().query(`SELECT 1 FROM "UploadStore"`)).rowCount).toBe(1);
    await expect(readdir(local)).rejects.toMatchObject({ code: "ENOENT" });
  });

  test("an operator adopts a replacement store by creating the marker the message names", async () => {
    const replacement = path.join(scratch, "restored");
    const refusal = (await verifyUploadStore({ directory: replacement }).catch((error: unknown) => error)) as UploadStoreNotSharedError;
    await rm(replacement, { recursive: true, force: true });
    await mkdir(replacement, { recursive: true });
    await writeFile(refusal.markerPath, "");
    await expect(verifyUploadStore({ directory: replacement })).resolves.toMatchObject({ created: false, directory: replacement });
  });

  test("upload housekeeping never deletes the marker, however old", async () => {
    const shared = path.join(scratch, "shared");
    process.env.OVERSIGHT_UPLOAD_DIR = shared;
    const { markerPath } = await verifyUploadStore();
    const longAgo = new Date("2020-01-01T00:00:00Z");
    await utimes(markerPath, longAgo, longAgo);
    await pruneUploads({ now: new Date("2026-12-06T00:00:00Z"), retentionDays: 1 });
    await expect(stat(markerPath)).resolves.toBeTruthy();
    await expect(verifyUploadStore()).resolves.toMatchObject({ created: false });
  });
});
