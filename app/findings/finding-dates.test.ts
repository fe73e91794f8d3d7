import { describe, expect, test } from "vitest";
import { dayInZone, daysUntil, elapsedWindow, fixDateOf, isCalendarDay, isDueSoon, isOverdue, isWindowComplete, repeatLookbackStart, verificationWindow } from "./finding-dates";
import { judgeImprovement } from "./finding-policy";

describe("reporting days", () => {
  test.each([
    ["2026-03-01T15:59:00Z", "Asia/Shanghai", "2026-03-01"],
    ["2026-03-01T16:00:00Z", "Asia/Shanghai", "2026-03-02"],
    ["2026-03-01T03:00:00Z", "America/New_York", "2026-02-28"],
  ])("%s in %s is %s", (instant, zone, day) => {
    expect(dayInZone(new Date(instant), zone)).toBe(day);
  });

  test.each([
    ["2026-03-01", "2026-03-04", 3],
    ["2026-03-04", "2026-03-04", 0],
    ["2026-03-05", "2026-03-04", -1],
    ["2026-02-27", "2026-03-01", 2],
  ])("from %s to %s: %i days", (today, day, expected) => {
    expect(daysUntil(today, day)).toBe(expected);
  });

  test.each([
    [null, "2026-03-04", false, false],
    ["2026-03-04", "2026-03-04", false, true],
    ["2026-03-04", "2026-03-05", true, false],
    ["2026-03-04", "2026-03-01", false, true],
    ["2026-03-04", "2026-02-28", false, false],
  ] as const)("due %s, today %s: overdue %s, due soon (3 days) %s", (due, today, overdue, soon) => {
    expect(isOverdue(due, today)).toBe(overdue);
    expect(isDueSoon(due, today, 3)).toBe(soon);
  });

  test.each([
    ["2026-03-15", true],
    ["2026-02-30", false],
    ["2026-3-15", false],
    ["15/03/2026", false],
  ])("%s is a calendar day: %s", (value, expected) => {
    expect(isCalendarDay(value)).toBe(expected);
  });
});

describe("verification window", () => {
  test.each([
    [["2026-04-10", "2026-04-30", "2026-04-20"], "2026-04-01", "2026-04-30"],
    [[], "2026-04-01", "2026-04-01"],
  ])("actions due %j accepted on %s fix on %s", (days, acceptedOn, expected) => {
    expect(fixDateOf(days, acceptedOn)).toBe(expected);
  });

  test("the window is the days after the fix, measured once its last day has passed", () => {
    const window = verificationWindow("2026-04-30", 30);
    expect(window).toEqual({ from: "2026-05-01", to: "2026-05-30" });
    expect(isWindowComplete(window, "2026-05-30")).toBe(false);
    expect(isWindowComplete(window, "2026-05-31")).toBe(true);
    expect(elapsedWindow(window, "2026-05-01")).toBeNull();
    expect(elapsedWindow(window, "2026-05-11")).toEqual({ from: "2026-05-01", to: "2026-05-10" });
    expect(elapsedWindow(window, "2026-07-01")).toEqual(window);
  });

  test.each([
    ["2026-03-01", "2025-03-01"],
    ["2026-03-31", "2025-03-31"],
    ["2024-02-29", "2023-02-28"],
  ])("repeats are looked for from 12 months before %s: %s", (from, expected) => {
    expect(repeatLookbackStart(from)).toBe(expected);
  });
});

describe("judgeImprovement", () => {
  test.each([
    [10, 5, 0, "IMPROVED"],
    [10, 10, 0, "NOT_IMPROVED"],
    [10, 12, 0, "NOT_IMPROVED"],
    [10, 5, 50, "IMPROVED"],
    [10, 6, 50, "NOT_IMPROVED"],
    [10, null, 0, "NO_CONTACTS"],
    [null, 0, 0, "IMPROVED"],
    [0, 1, 0, "NOT_IMPROVED"],
  ] as const)("before %s, after %s, required fall %s%%: %s", (before, after, required, expected) => {
    expect(judgeImprovement(before, after, required)).toBe(expected);
  });
});
