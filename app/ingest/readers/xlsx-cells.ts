// What a worksheet cell contributes to a row: the text a person sees in Excel (see read-xlsx.ts), or an
// error naming the cell when its content cannot be trusted.
import { encodeImportMessages, importMessage } from "../rows/import-message";

export type CellText = { text: string; error?: undefined } | { text: string; error: string };

const MILLISECONDS_PER_DAY = 86_400_000;
/** Days between Excel's 1900 epoch (as Excel counts, including its fictitious 1900-02-29) and 1970-01-01. */
const EXCEL_1900_EPOCH_OFFSET_DAYS = 25_569;
/** The 1904 date system (old Mac workbooks) counts from 1904-01-01. */
const EXCEL_1904_EXTRA_DAYS = 1_462;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

/** Excel's dates are wall-clock times, represented here as UTC instants; read them back with UTC getters. */
export function formatExcelDate(date: Date): string {
  const rounded = new Date(Math.round(date.getTime() / 1000) * 1000);
  const datePart = `${pad(rounded.getUTCFullYear(), 4)}-${pad(rounded.getUTCMonth() + 1)}-${pad(rounded.getUTCDate())}`;
  const timePart = `${pad(rounded.getUTCHours())}:${pad(rounded.getUTCMinutes())}:${pad(rounded.getUTCSeconds())}`;
  // A serial below 1 is a time of day without a date (day 0 is 1899-12-30 in this conversion).
  if (rounded.getTime() < Date.UTC(1899, 11, 31)) return timePart;
  if (rounded.getTime() % MILLISECONDS_PER_DAY === 0) return datePart;
  return `${datePart} ${timePart}`;
}

export function excelSerialToDate(serial: number, date1904: boolean): Date {
  const days = serial - EXCEL_1900_EPOCH_OFFSET_DAYS + (date1904 ? EXCEL_1904_EXTRA_DAYS : 0);
  return new Date(Math.round(days * MILLISECONDS_PER_DAY));
}

/** True for number formats that display a date or time (the same test Excel and ExcelJS apply). */
export function isDateNumberFormat(format: string | undefined): boolean {
  if (!format) return false;
  const withoutLiterals = format.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, "").replace(/\\./g, "");
  return /[ymdhs]/i.test(withoutLiterals);
}

export function formatExcelNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return value.toFixed(0);
  return String(Number(value.toPrecision(15)));
}

function scalarText(value: unknown, numberFormat: string | undefined, date1904: boolean): CellText | null {
  if (value === null || value === undefined) return { text: "" };
  if (typeof value === "string") return { text: value };
  if (typeof value === "number") {
    if (Number.isNaN(value)) return null;
    if (isDateNumberFormat(numberFormat)) {
      const date = excelSerialToDate(value, date1904);
      // A serial too large to be a date is shown as the number it is.
      if (!Number.isNaN(date.getTime())) return { text: formatExcelDate(date) };
    }
    return { text: formatExcelNumber(value) };
  }
  if (typeof value === "boolean") return { text: value ? "TRUE" : "FALSE" };
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : { text: formatExcelDate(value) };
  return null;
}

/**
 * A cell as the sheet reader sees it: the value is a string, number, boolean, Date, null, or an object
 * { formula, result } (result undefined when the file saved none), { sharedFormula, result },
 * { error: "#N/A" }, { richText: [{ text }] } or { text } (a hyperlink's text), the shapes ExcelJS uses.
 */
export interface CellLike {
  readonly value: unknown;
  /** The cell's number format; numbers shown with a date format become dates. */
  readonly numFmt?: string;
}

/** The cell's text, or an error naming the cell when its content cannot be trusted. */
export function cellText(cell: CellLike, address: string, date1904: boolean): CellText {
  const value = cell.value;
  const plain = scalarText(value, cell.numFmt, date1904);
  if (plain) return plain;
  if (typeof value !== "object" || value === null) return { text: "", error: cellError("importRow.cellUnreadable", address) };
  if ("formula" in value || "sharedFormula" in value) {
    const result = (value as { result?: unknown }).result;
    if (result === undefined) {
      return { text: "", error: cellError("importRow.cellFormulaWithoutResult", address) };
    }
    if (typeof result === "object" && result !== null && "error" in result) {
      return { text: "", error: cellError("importRow.cellExcelError", address, String((result as { error: unknown }).error)) };
    }
    const text = scalarText(result, cell.numFmt, date1904);
    return text ?? { text: "", error: cellError("importRow.cellFormulaError", address) };
  }
  if ("richText" in value && Array.isArray((value as { richText: unknown }).richText)) {
    return { text: (value as { richText: { text?: string }[] }).richText.map((run) => run.text ?? "").join("") };
  }
  if ("error" in value) return { text: "", error: cellError("importRow.cellExcelError", address, String((value as { error: unknown }).error)) };
  if ("text" in value && typeof (value as { text: unknown }).text === "string") return { text: (value as { text: string }).text };
  return { text: "", error: cellError("importRow.cellUnreadable", address) };
}

/** A cell's problem in the stored form of import reasons (shown in the reader's language). */
export function cellError(key: "importRow.cellUnreadable" | "importRow.cellFormulaWithoutResult" | "importRow.cellExcelError" | "importRow.cellFormulaError" | "importRow.cellMissingText", cell: string, error?: string): string {
  return encodeImportMessages([importMessage(key, error === undefined ? { cell } : { cell, error })]);
}
