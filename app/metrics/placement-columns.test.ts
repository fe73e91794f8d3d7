import { describe, expect, test } from "vitest";
import { completeMonthsBetween } from "./metrics.server";
import { civilOfDay, completeMonthsBetweenDays, decodeBinaryCopy, deserialisePlacementColumns, serialisePlacementColumns, unitOrderOf } from "./placement-columns";
import type { PlacementColumns } from "./recovery-index";
import { dayNumber } from "./recovery-index";

const isoOfDay = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

describe("civilOfDay", () => {
  test("agrees with the calendar on every day from 1899 to 2101", () => {
    for (let day = dayNumber("1899-12-25"); day <= dayNumber("2101-01-05"); day++) {
      const iso = isoOfDay(day);
      const expected = { monthIndex: Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)), dayOfMonth: Number(iso.slice(8, 10)) };
      if (civilOfDay(day).monthIndex !== expected.monthIndex || civilOfDay(day).dayOfMonth !== expected.dayOfMonth) expect({ iso, ...civilOfDay(day) }).toEqual({ iso, ...expected });
    }
  });
});

describe("completeMonthsBetweenDays", () => {
  test.each([
    ["2026-01-15", "2026-02-15", 1],
    ["2026-01-15", "2026-02-14", 0],
    ["2026-01-31", "2026-02-28", 1],
    ["2024-01-31", "2024-02-28", 0],
    ["2024-01-31", "2024-02-29", 1],
    ["2026-03-31", "2026-04-30", 1],
    ["2026-03-30", "2026-04-29", 0],
    ["2025-12-01", "2026-12-01", 12],
    ["2026-05-10", "2026-05-10", 0],
    ["2026-05-10", "2026-04-10", 0],
  ])("%s to %s: %i", (start, end, months) => {
    expect(completeMonthsBetweenDays(dayNumber(start), dayNumber(end))).toBe(months);
    expect(completeMonthsBetween(start, end)).toBe(months);
  });

  test("counts as completeMonthsBetween does for every start in two years and ends up to 14 months later", () => {
    for (let start = dayNumber("2023-12-20"); start <= dayNumber("2025-12-31"); start += 3) {
      for (let end = start - 2; end <= start + 430; end += 7) {
        const [from, to] = [isoOfDay(start), isoOfDay(end)];
        if (completeMonthsBetweenDays(start, end) !== completeMonthsBetween(from, to)) expect([from, to, completeMonthsBetweenDays(start, end)]).toEqual([from, to, completeMonthsBetween(from, to)]);
      }
    }
  });
});

describe("unitOrderOf", () => {
  const reference = (agency: Int32Array, account: Int32Array) =>
    Array.from(agency.keys()).sort((left, right) => agency[left]! - agency[right]! || account[left]! - account[right]! || left - right);

  test.each([
    ["dense ids", [3, 1, 3, 2, 1, 3, 1], [12, 40, 11, 40, 40, 12, 7]],
    ["sparse account ids (comparison sort)", [2, 1, 2, 1], [9_000_000, 5, 3, 2_000_000_000]],
    ["one placement", [4], [4]],
    ["none", [], []],
  ])("%s: agency, then account, then index", (_name, agencies, accounts) => {
    const agency = Int32Array.from(agencies);
    const account = Int32Array.from(accounts);
    expect([...unitOrderOf(agency, account)]).toEqual(reference(agency, account));
  });

  test("a larger random portfolio with dense ids", () => {
    let state = 7;
    const next = (limit: number) => ((state = (state * 1_103_515_245 + 12_345) % 2_147_483_648), state % limit);
    const agency = Int32Array.from({ length: 5000 }, () => 1 + next(6));
    const account = Int32Array.from({ length: 5000 }, () => 100 + next(3000));
    expect([...unitOrderOf(agency, account)]).toEqual(reference(agency, account));
  });
});

describe("decodeBinaryCopy", () => {
  const header = Buffer.concat([Buffer.from("PGCOPY\n\xff\r\n\0", "latin1"), Buffer.alloc(8)]);
  const int4 = (value: number) => {
    const bytes = Buffer.alloc(8);
    bytes.writeInt32BE(4, 0);
    bytes.writeInt32BE(value, 4);
    return bytes;
  };
  const float8 = (value: number) => {
    const bytes = Buffer.alloc(12);
    bytes.writeInt32BE(8, 0);
    bytes.writeDoubleBE(value, 4);
    return bytes;
  };
  const text = (value: string) => {
    const bytes = Buffer.from(value, "utf8");
    const length = Buffer.alloc(4);
    length.writeInt32BE(bytes.length, 0);
    return Buffer.concat([length, bytes]);
  };
  const row = (...fields: Buffer[]) => Buffer.concat([Buffer.from([0, fields.length]), ...fields]);
  const trailer = Buffer.from([0xff, 0xff]);

  test("reads integers, floats and texts into columns", () => {
    const data = Buffer.concat([header, row(int4(-3), float8(1234.56), text("卡|90-179")), row(int4(2_000_000_000), float8(-0.01), text("")), trailer]);
    const decoded = decodeBinaryCopy(data, ["int4", "float8", "text"] as const);
    expect(decoded.count).toBe(2);
    expect([...decoded.columns[0]]).toEqual([-3, 2_000_000_000]);
    expect([...decoded.columns[1]]).toEqual([1234.56, -0.01]);
    expect(decoded.columns[2]).toEqual(["卡|90-179", ""]);
  });

  test("no rows", () => {
    expect(decodeBinaryCopy(Buffer.concat([header, trailer]), ["int4"] as const).count).toBe(0);
  });

  test.each([
    ["a NULL", Buffer.concat([header, row(Buffer.from([0xff, 0xff, 0xff, 0xff])), trailer]), /field 1 is NULL/],
    ["a field of another width", Buffer.concat([header, row(float8(1)), trailer]), /has 8 bytes where an int4 takes 4/],
    ["another number of fields", Buffer.concat([header, row(int4(1), int4(2)), trailer]), /has 2 fields, expected 1/],
    ["text COPY output", Buffer.from("1\t2\n".repeat(10)), /not a binary COPY stream/],
  ])("refuses %s", (_name, data, message) => {
    expect(() => decodeBinaryCopy(data, ["int4"] as const)).toThrow(message);
  });
});

describe("placement columns' snapshot", () => {
  const agencyId = Int32Array.from([2, 1, 2]);
  const accountId = Int32Array.from([30, 31, 32]);
  const columns: PlacementColumns = {
    count: 3,
    agencyId,
    accountId,
    unitOrder: unitOrderOf(agencyId, accountId),
    segment: Int32Array.from([0, 1, 0]),
    segments: ["CARD\x1f0-89\x1f0-4999", "信用卡\x1f90-179\x1f50000+"],
    product: Int32Array.from([0, 1, 0]),
    products: ["CARD", "信用卡"],
    dpdBucket: Int32Array.from([0, 1, 0]),
    dpdBuckets: ["0-89", "90-179"],
    placedDay: Int32Array.from([20_000, 20_031, -5]),
    placedMonthIndex: Int32Array.from([24_302, 24_303, 23_641]),
    placedDayOfMonth: Int32Array.from([4, 4, 27]),
    recalledDay: Int32Array.from([-1, 20_100, -1]),
    recallHorizon: Int32Array.from([-1, 2, -1]),
    balance: Float64Array.from([1234.56, 0.01, 99_999_999.99]),
    paymentStart: Int32Array.from([0, 2, 2, 3]),
    paymentMonth: Int32Array.from([1, 3, 2]),
    paymentAmount: Float64Array.from([10.1, 20.2, 0.3]),
  };

  test("gives back the same columns, whatever the offset of the bytes in a larger buffer", () => {
    const bytes = serialisePlacementColumns(columns);
    expect(deserialisePlacementColumns(bytes)).toEqual(columns);
    const shifted = Buffer.concat([Buffer.from([1, 2, 3]), bytes]).subarray(3);
    expect(deserialisePlacementColumns(shifted)).toEqual(columns);
  });

  test("no placements", () => {
    const empty = { ...columns, count: 0, agencyId: new Int32Array(0), accountId: new Int32Array(0), unitOrder: new Int32Array(0), segment: new Int32Array(0), product: new Int32Array(0), dpdBucket: new Int32Array(0), placedDay: new Int32Array(0), placedMonthIndex: new Int32Array(0), placedDayOfMonth: new Int32Array(0), recalledDay: new Int32Array(0), recallHorizon: new Int32Array(0), balance: new Float64Array(0), paymentStart: new Int32Array(1), paymentMonth: new Int32Array(0), paymentAmount: new Float64Array(0), segments: [], products: [], dpdBuckets: [] };
    expect(deserialisePlacementColumns(serialisePlacementColumns(empty))).toEqual(empty);
  });

  test("bytes of another format or cut short are not read as columns", () => {
    const bytes = serialisePlacementColumns(columns);
    const headerLength = bytes.readUInt32LE(0);
    const header = JSON.parse(bytes.toString("utf8", 4, 4 + headerLength)) as Record<string, unknown>;
    const otherHeader = Buffer.from(JSON.stringify({ ...header, version: 2 }), "utf8");
    const other = Buffer.from(bytes);
    otherHeader.copy(other, 4);
    expect(deserialisePlacementColumns(other)).toBeNull();
    expect(deserialisePlacementColumns(bytes.subarray(0, bytes.length - 9))).toBeNull();
    expect(deserialisePlacementColumns(Buffer.alloc(2))).toBeNull();
  });
});
