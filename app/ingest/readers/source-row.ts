// What every reader (CSV, XLSX, JSON Lines) produces, and the checks they share, so that a row means the
// same thing whatever format it arrived in.
import { IngestFileError } from "./file-error";
import { type ImportMessage, importMessage, joinRowErrors } from "../rows/import-message";
import { INPUT_LIMITS } from "./input-limits";

export interface SourceRow {
  /**
   * Where the row is in the file, as a person looking at it would count: for CSV and XLSX the spreadsheet
   * row number (the header is row 1, so the first data row is 2; a quoted value spanning several lines
   * is still one row, as in Excel); for JSON Lines the line number.
   */
  rowNumber: number;
  /** The row's values keyed by the file's own column names, exactly as written (not trimmed). */
  values: Record<string, string>;
  /** Why the row cannot be used as it stands; the row is still yielded so it can be reported. */
  error?: string;
}

/**
 * Longest value a reader passes on in one field (Excel's cell limit, INPUT_LIMITS.fieldCharacters). CSV and XLSX
 * refuse a file with a longer value outright; a JSON Lines value this long is a row error, cut here so that it
 * does not travel on into row-error storage. No canonical field needs more than 10,000 characters, so validation
 * can still report "message_text is 12,000 characters; the limit is 10,000" for values that are merely too long.
 */
export const MAX_FIELD_CHARACTERS = INPUT_LIMITS.fieldCharacters;

const numberFormat = new Intl.NumberFormat("en-US");

export function formatCount(count: number): string {
  return numberFormat.format(count);
}

/** Spreadsheet column letters for a 1-based column number: 1 → A, 27 → AA. */
export function columnLetter(columnNumber: number): string {
  let remaining = columnNumber;
  let letters = "";
  while (remaining > 0) {
    const digit = (remaining - 1) % 26;
    letters = String.fromCharCode(65 + digit) + letters;
    remaining = Math.floor((remaining - 1) / 26);
  }
  return letters;
}

export interface HeaderLayout {
  /** Column name per position; null for a column whose header cell is blank. */
  names: (string | null)[];
  /** The named columns in file order. */
  headers: string[];
  /** Positions up to and including the last named column: a row shorter than this is missing values. */
  namedWidth: number;
}

/**
 * Turns header cells into column names. Names are trimmed (and lose any stray BOM) because spreadsheets
 * often carry invisible padding in headers; blank header cells are allowed (Excel exports trailing empty
 * columns) but a value under one is reported per row. Duplicate names make the file ambiguous and fail it.
 */
export function buildHeaderLayout(cells: readonly string[]): HeaderLayout {
  const names: (string | null)[] = [];
  const firstPositionByName = new Map<string, number>();
  let namedWidth = 0;
  cells.forEach((cell, position) => {
    if (cell.length > MAX_FIELD_CHARACTERS) {
      throw new IngestFileError("INVALID_HEADER", importMessage("importFile.headerCellTooLong", { letter: columnLetter(position + 1), length: cell.length }));
    }
    const name = cell.replace(/^\uFEFF/, "").trim();
    if (name === "") {
      names.push(null);
      return;
    }
    const earlier = firstPositionByName.get(name);
    if (earlier !== undefined) {
      throw new IngestFileError("INVALID_HEADER", importMessage("importFile.headerColumnTwice", { column: name, first: columnLetter(earlier + 1), second: columnLetter(position + 1) }));
    }
    firstPositionByName.set(name, position);
    names.push(name);
    namedWidth = position + 1;
  });
  if (namedWidth === 0) throw new IngestFileError("INVALID_HEADER", importMessage("importFile.headerEmpty"));
  return { names, headers: names.filter((name): name is string => name !== null), namedWidth };
}

/** Decoders turn undecodable bytes into U+FFFD; a row containing one almost always came from a different encoding. */
const REPLACEMENT_CHARACTER = "\uFFFD";

/**
 * Checks applied to every value whatever the format. Oversized values are cut to the limit (the row is
 * rejected anyway) so that memory and error storage stay bounded; NUL characters are replaced because
 * PostgreSQL text and jsonb cannot store them.
 */
export function checkRowValues(values: Record<string, string>, options: { decoded: boolean }): ImportMessage[] {
  const errors: ImportMessage[] = [];
  let reportedUndecodable = false;
  // for…in rather than Object.entries: this runs on every row of every file, and the entries' arrays were garbage.
  for (const column in values) {
    const value = values[column] as string;
    let checked = value;
    if (checked.length > MAX_FIELD_CHARACTERS) {
      errors.push(importMessage("importRow.columnTooLong", { column, length: checked.length, maxLength: MAX_FIELD_CHARACTERS }));
      checked = checked.slice(0, MAX_FIELD_CHARACTERS);
    }
    if (options.decoded && !reportedUndecodable && checked.includes(REPLACEMENT_CHARACTER)) {
      errors.push(importMessage("importRow.undecodable", { column }));
      reportedUndecodable = true;
    }
    if (checked.includes("\u0000")) {
      errors.push(importMessage("importRow.nulCharacter", { column }));
      checked = checked.replaceAll("\u0000", REPLACEMENT_CHARACTER);
    }
    if (checked !== value) values[column] = checked;
  }
  return errors;
}

export function isBlank(value: string | undefined): boolean {
  return value === undefined || value.trim() === "";
}

/**
 * Builds a SourceRow from positional cells and the header layout, reporting ragged rows instead of failing:
 * missing trailing cells leave their columns absent, surplus non-empty cells are dropped and reported.
 * Returns null for a row with no content at all (blank lines, Excel's trailing ",,,," rows).
 */
export function rowFromCells(
  cells: readonly string[],
  layout: HeaderLayout,
  rowNumber: number,
  options: { decoded: boolean },
): SourceRow | null {
  if (cells.every((cell) => isBlank(cell))) return null;
  const values: Record<string, string> = {};
  const errors: ImportMessage[] = [];
  const { names, namedWidth } = layout;
  for (let position = 0; position < cells.length && position < names.length; position += 1) {
    const name = names[position];
    const cell = cells[position] ?? "";
    if (name === null || name === undefined) {
      if (!isBlank(cell)) errors.push(importMessage("importRow.valueWithoutColumn", { letter: columnLetter(position + 1) }));
      continue;
    }
    values[name] = cell;
  }
  if (cells.length < namedWidth) {
    errors.push(importMessage("importRow.fieldCountMismatch", { fields: cells.length, columns: namedWidth }));
  } else if (cells.length > names.length && cells.slice(names.length).some((cell) => !isBlank(cell))) {
    errors.push(importMessage("importRow.fieldCountMismatch", { fields: cells.length, columns: names.length }));
  }
  errors.push(...checkRowValues(values, options));
  return errors.length > 0 ? { rowNumber, values, error: joinRowErrors(errors) } : { rowNumber, values };
}
