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
    const finishAccount = async () => {
      if (accountId < 0) return;
      result.accounts += 1;
      for (const item of reconcileAccount({ payments, entries, remittanceDays })) {
        pending += itemLine(accountId, item);
        result.items += 1;
      }
      payments = [];
      entries = [];
      await flush(false);
    };

    const read = await getPool().connect();
    try {
      for await (const fields of copyRowsOf(read, readQuery(read, zone, accountIds))) {
        const account = Number(fields[1]);
        if (account !== accountId) {
          await finishAccount();
          accountId = account;
        }
        if (fields[0] === "P") {
          payments.push({ eventId: fields[2]!, agencyId: Number(fields[3]), day: Number(fields[4]), cents: Number(fields[5]), currency: fields[6]! });
          result.payments += 1;
        } else {
          entries.push({
            id: fields[2]!,
            ledgerRef: unescapeCopy(fields[7]!),
            day: Number(fields[4]),
            cents: Number(fields[5]),
            currency: fields[6]!,
            remittedBy: fields[8] === "\\N" ? null : Number(fields[8]),
            attributedTo: fields[9] === "\\N" ? null : Number(fields[9]),
            reversesLedgerRef: fields[10] === "\\N" ? null : unescapeCopy(fields[10]!),
          });
          result.entries += 1;
        }
      }
      await finishAccount();
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
 * month are left out: the ledger cannot say anything about them. An entry no agency remitted is attributed to the agency the
 * account was placed with on its day.
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
           l."agencyId", coalesce(l."agencyId", placed."agencyId"), l."reversesLedgerRef"
      FROM "LedgerEntry" l
      LEFT JOIN LATERAL (SELECT p."agencyId" FROM "Placement" p
                          WHERE p."accountId" = l."accountId" AND p."placedAt" <= l."receivedOn" AND (p."recalledAt" IS NULL OR p."recalledAt" >= l."receivedOn")
                          ORDER BY p."placedAt" DESC LIMIT 1) placed ON true
     WHERE true ${only(`l."accountId"`)}
     ORDER BY account_id`;
}

async function* copyRowsOf(client: pg.ClientBase, query: string): AsyncGenerator<string[]> {
  let rest = "";
  for await (const chunk of client.query(copyTo(`COPY (${query}) TO STDOUT`))) {
    const text = rest + (chunk as Buffer).toString("utf8");
    const lines = text.split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) yield line.split("\t");
  }
  if (rest !== "") yield rest.split("\t");
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
