// How a period of several months counts distinct accounts without COUNT(DISTINCT): every account is counted once,
// in its first month of activity within the period. Pure; query-metrics.server.ts turns the plan into SQL over
// MetricMonthlyAccounts (whole months), and the months the period cuts into reads (cutMonthReads) of
// MetricMonthLastDays, MetricMonthFirstDays or, for a month cut at both ends, MetricAccountMonth's day bits.
//
// Each monthly row of an account (one per account, agency, agent level and month) knows the nearest earlier and
// later months with the same kind of activity. For a period [from, to] over months M1 … Mk, an account is counted
//   - in M1 when it has activity on a day of M1 within the period;
//   - in a later month m when it has activity in m within the period and none in [from, start of m): its previous
//     active month is before M1 — or is M1 itself with every active day before `from`, which only a period that
//     starts after the 1st has. Those "returning" accounts are found from their M1 row: active only before `from`,
//     next active within the period.
// Every account active in the period meets exactly one of these, so the counts add up (distinct-count-plan.test.ts
// checks it against brute force on random data).
import { addDays, firstOfMonth, lastOfMonth, monthSlicesOf, monthsOf } from "./metric-filters";

/** Bits (day − 1) of the days of `month` (YYYY-MM-01) that fall within [from, to]; 0 when none. */
export function dayMask(month: string, from: string, to: string): number {
  const last = lastOfMonth(month);
  if (to < month || from > last) return 0;
  const start = from > month ? Number(from.slice(8, 10)) : 1;
  const end = to < last ? Number(to.slice(8, 10)) : Number(last.slice(8, 10));
  let mask = 0;
  for (let day = start; day <= end; day++) mask |= 1 << (day - 1);
  return mask;
}

export type DistinctCountPlan = {
  firstMonth: string;
  /**
   * Whole months of the period counted from the monthly aggregate: the accounts of the month whose previous
   * active month lies before `firstMonth` (for `firstMonth` itself, when whole, that is every account).
   */
  aggregateMonths: string[];
  /** When the period cuts its first month: the first month's rows with activity on these days. */
  firstMonthMask: number | null;
  /**
   * When the period starts after the 1st and runs past its first month: first-month rows with activity, none of it
   * on or after `from` (`firstMonthMask`), whose next active month is a whole month of the period up to
   * `throughMonth`, or is `partialLast.month` with activity on its days.
   */
  returning: { throughMonth: string | null; partialLast: { month: string; mask: number } | null } | null;
  /** When the period cuts its last month (after the first): its rows with activity on these days and no earlier activity since before `firstMonth`. */
  lastMonth: { month: string; mask: number } | null;
};

export function planDistinctCount(from: string, to: string): DistinctCountPlan {
  if (from > to) throw new RangeError(`period ${from}–${to} ends before it starts`);
  const months = monthsOf(from, to);
  const firstMonth = months[0]!;
  const isWhole = (month: string) => from <= month && to >= lastOfMonth(month);
  if (months.length === 1) {
    return isWhole(firstMonth)
      ? { firstMonth, aggregateMonths: [firstMonth], firstMonthMask: null, returning: null, lastMonth: null }
      : { firstMonth, aggregateMonths: [], firstMonthMask: dayMask(firstMonth, from, to), returning: null, lastMonth: null };
  }
  const last = months[months.length - 1]!;
  const lastWhole = isWhole(last);
  const aggregateMonths = months.filter((month) => isWhole(month));
  const lastMonth = lastWhole ? null : { month: last, mask: dayMask(last, last, to) };
  const firstWhole = isWhole(firstMonth);
  const wholeAfterFirst = aggregateMonths.filter((month) => month > firstMonth);
  return {
    firstMonth,
    aggregateMonths,
    firstMonthMask: firstWhole ? null : dayMask(firstMonth, from, to),
    returning: firstWhole ? null : { throughMonth: wholeAfterFirst[wholeAfterFirst.length - 1] ?? null, partialLast: lastMonth },
    lastMonth,
  };
}

/** The days of the period outside its whole months (YYYY-MM-DD), for the additive figures kept per day. */
export function daysOutsideWholeMonths(from: string, to: string): string[] {
  const days: string[] = [];
  for (const slice of monthSlicesOf(from, to)) {
    if (slice.whole) continue;
    for (let day = slice.from; day <= slice.to; day = addDays(day, 1)) days.push(day);
  }
  return days;
}

/** The whole calendar months (YYYY-MM-01) inside the period. */
export function wholeMonthsOf(from: string, to: string): string[] {
  return monthSlicesOf(from, to)
    .filter((slice) => slice.whole)
    .map((slice) => slice.month);
}

/** The first and last day (1–31) of a mask of consecutive days, as dayMask makes them. */
export function maskDays(mask: number): { first: number; last: number } {
  if (mask === 0) throw new RangeError("an empty day mask has no first or last day");
  const first = 32 - Math.clz32(mask & -mask);
  const last = 32 - Math.clz32(mask);
  if (mask !== dayMask("2026-01-01", `2026-01-${String(first).padStart(2, "0")}`, `2026-01-${String(last).padStart(2, "0")}`)) {
    throw new RangeError(`day mask ${mask} is not one run of consecutive days`);
  }
  return { first, last };
}

/**
 * How the rows of one cut month are counted. Per account row (account, agency or agent level, month, kind):
 * - `lastDayFrom`: its last active day of the month is `day` or later (MetricMonthLastDays);
 * - `returning`: its last active day is before `lastDayBefore`, and its next active month is a whole month of the
 *   period up to `nextThrough`, or is `nextPartial.month` with its first active day on or before `firstDayTo`
 *   (MetricMonthLastDays);
 * - `firstDayTo`: its first active day is `day` or earlier, and (when `previousBefore` is set) its previous active
 *   month lies before that month (MetricMonthFirstDays);
 * - `days`: it has activity on a day of `mask`, read row by row (MetricAccountMonth): a month cut at both ends.
 * Reads of one month never count the same row twice (a row's last day is either on or after a day or before it).
 */
export type CutMonthRead =
  | { read: "lastDayFrom"; month: string; day: number }
  | { read: "returning"; month: string; lastDayBefore: number; nextThrough: string | null; nextPartial: { month: string; firstDayTo: number } | null }
  | { read: "firstDayTo"; month: string; day: number; previousBefore: string | null }
  | { read: "days"; month: string; mask: number };

/** The plan's cut months as reads (its whole months are read from MetricMonthlyAccounts). */
export function cutMonthReads(plan: DistinctCountPlan): CutMonthRead[] {
  const reads: CutMonthRead[] = [];
  const monthLength = (month: string) => Number(lastOfMonth(month).slice(8, 10));
  if (plan.firstMonthMask !== null) {
    const { first, last } = maskDays(plan.firstMonthMask);
    const month = plan.firstMonth;
    if (last === monthLength(month)) reads.push({ read: "lastDayFrom", month, day: first });
    else if (first === 1) reads.push({ read: "firstDayTo", month, day: last, previousBefore: null });
    else reads.push({ read: "days", month, mask: plan.firstMonthMask });
    if (plan.returning) {
      const partial = plan.returning.partialLast;
      reads.push({
        read: "returning",
        month,
        lastDayBefore: first,
        nextThrough: plan.returning.throughMonth,
        nextPartial: partial ? { month: partial.month, firstDayTo: maskDays(partial.mask).last } : null,
      });
    }
  }
  if (plan.lastMonth) reads.push({ read: "firstDayTo", month: plan.lastMonth.month, day: maskDays(plan.lastMonth.mask).last, previousBefore: plan.firstMonth });
  return reads;
}

/**
 * A prefix of days — every day through `day` (`through`) or every day before it (`before`) — as the calendar months
 * counted whole from a monthly table (those before `monthsBefore`) and the days counted from a daily table
 * (`days`, from `monthsBefore` on): prefix sums that read a few months and at most a month of days.
 */
export function splitPrefix(day: string, kind: "through" | "before"): { monthsBefore: string; days: string[] } {
  const month = firstOfMonth(day);
  if (kind === "through" && day === lastOfMonth(day)) return { monthsBefore: addDays(day, 1), days: [] };
  const days: string[] = [];
  const last = kind === "through" ? day : addDays(day, -1);
  for (let current = month; current <= last; current = addDays(current, 1)) days.push(current);
  return { monthsBefore: month, days };
}
