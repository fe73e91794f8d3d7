// Holds CSV text to the record, field and column limits before csv-parse sees it. csv-parse's own
// max_record_size counts only the characters of the fields, so a 20 MB line of commas (twenty million empty
// fields) passes it and builds an array of twenty million strings; this guard counts every character of a
// record, delimiters and quotes included, and stops the stream at the first one over a limit.
//
// It follows the same quoting rules as the parser (relax_quotes: a quote opens a quoted value only at the start
// of a field; "" inside one is a quote) and works on UTF-8 bytes (counting characters, not continuation bytes)
// or on decoded text, so it sits in front of the parser on both paths of read-csv.ts.
import { Transform, type TransformCallback } from "node:stream";
import { refuseFile } from "./file-error";
import { INPUT_LIMITS } from "./input-limits";
import { columnLetter } from "./source-row";

const QUOTE = 0x22;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

export interface CsvRecordGuardOptions {
  fileName: string;
  delimiter: string;
  /** Lines before the first record that the parser skips (Excel's sep= hint), so row numbers match the parser's. */
  skippedLines: number;
  limits?: Pick<typeof INPUT_LIMITS, "recordCharacters" | "fieldCharacters" | "columns">;
}

export function createCsvRecordGuard(options: CsvRecordGuardOptions): Transform {
  const limits = options.limits ?? INPUT_LIMITS;
  const delimiter = options.delimiter.charCodeAt(0);
  const fileName = options.fileName;
  // Position of the record being read: its row (records counted as the parser counts them) and first line.
  let row = 1 - options.skippedLines;
  let line = 1;
  let startLine = 1;
  let recordCharacters = 0;
  let fieldCharacters = 0;
  let fields = 1;
  let fieldStart = true;
  let quoted = false;
  /** Inside a quoted value, the previous character was a quote: either the value's end or half of "". */
  let quotePending = false;
  let afterCarriageReturn = false;

  const position = () => ({ file: fileName, row: Math.max(row, 1), line: startLine });
  const check = () => {
    if (recordCharacters > limits.recordCharacters) {
      return refuseFile("RECORD_TOO_LARGE", "ingest.limit.csvRecord", { ...position(), limit: limits.recordCharacters, actual: recordCharacters }, Math.max(row, 1));
    }
    if (fieldCharacters > limits.fieldCharacters) {
      return refuseFile(
        "LIMIT_EXCEEDED",
        "ingest.limit.csvField",
        { ...position(), column: columnLetter(fields), limit: limits.fieldCharacters, actual: fieldCharacters },
        Math.max(row, 1),
      );
    }
    if (fields > limits.columns) {
      return refuseFile("LIMIT_EXCEEDED", "ingest.limit.columns", { ...position(), limit: limits.columns, actual: fields }, Math.max(row, 1));
    }
    return null;
  };
  const endRecord = () => {
    row += 1;
    startLine = line;
    recordCharacters = 0;
    fieldCharacters = 0;
    fields = 1;
    fieldStart = true;
  };

  /** Feeds one unit: a byte of UTF-8 (continuation bytes are not characters) or a UTF-16 code unit. */
  const scan = (units: Buffer | string): Error | null => {
    const isBytes = typeof units !== "string";
    const length = units.length;
    for (let index = 0; index < length; index += 1) {
      const unit = isBytes ? (units[index] as number) : units.charCodeAt(index);
      if (isBytes && (unit & 0xc0) === 0x80) continue;
      if (unit === LINE_FEED && afterCarriageReturn) {
        afterCarriageReturn = false;
        continue;
      }
      afterCarriageReturn = false;
      if (quoted) {
        if (quotePending) {
          quotePending = false;
          if (unit === QUOTE) {
            // "" inside a quoted value: one quote of text.
            recordCharacters += 1;
            fieldCharacters += 1;
            continue;
          }
          quoted = false;
          // The value ended; this character is read as unquoted text below.
        } else if (unit === QUOTE) {
          quotePending = true;
          recordCharacters += 1;
          continue;
        } else {
          if (unit === LINE_FEED || unit === CARRIAGE_RETURN) {
            line += 1;
            afterCarriageReturn = unit === CARRIAGE_RETURN;
          }
          recordCharacters += 1;
          fieldCharacters += 1;
          if (recordCharacters > limits.recordCharacters || fieldCharacters > limits.fieldCharacters) return check();
          continue;
        }
      }
      if (unit === LINE_FEED || unit === CARRIAGE_RETURN) {
        line += 1;
        afterCarriageReturn = unit === CARRIAGE_RETURN;
        endRecord();
        continue;
      }
      recordCharacters += 1;
      if (unit === delimiter) {
        fields += 1;
        fieldCharacters = 0;
        fieldStart = true;
      } else if (unit === QUOTE && fieldStart) {
        quoted = true;
        fieldStart = false;
      } else {
        fieldStart = false;
        fieldCharacters += 1;
      }
      if (recordCharacters > limits.recordCharacters || fieldCharacters > limits.fieldCharacters || fields > limits.columns) return check();
    }
    return null;
  };

  return new Transform({
    // Decoded text arrives as strings; keep them as such so the parser receives what it would have.
    decodeStrings: false,
    transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback) {
      const error = scan(chunk);
      if (error) callback(error);
      else callback(null, chunk);
    },
  });
}
