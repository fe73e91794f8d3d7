// One sheet of the streaming workbook: rows written and committed one at a time, every text cell escaped, every row
// (but the lifecycle ones) fed to the content digest, styles shared per column so ExcelJS renders each only once.
import type { Hash } from "node:crypto";
import type ExcelJS from "exceljs";
import { escapeCellText } from "../escape-cell";

export type CellInput = string | number | Date | null | undefined | { text: string; hyperlink: string };

export type Column = { header: string; width: number; numFmt?: string };

export const headerStyle: Partial<ExcelJS.Style> = {
  font: { bold: true, color: { argb: "FFFFFFFF" } },
  fill: { type: "pattern", pattern: "solid", fgColor: { argb: "FF1F4E78" } },
  alignment: { vertical: "middle", wrapText: true },
};
export const headingFont: Partial<ExcelJS.Font> = { bold: true, size: 12, color: { argb: "FF1F4E78" } };
export const linkFont: Partial<ExcelJS.Font> = { color: { argb: "FF0563C1" }, underline: true };
export const labelFont: Partial<ExcelJS.Font> = { bold: true };

export type SheetOptions = { frozenRows?: number; frozenColumns?: number; columns: { width: number; numFmt?: string }[] };

export class SheetWriter {
  private rowCount = 0;
  private readonly sheet: ExcelJS.Worksheet;
  // One style object per column (and per column and override): ExcelJS's style registry caches by object identity,
  // so sharing them saves rendering a style per cell, which dominates the time of a 200,000-row sheet.
  private readonly columnStyles: Partial<ExcelJS.Style>[];
  private readonly linkStyles: Partial<ExcelJS.Style>[];
  private readonly overrides = new Map<Partial<ExcelJS.Style>, Partial<ExcelJS.Style>[]>();
  private readonly emptyStyle: Partial<ExcelJS.Style> = {};

  constructor(
    workbook: ExcelJS.stream.xlsx.WorkbookWriter,
    name: string,
    private readonly digest: Hash,
    options: SheetOptions,
  ) {
    this.sheet = workbook.addWorksheet(name, {
      views: options.frozenRows || options.frozenColumns ? [{ state: "frozen", xSplit: options.frozenColumns ?? 0, ySplit: options.frozenRows ?? 0 }] : [],
      pageSetup: { orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 },
      properties: { defaultRowHeight: 15 },
    });
    this.sheet.columns = options.columns.map((column) => ({ width: column.width }));
    this.columnStyles = options.columns.map((column) => (column.numFmt ? { numFmt: column.numFmt } : {}));
    this.linkStyles = this.columnStyles.map((style) => ({ ...style, font: linkFont }));
    this.digest.update(`sheet\u0000${name}\n`);
  }

  get rows(): number {
    return this.rowCount;
  }

  get worksheet(): ExcelJS.Worksheet & { dataValidations: { add: (range: string, validation: ExcelJS.DataValidation) => void } } {
    // The streaming worksheet has dataValidations, which ExcelJS's types leave out.
    return this.sheet as ExcelJS.Worksheet & { dataValidations: { add: (range: string, validation: ExcelJS.DataValidation) => void } };
  }

  private styleFor(index: number, override: Partial<ExcelJS.Style> | undefined): Partial<ExcelJS.Style> {
    const base = this.columnStyles[index] ?? this.emptyStyle;
    if (!override) return base;
    let merged = this.overrides.get(override);
    if (!merged) {
      merged = [];
      this.overrides.set(override, merged);
    }
    return (merged[index] ??= { ...base, ...override });
  }

  /**
   * One row. Strings are escaped; hyperlinks become link cells; per-cell styles override the column's. Rows flagged
   * `lifecycle` (status, sign-off) are left out of the content digest, so a FINAL render can be compared with its draft.
   */
  row(values: CellInput[], options: { style?: Partial<ExcelJS.Style>; cellStyles?: (Partial<ExcelJS.Style> | undefined)[]; lifecycle?: boolean } = {}): void {
    const cells = values.map((value) => {
      if (typeof value === "string") return escapeCellText(value);
      if (value && typeof value === "object" && !(value instanceof Date)) return { text: escapeCellText(value.text), hyperlink: value.hyperlink };
      return value ?? null;
    });
    if (!options.lifecycle) this.digest.update(`${JSON.stringify(cells)}\n`);
    const row = this.sheet.addRow(cells);
    for (let index = 0; index < cells.length; index++) {
      const value = cells[index];
      const cell = row.getCell(index + 1);
      const isLink = value !== null && typeof value === "object" && !(value instanceof Date);
      // Whole style objects only: a setter like cell.font would change the shared object for every cell.
      cell.style = isLink ? (this.linkStyles[index] ?? this.emptyStyle) : this.styleFor(index, options.cellStyles?.[index] ?? options.style);
    }
    row.commit();
    this.rowCount += 1;
  }

  header(columns: string[]): void {
    this.row(columns, { style: headerStyle });
  }

  blank(): void {
    this.row([]);
  }

  heading(text: string): void {
    this.row([text], { style: { font: headingFont } });
  }

  autoFilter(columns: number): void {
    if (this.rowCount >= 1) this.sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(this.rowCount, 1), column: columns } };
  }

  /**
   * Waits until the zip has taken in the XML written so far. ExcelJS's sheet stream takes every write at once (it
   * never returns false or emits "drain"), while the deflate behind it only moves a chunk per event-loop turn: a
   * sheet written page after page from a cursor would pile its whole XML up in memory before the commit. Archiver
   * wraps the sheet stream in a PassThrough (its only pipe), so that PassThrough's write buffer is the backlog, and
   * it emits "drain" once the zip has read it. Called between pages of the detail sheets.
   */
  async drain(failed: Promise<unknown>): Promise<void> {
    const sheetStream = (this.sheet as unknown as { stream?: { pipes?: unknown[] } }).stream;
    const entry = sheetStream?.pipes?.[0] as BufferedWritable | undefined;
    if (!entry || typeof entry.once !== "function") return;
    if (backlogBytes(entry) <= DRAIN_BACKLOG_BYTES) return;
    await Promise.race([new Promise<void>((resolve) => entry.once("drain", () => resolve())), failed]);
  }

  commit(): void {
    this.sheet.commit();
  }
}

/** Archiver's PassThrough comes from readable-stream 2, which has no writableLength yet. */
type BufferedWritable = { writableLength?: number; _writableState?: { length: number }; once: (event: "drain", listener: () => void) => unknown };

function backlogBytes(entry: BufferedWritable): number {
  return entry.writableLength ?? entry._writableState?.length ?? 0;
}

// Well above the stream's 16 KB high-water mark (so a write has asked for "drain") and below a page of rows.
const DRAIN_BACKLOG_BYTES = 1 << 20;
