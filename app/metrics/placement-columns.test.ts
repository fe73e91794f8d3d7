import { describe, expect, test } from "vitest";
import { completeMonthsBetween } from "./metrics.server";
import { civilOfDay, completeMonthsBetweenDays, decodeBinaryCopy, unitOrderOf } from "./placement-columns";
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
