// The rejected rows of an import, as a CSV in the agency's own layout (its headers, its values as sent) plus
// an error column, so the agency can fix the rows in Excel and upload the file again.
//
// Two Excel concerns shape the output:
//  - It starts with a UTF-8 byte order mark: without one Excel opens CSV in the system code page and shows
//    Chinese text as mojibake.
//  - Cells go through the app's one CSV escaping (app/csv/write-csv.ts): text Excel would evaluate as a
//    formula gets a leading quote (CSV injection: =HYPERLINK or DDE payloads). Our importer drops it again
//    from numbers and phone numbers (field-parsers.ts), so "+86…" survives the round trip. In free-text
//    fields the added quote stays, which is the safe side.
//
// Output is produced line by line so rejects of any size stream to a response or file without buffering.
import { Transform } from "node:stream";
import { CSV_BYTE_ORDER_MARK, CSV_LINE_END, escapeCsvCell } from "~/csv/write-csv";

export interface RejectedRow {
  /** The row's values keyed by the file's own column names (SourceRow.values). */
  values: Readonly<Record<string, string>>;
  /** Why the row was rejected, e.g. formatRowErrors(...) or SourceRow.error. */
  error: string;
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
  return `${CSV_BYTE_ORDER_MARK}${[...headers, errorColumnName(headers)].map(escapeCsvCell).join(",")}${CSV_LINE_END}`;
}

export function rejectsRowLine(headers: readonly string[], row: RejectedRow): string {
  const cells = headers.map((header) => escapeCsvCell(row.values[header] ?? ""));
  cells.push(escapeCsvCell(row.error));
  return `${cells.join(",")}${CSV_LINE_END}`;
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
