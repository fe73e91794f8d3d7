// XLSX reading with ExcelJS's streaming reader: rows are parsed from the zip as they arrive and never held
// as a whole workbook. What a cell contributes is the text a person sees in Excel:
//  - formulas contribute their cached result (what Excel last calculated), never the formula text;
//  - merged cells contribute their value in the top-left cell only; the other cells of the merge are empty
//    (the file stores nothing else for them);
//  - date-formatted cells become ISO text: "2026-03-01" at midnight, "2026-03-01 14:30:00" otherwise. Excel
//    dates carry no time zone, so this is the wall-clock time as typed;
//  - numbers are written plainly at Excel's precision (15 significant digits, so 0.1+0.2 is "0.3"), without
//    display formatting such as thousands separators, currency symbols or percent signs.
// Memory: the shared-string table is cached (Excel caps a sheet at 1,048,576 rows, which bounds it); a sheet
// stored in the zip before the shared strings is spooled to a temporary file by ExcelJS (removed at exit at
// the latest), not to memory.
import ExcelJS from "exceljs";
import { type ImportKind } from "~/generated/prisma/enums";
import { type PeekedBytes } from "./byte-source";
import { sheetNamesByKind } from "./canonical-fields";
import { isZipArchive, sniffBinarySignature } from "./detect-encoding";
import { IngestFileError } from "./file-error";
import { type HeaderLayout, type SourceRow, buildHeaderLayout, columnLetter, formatCount, rowFromCells } from "./source-row";

export interface XlsxReadOptions {
  /** Read this worksheet (compared ignoring case and surrounding spaces). */
  sheetName?: string;
  /** Without sheetName, prefer a worksheet named for the kind ("activities", "催收记录", …). */
  kind?: ImportKind;
}

export interface OpenedXlsx {
  headers: string[];
  sheetName: string;
  sheetNames: string[];
  rows: AsyncGenerator<SourceRow, void, undefined>;
}

interface SheetInfo {
  name: string;
  state?: string;
}

/** The parts of ExcelJS's streaming reader that it sets while reading but does not declare in its types. */
interface WorkbookReaderState {
  model?: { sheets?: SheetInfo[] };
  properties?: { model?: { date1904?: boolean } };
}

interface WorksheetReaderState {
  name?: string;
}

const describeColumn = (position: number) => `column ${columnLetter(position + 1)}`;

type CellText = { text: string; error?: undefined } | { text: string; error: string };

const MILLISECONDS_PER_DAY = 86_400_000;
/** Days between Excel's 1900 epoch (as Excel counts, including its fictitious 1900-02-29) and 1970-01-01. */
const EXCEL_1900_EPOCH_OFFSET_DAYS = 25_569;
/** The 1904 date system (old Mac workbooks) counts from 1904-01-01. */
const EXCEL_1904_EXTRA_DAYS = 1_462;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

/** Excel's dates are wall-clock times stored as UTC instants by ExcelJS; read them back with UTC getters. */
export function formatExcelDate(date: Date): string {
  const rounded = new Date(Math.round(date.getTime() / 1000) * 1000);
  const datePart = `${pad(rounded.getUTCFullYear(), 4)}-${pad(rounded.getUTCMonth() + 1)}-${pad(rounded.getUTCDate())}`;
  const timePart = `${pad(rounded.getUTCHours())}:${pad(rounded.getUTCMinutes())}:${pad(rounded.getUTCSeconds())}`;
  // A serial below 1 is a time of day without a date (day 0 is 1899-12-30 in ExcelJS's conversion).
  if (rounded.getTime() < Date.UTC(1899, 11, 31)) return timePart;
  if (rounded.getTime() % MILLISECONDS_PER_DAY === 0) return datePart;
  return `${datePart} ${timePart}`;
}

function excelSerialToDate(serial: number, date1904: boolean): Date {
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
    if (isDateNumberFormat(numberFormat)) return { text: formatExcelDate(excelSerialToDate(value, date1904)) };
    return { text: formatExcelNumber(value) };
  }
  if (typeof value === "boolean") return { text: value ? "TRUE" : "FALSE" };
  if (value instanceof Date) return { text: formatExcelDate(value) };
  return null;
}

/** The parts of a cell that matter here (ExcelJS.Cell has them). */
export interface CellLike {
  readonly value: unknown;
  readonly numFmt?: string;
}

/** The cell's text, or an error naming the cell when its content cannot be trusted. */
export function cellText(cell: CellLike, address: string, date1904: boolean): CellText {
  const value = cell.value;
  // ExcelJS has already turned date-formatted plain numbers into Dates, so only formula results need the format.
  const plain = scalarText(value, undefined, date1904);
  if (plain) return plain;
  if (typeof value !== "object" || value === null) return { text: "", error: `cell ${address} has a value that cannot be read` };
  if ("formula" in value || "sharedFormula" in value) {
    const result = (value as { result?: unknown }).result;
    if (result === undefined) {
      return {
        text: "",
        error: `cell ${address} has a formula without a saved result: open the file in Excel, let it recalculate, and save it again`,
      };
    }
    if (typeof result === "object" && result !== null && "error" in result) {
      return { text: "", error: `cell ${address} shows the Excel error ${String((result as { error: unknown }).error)}` };
    }
    const text = scalarText(result, cell.numFmt, date1904);
    return text ?? { text: "", error: `cell ${address} has a formula whose result is an Excel error` };
  }
  if ("richText" in value && Array.isArray((value as { richText: unknown }).richText)) {
    return { text: (value as ExcelJS.CellRichTextValue).richText.map((run) => run.text ?? "").join("") };
  }
  if ("error" in value) return { text: "", error: `cell ${address} shows the Excel error ${String((value as { error: unknown }).error)}` };
  if ("text" in value && typeof (value as { text: unknown }).text === "string") return { text: (value as { text: string }).text };
  return { text: "", error: `cell ${address} has a value that cannot be read` };
}

interface SheetRow {
  rowNumber: number;
  cells: string[];
  errors: string[];
}

function readSheetRow(row: ExcelJS.Row, date1904: boolean): SheetRow {
  const cells: string[] = [];
  const errors: string[] = [];
  row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
    const address = `${columnLetter(columnNumber)}${row.number}`;
    const { text, error } = cellText(cell, address, date1904);
    while (cells.length < columnNumber - 1) cells.push("");
    cells[columnNumber - 1] = text;
    if (error) errors.push(error);
  });
  return { rowNumber: row.number, cells, errors };
}

function normaliseSheetName(name: string): string {
  return name.trim().toLowerCase();
}

function chooseSheet(sheets: readonly SheetInfo[], options: XlsxReadOptions): string {
  const available = sheets.map((sheet) => sheet.name);
  if (options.sheetName !== undefined) {
    const wanted = normaliseSheetName(options.sheetName);
    const match = available.find((name) => normaliseSheetName(name) === wanted);
    if (match === undefined) {
      throw new IngestFileError("SHEET_NOT_FOUND", `the workbook has no sheet named '${options.sheetName}'; its sheets are: ${available.join(", ")}.`);
    }
    return match;
  }
  if (options.kind !== undefined) {
    const kindNames = new Set(sheetNamesByKind[options.kind].map(normaliseSheetName));
    const match = available.find((name) => kindNames.has(normaliseSheetName(name)));
    if (match !== undefined) return match;
  }
  const firstVisible = sheets.find((sheet) => sheet.state === undefined || sheet.state === "visible") ?? sheets[0];
  if (firstVisible === undefined) throw new IngestFileError("INVALID_WORKBOOK", "the workbook has no sheets.");
  return firstVisible.name;
}

function workbookReadError(error: unknown): unknown {
  if (error instanceof IngestFileError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new IngestFileError("INVALID_WORKBOOK", `the file could not be read as an .xlsx workbook (${detail}).`);
}

export async function openXlsx(peeked: PeekedBytes, options: XlsxReadOptions = {}): Promise<OpenedXlsx> {
  if (peeked.head.length === 0) {
    await peeked.close();
    throw new IngestFileError("EMPTY_FILE", "file is empty");
  }
  if (!isZipArchive(peeked.head)) {
    await peeked.close();
    const signature = sniffBinarySignature(peeked.head);
    const what = signature ? `it is a ${signature.description}` : "it is not a ZIP-based workbook";
    const hint = signature?.hint ?? "If it is a CSV file, upload it with the .csv extension.";
    throw new IngestFileError("INVALID_WORKBOOK", `file is not an .xlsx workbook (${what}). ${hint}`);
  }

  const input = peeked.readable();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: "emit",
    sharedStrings: "cache",
    // Styles are needed to tell dates from plain numbers.
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  });
  const readerState = reader as unknown as WorkbookReaderState;
  const worksheets = reader[Symbol.asyncIterator]();
  // Decided when the first worksheet arrives: by then the workbook part listing all sheets has been read.
  const selection: { sheetName: string | null; sheetNames: string[] } = { sheetName: null, sheetNames: [] };

  async function release(): Promise<void> {
    input.destroy();
    await worksheets.return?.(undefined).catch(() => undefined);
  }

  async function* targetRows(): AsyncGenerator<SheetRow, void, undefined> {
    while (true) {
      const next = await worksheets.next();
      if (next.done) break;
      const worksheet = next.value;
      const worksheetName = (worksheet as unknown as WorksheetReaderState).name;
      if (selection.sheetName === null) {
        const listed = readerState.model?.sheets ?? [];
        const sheets = listed.length > 0 ? listed : [{ name: worksheetName ?? "Sheet1" }];
        selection.sheetName = chooseSheet(sheets, options);
        selection.sheetNames = sheets.map((sheet) => sheet.name);
      }
      // Other sheets are skipped unread (ExcelJS drains them); reading stops after the chosen one.
      if (worksheetName !== selection.sheetName) continue;
      const date1904 = readerState.properties?.model?.date1904 === true;
      for await (const row of worksheet) yield readSheetRow(row, date1904);
      return;
    }
    if (selection.sheetName === null) throw new IngestFileError("INVALID_WORKBOOK", "the workbook has no sheets.");
    throw new IngestFileError("SHEET_NOT_FOUND", `sheet '${selection.sheetName}' is listed in the workbook but its content is missing.`);
  }

  const sheetRows = targetRows();
  async function nextSheetRow(): Promise<SheetRow | null> {
    try {
      const next = await sheetRows.next();
      return next.done ? null : next.value;
    } catch (error) {
      throw workbookReadError(error);
    }
  }

  let layout: HeaderLayout;
  try {
    let header: SheetRow | null;
    do header = await nextSheetRow();
    while (header !== null && header.cells.every((cell) => cell.trim() === ""));
    if (header === null) throw new IngestFileError("EMPTY_FILE", `file is empty (sheet '${selection.sheetName ?? ""}' has no rows)`);
    if (header.errors.length > 0) {
      throw new IngestFileError("INVALID_HEADER", `the header row (row ${formatCount(header.rowNumber)}) cannot be read: ${header.errors.join("; ")}`);
    }
    layout = buildHeaderLayout(header.cells, describeColumn);
  } catch (error) {
    await release();
    throw error;
  }

  async function* rows(): AsyncGenerator<SourceRow, void, undefined> {
    let dataRows = 0;
    try {
      for (let sheetRow = await nextSheetRow(); sheetRow !== null; sheetRow = await nextSheetRow()) {
        // Spreadsheets omit empty cells; unlike a short CSV line, that is not a ragged row.
        const cells = sheetRow.cells.length < layout.names.length ? [...sheetRow.cells, ...Array<string>(layout.names.length - sheetRow.cells.length).fill("")] : sheetRow.cells;
        const row = rowFromCells(cells, layout, sheetRow.rowNumber, { decoded: false, describeColumn });
        if (row === null) {
          if (sheetRow.errors.length === 0) continue;
          dataRows += 1;
          yield { rowNumber: sheetRow.rowNumber, values: {}, error: sheetRow.errors.join("; ") };
          continue;
        }
        dataRows += 1;
        if (sheetRow.errors.length > 0) {
          yield { ...row, error: [...sheetRow.errors, ...(row.error ? [row.error] : [])].join("; ") };
        } else {
          yield row;
        }
      }
    } finally {
      await release();
    }
    if (dataRows === 0) throw new IngestFileError("NO_DATA_ROWS", "file has a header but no data rows");
  }

  return { headers: layout.headers, sheetName: selection.sheetName ?? "", sheetNames: selection.sheetNames, rows: rows() };
}
