import type { Server } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { createRequestHandler } from "@remix-run/express";
import { createRequestHandler as createFetchHandler } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { missingAdministratorNotice } from "../app/admin/first-admin.server";
import type { TrustProxySetting } from "../app/http/trust-proxy";
import { stopQueue } from "../app/jobs/queue.server";
import { warmScorecardsQuietly } from "../app/dashboard/warm-scorecards.server";
import { currentDatabaseUrl, getEnv } from "../app/env.server";
import { prepareDatabase, type PreparedDatabase } from "./prepare-database";
import { disconnectPrisma } from "../app/db/client.server";
import { closePool, getPool } from "../app/db/pg.server";
import { applyWebSurface, loadContextOf } from "./web-surface";
import { createPageCache } from "./page-cache";
import { superviseWorker, type WorkerSupervisor } from "./worker-supervisor";
import { clockFileConfigured } from "../app/clock/clock.server";

export type StartServerOptions = {
  mode: "development" | "production";
  port: number;
  host: string;
  trustProxy?: TrustProxySetting;
  /** Also run one supervised worker process (ROLE=all, the default); false for ROLE=web (ADR 012). */
  worker?: boolean;
  /**
   * One web process of a cluster (server/web-cluster.ts, ADR 040): the primary has prepared the database (DATABASE_URL
   * is set), runs the worker and warms the figures; this process only answers requests.
   */
  clusterMember?: boolean;
};
export type RunningServer = { url: string; close: () => Promise<void> };

const projectRoot = path.resolve(import.meta.dirname, "..");

/** What a starting server says once, whether it serves pages itself or through a cluster of web processes. */
export async function announceStart(): Promise<void> {
  // The server never creates users; a new installation is told which command makes its first administrator.
  const adminNotice = await missingAdministratorNotice();
  if (adminNotice) console.warn(adminNotice);
  const clockFile = clockFileConfigured();
  if (clockFile) console.warn(`[clock] OVERSIGHT_CLOCK_FILE is set: the findings read "now" from ${clockFile} (tests only, ADR 025).`);
}

/** A cluster member's database: prepared by the primary, so only this process's connections are its own to close. */
function clusterMemberDatabase(): PreparedDatabase {
  const url = currentDatabaseUrl();
  return {
    url,
    embedded: false,
    close: async () => {
      await disconnectPrisma();
      await closePool();
    },
  };
}

/**
 * Boots the whole app: database first (DATABASE_URL or the embedded server, migrations applied), then the
 * Remix request handler, either through Vite's dev middleware or from the production build.
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const database = options.clusterMember ? clusterMemberDatabase() : await prepareDatabase();
  let worker: WorkerSupervisor | undefined;
  if (!options.clusterMember) {
    await announceStart();
    // Jobs (imports, reports, rule runs) never run in this process: a worker child with its own heap limit takes them,
    // and when it dies it is restarted while this process goes on answering (ADR 012).
    worker = options.worker === false ? undefined : superviseWorker({ heapMb: getEnv().WORKER_HEAP_MB, env: { DATABASE_URL: database.url } });
    // In the background: the first pages answer meanwhile (computing what they need themselves).
    void warmScorecardsQuietly("the server start");
  }

  const app = express();
  const env = getEnv();
  applyWebSurface(app, {
    mode: options.mode,
    trustProxy: options.trustProxy,
    publicBaseUrl: process.env.PUBLIC_BASE_URL ? env.PUBLIC_BASE_URL : undefined,
    secure: env.COOKIE_SECURE === "true",
  });
  app.use(compression());
  // For a load balancer (and the several-machines test): 200 while this process answers and reaches the database,
  // 503 otherwise. No session, no state: any web process of any machine answers it alike.
  app.get("/healthz", (_request, response) => {
    getPool()
      .query("SELECT 1")
      .then(
        () => response.status(200).type("application/json").set("Cache-Control", "no-store").send('{"status":"ok"}'),
        () => response.status(503).type("application/json").set("Cache-Control", "no-store").send('{"status":"database unreachable"}'),
      );
  });

  let build: ServerBuild | (() => Promise<ServerBuild>);
  let closeVite: (() => Promise<void>) | undefined;
  if (options.mode === "development") {
    const vite = await import("vite");
    const devServer = await vite.createServer({ root: projectRoot, server: { middlewareMode: true } });
    app.use(devServer.middlewares);
    build = () => devServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
    closeVite = () => devServer.close();
  } else {
    const buildPath = path.join(projectRoot, "build/server/index.js");
    build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
    // Fingerprinted assets never change under the same name, so they may be cached for a year.
    app.use("/assets", express.static(path.join(projectRoot, "build/client/assets"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(path.join(projectRoot, "build/client"), { maxAge: "1h" }));
    // The most browsed pages answered from memory while nothing they read has changed (ADR 048).
    if (env.PAGE_CACHE_MB > 0) app.use(createPageCache({ maxMb: env.PAGE_CACHE_MB, handle: createFetchHandler(build, "production"), loadContext: loadContextOf }));
  }
  app.all("*", createRequestHandler({ build, mode: options.mode, getLoadContext: loadContextOf }));

  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(options.port, options.host, () => resolve(listening));
    listening.on("error", reject);
  });
  // An idle keep-alive connection is closed by the client first (browsers, proxies and fetch keep them 4–60 s): had
  // the server closed it at its 5 s default, a request sent on it at that moment would fail with "other side closed",
  // which a busy machine made happen to page requests.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    url: `http://${options.host === "0.0.0.0" ? "localhost" : options.host}:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await closeVite?.();
      await worker?.stop();
      await stopQueue();
      await database.close();
    },
  };
}
