// Rows of a COPY … TO STDOUT stream (text format) read straight from its bytes. A full reconciliation reads two million
// rows: splitting each chunk into line strings and each line into field strings made most of the garbage the process
// collected, so numbers are parsed from the bytes and only the text fields the caller asks for become strings.

const TAB = 9;
const NEWLINE = 10;
const BACKSLASH = 92;
const MINUS = 45;
const ZERO = 48;
const CAPITAL_N = 78;

/** One row's fields; valid only during the callback that received it (the view is reused for the next row). */
export class CopyRow {
  buffer: Buffer = Buffer.alloc(0);
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  count = 0;

  isNull(field: number): boolean {
    const start = this.starts[field]!;
    return this.ends[field]! - start === 2 && this.buffer[start] === BACKSLASH && this.buffer[start + 1] === CAPITAL_N;
  }

  /** An integer field (bigint columns included: exact up to 2^53). */
  integer(field: number): number {
    const end = this.ends[field]!;
    let index = this.starts[field]!;
    const negative = this.buffer[index] === MINUS;
    if (negative) index += 1;
    if (index >= end) throw new Error(`COPY field ${field} is not an integer: '${this.text(field)}'`);
    let value = 0;
    for (; index < end; index++) {
      const digit = this.buffer[index]! - ZERO;
      if (digit < 0 || digit > 9) throw new Error(`COPY field ${field} is not an integer: '${this.text(field)}'`);
      value = value * 10 + digit;
    }
    return negative ? -value : value;
  }

  integerOrNull(field: number): number | null {
    return this.isNull(field) ? null : this.integer(field);
  }

  /** A first byte, for one-letter tags. */
  firstByte(field: number): number {
    return this.buffer[this.starts[field]!] ?? -1;
  }

  text(field: number): string {
    const start = this.starts[field]!;
    const end = this.ends[field]!;
    const value = this.buffer.toString("utf8", start, end);
    const escaped = this.buffer.indexOf(BACKSLASH, start);
    return escaped >= 0 && escaped < end ? unescapeCopy(value) : value;
  }

  textOrNull(field: number): string | null {
    return this.isNull(field) ? null : this.text(field);
  }
}

/** Feeds chunks of a COPY text stream; calls `onRow` once per complete row, in order. */
export class CopyRowReader {
  private rest: Buffer | null = null;
  private readonly row = new CopyRow();

  constructor(private readonly onRow: (row: CopyRow) => void) {}

  push(chunk: Buffer): void {
    const buffer = this.rest === null ? chunk : Buffer.concat([this.rest, chunk]);
    const last = buffer.lastIndexOf(NEWLINE);
    if (last < 0) {
      this.rest = buffer;
      return;
    }
    this.rows(buffer, last);
    this.rest = last + 1 < buffer.length ? buffer.subarray(last + 1) : null;
  }

  /** The stream ended: a last row without its newline (COPY always writes one) still counts. */
  end(): void {
    if (this.rest === null) return;
    const buffer = Buffer.concat([this.rest, Buffer.from([NEWLINE])]);
    this.rest = null;
    this.rows(buffer, buffer.length - 1);
  }

  private rows(buffer: Buffer, last: number): void {
    const row = this.row;
    row.buffer = buffer;
    let start = 0;
    let count = 0;
    for (let index = 0; index <= last; index++) {
      const byte = buffer[index];
      if (byte !== TAB && byte !== NEWLINE) continue;
      row.starts[count] = start;
      row.ends[count] = index;
      count += 1;
      start = index + 1;
      if (byte === NEWLINE) {
        row.count = count;
        this.onRow(row);
        count = 0;
      }
    }
  }
}

/** Undoes COPY text escapes (\t, \n, \r, \\ and any other escaped character as itself). */
export function unescapeCopy(field: string): string {
  if (!field.includes("\\")) return field;
  return field.replace(/\\(.)/g, (_match, character: string) => ({ t: "\t", n: "\n", r: "\r", "\\": "\\" })[character] ?? character);
}
