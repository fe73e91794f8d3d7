// HTTP load (issue 22, ADR 040): the production build (server.ts, with its web processes: WEB_PROCESSES or one per
// core) in a child process on a loopback port; 1, 20 and 50 signed-in users (the demo's vendor manager, compliance
// officer and executive, sessions shared round-robin) each going round the dashboard, agencies, agency, agent, cases,
// violations, complaints and findings pages with autocannon for a fixed time; then one user fetching each page's full
// HTML in turn. Requests go to 127.0.0.1 only and stop by themselves.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { once } from "node:events";
import path from "node:path";
import autocannon from "autocannon";
import { demoPassword, demoUsers } from "../../app/demo/demo-users";
import { getPool } from "../../app/db/pg.server";
import { findFreePort } from "../../server/database-url";

export type HttpLoadRun = { users: number; seconds: number; requests: number; pagesPerSecond: number; p50Ms: number; p95Ms: number; p99Ms: number; errors: number; non2xx: number; cpuMsPerPage: number };
export type PageTiming = { path: string; p50Ms: number; p95Ms: number; bytes: number; cpuMsPerPage: number };
export type HttpLoadResult = { runs: HttpLoadRun[]; pages: PageTiming[]; paths: string[]; webProcesses: string };

const projectRoot = path.resolve(import.meta.dirname, "../..");

/** Pages a manager opens while browsing, each a full server render with its loaders; the agency and agent of the portfolio's first agency. */
async function browsedPaths(): Promise<string[]> {
  const { rows } = await getPool().query<{ code: string; agentId: number }>(
    `SELECT a.code, g.id AS "agentId" FROM "Agency" a JOIN "Agent" g ON g."agencyId" = a.id ORDER BY a.code, g.id LIMIT 1`,
  );
  const first = rows[0];
  if (!first) throw new Error("HTTP load: the portfolio has no agency with an agent");
  return ["/", "/agencies", `/agencies/${first.code}`, `/agencies/${first.code}/agents/${first.agentId}`, "/cases", "/violations", "/complaints", "/findings"];
}

/**
 * CPU time (user + system) of every process below this one: the server's primary, web processes and worker, and the
 * embedded PostgreSQL the bench started, not autocannon in this process. Per page it is less sensitive to other work
 * on a shared machine than wall time. Per process, so that one ending meanwhile (a PostgreSQL backend) takes nothing
 * away: cpuMsSince sums what each process still running used since the first reading. Linux only (empty elsewhere).
 */
function descendantsCpu(): Map<number, number> {
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return new Map();
  }
  const parentOf = new Map<number, number>();
  const ticksOf = new Map<number, number>();
  for (const name of entries) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      // The command name in parentheses may hold spaces: fields are counted after its closing parenthesis.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parentOf.set(Number(name), Number(fields[1]));
      ticksOf.set(Number(name), Number(fields[11]) + Number(fields[12]));
    } catch {
      // The process ended meanwhile.
    }
  }
  const descendants = new Map<number, number>();
  for (const [pid, own] of ticksOf) {
    for (let ancestor = parentOf.get(pid); ancestor !== undefined && ancestor > 1; ancestor = parentOf.get(ancestor)) {
      if (ancestor === process.pid) {
        descendants.set(pid, own);
        break;
      }
    }
  }
  return descendants;
}

function cpuMsSince(before: Map<number, number>): number {
  let ticks = 0;
  for (const [pid, now] of descendantsCpu()) ticks += now - (before.get(pid) ?? 0);
  return ticks * 10; // USER_HZ is 100 on Linux
}

const percentile = (sorted: readonly number[], fraction: number) => sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;

async function startProductionServer(databaseUrl: string, port: number): Promise<ChildProcess> {
  if (!existsSync(path.join(projectRoot, "build/server/index.js"))) throw new Error("HTTP load: no production build; run `npm run build` first");
  const child = spawn(process.execPath, ["--max-old-space-size=320", "--import", "tsx", path.join(projectRoot, "server.ts")], {
    cwd: projectRoot,
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: databaseUrl, PORT: String(port), HOST: "127.0.0.1", OVERSIGHT_CLOCK_FILE: "" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  // A busy machine starts the primary and every web process (each loading the build) slowly.
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`HTTP load: the server exited with ${child.exitCode}`);
    const up = await fetch(`http://127.0.0.1:${port}/login`).then((response) => response.ok, () => false);
    if (up) return child;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  child.kill("SIGTERM");
  throw new Error("HTTP load: the server did not answer within 300 s");
}

async function signIn(baseUrl: string, email: string): Promise<string> {
  const response = await fetch(`${baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    // The web surface refuses a form without the app's own origin (ADR 015).
    headers: { "content-type": "application/x-www-form-urlencoded", origin: baseUrl },
    body: new URLSearchParams({ email, password: demoPassword, redirectTo: "/" }),
  });
  const cookie = response.headers.get("set-cookie")?.split(";")[0];
  if (response.status !== 302 || !cookie) throw new Error(`HTTP load: signing in ${email} answered ${response.status}`);
  return cookie;
}

/** One autocannon run: `users` connections, each one signed-in user going round the pages. */
async function loadRun(baseUrl: string, paths: string[], cookies: string[], users: number, seconds: number): Promise<HttpLoadRun> {
  let nextCookie = 0;
  const latencies: number[] = [];
  const cpuBefore = descendantsCpu();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: baseUrl,
        connections: users,
        duration: seconds,
        timeout: 30,
        requests: paths.map((pagePath) => ({
          method: "GET" as const,
          path: pagePath,
          setupRequest: (request: autocannon.Request, context: object): autocannon.Request => {
            const session = context as { cookie?: string };
            session.cookie ??= cookies[nextCookie++ % cookies.length];
            return { ...request, headers: { ...request.headers, cookie: session.cookie ?? "" } };
          },
        })),
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    // autocannon's summary has p90 and p97.5 but no p95: kept from every response instead.
    instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  const cpuMs = cpuMsSince(cpuBefore);
  latencies.sort((left, right) => left - right);
  const requests = result.requests.total;
  if (!(requests > 0)) throw new Error(`HTTP load: no request completed with ${users} users`);
  return {
    users,
    seconds,
    requests,
    pagesPerSecond: requests / seconds,
    p50Ms: percentile(latencies, 0.5),
    p95Ms: percentile(latencies, 0.95),
    p99Ms: percentile(latencies, 0.99),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    cpuMsPerPage: cpuMs / requests,
  };
}

/** One user alone: each page fetched `times` times in turn, the whole HTML read each time. */
async function timePages(baseUrl: string, paths: string[], cookie: string, times: number): Promise<PageTiming[]> {
  const samples = new Map(paths.map((pagePath) => [pagePath, [] as number[]]));
  const bytes = new Map<string, number>();
  const cpuMs = new Map(paths.map((pagePath) => [pagePath, 0]));
  for (let round = 0; round < times; round++) {
    for (const pagePath of paths) {
      const cpuBefore = descendantsCpu();
      const started = performance.now();
      const response = await fetch(`${baseUrl}${pagePath}`, { headers: { cookie } });
      const body = await response.text();
      samples.get(pagePath)!.push(performance.now() - started);
      cpuMs.set(pagePath, cpuMs.get(pagePath)! + cpuMsSince(cpuBefore));
      if (response.status !== 200) throw new Error(`HTTP load: ${pagePath} answered ${response.status} to one user`);
      bytes.set(pagePath, body.length);
    }
  }
  return paths.map((pagePath) => {
    const sorted = samples.get(pagePath)!.sort((left, right) => left - right);
    return { path: pagePath, p50Ms: percentile(sorted, 0.5), p95Ms: percentile(sorted, 0.95), bytes: bytes.get(pagePath) ?? 0, cpuMsPerPage: cpuMs.get(pagePath)! / times };
  });
}

/** Needs a database holding the demo users and portfolio (loaded by the caller). */
export async function benchHttpLoad(options: { databaseUrl: string; users?: number[]; seconds?: number; log?: (line: string) => void }): Promise<HttpLoadResult> {
  const userCounts = options.users ?? [1, 20, 50];
  const seconds = options.seconds ?? 30;
  const paths = await browsedPaths();
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = await startProductionServer(options.databaseUrl, port);
  try {
    // The users who browse every one of these pages (the AGENCY user may not open all of them), two sessions each:
    // many connections share them, as several tabs of one person would.
    const browsers = demoUsers.filter((user) => user.role === "VENDOR_MANAGER" || user.role === "COMPLIANCE" || user.role === "EXECUTIVE");
    const cookies: string[] = [];
    for (const user of [...browsers, ...browsers]) cookies.push(await signIn(baseUrl, user.email));
    // One warm-up pass so that first-render costs (module loading, plans, each process's first figures) are not in
    // the figures. Also checks that every session may open every page, so that any non-2xx under load is a real failure.
    for (let pass = 0; pass < 2; pass++) {
      for (const [index, cookie] of cookies.entries()) {
        for (const pagePath of paths) {
          const response = await fetch(`${baseUrl}${pagePath}`, { headers: { cookie } });
          await response.arrayBuffer();
          if (response.status !== 200) throw new Error(`HTTP load: ${pagePath} answered ${response.status} to ${browsers[index % browsers.length]?.email} before the load started`);
        }
      }
    }
    const runs: HttpLoadRun[] = [];
    for (const users of userCounts) {
      options.log?.(`http: ${users} users browsing ${paths.join(" ")} for ${seconds} s`);
      const run = await loadRun(baseUrl, paths, cookies, users, seconds);
      options.log?.(`http: ${users} users: ${run.pagesPerSecond.toFixed(1)} pages/s, p50 ${run.p50Ms} ms, p95 ${run.p95Ms} ms, p99 ${run.p99Ms} ms, ${run.errors} errors, ${run.non2xx} non-2xx, ${run.cpuMsPerPage.toFixed(1)} CPU-ms/page`);
      runs.push(run);
    }
    const pages = await timePages(baseUrl, paths, cookies[0]!, 20);
    for (const page of pages) options.log?.(`http: one user, ${page.path}: p50 ${page.p50Ms.toFixed(1)} ms, p95 ${page.p95Ms.toFixed(1)} ms, ${page.bytes} bytes, ${page.cpuMsPerPage.toFixed(1)} CPU-ms`);
    return { runs, pages, paths, webProcesses: process.env.WEB_PROCESSES ?? "one per core" };
  } finally {
    server.kill("SIGTERM");
    await once(server, "exit");
  }
}
