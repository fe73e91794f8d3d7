// Stored reconciliation (ADR 038): ReconciliationItem holds, per account, what reconcile.ts decided for every agency
// PAYMENT event, every ledger entry no payment took and every reversal. It is derived data, recomputed per account after
// each ledger, activity or placement import (the batch stages) and entirely by `reconcileAllAccounts`.
//
// The payments and the entries are read in one COPY, ordered by account, on one connection; each account is matched as
// soon as its rows are complete and its items are streamed with COPY into the table on another connection, inside the
// transaction that deleted the old ones. Memory holds one account's rows at a time, so a million of each fits.
import { once } from "node:events";
import { finished } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { getPool, lockForTransaction, locks, withTransaction } from "~/db/pg.server";
import { getSetting } from "~/settings/settings.server";
import { copyField, copyLine } from "~/ingest/pipeline/copy-text";
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
    let placements: Placed[] = [];
    const finishAccount = () => {
      if (accountId < 0) return;
      result.accounts += 1;
      if (placements.length > 0) for (const entry of entries) if (entry.attributedTo === null) entry.attributedTo = attribute(placements, entry.day);
      for (const item of reconcileAccount({ payments, entries, remittanceDays })) {
        pending += itemLine(accountId, item);
        result.items += 1;
      }
      payments = [];
      entries = [];
      placements = [];
    };

    const take = (fields: string[]) => {
      if (fields[0] === "P") {
        payments.push({ eventId: fields[2]!, agencyId: Number(fields[3]), day: Number(fields[4]), cents: Number(fields[5]), currency: fields[6]! });
        result.payments += 1;
      } else if (fields[0] === "A") {
        placements.push({ agencyId: Number(fields[3]), from: Number(fields[4]), to: Number(fields[5]) });
      } else {
        entries.push({
          id: fields[2]!,
          ledgerRef: unescapeCopy(fields[7]!),
          day: Number(fields[4]),
          cents: Number(fields[5]),
          currency: fields[6]!,
          remittedBy: fields[8] === "\\N" ? null : Number(fields[8]),
          attributedTo: fields[8] === "\\N" ? null : Number(fields[8]),
          reversesLedgerRef: fields[10] === "\\N" ? null : unescapeCopy(fields[10]!),
        });
        result.entries += 1;
      }
    };

    const read = await getPool().connect();
    try {
      // Lines are handled chunk by chunk (no promise per row); an account is finished when the next one starts.
      let rest = "";
      const handle = (line: string) => {
        const fields = line.split("\t");
        const account = Number(fields[1]);
        if (account !== accountId) {
          finishAccount();
          accountId = account;
        }
        take(fields);
      };
      for await (const chunk of read.query(copyTo(`COPY (${readQuery(read, zone, accountIds)}) TO STDOUT`))) {
        const lines = (rest + (chunk as Buffer).toString("utf8")).split("\n");
        rest = lines.pop() ?? "";
        for (const line of lines) handle(line);
        await flush(false);
      }
      if (rest !== "") handle(rest);
      finishAccount();
    } finally {
      read.release();
    }
    await flush(true);
    copy.end();
    await done;
    return result;
  });
}

/**
 * Payments (P) and ledger entries (L) of the accounts, ordered by account. Payments of months before the ledger's first
 * month are left out: the ledger cannot say anything about them. Placements (A) come along for accounts with entries no
 * agency remitted: such an entry is attributed to the agency the account was placed with on its day (attribute()).
 */
function readQuery(client: pg.ClientBase, zone: string, accountIds: readonly number[] | null): string {
  const only = (column: string) => (accountIds === null ? "" : `AND ${column} = ANY ('{${accountIds.map((id) => Math.trunc(id)).join(",")}}'::integer[])`);
  return `
    WITH first_day AS (SELECT date_trunc('month', min("receivedOn"))::date AS day FROM "LedgerEntry")
    SELECT 'P' AS kind, e."accountId" AS account_id, e.id::text, e."agencyId", (e."occurredAt" AT TIME ZONE ${client.escapeLiteral(zone)})::date - DATE '1970-01-01',
           (e.amount * 100)::bigint, coalesce(e.currency, ''), NULL::text, NULL::integer, NULL::integer, NULL::text
      FROM "ActivityEvent" e, first_day f
     WHERE e.type = 'PAYMENT' AND e.amount IS NOT NULL AND (e."occurredAt" AT TIME ZONE ${client.escapeLiteral(zone)})::date >= f.day ${only(`e."accountId"`)}
    UNION ALL
    SELECT 'L', l."accountId", l.id::text, NULL, l."receivedOn" - DATE '1970-01-01', (l.amount * 100)::bigint, l.currency, l."ledgerRef",
           l."agencyId", NULL, l."reversesLedgerRef"
      FROM "LedgerEntry" l
     WHERE true ${only(`l."accountId"`)}
    UNION ALL
    SELECT 'A', p."accountId", NULL, p."agencyId", p."placedAt" - DATE '1970-01-01', coalesce(p."recalledAt" - DATE '1970-01-01', 2147483647), NULL, NULL, NULL, NULL, NULL
      FROM "Placement" p
     WHERE EXISTS (SELECT 1 FROM "LedgerEntry" x WHERE x."accountId" = p."accountId" AND x."agencyId" IS NULL) ${only(`p."accountId"`)}
     ORDER BY account_id`;
}

type Placed = { agencyId: number; from: number; to: number };

/** The agency the account was placed with on the day: the latest placement that covers it. */
function attribute(placements: readonly Placed[], day: number): number | null {
  let found: Placed | null = null;
  for (const placement of placements) if (placement.from <= day && day <= placement.to && (!found || placement.from > found.from)) found = placement;
  return found?.agencyId ?? null;
}

function unescapeCopy(field: string): string {
  if (!field.includes("\\")) return field;
  return field.replace(/\\(.)/g, (_match, character: string) => ({ t: "\t", n: "\n", r: "\r", "\\": "\\" })[character] ?? character);
}

function itemLine(accountId: number, item: ReconciledItem): string {
  const day = isoDay(item.day);
  return copyLine([
    String(item.agencyId),
    String(accountId),
    `${day.slice(0, 7)}-01`,
    item.status,
    item.rule,
    copyField(item.eventId),
    `{${item.ledgerIds.join(",")}}`,
    day,
    item.reportedCents === null ? "\\N" : fromCents(item.reportedCents),
    item.receivedCents === null ? "\\N" : fromCents(item.receivedCents),
    copyField(item.currency),
    item.remittanceDays === null ? "\\N" : String(item.remittanceDays),
  ]);
}
