import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, onTestFailed, test } from "vitest";
import { createApiToken } from "~/api-tokens/api-tokens.server";
import { getPrisma } from "~/db/client.server";
import { createAgency, createPlacedAccount, ensureUser } from "~/demo/factories.server";
import { type AppProcess, freePort, startAppProcess } from "../support/app-processes";
import { csv } from "../support/import-harness";
import { useOwnDatabase } from "../support/own-database";
import { sessionCookieFor } from "../support/route-harness";

// Several machines, simulated on one: two web processes (ROLE=web) and two worker processes (ROLE=worker), each the
// production entry point with its own port, against one PostgreSQL and one shared upload directory. Eight imports
// arrive at once through both web servers — four through the agencies' API, four through the import page, whose
// preview and confirmation go to different servers as a load balancer without sticky sessions would send them —
// while full rule re-evaluations and audit workbooks are requested. Every wait polls the database; nothing is timed.

const projectRoot = path.resolve(import.meta.dirname, "../..");
const ROWS = 1_500;
/** The last OVERLAP events of an agency's first file open its second file: the second import finds them duplicates. */
const OVERLAP = 300;
const BAD_ROWS = 3;
const ACCOUNTS = 40;
const header = ["event_id", "account_number", "agent_id", "occurred_at", "type", "outcome"];

type Agency = { id: number; code: string; accounts: string[]; token: string };
type Planned = { agency: Agency; part: 0 | 1; channel: "api" | "page"; content: string; fileName: string };

let restoreDatabase: (() => Promise<void>) | undefined;
let uploadDirectory = "";
const processes: AppProcess[] = [];
const webUrls: string[] = [];
const agencies: Agency[] = [];
let adminCookie = "";

/** Event n of an agency: the same n always has the same content, whichever file carries it. */
function eventRow(agency: Agency, n: number): string[] {
  const day = String(2 + (n % 20)).padStart(2, "0");
  const hour = String(9 + (n % 9)).padStart(2, "0");
  const minute = String(n % 60).padStart(2, "0");
  return [`${agency.code}-E${n}`, agency.accounts[n % ACCOUNTS] ?? "", `AG${n % 10}`, `2026-10-${day} ${hour}:${minute}`, "CALL", n % 3 === 0 ? "CONNECTED" : "NO_ANSWER"];
}

function plannedFile(agency: Agency, part: 0 | 1, channel: "api" | "page"): Planned {
  const first = part === 0 ? 0 : ROWS - OVERLAP;
  const rows = Array.from({ length: ROWS }, (_, index) => eventRow(agency, first + index));
  // The second file lists its rows backwards: its agents appear in the opposite order to the first file's.
  if (part === 1) rows.reverse();
  for (let bad = 0; bad < BAD_ROWS; bad++) rows.splice(100 * (bad + 1), 0, [`${agency.code}-BAD-${part}-${bad}`, `NOT-PLACED-${bad}`, "AG1", "2026-10-05 10:00", "CALL", "NO_ANSWER"]);
  return { agency, part, channel, content: csv([header, ...rows]), fileName: `${agency.code}-${part}.csv` };
}

function output(): string {
  return processes.map((process) => `==== ${process.name}\n${process.output()}`).join("\n");
}

function requireAlive(waitingFor: string): void {
  for (const process of processes) {
    if (process.child.exitCode !== null || process.child.signalCode !== null) throw new Error(`${process.name} exited while waiting for ${waitingFor}:\n${output().slice(-6000)}`);
  }
}

/** Polls until `done` answers true, failing at once if a process died; no time limit of its own (the test's is the bound). */
async function waitUntil(what: string, done: () => Promise<boolean>): Promise<void> {
  for (;;) {
    requireAlive(what);
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function postForm(base: string, pathAndQuery: string, body: FormData | URLSearchParams): Promise<Response> {
  // As a browser without JavaScript posts the page's form: a document request, answered by a page or a redirect.
  return fetch(`${base}${pathAndQuery}`, { method: "POST", headers: { cookie: adminCookie, origin: base }, body, redirect: "manual" });
}

/**
 * The import page: the upload and its preview on one web server, the confirmation on the other (the preview's form
 * carries only the file's SHA-256 and the mapping, here the canonical columns as they are).
 */
async function importThroughPage(planned: Planned, previewServer: string, confirmServer: string): Promise<number> {
  const form = new FormData();
  form.append("intent", "preview");
  form.append("kind", "ACTIVITIES");
  form.append("agencyId", String(planned.agency.id));
  form.append("file", new File([planned.content], planned.fileName, { type: "text/csv" }));
  const previewed = await postForm(previewServer, "/imports?index", form);
  const page = await previewed.text();
  expect({ status: previewed.status, mappingForm: page.includes('name="col.0"') }).toEqual({ status: 200, mappingForm: true });
  const confirm = new URLSearchParams({ intent: "confirm", sha256: createHash("sha256").update(planned.content).digest("hex"), fileName: planned.fileName, kind: "ACTIVITIES", agencyId: String(planned.agency.id), profileId: "", dateFormat: "", timeZone: "" });
  header.forEach((field, index) => confirm.set(`col.${index}`, field));
  const confirmed = await postForm(confirmServer, "/imports?index", confirm);
  const location = confirmed.headers.get("location") ?? "";
  expect({ status: confirmed.status, location }).toMatchObject({ status: 302, location: expect.stringMatching(/\/imports\/\d+$/) });
  return Number(location.split("/").pop());
}

/** Settings of the rules page: an agency's pack changed, which requests a full re-evaluation. */
async function assignRulePack(base: string, agency: Agency, packCode: string): Promise<void> {
  const response = await postForm(base, "/rules?index", new URLSearchParams({ intent: "assignPack", agencyCode: agency.code, packCode }));
  expect(response.status).toBe(200);
  await response.text();
}

/** The reports page: a month's audit workbook, rendered by a worker. */
async function requestWorkbook(base: string, masked: boolean): Promise<void> {
  const form = new URLSearchParams({ month: "2026-10", agencyId: "" });
  if (masked) form.set("masked", "on");
  const response = await postForm(base, "/reports?index", form);
  expect({ status: response.status, location: response.headers.get("location") }).toMatchObject({ status: 302, location: expect.stringMatching(/\/reports\/\d+$/) });
}

async function importThroughApi(planned: Planned, server: string): Promise<number> {
  const response = await fetch(`${server}/api/v1/imports?kind=activities&filename=${encodeURIComponent(planned.fileName)}`, {
    method: "POST",
    headers: { authorization: `Bearer ${planned.agency.token}`, "content-type": "text/csv" },
    body: planned.content,
  });
  const body = (await response.json()) as { batchId?: number; status?: string };
  expect({ status: response.status, answer: body.status }).toEqual({ status: 202, answer: "queued" });
  return body.batchId ?? 0;
}

beforeAll(async () => {
  if (!existsSync(path.join(projectRoot, "build/server/index.js"))) throw new Error("The production build is missing: run `npm run build` before this test.");
  // Its own database: the workers take every queued job, which must not be the other test files' jobs.
  restoreDatabase = await useOwnDatabase("several_machines");
  // The shared upload store, as a network filesystem mounted at the same path on every machine would be.
  uploadDirectory = await mkdtemp(path.join(os.tmpdir(), "oversight-shared-uploads-"));

  const adminId = await ensureUser({ email: "admin@several-machines.test", name: "Admin", role: "ADMIN" });
  adminCookie = await sessionCookieFor(adminId);
  for (let index = 0; index < 4; index++) {
    const code = `SM${index}`;
    const id = await createAgency({ code, name: `Several machines ${index}` });
    const accounts: string[] = [];
    for (let account = 0; account < ACCOUNTS; account++) accounts.push((await createPlacedAccount({ agencyId: id, accountNumber: `${code}-ACC-${account}` })).accountNumber);
    const token = (await createApiToken({ agencyId: id, name: "dialler", createdById: adminId })).token;
    agencies.push({ id, code, accounts, token });
  }

  const databaseUrl = process.env.DATABASE_URL ?? "";
  const common = { NODE_ENV: "production", DATABASE_URL: databaseUrl, OVERSIGHT_UPLOAD_DIR: uploadDirectory, HOST: "127.0.0.1", WEB_PROCESSES: "1", WORKER_HEAP_MB: "384" };
  // All four start at once, as machines booting together do: each applies the migrations and prepares the database.
  for (const name of ["web-a", "web-b"]) {
    const port = await freePort();
    processes.push(startAppProcess(name, { ...common, ROLE: "web", PORT: String(port) }));
    webUrls.push(`http://127.0.0.1:${port}`);
  }
  for (const name of ["worker-a", "worker-b"]) processes.push(startAppProcess(name, { ...common, ROLE: "worker" }));
  await Promise.all(processes.map((process) => process.printed(process.name.startsWith("web") ? /listening on/ : /worker running/)));
  for (const url of webUrls) {
    const health = await fetch(`${url}/healthz`);
    expect({ url, status: health.status, body: await health.json() }).toEqual({ url, status: 200, body: { status: "ok" } });
  }
}, 600_000);

afterAll(async () => {
  await Promise.all(processes.map((process) => process.stop()));
  await restoreDatabase?.();
  if (uploadDirectory) await rm(uploadDirectory, { recursive: true, force: true });
}, 120_000);

test("two web and two worker processes import eight files at once, each exactly once, while rules are re-evaluated and workbooks built", { timeout: 1_500_000 }, async () => {
  // What the processes printed is the first thing to read when this fails.
  onTestFailed(() => console.error(output().slice(-30_000)));
  const [webA = "", webB = ""] = webUrls;
  const [a0, a1, a2, a3] = agencies;
  if (!a0 || !a1 || !a2 || !a3) throw new Error("the agencies were not created");
  // Both files of an agency arrive together, so the two workers are likely to import them at the same time.
  const planned = [a0, a1].flatMap((agency) => [plannedFile(agency, 0, "api"), plannedFile(agency, 1, "api")]).concat([a2, a3].flatMap((agency) => [plannedFile(agency, 0, "page"), plannedFile(agency, 1, "page")]));

  // Pages are read on both servers for as long as the work goes on.
  const pageFailures: string[] = [];
  let reading = true;
  const readers = [webA, webB].map(async (base) => {
    for (let request = 0; reading; request++) {
      const page = ["/", "/imports", "/rules", "/reports"][request % 4] ?? "/";
      try {
        const response = await fetch(`${base}${page}`, { headers: { cookie: adminCookie } });
        if (response.status !== 200) pageFailures.push(`${base}${page}: ${response.status}`);
        await response.text();
      } catch (error) {
        pageFailures.push(`${base}${page}: ${error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : String(error)}`);
      }
    }
  });
  const prisma = getPrisma();
  let batchIds: number[] = [];
  try {
    const imports = planned.map((file, index) => {
      const server = index % 2 === 0 ? webA : webB;
      const other = server === webA ? webB : webA;
      return file.channel === "api" ? importThroughApi(file, server) : importThroughPage(file, server, other);
    });
    // Meanwhile: full re-evaluations (an agency's rule pack changed on one server, then back on the other) and a
    // month's workbook requested on each server.
    const side = (async () => {
      await assignRulePack(webA, a0, "us");
      await requestWorkbook(webB, false);
      await assignRulePack(webB, a0, "cn");
      await requestWorkbook(webA, true);
    })();
    [batchIds] = await Promise.all([Promise.all(imports), side]);
    expect(new Set(batchIds).size).toBe(8);

    await waitUntil("every batch and its stages", async () => (await prisma.importBatch.count({ where: { id: { in: batchIds }, OR: [{ status: { in: ["QUEUED", "RUNNING"] } }, { status: "COMMITTED", stagesCompletedAt: null }] } })) === 0);
    await waitUntil("every rule run", async () => (await prisma.ruleEvaluationRun.count({ where: { state: { in: ["QUEUED", "RUNNING"] } } })) === 0);
    await waitUntil("every workbook", async () => (await prisma.auditReport.count({ where: { jobState: { in: ["QUEUED", "RUNNING"] } } })) === 0);
  } finally {
    reading = false;
    await Promise.all(readers);
  }
  expect(pageFailures).toEqual([]);
  expect((await prisma.agency.findUniqueOrThrow({ where: { id: a0.id } })).rulePackCode).toBe("cn");

  // Every batch committed, once.
  const batches = await prisma.importBatch.findMany({ where: { id: { in: batchIds } }, orderBy: { id: "asc" } });
  expect(batches.map((batch) => ({ id: batch.id, status: batch.status, attempts: batch.attempts, rejected: batch.rejectedRows, total: batch.totalRows }))).toEqual(
    batches.map((batch) => ({ id: batch.id, status: "COMMITTED", attempts: 1, rejected: BAD_ROWS, total: ROWS + BAD_ROWS })),
  );
  for (const agency of agencies) {
    const own = batches.filter((batch) => batch.agencyId === agency.id);
    expect(own).toHaveLength(2);
    // The two files share OVERLAP events: whichever committed second found them imported.
    expect(own.reduce((sum, batch) => sum + batch.acceptedRows, 0)).toBe(2 * ROWS - OVERLAP);
    expect(own.reduce((sum, batch) => sum + batch.duplicateRows, 0)).toBe(OVERLAP);
    // Nothing doubled, nothing lost: exactly the distinct events of the two files, each stored by the batch that accepted it.
    const stored = await prisma.activityEvent.groupBy({ by: ["importBatchId"], where: { agencyId: agency.id, eventId: { startsWith: `${agency.code}-E` } }, _count: true });
    expect(Object.fromEntries(stored.map((group) => [group.importBatchId, group._count]))).toEqual(Object.fromEntries(own.filter((batch) => batch.acceptedRows > 0).map((batch) => [batch.id, batch.acceptedRows])));
    expect(await prisma.importRowError.count({ where: { batchId: { in: own.map((batch) => batch.id) } } })).toBe(2 * BAD_ROWS);
  }

  // No job ran twice: one pg-boss job per batch and per workbook, completed on its first try.
  const jobs = await prisma.$queryRaw<{ name: string; key: string; jobs: number; retries: number; states: string[] }[]>`
    SELECT name, coalesce(data->>'batchId', data->>'reportId') AS key, count(*)::int AS jobs, max(retry_count)::int AS retries, array_agg(DISTINCT state::text) AS states
      FROM (SELECT name, data, retry_count, state FROM pgboss.job UNION ALL SELECT name, data, retry_count, state FROM pgboss.archive) j
     WHERE name IN ('import-batch', 'audit-report') GROUP BY 1, 2 ORDER BY 1, 2`;
  const reports = await prisma.auditReport.findMany({ select: { id: true, jobState: true } });
  expect(reports.length).toBeGreaterThanOrEqual(2);
  expect(reports.every((row) => row.jobState === "SUCCEEDED")).toBe(true);
  expect(jobs).toEqual(
    [...batchIds.map((id) => ({ name: "import-batch", key: String(id) })), ...reports.map((row) => ({ name: "audit-report", key: String(row.id) }))]
      .sort((x, y) => x.name.localeCompare(y.name) || x.key.localeCompare(y.key))
      .map((job) => ({ ...job, jobs: 1, retries: 0, states: ["completed"] })),
  );

  // Full re-evaluations never overlapped, and each ran to the end.
  const runs = await prisma.ruleEvaluationRun.findMany({ orderBy: { startedAt: "asc" } });
  expect(runs.length).toBeGreaterThanOrEqual(1);
  expect(runs.every((run) => run.state === "SUCCEEDED")).toBe(true);
  for (let index = 1; index < runs.length; index++) expect((runs[index]?.startedAt?.getTime() ?? 0) >= (runs[index - 1]?.finishedAt?.getTime() ?? Infinity)).toBe(true);

  // No deadlock, neither in what the processes printed nor in PostgreSQL's own count for this database (read after
  // the processes stopped, so every backend has reported its statistics).
  await Promise.all(processes.map((process) => process.stop()));
  expect(output()).not.toMatch(/deadlock|could not serialize|duplicate key|stoppedUnexpectedly|Unhandled|ECONNRESET/i);
  const [deadlocks] = await prisma.$queryRaw<{ deadlocks: number }[]>`SELECT deadlocks::int FROM pg_stat_database WHERE datname = current_database()`;
  expect(deadlocks?.deadlocks).toBe(0);
});
