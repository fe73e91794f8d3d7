// Table locks for the statements that change the shape of the partitioned activity log (creating a month's
// partitions, dropping a purged month's). Such DDL locks the parent and only then, one by one, the tables its foreign
// keys touch; every writer takes its own locks in its own order (an import upserts agents, then copies events, then
// updates its batch), so no single order fits all of them, and DDL waiting for one table while holding another was a
// deadlock PostgreSQL ended by killing one side. The DDL here never waits while it holds: it asks for every lock it
// needs at once without waiting and, refused, lets go of what it got and asks again shortly.
import type pg from "pg";
import { escapeIdentifier as quoted } from "pg";

/** Tables (not partitions) with a foreign key to or from any of `tables`, `tables` themselves excluded, quoted and sorted. */
export async function foreignKeyNeighbours(client: pg.ClientBase, tables: readonly string[]): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT DISTINCT c.relname AS name FROM pg_constraint f JOIN pg_class c ON c.oid IN (f.conrelid, f.confrelid)
      WHERE f.contype = 'f' AND (f.conrelid = ANY($1::regclass[]) OR f.confrelid = ANY($1::regclass[])) AND NOT c.oid = ANY($1::regclass[]) AND c.relispartition = false
      ORDER BY 1`,
    [tables.map((table) => quoted(table))],
  );
  return rows.map((row) => quoted(row.name));
}

export type TableLockRequest = {
  /** Quoted names taken in ACCESS EXCLUSIVE mode (a partitioned table's partitions with it). */
  exclusive: readonly string[];
  /** Quoted names taken in SHARE ROW EXCLUSIVE mode: what a foreign key's creation or removal locks. */
  shareRowExclusive: readonly string[];
};

/**
 * Takes every lock of `request` inside the caller's transaction, all or none, asking again with backoff for up to
 * `waitMilliseconds`; then throws PostgreSQL's 55P03 lock_not_available, holding none of them.
 */
export async function lockTablesAllOrNone(client: pg.ClientBase, request: TableLockRequest, waitMilliseconds: number): Promise<void> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    await client.query("SAVEPOINT table_locks_all_or_none");
    try {
      if (request.shareRowExclusive.length > 0) await client.query(`LOCK TABLE ${request.shareRowExclusive.join(", ")} IN SHARE ROW EXCLUSIVE MODE NOWAIT`);
      if (request.exclusive.length > 0) await client.query(`LOCK TABLE ${request.exclusive.join(", ")} IN ACCESS EXCLUSIVE MODE NOWAIT`);
      await client.query("RELEASE SAVEPOINT table_locks_all_or_none");
      return;
    } catch (error) {
      // Everything this attempt got is let go with the savepoint.
      await client.query("ROLLBACK TO SAVEPOINT table_locks_all_or_none");
      if ((error as { code?: string }).code !== "55P03" || Date.now() - started >= waitMilliseconds) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(250, 10 * 2 ** attempt)));
    }
  }
}

/** A lock timeout as PostgreSQL spells it ("1s", "500ms") in milliseconds; `fallback` for anything else. */
export function lockTimeoutMilliseconds(lockTimeout: string | undefined, fallback: number): number {
  const match = lockTimeout === undefined ? null : /^(\d+)\s*(ms|s)$/.exec(lockTimeout);
  if (!match) return fallback;
  return Number(match[1]) * (match[2] === "s" ? 1000 : 1);
}
