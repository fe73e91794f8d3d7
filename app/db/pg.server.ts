// The raw-SQL side of the database, in one place: the pool, transactions, dedicated connections and advisory locks.
// Prisma (client.server.ts) serves ordinary reads and writes; raw SQL on plain pg serves what Prisma's row mapping
// is too slow for (the rule engine's chunks, roll-ups, COPY, cursors). Nothing else opens a pg connection to the
// application's database or writes BEGIN/COMMIT/ROLLBACK by hand.
import pg from "pg";
import type { Prisma } from "~/generated/prisma/client";
import { currentDatabaseUrl } from "~/env.server";
import type { AdvisoryLock } from "./advisory-locks";
import { parseDatabaseUrl } from "./database-url";

export { locks, type AdvisoryLock } from "./advisory-locks";

const globalForPool = globalThis as unknown as { __oversightPool?: { url: string; pool: pg.Pool } };

/**
 * The process's pool on DATABASE_URL (read when first needed, like getPrisma(); a new pool when the URL changed).
 * allowExitOnIdle, so a CLI command or test worker that forgets closePool() still exits.
 */
export function getPool(): pg.Pool {
  const url = currentDatabaseUrl();
  const current = globalForPool.__oversightPool;
  if (current && current.url === url) return current.pool;
  if (current) void current.pool.end().catch(() => undefined);
  // TimeZone=UTC: Prisma's DateTime columns are timestamp without time zone holding UTC, and their SQL defaults
  // (createdAt) follow the session's zone. No parallel workers: the queries are small or chunked, and on a small
  // machine workers only take the core Node needs meanwhile.
  // The URL's ?schema= is the search_path (database-url.ts).
  const connection = parseDatabaseUrl(url);
  const pool = new pg.Pool({
    connectionString: connection.connectionString,
    max: 10,
    idleTimeoutMillis: 10_000,
    allowExitOnIdle: true,
    options: `-c TimeZone=UTC -c max_parallel_workers_per_gather=0 ${connection.options}`.trim(),
  });
  // A connection that dies while idle in the pool (the server restarted, an administrator ended it) is reported here
  // and replaced at the next checkout; unheard, pg would throw it as an uncaught exception and end the process.
  pool.on("error", (error) => {
    if (!databaseStopping) console.error(`[db] an idle pooled connection was lost: ${error.message}`);
  });
  globalForPool.__oversightPool = { url, pool };
  return pool;
}

let databaseStopping = false;

/**
 * Says that this process is stopping (its own embedded database server with it, or as a worker whose parent stops
 * it): the connections that end now are expected to, and their loss is not reported (a Ctrl+C of `npm run demo`
 * printed a line per idle connection and a stack from the job queue).
 */
export function expectConnectionsToEnd(): void {
  databaseStopping = true;
}

export function connectionsExpectedToEnd(): boolean {
  return databaseStopping;
}

export async function closePool(): Promise<void> {
  const current = globalForPool.__oversightPool;
  globalForPool.__oversightPool = undefined;
  await current?.pool.end();
}

export type TransactionOptions = {
  readOnly?: boolean;
  isolation?: "READ COMMITTED" | "REPEATABLE READ" | "SERIALIZABLE";
  /**
   * Named statements run many times in the transaction use one generic plan. For small reads of the monthly
   * partitions (ADR 041), planning each run over every partition costs more than the run; the generic plan prunes
   * the partitions when it starts. PostgreSQL's own choice keeps re-planning them, as it does not count that pruning.
   */
  genericPlans?: boolean;
};

function beginStatement(options: TransactionOptions): string {
  return ["BEGIN", options.isolation ? `ISOLATION LEVEL ${options.isolation}` : "", options.readOnly ? "READ ONLY" : ""].filter(Boolean).join(" ");
}

/**
 * Runs `work` in one transaction on a client the caller already holds (e.g. a dedicated connection): COMMIT when
 * it returns, ROLLBACK when it throws (the original error is rethrown; a client whose ROLLBACK failed is marked
 * broken so withTransaction destroys it).
 */
export async function withTransactionOn<T>(client: pg.ClientBase, work: (client: pg.ClientBase) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  await client.query(beginStatement(options));
  try {
    if (options.genericPlans) await client.query("SET LOCAL plan_cache_mode = force_generic_plan");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {
      brokenClients.add(client);
    });
    throw error;
  }
}

// Clients whose ROLLBACK failed: their session state is unknown, so the pool must drop them rather than reuse them.
const brokenClients = new WeakSet<pg.ClientBase>();

/** One transaction on a pooled connection; a connection whose ROLLBACK failed is destroyed, not returned. */
export async function withTransaction<T>(work: (client: pg.PoolClient) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const client = await getPool().connect();
  try {
    return await withTransactionOn(client, () => work(client), options);
  } finally {
    client.release(brokenClients.has(client));
  }
}

/**
 * Rows streamed from inside one transaction on a pooled connection: COMMIT once `rows` is exhausted, ROLLBACK when
 * it throws or the consumer stops early.
 */
export async function* streamInTransaction<T>(rows: (client: pg.PoolClient) => AsyncGenerator<T>, options: TransactionOptions = {}): AsyncGenerator<T> {
  const client = await getPool().connect();
  let open = false;
  let broken = false;
  try {
    await client.query(beginStatement(options));
    open = true;
    yield* rows(client);
    await client.query("COMMIT");
    open = false;
  } finally {
    if (open) {
      await client.query("ROLLBACK").catch(() => {
        broken = true;
      });
    }
    client.release(broken);
  }
}

/**
 * A connection of its own, outside the pool, closed afterwards. For session-level advisory locks (they end with
 * the connection, so a dying process releases them) and for work that sets session state.
 */
export async function withDedicatedClient<T>(work: (client: pg.Client) => Promise<T>, options: { applicationName?: string; url?: string } = {}): Promise<T> {
  const connection = parseDatabaseUrl(options.url ?? currentDatabaseUrl());
  const client = new pg.Client({
    connectionString: connection.connectionString,
    options: connection.options || undefined,
    application_name: options.applicationName,
  });
  // Lost while idle (a session lock's holder waits between queries): the next query on it fails and says so; the loss
  // itself must not end the process as an uncaught exception.
  client.on("error", (error) => {
    if (!databaseStopping) console.error(`[db] a dedicated connection${options.applicationName ? ` (${options.applicationName})` : ""} was lost: ${error.message}`);
  });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Advisory locks (the registry is advisory-locks.ts)

/**
 * SQL for a lock's namespace in the connection's own schema (advisory-locks.ts): the registered number in "public",
 * else with the schema's hash above it. Read from the connection, so code working on another installation's URL
 * takes that installation's locks.
 */
export const lockNamespaceSql = (namespace: string) =>
  `(CASE WHEN coalesce(current_schema(), 'public') = 'public' THEN ${namespace} ELSE (greatest(hashtext(current_schema()) & 524287, 1) << 12) | ${namespace} END)`;

/** Waits for a transaction-level lock, released at COMMIT or ROLLBACK. */
export async function lockForTransaction(client: pg.ClientBase, lock: AdvisoryLock): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock(${lockNamespaceSql("$1::int")}, $2::int)`, [...lock.keys]);
}

/** The same inside a Prisma interactive transaction. */
export async function lockForPrismaTransaction(tx: Prisma.TransactionClient, lock: AdvisoryLock): Promise<void> {
  // Selected through a subquery: Prisma cannot deserialise pg_advisory_xact_lock's void result.
  await tx.$queryRawUnsafe(`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(${lockNamespaceSql("$1::int")}, $2::int)) AS lock`, ...lock.keys);
}

/** Waits for a session-level lock, held until releaseSessionLock or the connection's end. */
export async function lockForSession(client: pg.ClientBase, lock: AdvisoryLock): Promise<void> {
  await client.query(`SELECT pg_advisory_lock(${lockNamespaceSql("$1::int")}, $2::int)`, [...lock.keys]);
}

/** Takes a session-level lock if it is free; false when another session holds it. */
export async function tryLockForSession(client: pg.ClientBase, lock: AdvisoryLock): Promise<boolean> {
  const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${lockNamespaceSql("$1::int")}, $2::int) AS locked`, [...lock.keys]);
  return rows[0]?.locked === true;
}

export async function releaseSessionLock(client: pg.ClientBase, lock: AdvisoryLock): Promise<void> {
  await client.query(`SELECT pg_advisory_unlock(${lockNamespaceSql("$1::int")}, $2::int)`, [...lock.keys]);
}

/** True while some other session holds the lock (e.g. a live worker on its batch). */
export async function isLockHeld(lock: AdvisoryLock): Promise<boolean> {
  return withDedicatedClient(async (client) => {
    const free = await tryLockForSession(client, lock);
    if (free) await releaseSessionLock(client, lock);
    return !free;
  });
}
