import { spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { createAgency } from "~/demo/factories.server";
import { getImportBatch, retryImportBatch } from "~/ingest/pipeline/import-batches.server";
import { runImportBatch } from "~/ingest/pipeline/run-import-batch.server";
import { stopQueue } from "~/jobs/queue.server";
import { csv, importFile } from "../support/import-harness";

afterAll(async () => {
  await stopQueue();
});

const rowCount = 150_000;

test("an import killed mid-way leaves nothing of its batch, and running it again imports everything once", { timeout: 480_000 }, async () => {
  const prisma = getPrisma();
  const agencyId = await createAgency({ code: "CRASH01", name: "Crash test agency" });
  await importFile({ kind: "PLACEMENTS", fileName: "crash-placements.csv", content: csv([["account_number", "customer_id", "agency_code", "placed_at", "placed_balance"], ["CRASH-ACC", "CRASH-CUST", "CRASH01", "2026-01-01", "100.00"]]) });

  const lines = ["event_id,account_number,agent_id,occurred_at,type,outcome"];
  for (let index = 0; index < rowCount; index++) lines.push(`K-${index},CRASH-ACC,A1,2026-02-01 10:${String(index % 60).padStart(2, "0")},CALL,NO_ANSWER`);
  const directory = await mkdtemp(path.join(os.tmpdir(), "oversight-crash-"));
  const file = path.join(directory, "big.csv");
  await writeFile(file, `${lines.join("\n")}\n`);

  // The real CLI in a child process (which runs the import in a worker process of its own), both killed without
  // warning once some rows are read: the process group, as when the machine goes down.
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/oversight.ts", "import", "--kind", "activities", "--agency", "CRASH01", file], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    env: process.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  // What the CLI said, for a failure below: a CLI that ended early, or waited on something, says why.
  const output: string[] = [];
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  let exitCode: number | null | undefined;
  child.once("exit", (code) => (exitCode = code));
  let batchId: number | undefined;
  // Generous: on a loaded machine the CLI, its worker process and the parsing thread take minutes to start.
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const found = await prisma.importBatch.findFirst({ where: { agencyId, fileName: "big.csv" }, orderBy: { id: "desc" }, select: { id: true } });
    // As the batch page reads it: a running batch's rows read so far are its progress, written outside its transaction.
    const batch = found ? await getImportBatch(found.id) : null;
    if (batch && batch.status === "RUNNING" && batch.processedRows > 0) {
      batchId = batch.id;
      break;
    }
    if (batch?.status === "COMMITTED") throw new Error("the import finished before it could be killed; raise rowCount");
    if (exitCode !== undefined) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(batchId, `no running batch with rows read; the CLI ${exitCode === undefined ? "was still running" : `had ended (${exitCode})`} and said:\n${output.join("").slice(-3000)}`).toBeDefined();
  const exited = exitCode !== undefined ? Promise.resolve() : new Promise((resolve) => child.once("exit", resolve));
  process.kill(-(child.pid ?? 0), "SIGKILL");
  await exited;

  const id = batchId ?? 0;
  expect(await prisma.activityEvent.count({ where: { importBatchId: id } })).toBe(0);
  expect(await prisma.importRowError.count({ where: { batchId: id } })).toBe(0);
  expect((await prisma.importBatch.findUniqueOrThrow({ where: { id } })).status).toBe("RUNNING");

  // The dead process's lock is gone (once PostgreSQL has seen its connection close), so the batch may be run again,
  // and it imports every row exactly once.
  let retried = await retryImportBatch(id);
  for (let tries = 0; retried.status !== "queued" && tries < 100; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    retried = await retryImportBatch(id);
  }
  expect(retried).toEqual({ status: "queued" });
  expect(await runImportBatch(id)).toBe("committed");
  const batch = await prisma.importBatch.findUniqueOrThrow({ where: { id } });
  expect(batch).toMatchObject({ status: "COMMITTED", totalRows: rowCount, acceptedRows: rowCount, rejectedRows: 0 });
  expect(await prisma.activityEvent.count({ where: { agencyId } })).toBe(rowCount);
});
