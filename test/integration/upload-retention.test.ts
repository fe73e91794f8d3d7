import { chmod, mkdtemp, readdir, rm, stat, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { ensureUser } from "~/demo/factories.server";
import { retryImportBatch } from "~/ingest/pipeline/import-batches.server";
import { measureStoredUploads, pruneUploads } from "~/ingest/pipeline/prune-uploads.server";
import { storeUpload } from "~/ingest/pipeline/uploads.server";
import { loader as settingsLoader } from "~/routes/_app.settings._index";
import { useOwnDatabase } from "../support/own-database";
import { buildRequest, runRoute, sessionCookieFor } from "../support/route-harness";

// Pruning looks at every stored file and every batch: this file has a database and an upload folder of its own.

let restoreDatabase: () => Promise<void>;
let uploads: string;
const previousUploads = process.env.OVERSIGHT_UPLOAD_DIR;
let adminId: number;
let vendorManagerId: number;

beforeAll(async () => {
  restoreDatabase = await useOwnDatabase("upload_retention");
  uploads = await mkdtemp(path.join(os.tmpdir(), "oversight-upload-retention-"));
  process.env.OVERSIGHT_UPLOAD_DIR = path.join(uploads, "store");
  adminId = await ensureUser({ email: "retention-admin@uploads.test", name: "Ada Admin", role: "ADMIN" });
  vendorManagerId = await ensureUser({ email: "retention-vm@uploads.test", name: "Vera Vendor", role: "VENDOR_MANAGER" });
});

afterAll(async () => {
  process.env.OVERSIGHT_UPLOAD_DIR = previousUploads;
  await restoreDatabase();
  await rm(uploads, { recursive: true, force: true });
});

const now = new Date("2026-12-04T10:00:00Z");
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
const daysAgo = (days: number) => hoursAgo(days * 24);

/** Stores `content` as an upload would and dates the file `age` before `now`. */
async function storedAt(content: string, modifiedAt: Date): Promise<string> {
  const stored = await storeUpload(Readable.from([Buffer.from(content)]));
  await utimes(stored.absolutePath, modifiedAt, modifiedAt);
  return stored.relativePath;
}

async function batchFor(file: string, status: "QUEUED" | "RUNNING" | "COMMITTED" | "FAILED", finishedAt: Date | null, createdAt: Date) {
  return getPrisma().importBatch.create({
    data: { kind: "PLACEMENTS", source: "CLI", fileName: `${status}.csv`, fileSha256: file, fileSize: 10n, status, storedFilePath: file, createdAt, finishedAt },
    select: { id: true },
  });
}

describe("stored uploads", () => {
  test("the folder is private and each file is 0600", async () => {
    const file = await storedAt("private,bytes\n", now);
    expect((await stat(process.env.OVERSIGHT_UPLOAD_DIR ?? "")).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(process.env.OVERSIGHT_UPLOAD_DIR ?? "", file))).mode & 0o777).toBe(0o600);
  });

  test("a folder the upload folder is created in keeps its own mode (as root, .data/postgres must stay reachable)", async () => {
    const previous = process.env.OVERSIGHT_UPLOAD_DIR;
    const parent = await mkdtemp(path.join(os.tmpdir(), "oversight-upload-parent-"));
    await chmod(parent, 0o755);
    process.env.OVERSIGHT_UPLOAD_DIR = path.join(parent, "data", "uploads");
    try {
      await storedAt("parent,mode\n", now);
      expect((await stat(path.join(parent, "data"))).mode & 0o777).not.toBe(0o700);
      expect((await stat(path.join(parent, "data", "uploads"))).mode & 0o777).toBe(0o700);
    } finally {
      process.env.OVERSIGHT_UPLOAD_DIR = previous;
      await rm(parent, { recursive: true, force: true });
    }
  });

  test("unconfirmed previews after 24 hours, imported files after the retention; files in use or recent stay", async () => {
    await rm(process.env.OVERSIGHT_UPLOAD_DIR ?? "", { recursive: true, force: true });
    const files = {
      freshPreview: await storedAt("fresh preview\n", hoursAgo(23)),
      stalePreview: await storedAt("stale preview\n", hoursAgo(25)),
      recentImport: await storedAt("recent import\n", daysAgo(100)),
      oldImport: await storedAt("old import\n", daysAgo(100)),
      oldFailed: await storedAt("old failed\n", daysAgo(100)),
      queued: await storedAt("queued for ages\n", daysAgo(100)),
      running: await storedAt("running\n", daysAgo(100)),
      reusedRecently: await storedAt("imported twice\n", daysAgo(100)),
    };
    // A crash's leftover partial write is an unconfirmed preview too.
    const partial = path.join(process.env.OVERSIGHT_UPLOAD_DIR ?? "", ".incoming-0123456789abcdef");
    await writeFile(partial, "half");
    await utimes(partial, hoursAgo(30), hoursAgo(30));

    await batchFor(files.recentImport, "COMMITTED", daysAgo(89), daysAgo(100));
    const oldImport = await batchFor(files.oldImport, "COMMITTED", daysAgo(91), daysAgo(91));
    const oldFailed = await batchFor(files.oldFailed, "FAILED", daysAgo(95), daysAgo(95));
    await batchFor(files.queued, "QUEUED", null, daysAgo(100));
    await batchFor(files.running, "RUNNING", null, daysAgo(100));
    await batchFor(files.reusedRecently, "COMMITTED", daysAgo(99), daysAgo(99));
    await batchFor(files.reusedRecently, "FAILED", daysAgo(2), daysAgo(2));

    const result = await pruneUploads({ now, retentionDays: 90 });
    expect(result).toEqual({ previewsDeleted: 2, importedDeleted: 2, bytesFreed: "stale preview\n".length + 4 + "old import\n".length + "old failed\n".length });

    const left = (await readdir(process.env.OVERSIGHT_UPLOAD_DIR ?? "")).sort();
    expect(left).toEqual([files.freshPreview, files.recentImport, files.queued, files.running, files.reusedRecently].sort());

    // The batches of deleted files no longer point at them, and a failed one says it cannot be retried.
    const prisma = getPrisma();
    expect((await prisma.importBatch.findUniqueOrThrow({ where: { id: oldImport.id } })).storedFilePath).toBeNull();
    expect((await prisma.importBatch.findUniqueOrThrow({ where: { id: oldFailed.id } })).storedFilePath).toBeNull();
    expect(await retryImportBatch(oldFailed.id)).toEqual({ status: "not-retryable", reason: "the uploaded file is no longer stored; upload it again" });

    // Nothing more to do half an hour later; the default retention comes from the environment (90 days).
    expect(await pruneUploads({ now: new Date(now.getTime() + 1_800_000) })).toEqual({ previewsDeleted: 0, importedDeleted: 0, bytesFreed: 0 });
    // A shorter retention takes the import finished 89 days ago too, but not the file a batch used 2 days ago.
    expect(await pruneUploads({ now, retentionDays: 30 })).toEqual({ previewsDeleted: 0, importedDeleted: 1, bytesFreed: "recent import\n".length });
    expect(await readdir(process.env.OVERSIGHT_UPLOAD_DIR ?? "")).toContain(files.reusedRecently);
  });

  test("Settings shows administrators the space the stored uploads use, and nobody else", async () => {
    await rm(process.env.OVERSIGHT_UPLOAD_DIR ?? "", { recursive: true, force: true });
    await storedAt("x".repeat(300_000), now);
    await storedAt("y".repeat(224_288), now);
    expect(await measureStoredUploads()).toEqual({ files: 2, bytes: 524_288, retentionDays: 90 });

    const admin = await runRoute(settingsLoader, buildRequest("/settings", { cookie: await sessionCookieFor(adminId) }));
    expect(admin.status).toBe(200);
    expect((admin.body as { storage: unknown }).storage).toEqual({ files: 2, bytes: 524_288, retentionDays: 90 });

    const vendorManager = await runRoute(settingsLoader, buildRequest("/settings", { cookie: await sessionCookieFor(vendorManagerId) }));
    expect((vendorManager.body as { storage: unknown }).storage).toBeNull();
  });
});
