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

export async function renderStatementWorkbook(input: StatementWorkbookInput): Promise<Buffer> {
  const t = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate(input.locale, key, params);
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
  const headers = ["kind", "account", "day", "amount", "tier", "rate", "commission", "adjustsMonth", "previously", "eventId"] as const;
  const header = sheet.addRow(headers.map((key) => t(`statements.col.${key}`)));
  header.font = { bold: true };
  const headerRow = header.number;
  for (const line of input.lines) {
    const row = sheet.addRow([
      t(`statements.kind.${line.kind}`),
      escapeCellText(line.accountNumber),
      line.day,
      Number(line.amount),
      line.tierLabel === null ? null : escapeCellText(line.tierLabel),
      line.rate === null ? null : Number(line.rate),
      Number(line.commission),
      line.adjustsMonth?.slice(0, 7) ?? null,
      line.previously === null ? null : Number(line.previously),
      line.eventId ?? (line.placementId === null ? null : `P${line.placementId}`),
    ]);
    row.getCell(4).numFmt = MONEY;
    row.getCell(6).numFmt = "0.00%";
    row.getCell(7).numFmt = MONEY;
    row.getCell(9).numFmt = MONEY;
  }
  sheet.views = [{ state: "frozen", ySplit: headerRow }];
  if (input.lines.length > 0) sheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: headers.length } };
  [14, 18, 12, 14, 36, 9, 14, 12, 14, 16].forEach((width, index) => (sheet.getColumn(index + 1).width = width));
  if (input.invoice) writeInvoiceSheet(workbook, input, input.invoice, t);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The invoice against the total due, and the lines whose commission makes up the difference. */
function writeInvoiceSheet(workbook: ExcelJS.Workbook, input: StatementWorkbookInput, invoice: StatementWorkbookInvoice, t: (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => string): void {
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
      const headers = ["kind", "account", "day", "amount", "tier", "rate", "commission", "adjustsMonth", "eventId"] as const;
      sheet.addRow(headers.map((key) => t(`statements.col.${key}`))).font = { bold: true };
      for (const index of comparison.explaining) {
        const line = input.lines[index];
        if (!line) continue;
        const row = sheet.addRow([
          t(`statements.kind.${line.kind}`),
          escapeCellText(line.accountNumber),
          line.day,
          Number(line.amount),
          line.tierLabel === null ? null : escapeCellText(line.tierLabel),
          line.rate === null ? null : Number(line.rate),
          Number(line.commission),
          line.adjustsMonth?.slice(0, 7) ?? null,
          line.eventId ?? (line.placementId === null ? null : `P${line.placementId}`),
        ]);
        row.getCell(4).numFmt = MONEY;
        row.getCell(6).numFmt = "0.00%";
        row.getCell(7).numFmt = MONEY;
      }
    }
  }
  [30, 18, 12, 14, 36, 9, 14, 12, 16].forEach((width, index) => (sheet.getColumn(index + 1).width = width));
}
