// Building blocks of the placement columns the recovery index is computed from (recovery-index.ts): the calendar
// arithmetic on day numbers that the database used to do per placement, the order in which an agency's accounts
// are its bootstrap units, the decoding of PostgreSQL's binary COPY and the columns' snapshot. Pure, so tested beside
// this file.
import type { PlacementColumns } from "./recovery-index";

/**
 * Year × 12 + month (1–12) and day of month of a day number (days since 1970-01-01), by the proleptic Gregorian
 * civil-from-days algorithm (H. Hinnant): integer arithmetic only, as it runs for every placement.
 */
export function civilOfDay(day: number): { monthIndex: number; dayOfMonth: number } {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const dayOfMonth = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return { monthIndex: year * 12 + month, dayOfMonth };
}

/**
 * Whole months from day `start` to day `end` (day numbers), as completeMonthsBetween (metrics.server.ts) counts them
 * from dates: a start on the 31st completes its month on the last day of a shorter month.
 */
export function completeMonthsBetweenDays(start: number, end: number): number {
  if (end <= start) return 0;
  const from = civilOfDay(start);
  const to = civilOfDay(end);
  let months = to.monthIndex - from.monthIndex;
  if (to.dayOfMonth < from.dayOfMonth && civilOfDay(end + 1).dayOfMonth !== 1) months -= 1;
  return Math.max(0, months);
}

/**
 * The placements' indexes ordered by agency, then account, then index: each agency's accounts in ascending id, an
 * account's placements together, as the bootstrap's units are drawn. Two stable counting sorts when the ids are dense
 * (serial ids are), a comparison sort otherwise.
 */
export function unitOrderOf(agencyId: Int32Array, accountId: Int32Array): Int32Array {
  const count = agencyId.length;
  const order = new Int32Array(count);
  if (count === 0) return order;
  let [minAccount, maxAccount, minAgency, maxAgency] = [accountId[0]!, accountId[0]!, agencyId[0]!, agencyId[0]!];
  for (let index = 1; index < count; index++) {
    const account = accountId[index]!;
    const agency = agencyId[index]!;
    if (account < minAccount) minAccount = account;
    if (account > maxAccount) maxAccount = account;
    if (agency < minAgency) minAgency = agency;
    if (agency > maxAgency) maxAgency = agency;
  }
  const dense = (span: number) => span <= 4 * count + 1024;
  if (!dense(maxAccount - minAccount + 1) || !dense(maxAgency - minAgency + 1)) {
    for (let index = 0; index < count; index++) order[index] = index;
    return order.sort((left, right) => agencyId[left]! - agencyId[right]! || accountId[left]! - accountId[right]! || left - right);
  }
  const byAccount = countingSort(Int32Array.from({ length: count }, (_, index) => index), accountId, minAccount, maxAccount);
  return countingSort(byAccount, agencyId, minAgency, maxAgency);
}

/** `items` stably ordered by `key[item]`, every key in [min, max]. */
function countingSort(items: Int32Array, key: Int32Array, min: number, max: number): Int32Array {
  const starts = new Int32Array(max - min + 2);
  for (const item of items) starts[key[item]! - min + 1]!++;
  for (let slot = 1; slot < starts.length; slot++) starts[slot]! += starts[slot - 1]!;
  const sorted = new Int32Array(items.length);
  for (const item of items) sorted[starts[key[item]! - min]!++] = item;
  return sorted;
}

/** One field of a binary COPY row: a 4-byte integer, an 8-byte float, text or bytes; NULL is refused (coalesce it in SQL). */
export type BinaryField = "int4" | "float8" | "text" | "bytea";

const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");

/**
 * The rows of `COPY (…) TO STDOUT (FORMAT binary)` as typed columns (Int32Array / Float64Array / string[]), read
 * straight from the bytes: no text formatting in the server, no string per number here.
 */
export function decodeBinaryCopy<const Fields extends readonly BinaryField[]>(data: Buffer, fields: Fields): { count: number; columns: { [K in keyof Fields]: Fields[K] extends "text" ? string[] : Fields[K] extends "bytea" ? Buffer[] : Fields[K] extends "float8" ? Float64Array : Int32Array } } {
  if (data.length < 21 || !data.subarray(0, 11).equals(SIGNATURE)) throw new Error("not a binary COPY stream");
  let position = 15;
  position += 4 + data.readUInt32BE(position);
  // Rows are counted first so that the columns are allocated once.
  let count = 0;
  for (let scan = position; data.readInt16BE(scan) !== -1; count++) {
    if (data.readInt16BE(scan) !== fields.length) throw new Error(`binary COPY row ${count + 1} has ${data.readInt16BE(scan)} fields, expected ${fields.length}`);
    scan += 2;
    for (let field = 0; field < fields.length; field++) {
      const length = data.readInt32BE(scan);
      if (length < 0) throw new Error(`binary COPY row ${count + 1}, field ${field + 1} is NULL`);
      const width = fields[field] === "int4" ? 4 : fields[field] === "float8" ? 8 : length;
      if (length !== width) throw new Error(`binary COPY row ${count + 1}, field ${field + 1} has ${length} bytes where ${fields[field] === "int4" ? "an" : "a"} ${fields[field]} takes ${width}`);
      scan += 4 + length;
    }
  }
  const columns = fields.map((field) => (field === "text" ? new Array<string>(count) : field === "bytea" ? new Array<Buffer>(count) : field === "float8" ? new Float64Array(count) : new Int32Array(count)));
  for (let row = 0; row < count; row++) {
    position += 2;
    for (let field = 0; field < fields.length; field++) {
      const length = data.readInt32BE(position);
      position += 4;
      const column = columns[field]!;
      if (fields[field] === "int4") (column as Int32Array)[row] = data.readInt32BE(position);
      else if (fields[field] === "float8") (column as Float64Array)[row] = data.readDoubleBE(position);
      else if (fields[field] === "text") (column as string[])[row] = data.toString("utf8", position, position + length);
      else (column as Buffer[])[row] = data.subarray(position, position + length);
      position += length;
    }
  }
  return { count, columns: columns as never };
}

const SNAPSHOT_VERSION = 1;
type ArrayKey = { [K in keyof PlacementColumns]: PlacementColumns[K] extends Int32Array | Float64Array ? K : never }[keyof PlacementColumns];
/** The typed arrays of a snapshot in their order, with the length of each (placements, placements + 1 or payments). */
const snapshotArrays: [ArrayKey, "count" | "count+1" | "payments"][] = [
  ["agencyId", "count"], ["accountId", "count"], ["unitOrder", "count"], ["segment", "count"], ["product", "count"], ["dpdBucket", "count"],
  ["placedDay", "count"], ["placedMonthIndex", "count"], ["placedDayOfMonth", "count"], ["recalledDay", "count"], ["recallHorizon", "count"],
  ["balance", "count"], ["paymentStart", "count+1"], ["paymentMonth", "payments"], ["paymentAmount", "payments"],
];
const align8 = (offset: number) => (offset + 7) & ~7;

/**
 * The placement columns as one byte string (a JSON header with the counts and dictionaries, then each typed array's
 * bytes in this machine's byte order, 8-aligned), kept in PostgreSQL per placement generation so that a process's
 * first filter copies them instead of reading and converting every placement (ADR 053).
 */
export function serialisePlacementColumns(columns: PlacementColumns): Buffer {
  const header = Buffer.from(JSON.stringify({ version: SNAPSHOT_VERSION, littleEndian: isLittleEndian(), count: columns.count, payments: columns.paymentMonth.length, segments: columns.segments, products: columns.products, dpdBuckets: columns.dpdBuckets }), "utf8");
  let size = align8(4 + header.length);
  for (const [key] of snapshotArrays) size = align8(size + columns[key].byteLength);
  const data = Buffer.alloc(size);
  data.writeUInt32LE(header.length, 0);
  header.copy(data, 4);
  let offset = align8(4 + header.length);
  for (const [key] of snapshotArrays) {
    const array = columns[key];
    data.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), offset);
    offset = align8(offset + array.byteLength);
  }
  return data;
}

/** The columns of serialisePlacementColumns's bytes, or null when they were written by another format or machine. */
export function deserialisePlacementColumns(data: Buffer): PlacementColumns | null {
  if (data.length < 4) return null;
  const headerLength = data.readUInt32LE(0);
  if (4 + headerLength > data.length) return null;
  let header: { version: number; littleEndian: boolean; count: number; payments: number; segments: string[]; products: string[]; dpdBuckets: string[] };
  try {
    header = JSON.parse(data.toString("utf8", 4, 4 + headerLength)) as typeof header;
  } catch {
    return null;
  }
  if (header.version !== SNAPSHOT_VERSION || header.littleEndian !== isLittleEndian()) return null;
  const columns = { count: header.count, segments: header.segments, products: header.products, dpdBuckets: header.dpdBuckets } as PlacementColumns;
  let offset = align8(4 + headerLength);
  for (const [key, length] of snapshotArrays) {
    const count = length === "count" ? header.count : length === "count+1" ? header.count + 1 : header.payments;
    const array = key === "balance" || key === "paymentAmount" ? new Float64Array(count) : new Int32Array(count);
    if (offset + array.byteLength > data.length) return null;
    // A copy into fresh (aligned) arrays: the bytes arrive at any offset of a larger buffer.
    new Uint8Array(array.buffer).set(data.subarray(offset, offset + array.byteLength));
    (columns as Record<ArrayKey, Int32Array | Float64Array>)[key] = array;
    offset = align8(offset + array.byteLength);
  }
  return columns;
}

const isLittleEndian = () => new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
