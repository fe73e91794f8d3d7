// Reads of the stored reconciliation (ADR 038) for the page, the CLI, the statements and the dashboards. Amounts leave
// as fixed-point strings, days as YYYY-MM-DD.
import { getPool } from "~/db/pg.server";
import type { MatchRule, ReconciliationStatus } from "./reconcile";

/** One reconciliation item: an agency PAYMENT event, an unmatched ledger entry or a reversal. */
export type ReconciliationRecord = {
  id: string;
  status: ReconciliationStatus;
  rule: MatchRule;
  agencyId: number;
  agencyCode: string;
  accountNumber: string;
  /** ActivityEvent.id of the payment, when there is one. */
  eventId: string | null;
  /** The agency's own event id of the payment. */
  agencyEventId: string | null;
  ledgerRefs: string[];
  /** The payment's day in the reporting zone, or the entry's book date. */
  day: string;
  reportedAmount: string | null;
  receivedAmount: string | null;
  /** The reported amount where there is one, else what was received: the item's amount in the CLI and the page. */
  amount: string;
  currency: string;
  remittanceDays: number | null;
};

export type ReconciliationQuery = {
  /** YYYY-MM. */
  month: string;
  agencyId?: number;
  exceptionsOnly?: boolean;
  /** At most this many, exceptions by their amount first (the page); all otherwise. */
  limit?: number;
};

/** A YYYY-MM month's first day, or an error for anything else. */
export function monthStart(month: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new RangeError(`month '${month}' is not YYYY-MM`);
  return `${month}-01`;
}

export async function listReconciliationItems(query: ReconciliationQuery): Promise<ReconciliationRecord[]> {
  const params: unknown[] = [monthStart(query.month)];
  const where = [`r.month = $1::date`];
  if (query.agencyId !== undefined) {
    params.push(query.agencyId);
    where.push(`r."agencyId" = $${params.length}`);
  }
  if (query.exceptionsOnly) where.push(`r.status <> 'MATCHED'`);
  const order = query.limit === undefined ? `ORDER BY g.code, r.day, r."eventId" NULLS LAST, r.id` : `ORDER BY abs(coalesce(r."reportedAmount", 0) - coalesce(r."receivedAmount", 0)) DESC, r.id`;
  const limit = query.limit === undefined ? "" : `LIMIT ${Math.max(0, Math.trunc(query.limit))}`;
  const { rows } = await getPool().query<{
    id: string;
    status: ReconciliationStatus;
    rule: MatchRule;
    agency_id: number;
    agency_code: string;
    account_number: string;
    event_id: string | null;
    agency_event_id: string | null;
    ledger_refs: string[];
    day: string;
    reported: string | null;
    received: string | null;
    currency: string;
    remittance_days: number | null;
  }>(
    `SELECT r.id::text, r.status, r.rule, r."agencyId" AS agency_id, g.code AS agency_code, a."accountNumber" AS account_number,
            r."eventId"::text AS event_id, e."eventId" AS agency_event_id,
            ARRAY(SELECT l."ledgerRef" FROM unnest(r."ledgerEntryIds") WITH ORDINALITY u(id, n) JOIN "LedgerEntry" l ON l.id = u.id ORDER BY u.n) AS ledger_refs,
            to_char(r.day, 'YYYY-MM-DD') AS day, r."reportedAmount"::text AS reported, r."receivedAmount"::text AS received, r.currency,
            r."remittanceDays" AS remittance_days
       FROM "ReconciliationItem" r
       JOIN "Agency" g ON g.id = r."agencyId"
       JOIN "Account" a ON a.id = r."accountId"
       -- With its account (an item's event is its account's): on a cluster the join stays on each shard (ADR 049).
       LEFT JOIN "ActivityEvent" e ON e.id = r."eventId" AND e."accountId" = a.id
      WHERE ${where.join(" AND ")}
      ${order} ${limit}`,
    params,
  );
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    rule: row.rule,
    agencyId: row.agency_id,
    agencyCode: row.agency_code,
    accountNumber: row.account_number,
    eventId: row.event_id,
    agencyEventId: row.agency_event_id,
    ledgerRefs: row.ledger_refs,
    day: row.day,
    reportedAmount: row.reported,
    receivedAmount: row.received,
    amount: row.reported ?? row.received ?? "0.00",
    currency: row.currency,
    remittanceDays: row.remittance_days,
  }));
}

/**
 * The agency's reconciled payments of a month, for commission statements: every item tied to one of its PAYMENT events
 * (matched, late, short, missing) and every reversal of one, with what the lender received for it. A payment nothing
 * was received for has receivedAmount null; a reversal of an earlier month's payment is an item of the reversal's month
 * with a negative receivedAmount.
 */
export async function listReconciledPayments(agencyId: number, month: string): Promise<ReconciliationRecord[]> {
  const items = await listReconciliationItems({ month, agencyId });
  return items.filter((item) => item.eventId !== null);
}

export type ReconciliationSummary = {
  agencyId: number;
  agencyCode: string;
  agencyName: string;
  currency: string;
  /** Items per status. */
  counts: Record<ReconciliationStatus, number>;
  /** Sum of the agency's reported payments of the month. */
  reported: string;
  /** What the lender received for them, reversals of the month included: collected "as reconciled". */
  reconciled: string;
  /** Money the agency reported and the lender has not received (reported minus received, for the payments of the month). */
  unreconciled: string;
  /** Received by the lender, not reported by the agency. */
  unreported: string;
  remittanceDays: number;
};

/** Per agency (and currency) for one month: counts per status and the money on each side. */
export async function summariseReconciliation(month: string, agencyIds?: readonly number[]): Promise<ReconciliationSummary[]> {
  const params: unknown[] = [monthStart(month)];
  let filter = "";
  if (agencyIds !== undefined) {
    params.push([...agencyIds]);
    filter = `AND r."agencyId" = ANY ($2::integer[])`;
  }
  const { rows } = await getPool().query<{
    agency_id: number;
    code: string;
    name: string;
    remittance_days: number;
    currency: string;
    status: ReconciliationStatus;
    items: string;
    reported: string;
    reconciled: string;
    unreconciled: string;
    unreported: string;
  }>(
    `SELECT r."agencyId" AS agency_id, g.code, g.name, g."remittanceDays" AS remittance_days, r.currency, r.status, count(*)::text AS items,
            coalesce(sum(r."reportedAmount"), 0)::text AS reported,
            coalesce(sum(r."receivedAmount") FILTER (WHERE r."eventId" IS NOT NULL), 0)::text AS reconciled,
            coalesce(sum(r."reportedAmount" - coalesce(r."receivedAmount", 0)) FILTER (WHERE r."reportedAmount" IS NOT NULL), 0)::text AS unreconciled,
            coalesce(sum(r."receivedAmount") FILTER (WHERE r."eventId" IS NULL), 0)::text AS unreported
       FROM "ReconciliationItem" r JOIN "Agency" g ON g.id = r."agencyId"
      WHERE r.month = $1::date ${filter}
      GROUP BY r."agencyId", g.code, g.name, g."remittanceDays", r.currency, r.status
      ORDER BY g.code, r.currency, r.status`,
    params,
  );
  const summaries = new Map<string, ReconciliationSummary & { cents: { reported: bigint; reconciled: bigint; unreconciled: bigint; unreported: bigint } }>();
  for (const row of rows) {
    const key = `${row.agency_id}|${row.currency}`;
    let summary = summaries.get(key);
    if (!summary) {
      summary = {
        agencyId: row.agency_id,
        agencyCode: row.code,
        agencyName: row.name,
        currency: row.currency,
        remittanceDays: row.remittance_days,
        counts: { MATCHED: 0, REPORTED_NOT_RECEIVED: 0, RECEIVED_NOT_REPORTED: 0, AMOUNT_MISMATCH: 0, LATE_REMITTANCE: 0 },
        reported: "0.00",
        reconciled: "0.00",
        unreconciled: "0.00",
        unreported: "0.00",
        cents: { reported: 0n, reconciled: 0n, unreconciled: 0n, unreported: 0n },
      };
      summaries.set(key, summary);
    }
    summary.counts[row.status] += Number(row.items);
    summary.cents.reported += centsOf(row.reported);
    summary.cents.reconciled += centsOf(row.reconciled);
    summary.cents.unreconciled += centsOf(row.unreconciled);
    summary.cents.unreported += centsOf(row.unreported);
  }
  return [...summaries.values()].map(({ cents, ...summary }) => ({
    ...summary,
    reported: moneyOf(cents.reported),
    reconciled: moneyOf(cents.reconciled),
    unreconciled: moneyOf(cents.unreconciled),
    unreported: moneyOf(cents.unreported),
  }));
}

function centsOf(amount: string): bigint {
  const negative = amount.startsWith("-");
  const [whole = "0", fraction = ""] = amount.replace("-", "").split(".");
  const cents = BigInt(whole) * 100n + BigInt((fraction + "00").slice(0, 2));
  return negative ? -cents : cents;
}

function moneyOf(cents: bigint): string {
  const negative = cents < 0n;
  const absolute = negative ? -cents : cents;
  return `${negative ? "-" : ""}${absolute / 100n}.${(absolute % 100n).toString().padStart(2, "0")}`;
}
