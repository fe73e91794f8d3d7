// The reconciliation page (ADR 038): one agency's (or, for the lender, every agency's) items of a month as grid rows,
// the money summary, and the export. AGENCY users are held to their own agency: asking for another is "not found".
import { getPool } from "~/db/pg.server";
import { getPrisma } from "~/db/client.server";
import { toGridBlock } from "~/grid/count-capped.server";
import { numberCell, textCell, type ExportTable } from "~/grid/export-table";
import type { GridBlock } from "~/grid/grid-query";
import type { Locale } from "~/i18n/locales";
import type { MessageKey } from "~/i18n/messages.en";
import { getMessages, translate, translateDynamic } from "~/i18n/translate";
import { listReconciliationItems, summariseReconciliation, type ReconciliationSummary } from "./reconciliation-queries.server";
import { centsOfMoney, moneyOfCents, sortReconciliationRows, type ReconciliationFilters, type ReconciliationRow, type ReconciliationSort } from "./reconciliation-grid-query";

export class ReconciliationScopeError extends Error {}

export type ReconciliationScope = { month: string; agencyId: number | undefined; agencyCode: string | null };

/**
 * The agency and month a request reads. `scopeAgencyId` is the user's own agency for AGENCY users. An agency code that
 * does not exist, or is not the user's own, throws ReconciliationScopeError (the routes answer 404). Without a month,
 * the latest month with items in scope, else the clock's month.
 */
export async function resolveReconciliationScope(filters: ReconciliationFilters, scopeAgencyId: number | undefined, now: Date): Promise<ReconciliationScope> {
  let agencyId = scopeAgencyId;
  let agencyCode: string | null = null;
  if (filters.agency !== undefined) {
    const agency = await getPrisma().agency.findUnique({ where: { code: filters.agency }, select: { id: true, code: true } });
    if (!agency || (scopeAgencyId !== undefined && agency.id !== scopeAgencyId)) throw new ReconciliationScopeError(`agency ${filters.agency} not found`);
    agencyId = agency.id;
    agencyCode = agency.code;
  } else if (scopeAgencyId !== undefined) {
    agencyCode = (await getPrisma().agency.findUniqueOrThrow({ where: { id: scopeAgencyId }, select: { code: true } })).code;
  }
  return { month: filters.month ?? (await latestReconciledMonth(agencyId)) ?? now.toISOString().slice(0, 7), agencyId, agencyCode };
}

async function latestReconciledMonth(agencyId: number | undefined): Promise<string | null> {
  const { rows } = await getPool().query<{ month: string | null }>(
    `SELECT to_char(max(month), 'YYYY-MM') AS month FROM "ReconciliationItem" ${agencyId === undefined ? "" : `WHERE "agencyId" = $1`}`,
    agencyId === undefined ? [] : [agencyId],
  );
  return rows[0]?.month ?? null;
}

export type ReconciliationRowsQuery = { scope: ReconciliationScope; status: ReconciliationFilters["status"]; sort: ReconciliationSort };

/** The scope's items with the status filter applied (blank: every exception), in the grid's order. */
export async function listReconciliationRows(query: ReconciliationRowsQuery): Promise<ReconciliationRow[]> {
  const status = query.status;
  const items = await listReconciliationItems({ month: query.scope.month, agencyId: query.scope.agencyId, exceptionsOnly: status === undefined });
  const rows = items
    .filter((item) => status === undefined || status === "ALL" || item.status === status)
    .map(
      (item): ReconciliationRow => ({
        id: item.id,
        status: item.status,
        rule: item.rule,
        agencyCode: item.agencyCode,
        accountNumber: item.accountNumber,
        agencyEventId: item.agencyEventId,
        ledgerRefs: item.ledgerRefs,
        day: item.day,
        reportedAmount: item.reportedAmount,
        receivedAmount: item.receivedAmount,
        amount: item.amount,
        difference: moneyOfCents(centsOfMoney(item.reportedAmount) - centsOfMoney(item.receivedAmount)),
        currency: item.currency,
      }),
    );
  return sortReconciliationRows(rows, query.sort);
}

export async function queryReconciliationRows(query: ReconciliationRowsQuery & { startRow: number; endRow: number }): Promise<GridBlock<ReconciliationRow>> {
  const rows = await listReconciliationRows(query);
  return toGridBlock(rows.slice(query.startRow, query.endRow), query, query.startRow === 0 ? rows.length : null);
}

/** The summary cards: per agency and currency, reported, reconciled, unreconciled and received-not-reported money. */
export async function summariseReconciliationScope(scope: ReconciliationScope): Promise<ReconciliationSummary[]> {
  return summariseReconciliation(scope.month, scope.agencyId === undefined ? undefined : [scope.agencyId]);
}

export type ReconciliationExport = { table: ExportTable<ReconciliationRow>; fileBase: string; sheetName: string; notes: string[]; rows: number };

/** The grid as an export table in the reader's language, with the month's summary as notes. */
export async function prepareReconciliationExport(query: ReconciliationRowsQuery & { locale: Locale }): Promise<ReconciliationExport> {
  const [rows, summaries] = await Promise.all([listReconciliationRows(query), summariseReconciliationScope(query.scope)]);
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(query.locale, key, params);
  const messages = getMessages(query.locale);
  const tEnum = (prefix: string, value: string) => translateDynamic(messages, `${prefix}.${value}`, value);
  const money = (value: string | null) => numberCell(value === null ? null : Number(value), "money");
  const table: ExportTable<ReconciliationRow> = {
    rows,
    columns: [
      { header: t("reconciliation.col.agency"), cell: (row) => textCell(row.agencyCode) },
      { header: t("reconciliation.col.account"), cell: (row) => textCell(row.accountNumber) },
      { header: t("reconciliation.col.day"), cell: (row) => textCell(row.day) },
      { header: t("reconciliation.col.status"), cell: (row) => textCell(tEnum("reconciliation.status", row.status)) },
      { header: t("reconciliation.col.rule"), cell: (row) => textCell(tEnum("reconciliation.rule", row.rule)) },
      { header: t("reconciliation.col.eventId"), cell: (row) => textCell(row.agencyEventId) },
      { header: t("reconciliation.col.ledgerRefs"), cell: (row) => textCell(row.ledgerRefs.join("; ")) },
      { header: t("reconciliation.col.reported"), cell: (row) => money(row.reportedAmount) },
      { header: t("reconciliation.col.received"), cell: (row) => money(row.receivedAmount) },
      { header: t("reconciliation.col.difference"), cell: (row) => money(row.difference) },
      { header: t("reconciliation.col.currency"), cell: (row) => textCell(row.currency) },
    ],
  };
  const notes = summaries.map((summary) =>
    t("reconciliation.export.note", {
      agency: summary.agencyCode,
      currency: summary.currency,
      reported: summary.reported,
      reconciled: summary.reconciled,
      unreconciled: summary.unreconciled,
      unreported: summary.unreported,
    }),
  );
  const agencyPart = query.scope.agencyCode ?? "all";
  return { table, fileBase: `reconciliation-${agencyPart}-${query.scope.month}`, sheetName: t("reconciliation.export.sheet"), notes, rows: rows.length };
}
