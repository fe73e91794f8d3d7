// The "due for recall" list (ADR 039): open placements past their contract term, paid in full, not worked for the
// policy's days, or rejected by their agency; the grid's blocks, its CSV/Excel export and the recall file (the
// placements format with recalled_at and recall_reason, which the placements import accepts back) all read the same
// list in the same order. The facts come from one query; recall-due.ts decides.
import { z } from "zod";
import { dayInZone } from "~/findings/finding-dates";
import { getPool } from "~/db/pg.server";
import { getPrisma } from "~/db/client.server";
import { toGridBlock } from "~/grid/count-capped.server";
import { numberCell, textCell, type ExportTable } from "~/grid/export-table";
import type { GridBlock } from "~/grid/grid-query";
import { toCsvLine, CSV_BYTE_ORDER_MARK } from "~/csv/write-csv";
import { hasLedger } from "~/reconciliation/reconcile-accounts.server";
import type { Locale } from "~/i18n/locales";
import type { MessageKey } from "~/i18n/messages.en";
import { getMessages, translate, translateDynamic } from "~/i18n/translate";
import { getSetting, readOwnSetting, writeOwnSetting } from "~/settings/settings.server";
import { cents, defaultRecallPolicy, recallDueOf, type RecallDueRow, type RecallPolicy } from "./recall-due";

export type { RecallDueRow } from "./recall-due";
import type { RecallDueFilters, RecallDueSort } from "./recall-due-grid-query";

const RECALL_POLICY_KEY = "recalls.policy";
export const recallPolicySchema = z.object({ notWorkedDays: z.coerce.number().int().min(1).max(3650) });

export async function readRecallPolicy(): Promise<RecallPolicy> {
  return readOwnSetting(RECALL_POLICY_KEY, recallPolicySchema, () => defaultRecallPolicy);
}

/** Stores the policy (the caller checks the permission); throws ZodError on bad input. */
export async function saveRecallPolicy(value: unknown, userId: number | null): Promise<RecallPolicy> {
  return writeOwnSetting(RECALL_POLICY_KEY, recallPolicySchema, value, userId);
}


export type RecallDueQuery = {
  /** An AGENCY user's own agency (scopeAgency), or undefined for every agency. */
  scopeAgencyId: number | undefined;
  filters: RecallDueFilters;
  sort: RecallDueSort;
  now: Date;
};

type FactRow = {
  placement_id: number;
  account_number: string;
  customer_ref: string;
  agency_code: string;
  term_days: number | null;
  placed_at: string;
  placed_balance: string;
  currency: string;
  dpd_at_placement: number | null;
  collected: string;
  last_worked_on: string | null;
  ack_status: "ACCEPTED" | "REJECTED" | null;
  ack_reason: string | null;
};

/** Today in the lender's reporting zone for `now` (the injectable clock). */
export async function recallToday(now: Date): Promise<string> {
  return dayInZone(now, await getSetting("lender.timeZone"));
}

/** Every open placement in scope that is due for recall on the clock's today, in the sort's order. */
export async function listDueForRecall(query: RecallDueQuery): Promise<{ rows: RecallDueRow[]; today: string; policy: RecallPolicy }> {
  const [timeZone, policy] = await Promise.all([getSetting("lender.timeZone"), readRecallPolicy()]);
  const today = dayInZone(query.now, timeZone);
  let agencyId = query.scopeAgencyId ?? null;
  if (query.filters.agency) {
    const agency = await getPrisma().agency.findUnique({ where: { code: query.filters.agency.toUpperCase() }, select: { id: true } });
    // An unknown code, or another agency than the scope's, matches nothing.
    if (!agency || (agencyId !== null && agency.id !== agencyId)) return { rows: [], today, policy };
    agencyId = agency.id;
  }
  // Payments and the latest event of the placement's own agency on the account since the day it was placed. Once the
  // lender has a ledger, "paid" is what the reconciliation says the lender received on the account under the agency
  // since the placement (its reported payments as received, short, or not at all, reversals, and direct payments
  // counted against it), plus the agency's payments no reconciliation covers yet (before the ledger's first month).
  const ledger = await hasLedger();
  const { rows: facts } = await getPool().query<FactRow>(
    `SELECT p.id AS placement_id, a."accountNumber" AS account_number, c."customerRef" AS customer_ref, g.code AS agency_code,
            g."placementTermDays" AS term_days, p."placedAt"::text AS placed_at, p."placedBalance"::text AS placed_balance, p.currency,
            p."dpdAtPlacement" AS dpd_at_placement,
            (CASE WHEN $3::boolean THEN COALESCE(rc.received, 0) + COALESCE(x.uncovered, 0) ELSE COALESCE(x.collected, 0) END)::text AS collected,
            (x.last_at AT TIME ZONE $2)::date::text AS last_worked_on, k.status::text AS ack_status, k.reason AS ack_reason
       FROM "Placement" p
       JOIN "Account" a ON a.id = p."accountId"
       JOIN "Customer" c ON c.id = a."customerId"
       JOIN "Agency" g ON g.id = p."agencyId"
       LEFT JOIN "PlacementAcknowledgment" k ON k."placementId" = p.id
       LEFT JOIN LATERAL (
         SELECT sum(e.amount) FILTER (WHERE e.type = 'PAYMENT') AS collected, max(e."occurredAt") AS last_at,
                sum(e.amount) FILTER (WHERE e.type = 'PAYMENT' AND $3::boolean
                  AND NOT EXISTS (SELECT 1 FROM "ReconciliationItem" r WHERE r."accountId" = e."accountId" AND r."eventId" = e.id)) AS uncovered
           FROM "ActivityEvent" e
          WHERE e."accountId" = p."accountId" AND e."agencyId" = p."agencyId" AND e."occurredAt" >= (p."placedAt"::timestamp AT TIME ZONE $2)
       ) x ON true
       LEFT JOIN LATERAL (
         SELECT sum(COALESCE(r."receivedAmount", 0)) AS received FROM "ReconciliationItem" r
          WHERE $3::boolean AND r."accountId" = p."accountId" AND r."agencyId" = p."agencyId" AND r.day >= p."placedAt"
       ) rc ON true
      WHERE p."recalledAt" IS NULL AND ($1::integer IS NULL OR p."agencyId" = $1)`,
    [agencyId, timeZone, ledger],
  );
  const rows: RecallDueRow[] = [];
  for (const fact of facts) {
    const due = recallDueOf(
      { placedAt: fact.placed_at, termDays: fact.term_days, placedBalance: fact.placed_balance, collected: fact.collected, lastWorkedOn: fact.last_worked_on, acknowledgment: fact.ack_status },
      policy,
      today,
    );
    if (!due || (query.filters.reason && !due.reasons.includes(query.filters.reason))) continue;
    rows.push({
      placementId: fact.placement_id,
      accountNumber: fact.account_number,
      customerRef: fact.customer_ref,
      agencyCode: fact.agency_code,
      placedAt: fact.placed_at,
      termEndsOn: due.termEndsOn,
      placedBalance: fact.placed_balance,
      currency: fact.currency,
      dpdAtPlacement: fact.dpd_at_placement,
      collected: Number(fact.collected) === 0 ? "0.00" : fact.collected,
      lastWorkedOn: fact.last_worked_on,
      idleDays: due.idleDays,
      acknowledgment: fact.ack_status,
      acknowledgmentReason: fact.ack_reason,
      reasons: due.reasons,
      recallReason: due.recallReason,
    });
  }
  rows.sort(comparator(query.sort));
  return { rows, today, policy };
}

function comparator(sort: RecallDueSort): (a: RecallDueRow, b: RecallDueRow) => number {
  const sign = sort.direction === "asc" ? 1 : -1;
  const compareValues = (a: RecallDueRow, b: RecallDueRow): number => {
    switch (sort.column) {
      case "placedBalance":
      case "collected": {
        const difference = cents(a[sort.column]) - cents(b[sort.column]);
        return difference === 0n ? 0 : difference < 0n ? -1 : 1;
      }
      case "idleDays":
        return a.idleDays - b.idleDays;
      default: {
        // Missing days sort last whatever the direction.
        const left = a[sort.column];
        const right = b[sort.column];
        if (left === right) return 0;
        if (left === null) return sign;
        if (right === null) return -sign;
        return left < right ? -1 : 1;
      }
    }
  };
  return (a, b) => sign * compareValues(a, b) || a.placementId - b.placementId;
}

/** One block of the grid; the list is computed whole, so the total is exact. */
export async function queryRecallDueRows(query: RecallDueQuery & { startRow: number; endRow: number }): Promise<GridBlock<RecallDueRow>> {
  const { rows } = await listDueForRecall(query);
  return toGridBlock(rows.slice(query.startRow, query.endRow), query, query.startRow === 0 ? rows.length : null);
}

/** The placements-format columns of a recall file, in the order the placements import documents them. */
export const recallFileColumns = ["account_number", "customer_id", "agency_code", "placed_at", "placed_balance", "currency", "recalled_at", "recall_reason", "dpd_at_placement"] as const;

/** The recall file's line for one due placement, recalled on `recalledAt`. */
export function recallFileRecord(row: RecallDueRow, recalledAt: string): Record<(typeof recallFileColumns)[number], string> {
  return {
    account_number: row.accountNumber,
    customer_id: row.customerRef,
    agency_code: row.agencyCode,
    placed_at: row.placedAt,
    placed_balance: row.placedBalance,
    currency: row.currency,
    recalled_at: recalledAt,
    recall_reason: row.recallReason,
    dpd_at_placement: row.dpdAtPlacement === null ? "" : String(row.dpdAtPlacement),
  };
}

/** The list as a recall file: CSV in the placements format, recalled today (the clock's) with each placement's reason. */
export async function buildRecallFile(query: RecallDueQuery): Promise<{ csv: string; rows: number; fileName: string }> {
  const { rows, today } = await listDueForRecall(query);
  const lines = [toCsvLine(recallFileColumns), ...rows.map((row) => toCsvLine(recallFileColumns.map((column) => recallFileRecord(row, today)[column])))];
  return { csv: CSV_BYTE_ORDER_MARK + lines.join(""), rows: rows.length, fileName: `recall-${today}.csv` };
}

export type RecallDueExport = { table: ExportTable<RecallDueRow>; fileBase: string; sheetName: string; notes: string[]; rows: number };

/** The grid as an export table in the reader's language. */
export async function prepareRecallDueExport(query: RecallDueQuery & { locale: Locale; filtersDescription: string }): Promise<RecallDueExport> {
  const { rows, today, policy } = await listDueForRecall(query);
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(query.locale, key, params);
  const messages = getMessages(query.locale);
  const tEnum = (prefix: string, value: string | null) => (value === null ? null : translateDynamic(messages, `${prefix}.${value}`, value));
  const table: ExportTable<RecallDueRow> = {
    rows,
    columns: [
      { header: t("recalls.col.account"), cell: (row) => textCell(row.accountNumber) },
      { header: t("recalls.col.customer"), cell: (row) => textCell(row.customerRef) },
      { header: t("recalls.col.agency"), cell: (row) => textCell(row.agencyCode) },
      { header: t("recalls.col.placedAt"), cell: (row) => textCell(row.placedAt) },
      { header: t("recalls.col.termEndsOn"), cell: (row) => textCell(row.termEndsOn) },
      { header: t("recalls.col.placedBalance"), cell: (row) => numberCell(Number(row.placedBalance), "money") },
      { header: t("recalls.col.collected"), cell: (row) => numberCell(Number(row.collected), "money") },
      { header: t("recalls.col.currency"), cell: (row) => textCell(row.currency) },
      { header: t("recalls.col.lastWorkedOn"), cell: (row) => textCell(row.lastWorkedOn) },
      { header: t("recalls.col.idleDays"), cell: (row) => numberCell(row.idleDays, "count") },
      { header: t("recalls.col.acknowledgment"), cell: (row) => textCell(tEnum("acknowledgmentStatus", row.acknowledgment)) },
      { header: t("recalls.col.acknowledgmentReason"), cell: (row) => textCell(row.acknowledgmentReason) },
      { header: t("recalls.col.reasons"), cell: (row) => textCell(row.reasons.map((reason) => tEnum("recalls.reason", reason)).join("; ")) },
      { header: t("recalls.col.recallReason"), cell: (row) => textCell(tEnum("recallReason", row.recallReason)) },
    ],
  };
  const notes = [t("recalls.export.note", { today, days: policy.notWorkedDays, filters: query.filtersDescription })];
  return { table, fileBase: `due-for-recall-${today}`, sheetName: t("recalls.export.sheet"), notes, rows: rows.length };
}
