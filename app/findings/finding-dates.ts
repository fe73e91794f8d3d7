// Due dates, reminders and verification windows in the lender's reporting days. Pure: every function is given the
// instant ("now") and the zone, so the scheduler, the pages and the tests share one clock they control.
import { DateTime } from "luxon";
import { addDays, daysBetweenInclusive } from "~/metrics/metric-filters";

/** The reporting day (YYYY-MM-DD) that `now` falls on in `timeZone`. */
export function dayInZone(now: Date, timeZone: string): string {
  const day = DateTime.fromJSDate(now, { zone: timeZone }).toISODate();
  if (!day) throw new Error(`Invalid time zone ${timeZone}`);
  return day;
}

/** Days from `today` until `day` (negative once it has passed). */
export function daysUntil(today: string, day: string): number {
  return daysBetweenInclusive(today, day) - 1;
}

/** A due day is met through its whole day: overdue only from the next day on. */
export function isOverdue(dueOn: string | null, today: string): boolean {
  return dueOn !== null && today > dueOn;
}

/** Within `days` of the due day (inclusive) and not yet past it: a "due soon" reminder. */
export function isDueSoon(dueOn: string | null, today: string, days: number): boolean {
  if (dueOn === null || isOverdue(dueOn, today)) return false;
  return daysUntil(today, dueOn) <= days;
}

/** The day the fix is counted from: the plan's last action's due day, or the acceptance day for a plan without actions. */
export function fixDateOf(actionDueDays: readonly string[], acceptedOn: string): string {
  return actionDueDays.reduce((latest, day) => (day > latest ? day : latest), actionDueDays.length > 0 ? actionDueDays[0]! : acceptedOn);
}

export type VerificationWindow = { from: string; to: string };

/** The window after the fix: the `days` days that follow the fix date. */
export function verificationWindow(fixDate: string, days: number): VerificationWindow {
  return { from: addDays(fixDate, 1), to: addDays(fixDate, days) };
}

/** The window is measured once its last day has passed (the day's imports are in by then). */
export function isWindowComplete(window: VerificationWindow, today: string): boolean {
  return today > window.to;
}

/** The part of the window that has passed by `today` (null before its first day ends). */
export function elapsedWindow(window: VerificationWindow, today: string): VerificationWindow | null {
  const lastPassed = addDays(today, -1);
  if (lastPassed < window.from) return null;
  return { from: window.from, to: lastPassed < window.to ? lastPassed : window.to };
}

/** The previous 12 months, for repeat detection: a finding whose period ended on or after this day is recent. */
export function repeatLookbackStart(periodFrom: string): string {
  const day = DateTime.fromISO(periodFrom, { zone: "UTC" }).minus({ months: 12 }).toISODate();
  return day ?? periodFrom;
}

/** YYYY-MM-DD that is a real calendar day. */
export function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  return DateTime.fromISO(value, { zone: "UTC" }).toISODate() === value;
}
