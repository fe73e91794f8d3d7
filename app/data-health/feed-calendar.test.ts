import { describe, expect, test } from "vitest";
import { businessDaysOfMonth, classifyFeedDay, feedDeadlineOf, nextBusinessDay, runsOf, type FeedDayInput, type FeedDayStatus } from "./feed-calendar";

describe("business days", () => {
  test.each([
    ["2026-03", 22, "2026-03-02", "2026-03-31"],
    ["2026-02", 20, "2026-02-02", "2026-02-27"],
  ])("%s has %i business days from %s to %s", (month, count, first, last) => {
    const days = businessDaysOfMonth(month);
    expect(days).toHaveLength(count);
    expect(days[0]).toBe(first);
    expect(days.at(-1)).toBe(last);
  });

  test.each([
    ["2026-03-02", "2026-03-03"],
    ["2026-03-06", "2026-03-09"],
    ["2026-03-07", "2026-03-09"],
  ])("the business day after %s is %s", (day, next) => expect(nextBusinessDay(day)).toBe(next));
});

describe("the deadline in the agency's zone", () => {
  test.each([
    ["2026-03-02", "10:00", "Asia/Shanghai", "2026-03-03T02:00:00.000Z"],
    ["2026-03-06", "10:00", "Asia/Shanghai", "2026-03-09T02:00:00.000Z"],
    // New York moves to daylight time on Sunday 8 March 2026: Monday's deadline is at UTC−4.
    ["2026-03-06", "10:00", "America/New_York", "2026-03-09T14:00:00.000Z"],
    ["2026-03-05", "09:30", "America/New_York", "2026-03-06T14:30:00.000Z"],
  ])("the file for %s at %s in %s is due %s", (day, deadline, zone, due) => expect(feedDeadlineOf(day, deadline, zone).toISOString()).toBe(due));
});

describe("one business day's feed", () => {
  const deadline = new Date("2026-03-03T02:00:00Z");
  const base: FeedDayInput = { day: "2026-03-02", events: 40, firstArrival: new Date("2026-03-03T01:00:00Z"), deadline, now: new Date("2026-03-10T00:00:00Z"), expectsDailyFeed: true, arrivalTrackedFrom: null };
  test.each<[string, Partial<FeedDayInput>, FeedDayStatus]>([
    ["arrived before the deadline", {}, "ON_TIME"],
    ["arrived exactly at the deadline", { firstArrival: deadline }, "ON_TIME"],
    ["arrived a second after", { firstArrival: new Date(deadline.getTime() + 1000) }, "LATE"],
    ["no event at all", { events: 0, firstArrival: null }, "MISSING"],
    ["deadline not yet passed", { events: 0, firstArrival: null, now: new Date("2026-03-03T01:59:00Z") }, "PENDING"],
    ["late, but before arrivals were tracked", { firstArrival: new Date("2026-04-01T00:00:00Z"), arrivalTrackedFrom: "2026-03-03" }, "ON_TIME"],
    ["late, on the day tracking starts", { firstArrival: new Date("2026-04-01T00:00:00Z"), arrivalTrackedFrom: "2026-03-02" }, "LATE"],
    ["missing even before tracking", { events: 0, firstArrival: null, arrivalTrackedFrom: "2026-04-01" }, "MISSING"],
    ["no daily feed expected", { events: 0, firstArrival: null, expectsDailyFeed: false }, "NOT_TRACKED"],
  ])("%s", (_name, change, status) => expect(classifyFeedDay({ ...base, ...change })).toBe(status));
});

test("consecutive business days of a status are one run, across a weekend", () => {
  const days: { day: string; status: FeedDayStatus }[] = [
    { day: "2026-03-04", status: "ON_TIME" },
    { day: "2026-03-05", status: "MISSING" },
    { day: "2026-03-06", status: "MISSING" },
    { day: "2026-03-09", status: "MISSING" },
    { day: "2026-03-10", status: "LATE" },
    { day: "2026-03-11", status: "MISSING" },
  ];
  expect(runsOf(days, "MISSING")).toEqual([
    { from: "2026-03-05", to: "2026-03-09", days: ["2026-03-05", "2026-03-06", "2026-03-09"] },
    { from: "2026-03-11", to: "2026-03-11", days: ["2026-03-11"] },
  ]);
  expect(runsOf(days, "LATE")).toEqual([{ from: "2026-03-10", to: "2026-03-10", days: ["2026-03-10"] }]);
});
