// XLSX reading. What a cell contributes is the text a person sees in Excel:
//  - formulas contribute their cached result (what Excel last calculated), never the formula text;
//  - merged cells contribute their value in the top-left cell only; the other cells of the merge are empty
//    (the file stores nothing else for them);
//  - date-formatted cells become ISO text: "2026-03-01" at midnight, "2026-03-01 14:30:00" otherwise. Excel
//    dates carry no time zone, so this is the wall-clock time as typed;
//  - numbers are written plainly at Excel's precision (15 significant digits, so 0.1+0.2 is "0.3"), without
//    display formatting such as thousands separators, currency symbols or percent signs.
//
// How: an .xlsx file is a ZIP archive whose directory is at its end, so it cannot be read front to back as
// it arrives. The upload is first spooled to a temporary file (written as it streams in, never held in
// memory); the archive is then read with random access, in the order the reader needs and whatever order
// the writer stored its parts in: the workbook part (sheet names, visibility, date system), the styles
// (which cells have date formats), the shared-string table, and finally the chosen sheet's XML, streamed
// through a SAX parser that hands on one row at a time as the consumer asks for it.
//
// Memory: bounded by the shared-string table, which is held while the sheet is read (at most about twice
// MAX_SHARED_STRINGS_PART_BYTES and INPUT_LIMITS.sharedStrings texts; larger tables are refused, before they
// are inflated, with advice to upload CSV), plus one row and one 16 KB chunk of sheet XML. Every part is held
// to the input limits (xlsx-limits.ts): the archive's directory is checked as a whole as soon as it is read.
//
// Disk and handles: the temporary file lives in os.tmpdir() and is unlinked as soon as it is open (on
// Windows, when reading ends), so nothing is left behind even if the process dies; its handle is closed
// when the rows are read to the end, when the consumer stops early (rows.return(), or breaking out of a
// for await), and when opening fails. Every stream created while reading reports its errors to the row
// iterator, which rejects with them: nothing can surface as an unhandled error or rejection.
import { randomUUID } from "node:crypto";
import { type FileHandle, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type ImportKind } from "~/generated/prisma/enums";
import { type PeekedBytes } from "./byte-source";
import { sheetNamesByKind } from "../rows/canonical-fields";
import { isZipArchive, sniffBinarySignature } from "./detect-encoding";
import { IngestFileError, refuseFile } from "./file-error";
import { importMessage, joinRowErrors, toImportMessages } from "../rows/import-message";
import { type HeaderLayout, type SourceRow, buildHeaderLayout, rowFromCells } from "./source-row";
import { type WorkbookSheet, readCellNumberFormats, readSharedStrings, readWorkbookStructure } from "./xlsx-parts";
import { checkArchiveEntries } from "./xlsx-limits";
import { type SheetRow, readSheetRows } from "./xlsx-sheet";
import { ZipArchive } from "./xlsx-zip";

export { type CellLike, cellText, formatExcelDate, formatExcelNumber, isDateNumberFormat } from "./xlsx-cells";
export { MAX_SHARED_STRINGS_PART_BYTES } from "./xlsx-parts";

export interface XlsxReadOptions {
  /** Read this worksheet (compared ignoring case and surrounding spaces). */
  sheetName?: string;
  /** Without sheetName, prefer a worksheet named for the kind ("activities", "催收记录", …). */
  kind?: ImportKind;
  /** Where the upload is spooled while it is read; os.tmpdir() unless given. */
  temporaryDirectory?: string;
  /** The upload's name, for refusals. */
  fileName?: string;
}

export interface OpenedXlsx {
  headers: string[];
  sheetName: string;
  sheetNames: string[];
  rows: AsyncGenerator<SourceRow, void, undefined>;
}


/** Uploads are copied to the temporary file in writes of about this size. */
const SPOOL_WRITE_BYTES = 1024 * 1024;

function normaliseSheetName(name: string): string {
  return name.trim().toLowerCase();
}

function chooseSheet(sheets: readonly WorkbookSheet[], options: XlsxReadOptions): WorkbookSheet {
  const available = sheets.map((sheet) => sheet.name);
  if (options.sheetName !== undefined) {
    const wanted = normaliseSheetName(options.sheetName);
    const match = sheets.find((sheet) => normaliseSheetName(sheet.name) === wanted);
    if (match === undefined) {
      throw new IngestFileError("SHEET_NOT_FOUND", importMessage("importFile.sheetNotFound", { sheet: options.sheetName, sheets: available.join(", ") }));
    }
    if (!match.isWorksheet) throw new IngestFileError("SHEET_NOT_FOUND", importMessage("importFile.chartSheet", { sheet: match.name }));
    return match;
  }
  const worksheets = sheets.filter((sheet) => sheet.isWorksheet);
  if (options.kind !== undefined) {
    const kindNames = new Set(sheetNamesByKind[options.kind].map(normaliseSheetName));
    const match = worksheets.find((sheet) => kindNames.has(normaliseSheetName(sheet.name)));
    if (match !== undefined) return match;
  }
  const firstVisible = worksheets.find((sheet) => sheet.state === undefined || sheet.state === "visible") ?? worksheets[0];
  if (firstVisible === undefined) throw new IngestFileError("INVALID_WORKBOOK", importMessage("importFile.noSheets"));
  return firstVisible;
}

function workbookReadError(error: unknown): unknown {
  if (error instanceof IngestFileError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new IngestFileError("INVALID_WORKBOOK", importMessage("importFile.unreadableWorkbook", { detail }));
}

/** An OLE compound file: what Excel writes for a password-protected workbook (an encrypted package), and .xls. */
const COMPOUND_FILE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

function checkWorkbookSignature(head: Buffer, fileName: string): void {
  if (head.length === 0) throw new IngestFileError("EMPTY_FILE", importMessage("importFile.empty"));
  if (head.subarray(0, COMPOUND_FILE_SIGNATURE.length).equals(COMPOUND_FILE_SIGNATURE)) {
    throw refuseFile("ENCRYPTED_WORKBOOK", "ingest.refused.encryptedWorkbook", { file: fileName });
  }
  if (!isZipArchive(head)) {
    const signature = sniffBinarySignature(head);
    const hint = signature?.hint ?? "csv";
    throw new IngestFileError(
      "INVALID_WORKBOOK",
      signature ? importMessage("importFile.notWorkbook", { binary: signature.kind, hint }) : importMessage("importFile.notZipWorkbook", { hint }),
    );
  }
}

/** Runs once however often it is called; later calls wait for the first. */
function once(action: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  return () => (running ??= action());
}

interface WorkbookFile {
  handle: FileHandle;
  /** Closes the handle and removes the file if it is a temporary one; safe to call more than once. */
  release: () => Promise<void>;
}

async function writeFully(handle: FileHandle, bytes: Buffer, position: number): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    const result = await handle.write(bytes, written, bytes.length - written, position + written);
    written += result.bytesWritten;
  }
}

/** Copies the upload to a new temporary file, returning an open handle to it. */
async function spoolUpload(peeked: PeekedBytes, directory: string): Promise<WorkbookFile> {
  const filePath = path.join(directory, `xlsx-upload-${process.pid}-${randomUUID()}.xlsx`);
  let handle: FileHandle;
  try {
    handle = await open(filePath, "wx+", 0o600);
  } catch (error) {
    await peeked.close();
    throw error;
  }
  let removed = false;
  async function remove(): Promise<void> {
    if (removed) return;
    try {
      await rm(filePath, { force: true });
      removed = true;
    } catch (error) {
      // Windows cannot remove a file that is open: it is removed again once the handle is closed.
      if (process.platform !== "win32") throw error;
    }
  }
  const release = once(async () => {
    await handle.close().catch(() => undefined);
    await remove().catch((error: unknown) => console.warn(`could not remove the temporary file ${filePath}:`, error));
  });
  try {
    // An open file keeps its content after its name is removed; removing the name now means nothing is
    // left in the temporary folder even if the process is killed while reading.
    await remove();
    let position = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    for await (const chunk of peeked.chunks()) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= SPOOL_WRITE_BYTES) {
        await writeFully(handle, Buffer.concat(pending, pendingBytes), position);
        position += pendingBytes;
        pending = [];
        pendingBytes = 0;
      }
    }
    if (pendingBytes > 0) await writeFully(handle, Buffer.concat(pending, pendingBytes), position);
  } catch (error) {
    await release();
    throw error;
  }
  return { handle, release };
}

/**
 * An async generator that releases the workbook when the consumer stops, including before the first row
 * (returning a generator that has not started does not run its finally blocks).
 */
function releasingOnReturn<T>(generator: AsyncGenerator<T, void, undefined>, release: () => Promise<void>): AsyncGenerator<T, void, undefined> {
  const originalReturn = generator.return.bind(generator);
  const originalThrow = generator.throw.bind(generator);
  generator.return = async (value) => {
    try {
      return await originalReturn(value);
    } finally {
      await release();
    }
  };
  generator.throw = async (error: unknown) => {
    try {
      return await originalThrow(error);
    } finally {
      await release();
    }
  };
  return generator;
}

async function openWorkbookFile(file: WorkbookFile, options: XlsxReadOptions & { fileName: string }): Promise<OpenedXlsx> {
  const fileName = options.fileName;
  let sheetRows: AsyncGenerator<SheetRow, void, undefined> | undefined;
  async function release(): Promise<void> {
    try {
      await sheetRows?.return(undefined);
    } catch {
      // The sheet stream failed while stopping; there is nothing left to read from it.
    } finally {
      await file.release();
    }
  }

  async function nextSheetRow(): Promise<SheetRow | null> {
    try {
      const next = await (sheetRows as AsyncGenerator<SheetRow, void, undefined>).next();
      return next.done ? null : next.value;
    } catch (error) {
      throw workbookReadError(error);
    }
  }

  let layout: HeaderLayout;
  let sheet: WorkbookSheet;
  let sheetNames: string[];
  try {
    const zip = await ZipArchive.open(file.handle);
    checkArchiveEntries(fileName, zip.list());
    const workbook = await readWorkbookStructure(zip, fileName);
    sheetNames = workbook.sheets.map((candidate) => candidate.name);
    sheet = chooseSheet(workbook.sheets, options);
    const entry = sheet.partName === undefined ? undefined : zip.find(sheet.partName);
    if (entry === undefined) throw new IngestFileError("SHEET_NOT_FOUND", importMessage("importFile.sheetMissing", { sheet: sheet.name }));
    const numberFormats = await readCellNumberFormats(zip, workbook.stylesPart, fileName);
    const sharedStrings = await readSharedStrings(zip, workbook.sharedStringsPart, fileName);
    sheetRows = readSheetRows(zip, entry, { sharedStrings, numberFormats, date1904: workbook.date1904, fileName });

    let header: SheetRow | null;
    do header = await nextSheetRow();
    while (header !== null && header.cells.every((cell) => cell.trim() === ""));
    if (header === null) throw new IngestFileError("EMPTY_FILE", importMessage("importFile.emptySheet", { sheet: sheet.name }));
    if (header.errors.length > 0) {
      throw new IngestFileError("INVALID_HEADER", [importMessage("importFile.headerUnreadable", { row: header.rowNumber }), ...header.errors.flatMap(toImportMessages)]);
    }
    layout = buildHeaderLayout(header.cells);
  } catch (error) {
    await release();
    throw workbookReadError(error);
  }

  async function* rows(): AsyncGenerator<SourceRow, void, undefined> {
    let dataRows = 0;
    try {
      for (let sheetRow = await nextSheetRow(); sheetRow !== null; sheetRow = await nextSheetRow()) {
        // Spreadsheets omit empty cells; unlike a short CSV line, that is not a ragged row.
        const cells = sheetRow.cells.length < layout.names.length ? [...sheetRow.cells, ...Array<string>(layout.names.length - sheetRow.cells.length).fill("")] : sheetRow.cells;
        const row = rowFromCells(cells, layout, sheetRow.rowNumber, { decoded: false });
        if (row === null) {
          if (sheetRow.errors.length === 0) continue;
          dataRows += 1;
          yield { rowNumber: sheetRow.rowNumber, values: {}, error: joinRowErrors(sheetRow.errors) };
          continue;
        }
        dataRows += 1;
        if (sheetRow.errors.length > 0) {
          yield { ...row, error: joinRowErrors([...sheetRow.errors, row.error]) };
        } else {
          yield row;
        }
      }
    } finally {
      await release();
    }
    if (dataRows === 0) throw new IngestFileError("NO_DATA_ROWS", importMessage("importFile.noDataRows"));
  }

  return { headers: layout.headers, sheetName: sheet.name, sheetNames, rows: releasingOnReturn(rows(), release) };
}

/**
 * Opens an uploaded workbook: spools it to a temporary file, reads the header of the chosen sheet and
 * returns its rows as a generator. Read the rows to the end or stop with rows.return() (for await … break
 * does that): either releases the temporary file.
 */
export async function openXlsx(peeked: PeekedBytes, options: XlsxReadOptions = {}): Promise<OpenedXlsx> {
  const fileName = options.fileName ?? "the file";
  try {
    checkWorkbookSignature(peeked.head, fileName);
  } catch (error) {
    await peeked.close();
    throw error;
  }
  const file = await spoolUpload(peeked, options.temporaryDirectory ?? tmpdir());
  return openWorkbookFile(file, { ...options, fileName });
}

/** Opens a workbook that is already a file on disk (it is read in place, and left there). */
export async function openXlsxFile(filePath: string, options: XlsxReadOptions = {}): Promise<OpenedXlsx> {
  const handle = await open(filePath, "r");
  const file: WorkbookFile = { handle, release: once(() => handle.close().catch(() => undefined)) };
  try {
    const head = Buffer.alloc(64);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    checkWorkbookSignature(head.subarray(0, bytesRead), options.fileName ?? path.basename(filePath));
  } catch (error) {
    await file.release();
    throw error;
  }
  return openWorkbookFile(file, { ...options, fileName: options.fileName ?? path.basename(filePath) });
}
