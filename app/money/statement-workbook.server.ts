// A commission statement as an Excel file for accounts payable: the totals on top, then one row per line. Money
// cells are numbers with two decimals (amounts fit a double exactly to the cent); text is escaped against formulas.
import ExcelJS from "exceljs";
import type { Locale } from "~/i18n/locales";
import { translate } from "~/i18n/translate";
import { escapeCellText } from "~/reports/escape-cell";
import type { InvoiceComparison, StatementLine, StatementTotals } from "./statement-lines";

/** The agency's invoice and how it compares with the statement (a second sheet; ADR 045). */
export type StatementWorkbookInvoice = { total: string; reference: string | null; comparison: InvoiceComparison };

export type StatementWorkbookInput = {
  agency: { code: string; name: string };
  month: string;
  status: "DRAFT" | "FINAL";
  basis: string;
  totals: StatementTotals;
  lines: readonly StatementLine[];
  generatedAt: Date;
  locale: Locale;
  invoice?: StatementWorkbookInvoice | null;
};

const MONEY = "#,##0.00";

type Translate = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => string;

const lineColumns = ["kind", "account", "day", "amount", "tier", "rate", "commission", "adjustsMonth", "previously", "eventId"] as const;
type LineColumn = (typeof lineColumns)[number];
const lineFormats: Partial<Record<LineColumn, string>> = { amount: MONEY, rate: "0.00%", commission: MONEY, previously: MONEY };

function lineCell(line: StatementLine, column: LineColumn, t: Translate): string | number | null {
  switch (column) {
    case "kind":
      return t(`statements.kind.${line.kind}`);
    case "account":
      return escapeCellText(line.accountNumber);
    case "day":
      return line.day;
    case "amount":
      return Number(line.amount);
    case "tier":
      return line.tierLabel === null ? null : escapeCellText(line.tierLabel);
    case "rate":
      return line.rate === null ? null : Number(line.rate);
    case "commission":
      return Number(line.commission);
    case "adjustsMonth":
      return line.adjustsMonth?.slice(0, 7) ?? null;
    case "previously":
      return line.previously === null ? null : Number(line.previously);
    case "eventId":
      return line.eventId ?? (line.placementId === null ? null : `P${line.placementId}`);
  }
}

/** A header row and one row per line, in the given columns, with each column's number format; the header row's number. */
function addLineRows(sheet: ExcelJS.Worksheet, lines: readonly StatementLine[], columns: readonly LineColumn[], t: Translate): number {
  const header = sheet.addRow(columns.map((key) => t(`statements.col.${key}`)));
  header.font = { bold: true };
  for (const line of lines) {
    const row = sheet.addRow(columns.map((column) => lineCell(line, column, t)));
    columns.forEach((column, index) => {
      const format = lineFormats[column];
      if (format) row.getCell(index + 1).numFmt = format;
    });
  }
  return header.number;
}

export async function renderStatementWorkbook(input: StatementWorkbookInput): Promise<Buffer> {
  const t: Translate = (key, params) => translate(input.locale, key, params);
  const workbook = new ExcelJS.Workbook();
  // Fixed to the statement's own time, so the file depends on the statement only.
  workbook.created = input.generatedAt;
  workbook.modified = input.generatedAt;
  const sheet = workbook.addWorksheet(escapeCellText(t("statements.sheet")).slice(0, 31));
  sheet.addRow([escapeCellText(t("statements.file.title", { agency: `${input.agency.code} ${input.agency.name}`, month: input.month }))]).font = { bold: true, size: 14 };
  sheet.addRow([t("statements.file.status"), t(input.status === "FINAL" ? "statements.status.FINAL" : "statements.status.DRAFT")]);
  sheet.addRow([t("statements.file.basis"), t(input.basis === "RECONCILED" ? "statements.basis.RECONCILED" : "statements.basis.REPORTED")]);
  const totals: [string, string][] = [
    [t("statements.paymentsTotal"), input.totals.paymentsTotal],
    [t("statements.commissionTotal"), input.totals.commissionTotal],
    [t("statements.adjustmentsTotal"), input.totals.adjustmentsTotal],
    [t("statements.flatFeesTotal"), input.totals.flatFeesTotal],
    [t("statements.totalDue"), input.totals.totalDue],
  ];
  for (const [label, value] of totals) {
    const row = sheet.addRow([label, Number(value)]);
    row.getCell(2).numFmt = MONEY;
  }
  sheet.getRow(sheet.rowCount).font = { bold: true };
  sheet.addRow([]);
  const headerRow = addLineRows(sheet, input.lines, lineColumns, t);
  sheet.views = [{ state: "frozen", ySplit: headerRow }];
  if (input.lines.length > 0) sheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: lineColumns.length } };
  [14, 18, 12, 14, 36, 9, 14, 12, 14, 16].forEach((width, index) => (sheet.getColumn(index + 1).width = width));
  if (input.invoice) writeInvoiceSheet(workbook, input, input.invoice, t);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The invoice against the total due, and the lines whose commission makes up the difference. */
function writeInvoiceSheet(workbook: ExcelJS.Workbook, input: StatementWorkbookInput, invoice: StatementWorkbookInvoice, t: Translate): void {
  const sheet = workbook.addWorksheet(escapeCellText(t("statements.invoice.title")).slice(0, 31));
  sheet.addRow([escapeCellText(t("statements.invoice.title"))]).font = { bold: true, size: 14 };
  sheet.addRow([t("statements.invoice.reference"), invoice.reference === null ? null : escapeCellText(invoice.reference)]);
  for (const [label, value] of [
    [t("statements.invoice.total"), invoice.total],
    [t("statements.totalDue"), input.totals.totalDue],
  ] as const) {
    sheet.addRow([label, Number(value)]).getCell(2).numFmt = MONEY;
  }
  const comparison = invoice.comparison;
  if (comparison.status !== "DIFFERS") {
    sheet.addRow([t(comparison.status === "MATCHES" ? "statements.invoice.MATCHES" : "statements.invoice.NO_INVOICE")]);
  } else {
    sheet.addRow([t("statements.invoice.DIFFERS", { difference: comparison.difference })]).font = { bold: true };
    sheet.addRow([t(comparison.explaining.length > 0 ? "statements.invoice.explained" : "statements.invoice.unexplained")]);
    if (comparison.explaining.length > 0) {
      sheet.addRow([]);
      sheet.addRow([t("statements.invoice.explainingTitle")]).font = { bold: true };
      const explaining = comparison.explaining.flatMap((index) => {
        const line = input.lines[index];
        return line ? [line] : [];
      });
      addLineRows(sheet, explaining, ["kind", "account", "day", "amount", "tier", "rate", "commission", "adjustsMonth", "eventId"], t);
    }
  }
  [30, 18, 12, 14, 36, 9, 14, 12, 16].forEach((width, index) => (sheet.getColumn(index + 1).width = width));
}
