import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createApiToken } from "~/api-tokens/api-tokens.server";
import { getPrisma } from "~/db/client.server";
import { createAgency, createPlacedAccount, ensureUser } from "~/demo/factories.server";
import { csv } from "../support/import-harness";
import { workbookWithSharedStrings } from "../support/generated-workbook";
import { useOwnDatabase } from "../support/own-database";
import { sessionCookieFor } from "../support/route-harness";
import { renderStoredImportText } from "~/ingest/rows/import-message";

// The real server process (development mode: Vite middleware, no build needed) with its supervised worker child,
// driven over real HTTP. The worker's heap limit is set low enough that a workbook well inside any input limit (a
// shared-strings table of 800,000 entries of some 30 Chinese and Latin characters, under the input limits' count and
// size) cannot be read in it, so the worker dies of memory
// on every attempt, whatever limits refuse larger files before that.

const projectRoot = path.resolve(import.meta.dirname, "../..");
const WORKER_HEAP_MB = 112;
const activityHeader = ["event_id", "account_number", "agent_id", "occurred_at", "type", "outcome"];
const acknowledgmentHeader = ["account_number", "placed_at", "status"];

let restoreDatabase: () => Promise<void>;
let server: ChildProcess | undefined;
let baseUrl = "";
let serverLog = "";
let token = "";
let accountNumber = "";
let agencyId = 0;
const cookies: string[] = [];

async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, "127.0.0.1");
  await once(probe, "listening");
  const address = probe.address();
  probe.close();
  return typeof address === "object" && address ? address.port : 0;
}

beforeAll(async () => {
  // Its own database: the server's worker takes every queued job, which must not be the other test files' jobs.
  restoreDatabase = await useOwnDatabase("worker_death");
  agencyId = await createAgency({ code: "WDEATH", name: "Worker death agency" });
  accountNumber = (await createPlacedAccount({ agencyId })).accountNumber;
  const adminId = await ensureUser({ email: "admin@worker-death.test", name: "Admin", role: "ADMIN" });
  token = (await createApiToken({ agencyId, name: "dialler", createdById: adminId })).token;
  for (let index = 0; index < 5; index++) {
    const userId = await ensureUser({ email: `viewer-${index}@worker-death.test`, name: `Viewer ${index}`, role: "VENDOR_MANAGER" });
    cookies.push(await sessionCookieFor(userId));
  }

  const port = await freePort();
  server = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: projectRoot,
    env: { ...process.env, NODE_ENV: "development", ROLE: "all", PORT: String(port), HOST: "127.0.0.1", WORKER_HEAP_MB: String(WORKER_HEAP_MB), NODE_OPTIONS: "" },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so that cleaning up reaches the worker child too.
    detached: true,
  });
  const listening = new Promise<void>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      serverLog += chunk.toString("utf8");
      if (/listening on/.test(serverLog)) resolve();
    };
    server?.stdout?.on("data", collect);
    server?.stderr?.on("data", collect);
    server?.once("exit", (code) => reject(new Error(`the server exited (${code}) before listening:\n${serverLog}`)));
  });
  await listening;
  baseUrl = `http://127.0.0.1:${port}`;
  // Each page once before the clock starts: in development mode Vite compiles a route on its first request.
  for (const page of pages) expect((await fetch(`${baseUrl}${page}`, { headers: { cookie: cookies[0] ?? "" } })).status).toBe(200);
}, 300_000);

afterAll(async () => {
  if (server?.pid && server.exitCode === null) {
    const exited = once(server, "exit");
    process.kill(-server.pid, "SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
    if (server.exitCode === null) process.kill(-server.pid, "SIGKILL");
  }
  await restoreDatabase?.();
});

const pages = ["/imports", "/"];

async function postActivities(body: Buffer | string, contentType: string, kind = "activities"): Promise<{ status: number; json: { batchId?: number; status?: string } }> {
  const response = await fetch(`${baseUrl}/api/v1/imports?kind=${kind}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": contentType }, body: typeof body === "string" ? body : new Uint8Array(body) });
  return { status: response.status, json: (await response.json()) as { batchId?: number; status?: string } };
}

async function waitForBatch(batchId: number, done: (status: string) => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const batch = await getPrisma().importBatch.findUniqueOrThrow({ where: { id: batchId } });
    if (done(batch.status)) return batch;
    if (Date.now() > deadline) throw new Error(`batch ${batchId} is still ${batch.status}; server output:\n${serverLog.slice(-4000)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const hostileOptions = { extraSharedStrings: 800_000, padding: " 催收记录备注催收记录备注催收记" };

// Activity files are parsed on a thread with a heap of its own (ADR 043): the same workbook fails there at once, with
// its reason, and the worker process never dies of it.
test("an activity file too large for the parsing thread's memory fails at the first attempt with the reason; the worker lives on", { timeout: 400_000 }, async () => {
  const deathsBefore = serverLog.match(/worker process \d+ died/g)?.length ?? 0;
  const hostile = workbookWithSharedStrings([activityHeader, ["E-HOSTILE-0", accountNumber, "A1", "2026-02-01 09:00", "CALL", "NO_ANSWER"]], hostileOptions);
  const submitted = await postActivities(hostile, xlsxType);
  expect(submitted.status).toBe(202);
  const failed = await waitForBatch(submitted.json.batchId ?? 0, (status) => status === "FAILED" || status === "COMMITTED", 300_000);
  expect(failed).toMatchObject({ status: "FAILED", attempts: 1 });
  expect(renderStoredImportText(failed.errorMessage ?? "", "en")).toMatch(/^upload.xlsx: the file needs more memory than reading it may use \(\d+ MB\), so nothing was imported/);
  expect(renderStoredImportText(failed.errorMessage ?? "", "zh-CN")).toMatch(/读取该文件所需内存超过了允许的 \d+ MB/);
  expect(serverLog.match(/worker process \d+ died/g)?.length ?? 0).toBe(deathsBefore);
});

test("a file that kills its worker twice ends FAILED with the reason while every page still answers, and the next import commits", { timeout: 400_000 }, async () => {
  // Acknowledgment files are read in the worker process itself, whose heap is the one this test keeps small.
  const hostile = workbookWithSharedStrings([acknowledgmentHeader, [accountNumber, "2026-01-01", "ACCEPTED"]], hostileOptions);

  // Five signed-in clients keep requesting pages for as long as the worker takes to die twice.
  const statuses: number[] = [];
  const failures: string[] = [];
  let stop = false;
  const clients = cookies.map(async (cookie, client) => {
    for (let request = client; !stop; request++) {
      const page = pages[request % pages.length] ?? "/";
      try {
        const response = await fetch(`${baseUrl}${page}`, { headers: { cookie } });
        statuses.push(response.status);
        if (response.status !== 200) failures.push(`${page}: ${response.status}`);
        await response.text();
      } catch (error) {
        statuses.push(0);
        failures.push(`${page}: ${error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : String(error)}`);
      }
    }
  });

  const submitted = await postActivities(hostile, xlsxType, "acknowledgments");
  expect(submitted.status).toBe(202);
  const batchId = submitted.json.batchId ?? 0;
  const failed = await waitForBatch(batchId, (status) => status === "FAILED" || status === "COMMITTED", 300_000);
  stop = true;
  await Promise.all(clients);

  expect(failed.status).toBe("FAILED");
  expect(failed.attempts).toBe(2);
  expect(renderStoredImportText(failed.errorMessage ?? "", "en")).toMatch(/^The file needs more memory than an import may use: its shared-strings table expands to \d+ MB\./);
  expect(serverLog.match(/worker process \d+ died/g)?.length).toBeGreaterThanOrEqual(2);
  expect(statuses.length).toBeGreaterThan(5);
  expect(failures).toEqual([]);

  // The restarted worker takes the next upload, which commits.
  const normal = await postActivities(csv([activityHeader, ["E-NORMAL-1", accountNumber, "A1", "2026-02-01 11:00", "CALL", "NO_ANSWER"]]), "text/csv");
  expect(normal.status).toBe(202);
  const committed = await waitForBatch(normal.json.batchId ?? 0, (status) => status === "FAILED" || status === "COMMITTED", 120_000);
  expect(committed).toMatchObject({ status: "COMMITTED", acceptedRows: 1, attempts: 1 });
});
