// HTTP load: the production build (server/start-server.ts via server.ts) in a child process on a loopback port,
// 20 signed-in sessions (the demo users, several sessions each) browsing the dashboard pages with autocannon for a
// fixed time. Requests go to 127.0.0.1 only and stop by themselves.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { once } from "node:events";
import path from "node:path";
import autocannon from "autocannon";
import { demoPassword, demoUsers } from "../../app/demo/demo-users";
import { findFreePort } from "../../server/database-url";

export type HttpLoadResult = { connections: number; seconds: number; requests: number; requestsPerSecond: number; p95Ms: number; p50Ms: number; errors: number; non2xx: number; paths: string[] };

const projectRoot = path.resolve(import.meta.dirname, "../..");
/** Pages a manager opens while browsing; each is a full server render with its loaders. */
export const browsedPaths = ["/", "/agencies", "/violations", "/complaints", "/cases"];

async function startProductionServer(databaseUrl: string, port: number): Promise<ChildProcess> {
  if (!existsSync(path.join(projectRoot, "build/server/index.js"))) throw new Error("HTTP load: no production build; run `npm run build` first");
  const child = spawn(process.execPath, ["--max-old-space-size=320", "--import", "tsx", path.join(projectRoot, "server.ts")], {
    cwd: projectRoot,
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: databaseUrl, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`HTTP load: the server exited with ${child.exitCode}`);
    const up = await fetch(`http://127.0.0.1:${port}/login`).then((response) => response.ok, () => false);
    if (up) return child;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  child.kill("SIGTERM");
  throw new Error("HTTP load: the server did not answer within 120 s");
}

async function signIn(baseUrl: string, email: string): Promise<string> {
  const response = await fetch(`${baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password: demoPassword, redirectTo: "/" }),
  });
  const cookie = response.headers.get("set-cookie")?.split(";")[0];
  if (response.status !== 302 || !cookie) throw new Error(`HTTP load: signing in ${email} answered ${response.status}`);
  return cookie;
}

/** Needs a database holding the demo users (loaded by the caller). */
export async function benchHttpLoad(options: { databaseUrl: string; connections?: number; seconds?: number; log?: (line: string) => void }): Promise<HttpLoadResult> {
  const connections = options.connections ?? 20;
  const seconds = options.seconds ?? 30;
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = await startProductionServer(options.databaseUrl, port);
  try {
    // The users who browse every one of these pages (the AGENCY user may not open all of them).
    const browsers = demoUsers.filter((user) => user.role === "VENDOR_MANAGER" || user.role === "COMPLIANCE" || user.role === "EXECUTIVE");
    const cookies: string[] = [];
    for (let index = 0; index < connections; index++) cookies.push(await signIn(baseUrl, (browsers[index % browsers.length] ?? demoUsers[0])!.email));
    // One warm-up pass so that first-render costs (module loading, plans) are not in the figures.
    // Also checks that every session may open every page, so that any non-2xx under load is a real failure.
    for (const [index, cookie] of cookies.slice(0, browsers.length).entries()) {
      for (const pagePath of browsedPaths) {
        const response = await fetch(`${baseUrl}${pagePath}`, { headers: { cookie } });
        if (response.status !== 200) throw new Error(`HTTP load: ${pagePath} answered ${response.status} to ${browsers[index]?.email} before the load started`);
      }
    }
    options.log?.(`http: ${connections} sessions signed in, browsing ${browsedPaths.join(" ")} for ${seconds} s`);
    let nextCookie = 0;
    const latencies: number[] = [];
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: baseUrl,
          connections,
          duration: seconds,
          // Each connection is one signed-in user going round the pages.
          requests: browsedPaths.map((pagePath) => ({
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
    latencies.sort((left, right) => left - right);
    const percentile = (fraction: number) => latencies[Math.min(latencies.length - 1, Math.ceil(fraction * latencies.length) - 1)] ?? Number.NaN;
    const requests = result.requests.total;
    if (!(requests > 0)) throw new Error("HTTP load: no request completed");
    return {
      connections,
      seconds,
      requests,
      requestsPerSecond: result.requests.average,
      p50Ms: percentile(0.5),
      p95Ms: percentile(0.95),
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      paths: browsedPaths,
    };
  } finally {
    server.kill("SIGTERM");
    await once(server, "exit");
  }
}
