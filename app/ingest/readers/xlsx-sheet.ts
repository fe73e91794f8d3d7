// Streams the rows of one worksheet part (xl/worksheets/sheetN.xml) straight from its SAX events: a row is
// handed on as soon as its </row> is parsed, and the part is read only as fast as rows are consumed. Memory
// holds the row being built plus the rows completed within one decompressed chunk (16 KB of XML), never the
// sheet. The raw XML gives Excel's own structure, so:
//  - a cell's position comes from its reference (r="C5"); cells the file leaves out are empty;
//  - a row's number comes from its reference (r="5"), so rows after a gap keep Excel's numbering;
//  - a merged range stores its value in the top-left cell only, and the other cells are simply absent.
// The part is held to the input limits as it is read: Excel's last row and column and its cell length, and
// the record limit for a row's own text; the first one passed refuses the file, naming the part and row.
import { type IngestFileError, refuseFile } from "./file-error";
import { INPUT_LIMITS } from "./input-limits";
import { columnLetter } from "./source-row";
import { type CellText, cellError, cellText } from "./xlsx-cells";
import { checkPartBeforeInflating, inflationMeter } from "./xlsx-limits";
import { type CellNumberFormats } from "./xlsx-parts";
import { type XmlAttributes, type XmlHandler, attribute, decodeSpreadsheetText, streamXml } from "./xlsx-xml";
import { type ZipArchive, type ZipEntry } from "./xlsx-zip";

export interface SheetRow {
  /** As Excel numbers it (1-based). */
  rowNumber: number;
  /** Text per column up to the last cell that has content; "" for cells left out. */
  cells: string[];
  /** Cells whose content cannot be trusted (Excel errors, formulas without a saved result…). */
  errors: string[];
}

export interface SheetContext {
  sharedStrings: readonly string[];
  numberFormats: CellNumberFormats;
  date1904: boolean;
  /** The upload's name, for refusals. */
  fileName: string;
}

/** Excel's last column is XFD. */
const MAX_COLUMNS = INPUT_LIMITS.columns;

/** "C5" (or "$C$5") → 3 (beyond XFD too, for the limit to name it); null when not a cell reference. */
function columnOfReference(reference: string): number | null {
  const match = /^\$?([A-Za-z]{1,3})\$?\d*$/.exec(reference.trim());
  if (match === null) return null;
  let column = 0;
  for (const letter of (match[1] as string).toUpperCase()) column = column * 26 + (letter.charCodeAt(0) - 64);
  return column;
}

/** A cell of type "d" holds an ISO 8601 date; like Excel, keep its wall-clock time and ignore any offset. */
function isoDateValue(text: string): Date | string {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (match === null) return text;
  const [, year, month, day, hours, minutes, seconds, fraction] = match;
  const milliseconds = fraction === undefined ? 0 : Math.round(Number(`0.${fraction}`) * 1000);
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hours ?? 0), Number(minutes ?? 0), Number(seconds ?? 0), milliseconds));
  return Number.isNaN(date.getTime()) ? text : date;
}

interface RowState {
  rowNumber: number;
  cells: string[];
  errors: string[];
  lastColumn: number;
  /** Characters of cell text read into this row (shared strings are not copied, so not counted). */
  characters: number;
}

interface CellState {
  column: number;
  /** The t attribute: n (number, the default), s (shared string), str (formula text), inlineStr, b, e, d. */
  type: string;
  style: number;
  hasValue: boolean;
  value: string;
  hasFormula: boolean;
  hasInline: boolean;
  inline: string;
}

class SheetParser implements XmlHandler {
  private ready: SheetRow[] = [];
  private inSheetData = false;
  private lastRowNumber = 0;
  private row: RowState | null = null;
  private cell: CellState | null = null;
  private textTarget: "value" | "inline" | null = null;
  private inInline = false;
  private phoneticDepth = 0;

  constructor(
    private readonly context: SheetContext,
    private readonly partName: string,
  ) {}

  /** The rows completed since the last call. */
  takeReady(): SheetRow[] {
    const rows = this.ready;
    this.ready = [];
    return rows;
  }

  rowTooLarge(actual = INPUT_LIMITS.recordCharacters + 1): IngestFileError {
    const rowNumber = this.row?.rowNumber ?? this.lastRowNumber + 1;
    return refuseFile(
      "RECORD_TOO_LARGE",
      "ingest.limit.rowLength",
      { file: this.context.fileName, part: this.partName, row: rowNumber, limit: INPUT_LIMITS.recordCharacters, actual },
      rowNumber,
    );
  }

  private cellTooLong(cell: CellState, row: RowState, actual: number): IngestFileError {
    return refuseFile(
      "LIMIT_EXCEEDED",
      "ingest.limit.cellLength",
      { file: this.context.fileName, part: this.partName, cell: `${columnLetter(cell.column)}${row.rowNumber}`, limit: INPUT_LIMITS.fieldCharacters, actual },
      row.rowNumber,
    );
  }

  open(name: string, attributes: XmlAttributes): void {
    if (!this.inSheetData) {
      if (name === "sheetData") this.inSheetData = true;
      return;
    }
    switch (name) {
      case "row":
        this.startRow(attributes);
        break;
      case "c":
        this.startCell(attributes);
        break;
      case "v":
        if (this.cell !== null) {
          this.cell.hasValue = true;
          this.textTarget = "value";
        }
        break;
      case "f":
        if (this.cell !== null) this.cell.hasFormula = true;
        break;
      case "is":
        if (this.cell !== null) {
          this.cell.hasInline = true;
          this.inInline = true;
        }
        break;
      case "rPh":
        if (this.inInline) this.phoneticDepth += 1;
        break;
      case "t":
        if (this.inInline && this.phoneticDepth === 0) this.textTarget = "inline";
        break;
    }
  }

  close(name: string): void {
    if (!this.inSheetData) return;
    switch (name) {
      case "v":
      case "t":
        this.textTarget = null;
        break;
      case "rPh":
        if (this.phoneticDepth > 0) this.phoneticDepth -= 1;
        break;
      case "is":
        this.inInline = false;
        break;
      case "c":
        this.finishCell();
        break;
      case "row":
        this.finishRow();
        break;
      case "sheetData":
        this.finishRow();
        this.inSheetData = false;
        break;
    }
  }

  text(text: string): void {
    const cell = this.cell;
    if (this.textTarget === null || cell === null || this.row === null) return;
    this.row.characters += text.length;
    if (this.row.characters > INPUT_LIMITS.recordCharacters) throw this.rowTooLarge(this.row.characters);
    if (this.textTarget === "value") cell.value += text;
    else cell.inline += text;
    const length = Math.max(cell.value.length, cell.inline.length);
    if (length > INPUT_LIMITS.fieldCharacters) {
      // _xHHHH_ escapes shrink when decoded (7 characters to 1): the limit is on the text Excel shows.
      const decoded = decodeSpreadsheetText(cell.value.length > cell.inline.length ? cell.value : cell.inline).length;
      if (decoded > INPUT_LIMITS.fieldCharacters) throw this.cellTooLong(cell, this.row, decoded);
    }
  }

  private startRow(attributes: XmlAttributes): void {
    this.finishRow();
    const reference = attribute(attributes, "r");
    const rowNumber = reference === undefined ? this.lastRowNumber + 1 : Number(reference);
    if (!Number.isSafeInteger(rowNumber) || rowNumber < 1) throw new Error(`the sheet has a row numbered '${reference ?? ""}'`);
    if (rowNumber > INPUT_LIMITS.rows) {
      throw refuseFile("LIMIT_EXCEEDED", "ingest.limit.rows", { file: this.context.fileName, part: this.partName, limit: INPUT_LIMITS.rows, actual: rowNumber }, rowNumber);
    }
    this.lastRowNumber = rowNumber;
    this.row = { rowNumber, cells: [], errors: [], lastColumn: 0, characters: 0 };
  }

  private startCell(attributes: XmlAttributes): void {
    this.cell = null;
    this.textTarget = null;
    this.inInline = false;
    this.phoneticDepth = 0;
    const row = this.row;
    if (row === null) return;
    const reference = attribute(attributes, "r");
    const column = reference === undefined ? row.lastColumn + 1 : columnOfReference(reference);
    if (column === null) throw new Error(`row ${row.rowNumber} has a cell at '${reference ?? ""}', which is not a cell reference`);
    if (column > MAX_COLUMNS) {
      throw refuseFile(
        "LIMIT_EXCEEDED",
        "ingest.limit.sheetColumns",
        { file: this.context.fileName, part: this.partName, row: row.rowNumber, limit: MAX_COLUMNS, actual: column },
        row.rowNumber,
      );
    }
    row.lastColumn = column;
    const style = Number(attribute(attributes, "s") ?? 0);
    this.cell = {
      column,
      type: attribute(attributes, "t") ?? "n",
      style: Number.isSafeInteger(style) ? style : 0,
      hasValue: false,
      value: "",
      hasFormula: false,
      hasInline: false,
      inline: "",
    };
  }

  private finishCell(): void {
    const cell = this.cell;
    const row = this.row;
    this.cell = null;
    this.textTarget = null;
    this.inInline = false;
    this.phoneticDepth = 0;
    if (cell === null || row === null) return;
    const content = this.cellContent(cell, `${columnLetter(cell.column)}${row.rowNumber}`);
    if (content === null) return;
    while (row.cells.length < cell.column - 1) row.cells.push("");
    row.cells[cell.column - 1] = content.text;
    if (content.error) row.errors.push(content.error);
  }

  /** The cell's text; null for a cell without content (only a style), which is left out like an absent one. */
  private cellContent(cell: CellState, address: string): CellText | null {
    let scalar: unknown;
    let hasScalar = true;
    if (cell.hasInline) {
      scalar = decodeSpreadsheetText(cell.inline);
    } else if (!cell.hasValue) {
      hasScalar = false;
    } else {
      const raw = cell.value;
      switch (cell.type) {
        case "s": {
          const index = Number(raw);
          const shared = Number.isSafeInteger(index) ? this.context.sharedStrings[index] : undefined;
          if (shared === undefined) return { text: "", error: cellError("importRow.cellMissingText", address) };
          scalar = shared;
          break;
        }
        case "str":
        case "inlineStr":
          scalar = decodeSpreadsheetText(raw);
          break;
        case "b":
          scalar = raw.trim() === "1" || raw.trim().toLowerCase() === "true";
          break;
        case "e":
          scalar = { error: raw.trim() };
          break;
        case "d":
          scalar = isoDateValue(raw.trim());
          break;
        default: {
          const text = raw.trim();
          if (text === "") {
            hasScalar = false;
            break;
          }
          const number = Number(text);
          if (!Number.isFinite(number)) return { text: "", error: cellError("importRow.cellUnreadable", address) };
          scalar = number;
        }
      }
    }
    const numFmt = this.context.numberFormats[cell.style];
    if (cell.hasFormula) {
      // A formula contributes its cached result (what Excel last calculated), never its text.
      return cellText({ value: { formula: true, result: hasScalar ? scalar : undefined }, numFmt }, address, this.context.date1904);
    }
    if (!hasScalar) return null;
    return cellText({ value: scalar, numFmt }, address, this.context.date1904);
  }

  private finishRow(): void {
    const row = this.row;
    if (row === null) return;
    this.row = null;
    this.ready.push({ rowNumber: row.rowNumber, cells: row.cells, errors: row.errors });
  }
}

/** The sheet's rows in file order, read as they are consumed; returning early stops reading the part. */
export async function* readSheetRows(zip: ZipArchive, entry: ZipEntry, context: SheetContext): AsyncGenerator<SheetRow, void, undefined> {
  checkPartBeforeInflating(context.fileName, entry, "worksheet");
  const parser = new SheetParser(context, entry.name);
  const events = streamXml(zip, entry, parser, {
    maxTokenCharacters: INPUT_LIMITS.recordCharacters,
    tooLarge: () => parser.rowTooLarge(),
    fileName: context.fileName,
    meter: inflationMeter(context.fileName, entry, "worksheet"),
  });
  // Read to the end even after </sheetData>: the part's checksum is verified only once all of it is read.
  for await (const _ of events) {
    for (const row of parser.takeReady()) yield row;
  }
  for (const row of parser.takeReady()) yield row;
}
