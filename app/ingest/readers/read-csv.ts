// CSV reading: decode with the detected encoding, detect the delimiter from the header line, then stream
// records through csv-parse. Memory stays bounded whatever the file size: bytes flow through with stream
// backpressure, at most a handful of parsed rows are buffered, and the record guard in front of the parser
// refuses the file at the first record, field or column count over the input limits (input-limits.ts).
import { pipeline } from "node:stream";
import { CsvError, Parser, type Options as CsvParseOptions } from "csv-parse";
import iconv from "iconv-lite";
import { type PeekedBytes } from "./byte-source";
import { createCsvRecordGuard } from "./csv-record-guard";
import { type DetectedEncoding, detectEncoding } from "./detect-encoding";
import { IngestFileError } from "./file-error";
import { importMessage } from "../rows/import-message";
import { INPUT_LIMITS } from "./input-limits";
import { type HeaderLayout, type SourceRow, buildHeaderLayout, rowFromCells } from "./source-row";

/** The delimiters detected automatically. A `sep=` first line (written by Excel) may name another. */
export const DETECTED_DELIMITERS = [",", "\t", ";"] as const;

export interface CsvReadOptions {
  /** Skip encoding detection (e.g. the user picked an encoding after a wrong guess). */
  encoding?: string;
  /** Skip delimiter detection. */
  delimiter?: string;
  /** The upload's name, for refusals. */
  fileName?: string;
}

export interface OpenedCsv {
  headers: string[];
  delimiter: string;
  encoding: DetectedEncoding;
  rows: AsyncGenerator<SourceRow, void, undefined>;
}

/** Parsed rows buffered between the parser and the consumer; with the record limit this caps memory. */
const BUFFERED_ROWS = 8;


/** Excel's "sep=;" hint line, which tells Excel (and us) the delimiter and is not part of the data. */
const separatorHint = /^sep=([^"\r\n])[ \t]*(?:\r\n|\n|\r|$)/i;

/**
 * Picks the delimiter that occurs most often, outside quotes, in the first non-blank line. Ties go to the
 * comma, then tab, then semicolon; a line with none of them is a single-column file and uses the comma.
 */
export function detectDelimiter(text: string): (typeof DETECTED_DELIMITERS)[number] {
  const counts = new Map<string, number>(DETECTED_DELIMITERS.map((delimiter) => [delimiter, 0]));
  let index = 0;
  while (index < text.length && (text[index] === "\n" || text[index] === "\r")) index += 1;
  let inQuotes = false;
  for (; index < text.length; index += 1) {
    const character = text[index] as string;
    if (character === '"') {
      inQuotes = !inQuotes;
    } else if (!inQuotes) {
      if (character === "\n" || character === "\r") break;
      const count = counts.get(character);
      if (count !== undefined) counts.set(character, count + 1);
    }
  }
  let best: (typeof DETECTED_DELIMITERS)[number] = ",";
  let bestCount = 0;
  for (const delimiter of DETECTED_DELIMITERS) {
    const count = counts.get(delimiter) ?? 0;
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

function countLineBreaks(value: string): number {
  if (value.indexOf("\n") === -1 && value.indexOf("\r") === -1) return 0;
  let count = 0;
  for (let index = 0; index < value.length; index += 1) {
    const character = value[index];
    if (character === "\n") count += 1;
    else if (character === "\r" && value[index + 1] !== "\n") count += 1;
  }
  return count;
}

/** Physical lines a record occupies: its own line plus any line breaks inside quoted values. */
function linesSpanned(cells: readonly string[]): number {
  let lines = 1;
  for (const cell of cells) lines += countLineBreaks(cell);
  return lines;
}

interface ParsePosition {
  /** Records the parser has produced so far (blank lines included). */
  records: number;
  /** Physical lines those records occupy, including any hint line skipped before them. */
  lines: number;
}

function translateParseError(error: unknown, position: ParsePosition): unknown {
  if (!(error instanceof CsvError)) return error;
  const rowNumber = position.records + 1;
  const where = { row: rowNumber, line: position.lines + 1 };
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return new IngestFileError("UNTERMINATED_QUOTE", importMessage("importFile.unterminatedQuote", where), rowNumber);
    case "CSV_MAX_RECORD_SIZE":
      return new IngestFileError("RECORD_TOO_LARGE", importMessage("importFile.recordTooLarge", { ...where, limit: INPUT_LIMITS.recordCharacters }), rowNumber);
    default:
      return new IngestFileError("MALFORMED_CSV", importMessage("importFile.malformedCsv", { ...where, detail: error.message }), rowNumber);
  }
}

export async function openCsv(peeked: PeekedBytes, options: CsvReadOptions = {}): Promise<OpenedCsv> {
  let encoding: DetectedEncoding;
  let delimiter: string;
  let hintLines = 0;
  try {
    if (peeked.head.length === 0) throw new IngestFileError("EMPTY_FILE", importMessage("importFile.empty"));
    encoding = detectEncoding(peeked.head, { override: options.encoding });
    // Decoding the sample may garble a character cut at its end; only the first line matters here.
    const sampleText = iconv.decode(peeked.head, encoding.encoding);
    if (peeked.complete && sampleText.trim() === "") throw new IngestFileError("EMPTY_FILE", importMessage("importFile.empty"));
    const hint = separatorHint.exec(sampleText);
    if (hint) hintLines = 1;
    delimiter = options.delimiter ?? hint?.[1] ?? detectDelimiter(sampleText);
  } catch (error) {
    await peeked.close();
    throw error;
  }

  const position: ParsePosition = { records: 0, lines: hintLines };
  const parserOptions: CsvParseOptions<string[]> & { readableHighWaterMark: number } = {
    delimiter,
    record_delimiter: ["\r\n", "\n", "\r"],
    // Ragged rows are reported per row rather than failing the file.
    relax_column_count: true,
    // A stray quote inside an unquoted value (5" screen) is kept as text, as Excel does.
    relax_quotes: true,
    // Blank lines become records so that row numbers match what Excel shows; they are skipped later.
    skip_empty_lines: false,
    // The guard refuses long records first; this is the parser's own bound should the two ever disagree.
    max_record_size: INPUT_LIMITS.recordCharacters * 4,
    from_line: hintLines + 1,
    bom: true,
    on_record: (record: string[]) => {
      position.records += 1;
      position.lines += linesSpanned(record);
      return record;
    },
    readableHighWaterMark: BUFFERED_ROWS,
  };
  const parser = new Parser(parserOptions);
  const ignoreErrors = () => {
    // Errors reach the consumer through the parser's iterator; nothing to do here.
  };
  const guard = createCsvRecordGuard({ fileName: options.fileName ?? "the file", delimiter, skippedLines: hintLines });
  if (iconv._canonicalizeEncoding(encoding.encoding) === "utf8") {
    // csv-parse reads UTF-8 natively (delimiters are ASCII, which never occurs inside a multi-byte
    // sequence, and it strips the BOM): skipping the decode-and-re-encode round trip saves a quarter of
    // the parsing time on large files.
    pipeline(peeked.readable(), guard, parser, ignoreErrors);
  } else {
    pipeline(peeked.readable(), iconv.decodeStream(encoding.encoding), guard, parser, ignoreErrors);
  }
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  let consumedRecords = 0;

  async function nextRecord(): Promise<string[] | null> {
    try {
      const next = await records.next();
      if (next.done) return null;
      consumedRecords += 1;
      return next.value;
    } catch (error) {
      throw translateParseError(error, position);
    }
  }

  let layout: HeaderLayout;
  try {
    let headerCells: string[] | null;
    do headerCells = await nextRecord();
    while (headerCells !== null && headerCells.every((cell) => cell.trim() === ""));
    if (headerCells === null) throw new IngestFileError("EMPTY_FILE", importMessage("importFile.empty"));
    layout = buildHeaderLayout(headerCells);
  } catch (error) {
    parser.destroy();
    throw error;
  }

  async function* rows(): AsyncGenerator<SourceRow, void, undefined> {
    let dataRows = 0;
    try {
      for (let cells = await nextRecord(); cells !== null; cells = await nextRecord()) {
        const row = rowFromCells(cells, layout, consumedRecords, { decoded: true });
        if (row === null) continue;
        dataRows += 1;
        yield row;
      }
    } finally {
      parser.destroy();
    }
    if (dataRows === 0) throw new IngestFileError("NO_DATA_ROWS", importMessage("importFile.noDataRows"));
  }

  return { headers: layout.headers, delimiter, encoding, rows: rows() };
}
