// The expected feed: one activity file per business day (Monday to Friday in the agency's zone), due at the
// deadline time on the next business day. A business day with no event at all once its deadline has passed is
// MISSING; one whose first event arrived (its import batch's creation) after the deadline is LATE. Pure.
import { DateTime } from "luxon";

export type FeedDayStatus = "ON_TIME" | "LATE" | "MISSING" | "PENDING" | "NOT_TRACKED";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function parseDay(day: string): DateTime {
  if (!DAY.test(day)) throw new Error(`Not a day: ${day}`);
  return DateTime.fromISO(day, { zone: "utc" });
}

export function isBusinessDay(day: string): boolean {
  return parseDay(day).weekday <= 5;
}

/** The business days of a month ("YYYY-MM"), in order. */
export function businessDaysOfMonth(month: string): string[] {
  const first = parseDay(`${month}-01`);
  const days: string[] = [];
  for (let cursor = first; cursor.month === first.month; cursor = cursor.plus({ days: 1 })) {
    if (cursor.weekday <= 5) days.push(cursor.toISODate()!);
  }
  return days;
}

export function nextBusinessDay(day: string): string {
  let cursor = parseDay(day).plus({ days: 1 });
  while (cursor.weekday > 5) cursor = cursor.plus({ days: 1 });
  return cursor.toISODate()!;
}

/** The instant the file for `day` is due: the deadline time on the next business day, in the agency's zone. */
export function feedDeadlineOf(day: string, deadline: string, timeZone: string): Date {
  const [hour, minute] = deadline.split(":").map(Number);
  const due = DateTime.fromISO(nextBusinessDay(day), { zone: timeZone }).set({ hour, minute, second: 0, millisecond: 0 });
  if (!due.isValid) throw new Error(`Cannot place ${deadline} on ${day} in ${timeZone}.`);
  return due.toJSDate();
}

export type FeedDayInput = {
  day: string;
  /** Events the agency logged that occurred on the day (its zone). */
  events: number;
  /** When the first of them arrived (creation of the earliest import batch carrying one). */
  firstArrival: Date | null;
  deadline: Date;
  now: Date;
  expectsDailyFeed: boolean;
  arrivalTrackedFrom: string | null;
};

export function classifyFeedDay(input: FeedDayInput): FeedDayStatus {
  if (!input.expectsDailyFeed) return "NOT_TRACKED";
  if (input.now.getTime() < input.deadline.getTime()) return "PENDING";
  if (input.events === 0 || input.firstArrival === null) return "MISSING";
  if (input.arrivalTrackedFrom !== null && input.day < input.arrivalTrackedFrom) return "ON_TIME";
  return input.firstArrival.getTime() > input.deadline.getTime() ? "LATE" : "ON_TIME";
}

/** Consecutive business days of one status as runs (a missing week is one item, not five). */
export function runsOf(days: readonly { day: string; status: FeedDayStatus }[], status: FeedDayStatus): { from: string; to: string; days: string[] }[] {
  const runs: { from: string; to: string; days: string[] }[] = [];
  for (const entry of days) {
    if (entry.status !== status) continue;
    const last = runs[runs.length - 1];
    if (last && nextBusinessDay(last.to) === entry.day) {
      last.to = entry.day;
      last.days.push(entry.day);
    } else {
      runs.push({ from: entry.day, to: entry.day, days: [entry.day] });
    }
  }
  return runs;
}
