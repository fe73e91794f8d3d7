// The one way this app writes a CSV cell: the rejects file, the agencies export and the CLI's violations and
// metrics exports all go through here, so the spreadsheet-injection rule cannot drift between them.
//
// CSV files are opened in Excel, and a cell that begins like a formula is evaluated there (=HYPERLINK, DDE
// payloads such as -1+cmd|' /C calc'!A0). Text starting with = + - @, tab or carriage return therefore gets a
// leading apostrophe (the OWASP advice, and the same rule the Excel exports use: app/reports/escape-cell.ts). A
// plain decimal number such as -12 or -0.5 is a number to Excel, never a formula, and is left as it is so that
// figures stay figures. Then RFC 4180 quoting: quotes doubled, and the cell quoted when it holds a comma, a quote,
// a line break or leading/trailing white space (which Excel would otherwise trim).
import { looksLikeFormula } from "~/reports/escape-cell";

export type CsvValue = string | number | bigint | null | undefined;

/** UTF-8 byte order mark: without it Excel opens a CSV in the system code page and garbles Chinese text. */
export const CSV_BYTE_ORDER_MARK = "\uFEFF";
export const CSV_LINE_END = "\r\n";

const plainNumber = /^-?\d+(\.\d+)?$/;

/** Neutralises formula-like text (see above); numbers and plain numeric text pass unchanged. */
export function neutraliseFormula(text: string): string {
  return looksLikeFormula(text) && !plainNumber.test(text) ? `'${text}` : text;
}

/** One cell, safe to open in a spreadsheet and quoted as CSV requires. null and undefined are empty cells. */
export function escapeCsvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  const safe = neutraliseFormula(value);
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One CSV line (ending in CRLF). */
export function toCsvLine(values: readonly CsvValue[]): string {
  return `${values.map(escapeCsvCell).join(",")}${CSV_LINE_END}`;
}
