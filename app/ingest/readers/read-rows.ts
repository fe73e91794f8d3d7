// The entry point for reading an upload: picks the format, opens the right reader and hands back the
// header plus a stream of rows. Row problems travel with the rows (SourceRow.error); problems with the file
// as a whole are thrown as IngestFileError, either when opening (empty, binary, unreadable header…) or
// during iteration (no data rows, an unterminated quote found late in the file). Rows yielded before such a
// late error have already been handed over, so the consumer must treat the whole file as failed then.
//
// Memory is bounded whatever the file size: only the first 64 KB are peeked (encoding and format
// detection), and rows are produced as the consumer asks for them, with stream backpressure upstream.
//
// Typical use by the import job:
//   const source = await openRows({ stream, fileName, kind });
//   const header = validateHeader(source.headers, kind, profile);
//   for await (const row of source.rows) { … }
import { type ImportKind } from "~/generated/prisma/enums";
import { type ByteSource, peekBytes } from "./byte-source";
import { type DetectedEncoding, ENCODING_SAMPLE_BYTES } from "./detect-encoding";
import { IngestFileError } from "./file-error";
import { importMessage } from "../rows/import-message";
import { openCsv } from "./read-csv";
import { openJsonl } from "./read-jsonl";
import { openXlsx } from "./read-xlsx";
import { type SourceRow } from "./source-row";

export { IngestFileError, isIngestFileError, type IngestFileErrorCode } from "./file-error";
export { MAX_FIELD_CHARACTERS, type SourceRow } from "./source-row";
export { INPUT_LIMITS } from "./input-limits";
export type { ByteSource } from "./byte-source";

export type SourceFormat = "csv" | "xlsx" | "jsonl" | "json";

export interface ReadRowsInput {
  stream: ByteSource;
  /** The uploaded file's name; its extension selects the format unless `format` is given. */
  fileName: string;
  format?: SourceFormat;
  /** XLSX: the worksheet to read. */
  sheetName?: string;
  /** XLSX: without sheetName, a worksheet named for the kind is preferred over the first one. */
  kind?: ImportKind;
  /** CSV/JSON Lines: skip encoding detection (e.g. "gb18030" chosen by the user). */
  encoding?: string;
  /** CSV: skip delimiter detection. */
  delimiter?: string;
}

export interface SourceDescription {
  format: SourceFormat;
  /** The file's column names in order (JSON Lines: the keys used in its first lines). */
  headers: string[];
  /** CSV and JSON Lines. */
  encoding?: DetectedEncoding;
  /** CSV. */
  delimiter?: string;
  /** XLSX: the worksheet read, and all worksheets in the workbook. */
  sheetName?: string;
  sheetNames?: string[];
}

export interface OpenedSource extends SourceDescription {
  /** Read once, to the end or until the consumer stops (which releases the upload stream). */
  rows: AsyncGenerator<SourceRow, void, undefined>;
}

const formatsByExtension: Record<string, SourceFormat> = {
  csv: "csv",
  tsv: "csv",
  txt: "csv",
  xlsx: "xlsx",
  xlsm: "xlsx",
  jsonl: "jsonl",
  ndjson: "jsonl",
  json: "json",
};

/** The format implied by a file name; throws for extensions that are not supported. */
export function formatFromFileName(fileName: string): SourceFormat {
  const extension = /\.([^./\\]+)$/.exec(fileName.trim())?.[1]?.toLowerCase();
  const format = extension === undefined ? undefined : formatsByExtension[extension];
  if (format) return format;
  if (extension === "xls") {
    throw new IngestFileError("UNSUPPORTED_FORMAT", importMessage("importFile.legacyXls"));
  }
  throw new IngestFileError("UNSUPPORTED_FORMAT", importMessage("importFile.unsupportedType", { name: fileName }));
}

/** Opens an upload: reads just enough to know its format, encoding and header. */
export async function openRows(input: ReadRowsInput): Promise<OpenedSource> {
  const format = input.format ?? formatFromFileName(input.fileName);
  const peeked = await peekBytes(input.stream, ENCODING_SAMPLE_BYTES);
  switch (format) {
    case "csv": {
      const csv = await openCsv(peeked, { encoding: input.encoding, delimiter: input.delimiter, fileName: input.fileName });
      return { format, headers: csv.headers, encoding: csv.encoding, delimiter: csv.delimiter, rows: csv.rows };
    }
    case "xlsx": {
      const xlsx = await openXlsx(peeked, { sheetName: input.sheetName, kind: input.kind, fileName: input.fileName });
      return { format, headers: xlsx.headers, sheetName: xlsx.sheetName, sheetNames: xlsx.sheetNames, rows: xlsx.rows };
    }
    case "jsonl": {
      const jsonl = await openJsonl(peeked, { encoding: input.encoding, fileName: input.fileName });
      return { format, headers: jsonl.headers, encoding: jsonl.encoding, rows: jsonl.rows };
    }
    case "json": {
      const json = await openJsonl(peeked, { encoding: input.encoding, fileName: input.fileName, container: "array" });
      return { format, headers: json.headers, encoding: json.encoding, rows: json.rows };
    }
  }
}

/** Streams an upload's rows; see openRows for access to the header before the first row. */
export async function* readRows(input: ReadRowsInput): AsyncGenerator<SourceRow, void, undefined> {
  const source = await openRows(input);
  yield* source.rows;
}

export interface SourcePreview extends SourceDescription {
  rows: SourceRow[];
  /** True when the file has more rows than were read. */
  truncated: boolean;
}

/**
 * The header and first rows of an upload, for the mapping screen. Reads only what it shows and releases
 * the stream; file-level problems met in that part of the file are thrown as from openRows.
 */
export async function previewRows(input: ReadRowsInput, options: { maxRows?: number } = {}): Promise<SourcePreview> {
  const maxRows = options.maxRows ?? 20;
  const { rows: source, ...description } = await openRows(input);
  const rows: SourceRow[] = [];
  let truncated = false;
  try {
    for (let next = await source.next(); !next.done; next = await source.next()) {
      if (rows.length === maxRows) {
        truncated = true;
        break;
      }
      rows.push(next.value);
    }
  } finally {
    await source.return(undefined);
  }
  return { ...description, rows, truncated };
}
