import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";
import { escapeCsvCell } from "~/csv/write-csv";
import type { Locale } from "~/i18n/locales";
import type { MessageKey } from "~/i18n/messages.en";
import { translate } from "~/i18n/translate";
import { escapeCellText } from "~/reports/escape-cell";
import { listCaseRows, type CaseRow, type CaseRowsQuery } from "./list-case-rows.server";

// The cases grid as a file: the placements matching the grid's filters, in its order, read from listCaseRows page by
// page (so the figures are the grid's own and names are masked exactly as on screen) and written as they are read,
// so memory stays flat. A file stops at maxCaseExportRows and says so in its last line.

export { maxCaseExportRows } from "./case-export-limits";
import { maxCaseExportRows } from "./case-export-limits";
const pageSize = 2_000;

export type CaseExportQuery = Omit<CaseRowsQuery, "offset" | "limit">;
export type CaseExportFormat = "csv" | "xlsx";
export type CaseExport = { fileName: string; contentType: string; stream: Readable; total: number; rows: number };

type Column = { header: MessageKey; value: (row: CaseRow) => string | number | null; kind: "text" | "money" | "count" | "date" | "dateTime" };

const columns: Column[] = [
  { header: "cases.accountNumber", value: (row) => row.accountNumber, kind: "text" },
  { header: "caseList.export.customerRef", value: (row) => row.customerRef, kind: "text" },
  { header: "caseList.export.debtorName", value: (row) => row.debtorName, kind: "text" },
  { header: "common.agency", value: (row) => row.agencyCode, kind: "text" },
  { header: "cases.product", value: (row) => row.product, kind: "text" },
  { header: "cases.placedAt", value: (row) => row.placedAt, kind: "date" },
  { header: "caseList.export.recalledAt", value: (row) => row.recalledAt, kind: "date" },
  { header: "caseList.export.dpdAtPlacement", value: (row) => row.dpdAtPlacement, kind: "count" },
  { header: "caseList.export.currency", value: (row) => row.currency, kind: "text" },
  { header: "cases.placedBalance", value: (row) => row.placedBalance, kind: "money" },
  { header: "caseList.collected", value: (row) => row.collected, kind: "money" },
  { header: "caseList.lastContact", value: (row) => row.lastContactAt, kind: "dateTime" },
  { header: "cases.violations", value: (row) => row.violations, kind: "count" },
];

async function* matchingRows(query: CaseExportQuery, total: number): AsyncGenerator<CaseRow> {
  const last = Math.min(total, maxCaseExportRows);
  for (let offset = 0; offset < last; offset += pageSize) {
    const page = await listCaseRows({ ...query, offset, limit: Math.min(pageSize, last - offset) });
    yield* page.rows;
    if (page.rows.length === 0) return;
  }
}

function csvCell(value: string | number | null): string {
  if (value === null) return "";
  return typeof value === "number" ? String(value) : escapeCsvCell(value);
}

async function* csvLines(query: CaseExportQuery, total: number, t: (key: MessageKey, params?: Record<string, string | number>) => string, notes: string[]) {
  // A byte order mark, so Excel reads Chinese names as UTF-8.
  yield `\uFEFF${columns.map((column) => escapeCsvCell(t(column.header))).join(",")}\r\n`;
  for await (const row of matchingRows(query, total)) yield `${columns.map((column) => csvCell(column.value(row))).join(",")}\r\n`;
  for (const note of notes) yield `${escapeCsvCell(note)}\r\n`;
}

const numberFormats = { money: "#,##0.00", count: "#,##0" } as const;

function xlsxStream(query: CaseExportQuery, total: number, t: (key: MessageKey, params?: Record<string, string | number>) => string, notes: string[]): Readable {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  void (async () => {
    const sheet = workbook.addWorksheet(t("caseList.export.sheet"), { views: [{ state: "frozen", xSplit: 1, ySplit: 1 }] });
    sheet.columns = columns.map((column) => ({ header: escapeCellText(t(column.header)), width: column.kind === "text" ? 18 : 16 }));
    sheet.getRow(1).font = { bold: true };
    for await (const row of matchingRows(query, total)) {
      const cells = columns.map((column) => {
        const value = column.value(row);
        if (value === null) return null;
        if (column.kind === "money") return Number(value);
        if (column.kind === "date") return new Date(`${String(value)}T00:00:00Z`);
        if (column.kind === "dateTime") return new Date(String(value));
        return typeof value === "number" ? value : escapeCellText(value);
      });
      const added = sheet.addRow(cells);
      columns.forEach((column, index) => {
        if (column.kind === "money" || column.kind === "count") added.getCell(index + 1).numFmt = numberFormats[column.kind];
        else if (column.kind === "date") added.getCell(index + 1).numFmt = "yyyy-mm-dd";
        else if (column.kind === "dateTime") added.getCell(index + 1).numFmt = "yyyy-mm-dd hh:mm";
      });
      added.commit();
    }
    if (notes.length > 0) sheet.addRow([]).commit();
    for (const note of notes) sheet.addRow([escapeCellText(note)]).commit();
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return output;
}

/**
 * The cases matching the query as a CSV or Excel file in the reader's language. Money is written to the cent (CSV)
 * or as numbers with a money format (Excel; amounts of one currency per row, the currency in its own column), so
 * sums work; text an agency or debtor wrote is escaped against formula injection.
 */
export async function exportCaseRows(query: CaseExportQuery, options: { format: CaseExportFormat; locale: Locale; filtersDescription: string; today: string }): Promise<CaseExport> {
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(options.locale, key, params);
  const { total } = await listCaseRows({ ...query, offset: 0, limit: 1 });
  const notes = [t("caseList.export.filters", { filters: options.filtersDescription })];
  if (total > maxCaseExportRows) notes.push(t("caseList.export.truncated", { max: maxCaseExportRows, total }));
  const fileBase = t("caseList.export.fileName", { date: options.today });
  const rows = Math.min(total, maxCaseExportRows);
  if (options.format === "csv") {
    return { fileName: `${fileBase}.csv`, contentType: "text/csv; charset=utf-8", stream: Readable.from(csvLines(query, total, t, notes)), total, rows };
  }
  return { fileName: `${fileBase}.xlsx`, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", stream: xlsxStream(query, total, t, notes), total, rows };
}
