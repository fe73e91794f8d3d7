// The findings grid (compliance's list and the agency's inbox) and its CSV and Excel export: the page URL's filters
// read once here into listFindings' options, so the grid's blocks and the files list the same findings in the same
// order, scoped as listFindings scopes them (AGENCY viewers: their own agency's issued findings).
import { getPrisma } from "~/db/client.server";
import { numberCell, textCell, type ExportTable } from "~/grid/export-table";
import { toGridBlock } from "~/grid/count-capped.server";
import type { GridBlock } from "~/grid/grid-query";
import type { Locale } from "~/i18n/locales";
import { getMessages, translate, translateDynamic } from "~/i18n/translate";
import type { MessageKey } from "~/i18n/messages.en";
import { getSetting } from "~/settings/settings.server";
import { dayInZone } from "./finding-dates";
import { openFindingStatuses } from "./finding-state";
import { findingOrderBy, type FindingFilters, type FindingSort } from "./finding-grid-query";
import { listFindings, type ListFindingsOptions } from "./finding-queries.server";
import type { FindingActorRef, FindingListRow } from "./finding-types";

/** listFindings' options for the grid's filters; an agency code that does not exist matches nothing. */
async function listOptions(filters: FindingFilters, sort: FindingSort, now: Date): Promise<ListFindingsOptions> {
  let agencyId: number | undefined;
  if (filters.agency) {
    const agency = await getPrisma().agency.findUnique({ where: { code: filters.agency.toUpperCase() }, select: { id: true } });
    agencyId = agency?.id ?? -1;
  }
  return {
    agencyId,
    statuses: filters.status === "OPEN" ? openFindingStatuses.filter((status) => status !== "DRAFT") : filters.status ? [filters.status] : undefined,
    ruleCode: filters.rule,
    overdueOnly: filters.overdue === "1",
    repeatOnly: filters.repeat === "1",
    orderBy: findingOrderBy(sort),
    now,
  };
}

/** One block of the findings grid. Findings are few, so the total is always exact. */
export async function queryFindingRows(viewer: FindingActorRef, input: { filters: FindingFilters; sort: FindingSort; startRow: number; endRow: number; now: Date }): Promise<GridBlock<FindingListRow>> {
  const options = await listOptions(input.filters, input.sort, input.now);
  const { rows, total } = await listFindings(viewer, { ...options, offset: input.startRow, limit: input.endRow - input.startRow });
  return toGridBlock(rows, input, input.startRow === 0 ? total : null);
}

export type FindingExport = { table: ExportTable<FindingListRow>; fileBase: string; sheetName: string; notes: string[]; rows: number };

/** The grid's findings as an export table in the reader's language (every matching finding, the grid's order). */
export async function prepareFindingExport(viewer: FindingActorRef, input: { filters: FindingFilters; sort: FindingSort; locale: Locale; filtersDescription: string; now: Date }): Promise<FindingExport> {
  const options = await listOptions(input.filters, input.sort, input.now);
  const [{ rows, today }, timeZone] = await Promise.all([listFindings(viewer, options), getSetting("lender.timeZone")]);
  const reportingDay = (instant: string | null) => (instant === null ? null : dayInZone(new Date(instant), timeZone));
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(input.locale, key, params);
  const messages = getMessages(input.locale);
  const tEnum = (prefix: string, value: string) => translateDynamic(messages, `${prefix}.${value}`, value);
  const yesNo = (value: boolean) => t(value ? "common.yes" : "common.no");
  const table: ExportTable<FindingListRow> = {
    rows,
    columns: [
      { header: t("findings.col.id"), cell: (row) => numberCell(row.id, "index") },
      { header: t("findings.col.title"), cell: (row) => textCell(row.title) },
      { header: t("findings.list.agency"), cell: (row) => textCell(row.agencyCode) },
      { header: t("findingList.col.agent"), cell: (row) => textCell(row.agentExternalId) },
      { header: t("findings.col.rules"), cell: (row) => textCell([...row.ruleCodes, ...row.complaintCategories].join(", ")) },
      { header: t("findingList.col.periodFrom"), cell: (row) => textCell(row.periodFrom) },
      { header: t("findingList.col.periodTo"), cell: (row) => textCell(row.periodTo) },
      { header: t("findings.col.severity"), cell: (row) => textCell(tEnum("severity", row.severity)) },
      { header: t("findings.list.status"), cell: (row) => textCell(tEnum("findings.status", row.status)) },
      { header: t("findingList.col.origin"), cell: (row) => textCell(tEnum("findings.origin", row.origin)) },
      { header: t("findingList.col.issuedOn"), cell: (row) => textCell(reportingDay(row.issuedAt)) },
      { header: t("findings.col.due"), cell: (row) => textCell(row.responseDueOn) },
      { header: t("findingList.col.overdue"), cell: (row) => textCell(yesNo(row.overdue)) },
      { header: t("findingList.col.repeatOf"), cell: (row) => (row.repeatOfId === null ? textCell(null) : numberCell(row.repeatOfId, "index")) },
      { header: t("findings.col.violations"), cell: (row) => numberCell(row.violationCount, "count") },
      { header: t("findingList.col.complaints"), cell: (row) => numberCell(row.complaintCount, "count") },
      { header: t("findingList.col.closedOn"), cell: (row) => textCell(reportingDay(row.closedAt)) },
    ],
  };
  return {
    table,
    rows: rows.length,
    sheetName: t("findingList.export.sheet"),
    fileBase: t("findingList.export.fileName", { date: today }),
    notes: [t("findingList.export.filters", { filters: input.filtersDescription, today })],
  };
}
