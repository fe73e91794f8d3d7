import { expect, test } from "vitest";
import { isReportMonth, periodMonthDate, reportPeriod } from "./report-period";

test.each([
  ["2026-10", "Asia/Shanghai", "2026-10-01", "2026-10-31", "2026-09", "2026-09-30T16:00:00.000Z", "2026-10-31T16:00:00.000Z"],
  ["2026-02", "Asia/Shanghai", "2026-02-01", "2026-02-28", "2026-01", "2026-01-31T16:00:00.000Z", "2026-02-28T16:00:00.000Z"],
  ["2026-01", "UTC", "2026-01-01", "2026-01-31", "2025-12", "2026-01-01T00:00:00.000Z", "2026-02-01T00:00:00.000Z"],
  // New York leaves daylight saving time on 1 Nov 2026: the month ends at 05:00 UTC, not 04:00.
  ["2026-11", "America/New_York", "2026-11-01", "2026-11-30", "2026-10", "2026-11-01T04:00:00.000Z", "2026-12-01T05:00:00.000Z"],
])("%s in %s runs %s to %s (previous %s), %s to %s", (month, zone, from, to, previous, startUtc, endUtc) => {
  const period = reportPeriod(month, zone);
  expect(period.from).toBe(from);
  expect(period.to).toBe(to);
  expect(period.previous.month).toBe(previous);
  expect(period.startUtc.toISOString()).toBe(startUtc);
  expect(period.endUtc.toISOString()).toBe(endUtc);
});

test("the previous month of January is December of the year before", () => {
  expect(reportPeriod("2026-01", "Asia/Shanghai").previous).toEqual({ month: "2025-12", from: "2025-12-01", to: "2025-12-31" });
});

test.each([["2026-13"], ["2026-1"], ["26-10"], ["2026-10-01"], [""], ["1999-12"]])("%j is not a report month", (month) => {
  expect(isReportMonth(month)).toBe(false);
  expect(() => reportPeriod(month, "UTC")).toThrow(RangeError);
});

test("an unknown zone is refused", () => {
  expect(() => reportPeriod("2026-10", "Mars/Olympus")).toThrow(/time zone/);
});

test("periodMonth is the first day at UTC midnight", () => {
  expect(periodMonthDate("2026-10").toISOString()).toBe("2026-10-01T00:00:00.000Z");
});
