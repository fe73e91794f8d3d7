// Monthly partitions of the activity log and its violations (ADR 041). "ActivityEvent" and "Violation" are
// partitioned by range of "occurredAt", one partition per UTC month ("ActivityEvent_p2026_01") and a DEFAULT
// partition that takes any row whose month has none yet, so no write is ever refused. Every writer of events asks for
// its months first (the import pipeline per chunk, the demo, the test factories); the retention job keeps this
// month's and the next month's ready. A month's partitions of both tables are created together, so a violation's
// month (its trigger event's) always exists when its event's does.
import type pg from "pg";
import { escapeIdentifier as quoted } from "pg";
import { defaultPartitionName, monthBounds, partitionedTables, partitionName } from "./month-partitions";
import { lockForTransaction, locks, withTransaction } from "./pg.server";
import { foreignKeyNeighbours, lockTablesAllOrNone, lockTimeoutMilliseconds } from "./table-locks.server";

export { defaultPartitionName, monthBounds, partitionedTables, partitionName, utcMonthOf, type PartitionedTable } from "./month-partitions";

/** Months that have a partition of both tables, as "YYYY-MM". */
export async function listMonthPartitions(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ parent: string; child: string }>(
    `SELECT p.relname AS parent, c.relname AS child
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
      WHERE i.inhparent IN ('"ActivityEvent"'::regclass, '"Violation"'::regclass)`,
  );
  const seen = new Map<string, number>();
  for (const row of rows) {
    const month = /_p(\d{4})_(\d{2})$/.exec(row.child);
    if (month) seen.set(`${month[1]}-${month[2]}`, (seen.get(`${month[1]}-${month[2]}`) ?? 0) + 1);
  }
  return [...seen].filter(([, tables]) => tables === partitionedTables.length).map(([month]) => month).sort();
}

async function createMonth(client: pg.ClientBase, month: string): Promise<number> {
  const { start, end } = monthBounds(month);
  // PostgreSQL refuses a partition whose range the DEFAULT partition holds rows of: those rows (a writer that did
  // not ask first, or a restore) are set aside, the partitions created, and the rows put back through the parents.
  // Links and violations first and back last, so the foreign keys hold at every statement.
  const { rows } = await client.query<{ waiting: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM ${quoted(defaultPartitionName("ActivityEvent"))} WHERE "occurredAt" >= $1 AND "occurredAt" < $2)
         OR EXISTS (SELECT 1 FROM ${quoted(defaultPartitionName("Violation"))} WHERE "occurredAt" >= $1 AND "occurredAt" < $2) AS waiting`,
    [start, end],
  );
  const moving = rows[0]?.waiting ?? false;
  if (moving) {
    await client.query(`CREATE TEMP TABLE moving_links (LIKE "ComplaintEvent") ON COMMIT DROP`);
    await client.query(`CREATE TEMP TABLE moving_violations (LIKE "Violation") ON COMMIT DROP`);
    await client.query(`CREATE TEMP TABLE moving_events (LIKE "ActivityEvent") ON COMMIT DROP`);
    await client.query(
      `WITH gone AS (DELETE FROM "ComplaintEvent" WHERE "eventOccurredAt" >= $1 AND "eventOccurredAt" < $2 RETURNING *) INSERT INTO moving_links SELECT * FROM gone`,
      [start, end],
    );
    await client.query(
      `WITH gone AS (DELETE FROM ${quoted(defaultPartitionName("Violation"))} WHERE "occurredAt" >= $1 AND "occurredAt" < $2 RETURNING *) INSERT INTO moving_violations SELECT * FROM gone`,
      [start, end],
    );
    await client.query(
      `WITH gone AS (DELETE FROM ${quoted(defaultPartitionName("ActivityEvent"))} WHERE "occurredAt" >= $1 AND "occurredAt" < $2 RETURNING *) INSERT INTO moving_events SELECT * FROM gone`,
      [start, end],
    );
  }
  // Bounds are literals in DDL (no bind parameters there); monthBounds made them from digits only.
  for (const table of partitionedTables) {
    await client.query(`CREATE TABLE IF NOT EXISTS ${quoted(partitionName(table, month))} PARTITION OF ${quoted(table)} FOR VALUES FROM ('${start}') TO ('${end}')`);
  }
  if (!moving) return 0;
  const moved = (await client.query(`INSERT INTO "ActivityEvent" SELECT * FROM moving_events`)).rowCount ?? 0;
  await client.query(`INSERT INTO "Violation" SELECT * FROM moving_violations`);
  await client.query(`INSERT INTO "ComplaintEvent" SELECT * FROM moving_links`);
  await client.query(`DROP TABLE moving_links, moving_violations, moving_events`);
  return moved;
}

/**
 * Every table lock creating a month's partitions needs, all or none (table-locks.server.ts says why): CREATE TABLE …
 * PARTITION OF locks the parent (ACCESS EXCLUSIVE) and then the tables its foreign keys reference or are referenced
 * by (agencies, agents, accounts, import batches, rule packs, complaint links).
 */
async function lockTablesForCreation(client: pg.ClientBase, waitMilliseconds: number): Promise<void> {
  const shareRowExclusive = await foreignKeyNeighbours(client, partitionedTables);
  const exclusive = partitionedTables.flatMap((table) => [quoted(table), quoted(defaultPartitionName(table))]);
  await lockTablesAllOrNone(client, { exclusive, shareRowExclusive }, waitMilliseconds);
}

export type EnsuredMonths = { created: string[]; movedEvents: number };

/**
 * Makes sure every month in `months` ("YYYY-MM") has its partitions, creating the missing ones (and moving their rows
 * out of DEFAULT) under the monthPartitions lock. Idempotent; the common case, every month present, takes no lock.
 * With `client`, runs inside the caller's transaction (an import creates its months in its own transaction, so it
 * never waits for itself); without, in a transaction of its own.
 */
export async function ensureMonthPartitions(months: Iterable<string>, client?: pg.ClientBase, options: { lockTimeout?: string } = {}): Promise<EnsuredMonths> {
  const wanted = [...new Set(months)].sort();
  for (const month of wanted) monthBounds(month);
  if (wanted.length === 0) return { created: [], movedEvents: 0 };
  const work = async (tx: pg.ClientBase): Promise<EnsuredMonths> => {
    const present = new Set(await listMonthPartitions(tx));
    if (wanted.every((month) => present.has(month))) return { created: [], movedEvents: 0 };
    if (options.lockTimeout !== undefined) await tx.query(`SELECT set_config('lock_timeout', $1, true)`, [options.lockTimeout]);
    await lockForTransaction(tx, locks.monthPartitions);
    // Another creator may have finished while this one waited for the lock.
    const now = new Set(await listMonthPartitions(tx));
    const result: EnsuredMonths = { created: [], movedEvents: 0 };
    if (wanted.every((month) => now.has(month))) return result;
    await lockTablesForCreation(tx, lockTimeoutMilliseconds(options.lockTimeout, 60_000));
    for (const month of wanted) {
      if (now.has(month)) continue;
      result.movedEvents += await createMonth(tx, month);
      result.created.push(month);
    }
    return result;
  };
  return client ? work(client) : withTransaction(work);
}

/**
 * For a long transaction that writes events (an import), before it writes: creating a partition locks the parent
 * (ACCESS EXCLUSIVE) and every table its foreign keys reference (agencies, agents, accounts, import batches), so
 * inside that transaction it would block every writer of those tables until the import commits — its own progress
 * updates included. The months are created in a short transaction of their own instead, waiting at most a moment;
 * null when they could not be (the import's own transaction or another writer holds a conflicting lock): the rows
 * then go to DEFAULT, and the caller creates the months after its commit (`ensureMonthPartitions`), which moves them.
 */
export async function tryEnsureMonthPartitions(months: Iterable<string>): Promise<EnsuredMonths | null> {
  try {
    return await ensureMonthPartitions(months, undefined, { lockTimeout: "1s" });
  } catch (error) {
    // 55P03 lock_not_available, 40P01 deadlock_detected.
    const code = (error as { code?: string }).code;
    if (code === "55P03" || code === "40P01") return null;
    throw error;
  }
}

/** Months that have rows in a DEFAULT partition (rows written before their month's partitions existed, e.g. a restore). */
export async function monthsInDefaultPartitions(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ month: string }>(
    `SELECT DISTINCT to_char(date_trunc('month', "occurredAt" AT TIME ZONE 'UTC'), 'YYYY-MM') AS month FROM ${quoted(defaultPartitionName("ActivityEvent"))}
     UNION
     SELECT DISTINCT to_char(date_trunc('month', "occurredAt" AT TIME ZONE 'UTC'), 'YYYY-MM') FROM ${quoted(defaultPartitionName("Violation"))}
     ORDER BY 1`,
  );
  return rows.map((row) => row.month);
}
