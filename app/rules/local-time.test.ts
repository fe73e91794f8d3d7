import { DateTime } from "luxon";
import { describe, expect, test } from "vitest";
import {
  dayOfCalendarDate,
  formatDay,
  formatLocalMs,
  localDay,
  localSecondOfDay,
  resolveTimeZone,
  secondsOfTimeOfDay,
  toEpochMs,
  zoneClock,
} from "./local-time";
import { RuleInputError } from "./types";

describe("zone clock", () => {
  test.each([
    // 2026-03-08: New York springs forward at 02:00 EST = 07:00Z.
    ["2026-03-08T06:30:00Z", "America/New_York", "2026-03-08 01:30"],
    ["2026-03-08T06:59:59Z", "America/New_York", "2026-03-08 01:59"],
    ["2026-03-08T07:00:00Z", "America/New_York", "2026-03-08 03:00"],
    ["2026-03-08T12:30:00Z", "America/New_York", "2026-03-08 08:30"],
    // 2026-11-01: falls back at 02:00 EDT = 06:00Z; 01:30 happens twice.
    ["2026-11-01T05:30:00Z", "America/New_York", "2026-11-01 01:30"],
    ["2026-11-01T06:30:00Z", "America/New_York", "2026-11-01 01:30"],
    ["2026-11-01T12:30:00Z", "America/New_York", "2026-11-01 07:30"],
    ["2026-04-01T14:30:00Z", "Asia/Shanghai", "2026-04-01 22:30"],
    ["2026-04-01T16:00:00Z", "Asia/Shanghai", "2026-04-02 00:00"],
    ["2026-04-01T12:15:00Z", "Asia/Kathmandu", "2026-04-01 18:00"],
    ["2026-04-01T23:59:00Z", "UTC", "2026-04-01 23:59"],
  ])("%s in %s is %s", (iso, zone, expected) => {
    expect(formatLocalMs(zoneClock(zone).localMs(Date.parse(iso)))).toBe(expected);
  });

  test("agrees with luxon at instants spread over a year of transitions, cached or not", () => {
    for (const zone of ["America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Shanghai", "Africa/Casablanca", "America/Santiago"]) {
      const clock = zoneClock(zone);
      const start = Date.UTC(2026, 0, 1);
      for (let ms = start; ms < start + 366 * 86_400_000; ms += 37 * 60_000 + 7_000) {
        const expected = DateTime.fromMillis(ms, { zone }).offset;
        expect(clock.offsetMinutes(ms), `${zone} ${new Date(ms).toISOString()}`).toBe(expected);
        expect(clock.offsetMinutes(ms)).toBe(expected);
      }
    }
  });

  test("unknown zones are refused, not read as UTC", () => {
    expect(() => zoneClock("Mars/Olympus_Mons")).toThrow(RuleInputError);
  });
});

test.each([
  [Date.UTC(2026, 3, 1, 0, 0, 0), 0, "2026-04-01"],
  [Date.UTC(2026, 3, 1, 23, 59, 59, 999), 86_399, "2026-04-01"],
  [Date.UTC(1969, 11, 31, 12, 0, 0), 43_200, "1969-12-31"],
])("local day and second of %s", (localMs, second, date) => {
  expect(localSecondOfDay(localMs)).toBe(second);
  expect(formatDay(localDay(localMs))).toBe(date);
});

test.each([
  ["08:00", 28_800],
  ["21:59", 79_140],
  ["24:00", 86_400],
  ["00:00", 0],
])("secondsOfTimeOfDay(%s)", (hhmm, seconds) => {
  expect(secondsOfTimeOfDay(hhmm)).toBe(seconds);
});

describe("instants and dates", () => {
  test.each([
    [1_775_000_000_000, 1_775_000_000_000],
    ["2026-04-01T01:10:00Z", Date.UTC(2026, 3, 1, 1, 10)],
    ["2026-04-01T09:10:00+08:00", Date.UTC(2026, 3, 1, 1, 10)],
    ["2026-04-01T09:10:00.000+0800", Date.UTC(2026, 3, 1, 1, 10)],
    [new Date(Date.UTC(2026, 3, 1)), Date.UTC(2026, 3, 1)],
  ])("toEpochMs(%s)", (value, expected) => {
    expect(toEpochMs(value, "t")).toBe(expected);
  });

  test.each([["2026-04-01T09:10:00"], ["yesterday"], [Number.NaN], [new Date("x")]])("toEpochMs(%s) refuses", (value) => {
    expect(() => toEpochMs(value, "t")).toThrow(RuleInputError);
  });

  test.each([
    ["2026-04-10", Date.UTC(2026, 3, 10) / 86_400_000],
    ["2026-04-10T00:00:00.000Z", Date.UTC(2026, 3, 10) / 86_400_000],
    [new Date(Date.UTC(2026, 3, 10)), Date.UTC(2026, 3, 10) / 86_400_000],
  ])("dayOfCalendarDate(%s)", (value, day) => {
    expect(dayOfCalendarDate(value, "d")).toBe(day);
  });

  test.each([["2026-02-30"], ["10/04/2026"], ["2026-04-1"]])("dayOfCalendarDate(%s) refuses", (value) => {
    expect(() => dayOfCalendarDate(value, "d")).toThrow(RuleInputError);
  });

  test.each([
    ["America/New_York", "Asia/Shanghai", "America/New_York"],
    [null, "Asia/Shanghai", "Asia/Shanghai"],
    ["", "Asia/Shanghai", "Asia/Shanghai"],
    ["Not/AZone", "Asia/Shanghai", "Asia/Shanghai"],
  ])("resolveTimeZone(%s, %s)", (accountZone, agencyZone, expected) => {
    expect(resolveTimeZone(accountZone, agencyZone)).toBe(expected);
  });
});
