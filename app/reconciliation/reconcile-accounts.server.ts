// Stored reconciliation (ADR 038): ReconciliationItem holds, per account, what reconcile.ts decided for every agency
// PAYMENT event, every ledger entry no payment took and every reversal. It is derived data, recomputed per account after
// each ledger, activity or placement import (the batch stages) and entirely by `reconcileAllAccounts`.
//
// The payments and the entries are read in one COPY, ordered by account, on one connection; each account is matched as
// soon as its rows are complete and its items are streamed with COPY into the table on another connection, inside the
// transaction that deleted the old ones. Memory holds one account's rows at a time, so a million of each fits.
//
// The whole job is CPU-bound on a shared machine (the reading backend, this process and the writing backend share the
// cores), so the costs it avoids are CPU: the read is a merge of two account-ordered scans (the ledger's by its
// (accountId, receivedOn) index) rather than one sort of everything, the agency an entry nobody remitted is attributed to
// comes from the placement index in the same read, and a full recompute builds the table's secondary indexes once after
// the COPY instead of maintaining them row by row (docs/BENCHMARKS.md).
import { once } from "node:events";
import { finished } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { getPool, lockForTransaction, locks, withTransaction } from "~/db/pg.server";
import { getSetting } from "~/settings/settings.server";
import { copyField } from "~/ingest/pipeline/copy-text";
import { CopyRowReader } from "./copy-rows";
import { fromCents, isoDay, reconcileAccount, type LedgerItem, type ReconciledItem, type ReportedPayment } from "./reconcile";

export type ReconcileResult = { accounts: number; payments: number; entries: number; items: number; skipped: "no-ledger" | null };

/** Whether the lender has imported a ledger at all: until then there is nothing to reconcile against. */
export async function hasLedger(client?: pg.ClientBase): Promise<boolean> {
  const { rows } = await (client ?? getPool()).query<{ exists: boolean }>(`SELECT EXISTS (SELECT 1 FROM "LedgerEntry") AS exists`);
  return rows[0]?.exists ?? false;
}

/**
 * The accounts a ledger batch can change: its own entries' accounts, and the accounts whose payments the agencies it
 * covers (the remitters named in it) reported from the month before its first entry to its last: a payment the ledger
 * never received has no entry of its own, and is REPORTED_NOT_RECEIVED only once the ledger for its days is in.
 */
export async function accountsToReconcileAfterLedger(batchId: number, entryAccountIds: readonly number[]): Promise<number[]> {
  const { rows } = await getPool().query<{ accountId: number }>(
    `WITH batch AS (
       SELECT array_agg(DISTINCT "agencyId") FILTER (WHERE "agencyId" IS NOT NULL) AS agencies,
              (date_trunc('month', min("receivedOn")) - interval '1 month')::date AS first_day, max("receivedOn") AS last_day
       FROM "LedgerEntry" WHERE "importBatchId" = $1
     )
     SELECT DISTINCT e."accountId" FROM "ActivityEvent" e, batch b
     WHERE e.type = 'PAYMENT' AND e."agencyId" = ANY (b.agencies)
       AND e."occurredAt" >= b.first_day::timestamp - interval '1 day' AND e."occurredAt" < b.last_day::timestamp + interval '2 days'`,
    [batchId],
  );
  return [...new Set([...entryAccountIds, ...rows.map((row) => row.accountId)])];
}

/** Recomputes the items of these accounts (the batch stages). */
export function reconcileAccounts(accountIds: readonly number[]): Promise<ReconcileResult> {
  const ids = [...new Set(accountIds)].filter((id) => Number.isInteger(id));
  if (ids.length === 0) return Promise.resolve({ accounts: 0, payments: 0, entries: 0, items: 0, skipped: null });
  return recompute(ids);
}

/** Recomputes every account's items (after a change of remittance days, the demo load, the CLI, the benchmark). */
export function reconcileAllAccounts(): Promise<ReconcileResult> {
  return recompute(null);
}

async function recompute(accountIds: readonly number[] | null): Promise<ReconcileResult> {
  return withTransaction(async (write) => {
    await lockForTransaction(write, locks.reconciliation);
    if (accountIds === null) await write.query(`TRUNCATE "ReconciliationItem"`);
    else await write.query(`DELETE FROM "ReconciliationItem" WHERE "accountId" = ANY ($1::integer[])`, [accountIds]);
    if (!(await hasLedger(write))) return { accounts: 0, payments: 0, entries: 0, items: 0, skipped: "no-ledger" };
    // The table is empty and locked by the TRUNCATE: building each index once from the loaded rows costs less than
    // updating it a million times; the PRIMARY KEY stays (its ids only ever grow).
    const rebuild = accountIds === null ? await dropSecondaryIndexes(write) : [];
    const [zone, agencies] = await Promise.all([getSetting("lender.timeZone"), write.query<{ id: number; remittanceDays: number }>(`SELECT id, "remittanceDays" FROM "Agency"`)]);
    const remittanceDays = new Map(agencies.rows.map((agency) => [agency.id, agency.remittanceDays]));

    const copy = write.query(
      copyFrom(
        `COPY "ReconciliationItem" ("agencyId", "accountId", "month", "status", "rule", "eventId", "ledgerEntryIds", "day", "reportedAmount", "receivedAmount", "currency", "remittanceDays") FROM STDIN`,
      ),
    );
    const done = finished(copy);
    done.catch(() => undefined);
    const result: ReconcileResult = { accounts: 0, payments: 0, entries: 0, items: 0, skipped: null };
    let pending = "";
    const flush = async (force: boolean) => {
      if (pending.length === 0 || (!force && pending.length < 1 << 20)) return;
      const ok = copy.write(pending);
      pending = "";
      if (!ok) await Promise.race([once(copy, "drain"), done]);
    };

    let accountId = -1;
    let payments: ReportedPayment[] = [];
    let entries: LedgerItem[] = [];
    const line = itemLineWriter();
    const finishAccount = () => {
      if (accountId < 0) return;
      result.accounts += 1;
      for (const item of reconcileAccount({ payments, entries, remittanceDays })) {
        pending += line(accountId, item);
        result.items += 1;
      }
      payments = [];
      entries = [];
    };

    const P = "P".charCodeAt(0);
    const reader = new CopyRowReader((row) => {
      const account = row.integer(1);
      if (account !== accountId) {
        finishAccount();
        accountId = account;
      }
      if (row.firstByte(0) === P) {
        payments.push({ eventId: row.text(2), agencyId: row.integer(3), day: row.integer(4), cents: row.integer(5), currency: row.text(6) });
        result.payments += 1;
      } else {
        entries.push({
          id: row.text(2),
          ledgerRef: row.text(7),
          day: row.integer(4),
          cents: row.integer(5),
          currency: row.text(6),
          remittedBy: row.integerOrNull(8),
          attributedTo: row.integerOrNull(9),
          reversesLedgerRef: row.textOrNull(10),
        });
        result.entries += 1;
      }
    });

    const read = await getPool().connect();
    try {
      // Rows are handled chunk by chunk (no promise per row); an account is finished when the next one starts.
      for await (const chunk of read.query(copyTo(`COPY (${readQuery(read, zone, accountIds)}) TO STDOUT`))) {
        reader.push(chunk as Buffer);
        await flush(false);
      }
      reader.end();
      finishAccount();
    } finally {
      read.release();
    }
    await flush(true);
    copy.end();
    await done;
    for (const definition of rebuild) await write.query(definition);
    return result;
  });
}

/**
 * Payments (P) and ledger entries (L) of the accounts, ordered by account. Payments of months before the ledger's first
 * month are left out: the ledger cannot say anything about them. Each branch comes ordered by account on its own (the
 * ledger through its (accountId, receivedOn) index), so PostgreSQL merges them instead of sorting two million rows. An
 * entry no agency remitted is attributed to the agency the account was placed with on its day: the latest placement
 * that covers the day (the earliest created of two placed the same day).
 */
function readQuery(client: pg.ClientBase, zone: string, accountIds: readonly number[] | null): string {
  const only = (column: string) => (accountIds === null ? "" : `AND ${column} = ANY ('{${accountIds.map((id) => Math.trunc(id)).join(",")}}'::integer[])`);
  const day = `(e."occurredAt" AT TIME ZONE ${client.escapeLiteral(zone)})::date`;
  return `
    SELECT 'P' AS kind, e."accountId" AS account_id, e.id::text, e."agencyId", ${day} - DATE '1970-01-01',
           (e.amount * 100)::bigint, coalesce(e.currency, ''), NULL::text, NULL::integer, NULL::integer, NULL::text
      FROM "ActivityEvent" e
     WHERE e.type = 'PAYMENT' AND e.amount IS NOT NULL
       AND ${day} >= (SELECT date_trunc('month', min("receivedOn"))::date FROM "LedgerEntry") ${only(`e."accountId"`)}
    UNION ALL
    SELECT 'L', l."accountId", l.id::text, NULL, l."receivedOn" - DATE '1970-01-01', (l.amount * 100)::bigint, l.currency, l."ledgerRef",
           l."agencyId",
           coalesce(l."agencyId", (SELECT p."agencyId" FROM "Placement" p
                                    WHERE p."accountId" = l."accountId" AND p."placedAt" <= l."receivedOn" AND (p."recalledAt" IS NULL OR p."recalledAt" >= l."receivedOn")
                                    ORDER BY p."placedAt" DESC, p.id LIMIT 1)),
           l."reversesLedgerRef"
      FROM "LedgerEntry" l
     WHERE true ${only(`l."accountId"`)}
     ORDER BY account_id`;
}

/** Drops the table's non-unique indexes and returns the statements that build them again. */
async function dropSecondaryIndexes(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string; definition: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i WHERE i.indrelid = '"ReconciliationItem"'::regclass AND NOT i.indisprimary AND NOT i.indisunique ORDER BY 1`,
  );
  for (const row of rows) await client.query(`DROP INDEX ${row.name}`);
  return rows.map((row) => row.definition);
}

/** Formats items as COPY lines; the day's ISO text is computed once per day (a few hundred days, a million items). */
function itemLineWriter(): (accountId: number, item: ReconciledItem) => string {
  const days = new Map<number, { day: string; month: string }>();
  return (accountId, item) => {
    let known = days.get(item.day);
    if (!known) {
      const day = isoDay(item.day);
      known = { day, month: `${day.slice(0, 7)}-01` };
      days.set(item.day, known);
    }
    // One template instead of copyLine's array and join: a million of them.
    const reported = item.reportedCents === null ? "\\N" : fromCents(item.reportedCents);
    const received = item.receivedCents === null ? "\\N" : fromCents(item.receivedCents);
    const remittance = item.remittanceDays === null ? "\\N" : String(item.remittanceDays);
    return `${item.agencyId}\t${accountId}\t${known.month}\t${item.status}\t${item.rule}\t${copyField(item.eventId)}\t{${item.ledgerIds.join(",")}}\t${known.day}\t${reported}\t${received}\t${copyField(item.currency)}\t${remittance}\n`;
  };
}
