import ExcelJS from "exceljs";
import { escapeCsvCell } from "~/csv/write-csv";
import { escapeCellText } from "~/reports/escape-cell";
import type { ExportCell, ExportNumberFormat, ExportTable } from "./export-table";

// A grid's export table as files. CSV starts with a byte order mark so Excel reads Chinese names as UTF-8; numbers are
// plain (rates as fractions, money to the cent). Excel keeps numbers as numbers with a number format per column, so
// sums and sorting work; text that Excel would read as a formula (= + - @ tab CR) is escaped in both.

const numberFormats: Record<ExportNumberFormat, string> = {
  count: "#,##0",
  money: "#,##0.00",
  percent: "0.0%",
  ratio: "0.0000",
  per1000: "0.00",
  index: "0",
};

function csvValue(cell: ExportCell): string {
  if (cell.value === null) return "";
  if (cell.kind === "text") return escapeCsvCell(cell.value);
  return escapeCsvCell(cell.format === "money" ? cell.value.toFixed(2) : cell.value);
}

export function exportTableCsv<Row>(table: ExportTable<Row>, notes: readonly string[] = []): string {
  const lines = [table.columns.map((column) => escapeCsvCell(column.header)).join(",")];
  for (const row of table.rows) lines.push(table.columns.map((column) => csvValue(column.cell(row))).join(","));
  for (const note of notes) lines.push(escapeCsvCell(note));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

export async function exportTableXlsx<Row>(table: ExportTable<Row>, options: { sheetName: string; notes: readonly string[] }): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date();
  const sheet = workbook.addWorksheet(escapeCellText(options.sheetName).slice(0, 31), { views: [{ state: "frozen", xSplit: 1, ySplit: 1 }] });
  sheet.columns = table.columns.map((column) => ({ header: escapeCellText(column.header), width: Math.min(Math.max(column.header.length + 4, 12), 40) }));
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) {
    const cells = table.columns.map((column) => column.cell(row));
    const added = sheet.addRow(cells.map((cell) => (cell.value === null ? null : cell.kind === "text" ? escapeCellText(cell.value) : cell.value)));
    cells.forEach((cell, index) => {
      if (cell.kind === "number") added.getCell(index + 1).numFmt = numberFormats[cell.format];
    });
  }
  if (options.notes.length > 0) {
    sheet.addRow([]);
    for (const note of options.notes) sheet.addRow([escapeCellText(note)]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const xlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** RFC 6266/5987: an ASCII fallback for old clients plus the exact (e.g. Chinese) name as filename*. */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
