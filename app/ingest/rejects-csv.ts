// The rejected rows of an import, as a CSV in the agency's own layout (its headers, its values as sent) plus
// an error column, so the agency can fix the rows in Excel and upload the file again.
//
// Two Excel concerns shape the output:
//  - It starts with a UTF-8 byte order mark: without one Excel opens CSV in the system code page and shows
//    Chinese text as mojibake.
//  - A cell starting with = + - @ (or tab/carriage return, which Excel skips before them) is prefixed with
//    a single quote. Excel would otherwise evaluate agency-supplied text as a formula when the lender opens
//    the file (CSV injection: =HYPERLINK or DDE payloads). The quote makes Excel show the text as typed; our
//    importer drops it again from numbers and phone numbers (field-parsers.ts), so "-5" or "+86…" survive
//    the round trip. In free-text fields the added quote stays, which is the safe side.
//
// Output is produced line by line so rejects of any size stream to a response or file without buffering.
import { Transform } from "node:stream";

export interface RejectedRow {
  /** The row's values keyed by the file's own column names (SourceRow.values). */
  values: Readonly<Record<string, string>>;
  /** Why the row was rejected, e.g. formatRowErrors(...) or SourceRow.error. */
  error: string;
}

const BYTE_ORDER_MARK = "\uFEFF";
const LINE_END = "\r\n";
const formulaTriggers = new Set(["=", "+", "-", "@", "\t", "\r"]);

/** Makes a cell safe to open in Excel, then quotes it as CSV requires. */
export function escapeCsvCell(value: string): string {
  const safe = value.length > 0 && formulaTriggers.has(value[0] as string) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || /^\s|\s$/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The error column's name: "error", unless the agency's file already has a column called that. */
export function errorColumnName(headers: readonly string[]): string {
  const taken = new Set(headers);
  if (!taken.has("error")) return "error";
  let suffix = 2;
  while (taken.has(`error_${suffix}`)) suffix += 1;
  return `error_${suffix}`;
}

export function rejectsHeaderLine(headers: readonly string[]): string {
  return `${BYTE_ORDER_MARK}${[...headers, errorColumnName(headers)].map(escapeCsvCell).join(",")}${LINE_END}`;
}

export function rejectsRowLine(headers: readonly string[], row: RejectedRow): string {
  const cells = headers.map((header) => escapeCsvCell(row.values[header] ?? ""));
  cells.push(escapeCsvCell(row.error));
  return `${cells.join(",")}${LINE_END}`;
}

/** The rejects file as lines (header first, each ending in CRLF). */
export async function* rejectsCsvLines(
  headers: readonly string[],
  rows: Iterable<RejectedRow> | AsyncIterable<RejectedRow>,
): AsyncGenerator<string, void, undefined> {
  yield rejectsHeaderLine(headers);
  for await (const row of rows) yield rejectsRowLine(headers, row);
}

/** A Transform taking RejectedRow objects and emitting the rejects file as UTF-8 bytes. */
export function createRejectsCsvStream(headers: readonly string[]): Transform {
  let headerWritten = false;
  const writeHeader = (stream: Transform) => {
    if (!headerWritten) {
      headerWritten = true;
      stream.push(rejectsHeaderLine(headers), "utf8");
    }
  };
  return new Transform({
    writableObjectMode: true,
    transform(row: RejectedRow, _encoding, callback) {
      writeHeader(this);
      callback(null, Buffer.from(rejectsRowLine(headers, row), "utf8"));
    },
    flush(callback) {
      // A file with no rejected rows still gets its header, so it opens with the right columns.
      writeHeader(this);
      callback();
    },
  });
}
