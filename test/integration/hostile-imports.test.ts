// The hostile-input suite through the real pipeline: each file of test/support/hostile-files.ts is submitted as
// an upload (submitImport: stored, header checked) and, when queued, imported by the job (runImportBatch). Each
// must end refused or FAILED with its specific message, with none of its rows stored, and the process must go on
// answering. A 2 GB stream of commas is sent to POST /api/v1/imports and refused while it streams in: it is never
// generated whole, never stored, and the upload folder is left empty.
import { createReadStream, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApiToken } from "~/api-tokens/api-tokens.server";
import { getPrisma } from "~/db/client.server";
import { createAgency, ensureUser } from "~/demo/factories.server";
import { runImportBatch } from "~/ingest/pipeline/run-import-batch.server";
import { submitImport } from "~/ingest/pipeline/submit-import.server";
import { stopQueue } from "~/jobs/queue.server";
import * as importsApi from "~/routes/api.v1.imports";
import { hostileCases, writeHostileFiles } from "../support/hostile-files";
import { renderStoredImportText, renderStoredRowError } from "~/ingest/rows/import-message";

const suffix = Date.now().toString(36).toUpperCase();
let agencyId: number;
let token: string;
let files: Map<string, string>;
let filesDirectory: string;
let uploadDirectory: string;
const previousUploadDirectory = process.env.OVERSIGHT_UPLOAD_DIR;

beforeAll(async () => {
  // A private upload folder (this file runs in its own process), so that what is left in it is this file's doing.
  uploadDirectory = mkdtempSync(path.join(tmpdir(), "hostile-uploads-"));
  process.env.OVERSIGHT_UPLOAD_DIR = uploadDirectory;
  filesDirectory = mkdtempSync(path.join(tmpdir(), "hostile-imports-"));
  files = await writeHostileFiles(filesDirectory);
  agencyId = await createAgency({ code: `HOST${suffix}`, name: "Hostile files agency" });
  const adminId = await ensureUser({ email: `admin-${suffix.toLowerCase()}@hostile.test`, name: "Hostile admin", role: "ADMIN" });
  token = (await createApiToken({ agencyId, name: "hostile", createdById: adminId })).token;
}, 600_000);

afterAll(async () => {
  await stopQueue();
  process.env.OVERSIGHT_UPLOAD_DIR = previousUploadDirectory;
  rmSync(filesDirectory, { recursive: true, force: true });
  rmSync(uploadDirectory, { recursive: true, force: true });
});

async function serverAnswers(): Promise<void> {
  const [row] = await getPrisma().$queryRaw<{ answer: number }[]>`SELECT 1 AS answer`;
  expect(row?.answer).toBe(1);
}

describe("hostile files through submitImport and the import job", () => {
  test.each(hostileCases.map((hostile) => [hostile.name, hostile] as const))("%s", async (_name, hostile) => {
    const submitted = await submitImport({
      kind: "ACTIVITIES",
      agencyId,
      source: "CLI",
      fileName: hostile.fileName,
      body: createReadStream(files.get(hostile.fileName) ?? ""),
      // Problems confined to rows fail the batch only in strict mode.
      strict: hostile.rowLevel === true,
      enqueue: false,
    });
    let batchId: number | null = null;
    if (submitted.status === "queued") {
      batchId = submitted.batchId;
      expect(await runImportBatch(batchId, { runStages: false })).toBe("failed");
      const batch = await getPrisma().importBatch.findUniqueOrThrow({ where: { id: batchId } });
      expect(batch.status).toBe("FAILED");
      if (hostile.rowLevel) {
        expect(renderStoredImportText(batch.errorMessage ?? "", "en")).toContain("Strict import");
        const rowErrors = await getPrisma().importRowError.findMany({ where: { batchId, rowNumber: hostile.expected.rowNumber } });
        expect(rowErrors.map((rowError) => renderStoredRowError(rowError.message, "en")).join(" | ")).toMatch(hostile.expected.message);
      } else {
        expect(renderStoredImportText(batch.errorMessage ?? "", "en")).toMatch(hostile.expected.message);
      }
    } else {
      expect(submitted, JSON.stringify(submitted)).toMatchObject({ status: "rejected" });
      expect(hostile.rowLevel, JSON.stringify(submitted)).not.toBe(true);
      expect(hostile.rowLevel).not.toBe(true);
      expect(submitted).toMatchObject({ status: "rejected", code: "FILE_UNREADABLE" });
      if (submitted.status !== "rejected") return;
      expect(submitted.message).toMatch(hostile.expected.message);
      batchId = submitted.batchId;
      if (batchId !== null) {
        const failed = await getPrisma().importBatch.findUniqueOrThrow({ where: { id: batchId } });
        expect(failed.status).toBe("FAILED");
        expect(renderStoredImportText(failed.errorMessage ?? "", "en")).toBe(submitted.message);
      }
    }
    if (batchId !== null) expect(await getPrisma().activityEvent.count({ where: { importBatchId: batchId } })).toBe(0);
    await serverAnswers();
  });
});

describe("a 2 GB stream of commas sent to the API", () => {
  const TWO_GB = 2 * 1000 ** 3;

  function commas(sent: { bytes: number }): ReadableStream<Uint8Array> {
    const chunk = new Uint8Array(1024 * 1024).fill(0x2c);
    return new ReadableStream({
      pull(controller) {
        if (sent.bytes >= TWO_GB) return controller.close();
        const size = Math.min(chunk.length, TWO_GB - sent.bytes);
        sent.bytes += size;
        controller.enqueue(size === chunk.length ? chunk : chunk.subarray(0, size));
      },
    });
  }

  const upload = (body: ReadableStream<Uint8Array> | string, fileName: string) =>
    importsApi.action({
      request: new Request(`http://test.local/api/v1/imports?filename=${fileName}`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" },
        body,
        duplex: "half",
      } as RequestInit),
      params: {},
      context: {},
    });

  test("is refused by the record limits after its first megabytes, with nothing stored, and the API answers the next upload", async () => {
    const storedBefore = readdirSync(uploadDirectory).sort();
    const sent = { bytes: 0 };
    const response = await upload(commas(sent), "commas-2gb.csv");
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { code: string; message: string }; batchId: number | null };
    expect(body.error.code).toBe("FILE_UNREADABLE");
    expect(body.error.message).toBe("commas-2gb.csv: row 1 has more than 16,384 columns (at least 16,385).");
    expect(body.batchId).toBeNull();
    // The stream was stopped, not read to its end: a few chunks of read-ahead at most.
    expect(sent.bytes).toBeLessThan(64 * 1024 * 1024);
    // Nothing new in the upload folder: no stored file, no partial one.
    expect(readdirSync(uploadDirectory).sort()).toEqual(storedBefore);
    expect(await getPrisma().importBatch.count({ where: { fileName: "commas-2gb.csv" } })).toBe(0);

    const next = await upload("event_id,account_number,agent_id,occurred_at,type,outcome\r\nE1,6222000000000001,A001,2026-03-02 09:00,CALL,NO_ANSWER\r\n", "after.csv");
    expect(next.status).toBe(202);
  });
});
