import { describe, expect, test } from "vitest";
import { seededRandom } from "~/demo/seeded-random";
import { addDays, lastOfMonth, monthsOf } from "./metric-filters";
import { cutMonthReads, dayMask, daysOutsideWholeMonths, maskDays, planDistinctCount, splitPrefix, wholeMonthsOf, type CutMonthRead, type DistinctCountPlan } from "./distinct-count-plan";

describe("dayMask", () => {
  test.each([
    ["2026-02-01", "2026-02-01", "2026-02-28", 0x0fffffff],
    ["2026-02-01", "2026-01-15", "2026-03-10", 0x0fffffff],
    ["2026-03-01", "2026-03-01", "2026-03-31", 0x7fffffff],
    ["2026-03-01", "2026-03-02", "2026-03-03", 0b110],
    ["2026-03-01", "2026-03-31", "2026-04-30", 1 << 30],
    ["2026-03-01", "2026-04-01", "2026-04-30", 0],
    ["2026-03-01", "2026-01-01", "2026-02-28", 0],
  ])("%s within %s–%s", (month, from, to, expected) => {
    expect(dayMask(month, from, to)).toBe(expected);
  });
});

describe("planDistinctCount", () => {
  test.each<[string, string, string, DistinctCountPlan]>([
    ["one whole month", "2026-03-01", "2026-03-31", { firstMonth: "2026-03-01", aggregateMonths: ["2026-03-01"], firstMonthMask: null, returning: null, lastMonth: null }],
    ["part of one month", "2026-03-02", "2026-03-03", { firstMonth: "2026-03-01", aggregateMonths: [], firstMonthMask: 0b110, returning: null, lastMonth: null }],
    [
      "whole months",
      "2026-01-01",
      "2026-03-31",
      { firstMonth: "2026-01-01", aggregateMonths: ["2026-01-01", "2026-02-01", "2026-03-01"], firstMonthMask: null, returning: null, lastMonth: null },
    ],
    [
      "cut at the end",
      "2026-01-01",
      "2026-03-02",
      { firstMonth: "2026-01-01", aggregateMonths: ["2026-01-01", "2026-02-01"], firstMonthMask: null, returning: null, lastMonth: { month: "2026-03-01", mask: 0b11 } },
    ],
    [
      "cut at the start",
      "2026-01-31",
      "2026-03-31",
      {
        firstMonth: "2026-01-01",
        aggregateMonths: ["2026-02-01", "2026-03-01"],
        firstMonthMask: 1 << 30,
        returning: { throughMonth: "2026-03-01", partialLast: null },
        lastMonth: null,
      },
    ],
    [
      "cut at both ends, adjacent months",
      "2026-01-31",
      "2026-02-01",
      {
        firstMonth: "2026-01-01",
        aggregateMonths: [],
        firstMonthMask: 1 << 30,
        returning: { throughMonth: null, partialLast: { month: "2026-02-01", mask: 1 } },
        lastMonth: { month: "2026-02-01", mask: 1 },
      },
    ],
  ])("%s (%s–%s)", (_name, from, to, expected) => {
    expect(planDistinctCount(from, to)).toEqual(expected);
  });

  test("a period that ends before it starts is refused", () => {
    expect(() => planDistinctCount("2026-03-02", "2026-03-01")).toThrow(RangeError);
  });
});

describe("splitPrefix", () => {
  test.each([
    ["2026-03-31", "through", "2026-04-01", []],
    ["2026-03-03", "through", "2026-03-01", ["2026-03-01", "2026-03-02", "2026-03-03"]],
    ["2026-02-28", "through", "2026-03-01", []],
    ["2026-03-01", "before", "2026-03-01", []],
    ["2026-03-03", "before", "2026-03-01", ["2026-03-01", "2026-03-02"]],
  ] as const)("every day %s %s: months before %s and these days", (day, kind, monthsBefore, days) => {
    expect(splitPrefix(day, kind)).toMatchObject({ monthsBefore, days });
  });

  test("months and days cover exactly the days of the prefix", () => {
    for (let day = "2025-12-20"; day <= "2026-03-10"; day = addDays(day, 1)) {
      for (const kind of ["through", "before"] as const) {
        const { monthsBefore, days } = splitPrefix(day, kind);
        // From a fixed start, the prefix's days: whole months before monthsBefore, then the listed days.
        const covered: string[] = [];
        for (let current = "2025-11-01"; current < monthsBefore; current = addDays(current, 1)) covered.push(current);
        const expected: string[] = [];
        for (let current = "2025-11-01"; kind === "through" ? current <= day : current < day; current = addDays(current, 1)) expected.push(current);
        expect({ day, kind, days: [...covered, ...days] }).toEqual({ day, kind, days: expected });
      }
    }
  });
});

describe("maskDays", () => {
  test.each([
    [1, 1, 1],
    [0b110, 2, 3],
    [0x7fffffff, 1, 31],
    [1 << 30, 31, 31],
  ])("mask %i runs from day %i to day %i", (mask, first, last) => {
    expect(maskDays(mask)).toEqual({ first, last });
  });
  test.each([0, 0b101])("mask %i is refused", (mask) => {
    expect(() => maskDays(mask)).toThrow(RangeError);
  });
});

describe("cutMonthReads", () => {
  test.each<[string, string, string, CutMonthRead[]]>([
    ["whole months", "2026-01-01", "2026-03-31", []],
    ["one month from the 10th", "2026-03-10", "2026-03-31", [{ read: "lastDayFrom", month: "2026-03-01", day: 10 }]],
    ["one month to the 12th", "2026-03-01", "2026-03-12", [{ read: "firstDayTo", month: "2026-03-01", day: 12, previousBefore: null }]],
    ["one month cut at both ends", "2026-03-02", "2026-03-03", [{ read: "days", month: "2026-03-01", mask: 0b110 }]],
    [
      "cut at both ends",
      "2026-01-20",
      "2026-04-12",
      [
        { read: "lastDayFrom", month: "2026-01-01", day: 20 },
        { read: "returning", month: "2026-01-01", lastDayBefore: 20, nextThrough: "2026-03-01", nextPartial: { month: "2026-04-01", firstDayTo: 12 } },
        { read: "firstDayTo", month: "2026-04-01", day: 12, previousBefore: "2026-01-01" },
      ],
    ],
    ["cut at the end", "2026-01-01", "2026-02-05", [{ read: "firstDayTo", month: "2026-02-01", day: 5, previousBefore: "2026-01-01" }]],
  ])("%s (%s–%s)", (_name, from, to, expected) => {
    expect(cutMonthReads(planDistinctCount(from, to))).toEqual(expected);
  });
});

test.each([
  ["2026-01-01", "2026-03-31", [], ["2026-01-01", "2026-02-01", "2026-03-01"]],
  ["2026-01-30", "2026-02-28", ["2026-01-30", "2026-01-31"], ["2026-02-01"]],
  ["2026-02-27", "2026-03-01", ["2026-02-27", "2026-02-28", "2026-03-01"], []],
])("days outside the whole months of %s–%s", (from, to, days, months) => {
  expect(daysOutsideWholeMonths(from, to)).toEqual(days);
  expect(wholeMonthsOf(from, to)).toEqual(months);
});

// The plan applied to linked monthly rows, exactly as the SQL applies it, against counting accounts directly.
type Row = { account: number; month: string; mask: number; previous: string | null; next: string | null };

function linkRows(rows: Omit<Row, "previous" | "next">[]): Row[] {
  const byAccount = new Map<number, Omit<Row, "previous" | "next">[]>();
  for (const row of rows) byAccount.set(row.account, [...(byAccount.get(row.account) ?? []), row]);
  const linked: Row[] = [];
  for (const accountRows of byAccount.values()) {
    accountRows.sort((left, right) => left.month.localeCompare(right.month));
    accountRows.forEach((row, index) => {
      // Rows with an empty mask exist (another kind of activity that month) and link to nothing.
      const previous = accountRows.slice(0, index).filter((other) => other.mask !== 0).pop()?.month ?? null;
      const next = accountRows.slice(index + 1).find((other) => other.mask !== 0)?.month ?? null;
      linked.push({ ...row, previous, next });
    });
  }
  return linked;
}

function countWithPlan(rows: Row[], plan: DistinctCountPlan): number {
  const before = (month: string | null) => month === null || month < plan.firstMonth;
  const rowAt = (account: number, month: string) => rows.find((row) => row.account === account && row.month === month);
  let count = rows.filter((row) => plan.aggregateMonths.includes(row.month) && row.mask !== 0 && before(row.previous)).length;
  for (const row of rows) {
    if (row.month === plan.firstMonth && plan.firstMonthMask !== null && (row.mask & plan.firstMonthMask) !== 0) count++;
    if (row.month === plan.firstMonth && plan.returning && row.mask !== 0 && (row.mask & plan.firstMonthMask!) === 0 && row.next !== null) {
      const { throughMonth, partialLast } = plan.returning;
      if (throughMonth !== null && row.next <= throughMonth) count++;
      else if (partialLast && row.next === partialLast.month && ((rowAt(row.account, row.next)?.mask ?? 0) & partialLast.mask) !== 0) count++;
    }
    if (plan.lastMonth && row.month === plan.lastMonth.month && (row.mask & plan.lastMonth.mask) !== 0 && before(row.previous)) count++;
  }
  return count;
}

/**
 * The plan with its cut months read as the SQL reads them: from MetricMonthLastDays- and MetricMonthFirstDays-shaped
 * aggregates (accounts per last day, next month and its first day; per first day and previous month), built here
 * from the same rows, and day bits only for a month cut at both ends.
 */
function countWithCutMonthAggregates(rows: Row[], plan: DistinctCountPlan): number {
  const before = (month: string | null) => month === null || month < plan.firstMonth;
  let count = rows.filter((row) => plan.aggregateMonths.includes(row.month) && row.mask !== 0 && before(row.previous)).length;
  const active = rows.filter((row) => row.mask !== 0);
  const maskAt = (account: number, month: string) => rows.find((row) => row.account === account && row.month === month)?.mask ?? 0;
  const tally = <K extends object>(keyOf: (row: Row) => K) => {
    const aggregate = new Map<string, { key: K; accounts: number }>();
    for (const row of active) {
      const key = keyOf(row);
      const entry = aggregate.get(JSON.stringify(key)) ?? { key, accounts: 0 };
      entry.accounts++;
      aggregate.set(JSON.stringify(key), entry);
    }
    return [...aggregate.values()];
  };
  const lastDays = tally((row) => ({
    month: row.month,
    lastDay: maskDays(highestRun(row.mask)).last,
    nextMonth: row.next,
    nextFirstDay: row.next === null ? 0 : maskDays(lowestRun(maskAt(row.account, row.next))).first,
  }));
  const firstDays = tally((row) => ({ month: row.month, firstDay: maskDays(lowestRun(row.mask)).first, previousMonth: row.previous }));
  const sum = <K extends object>(entries: { key: K; accounts: number }[], counts: (key: K) => boolean) =>
    entries.filter((entry) => counts(entry.key)).reduce((total, entry) => total + entry.accounts, 0);
  for (const read of cutMonthReads(plan)) {
    switch (read.read) {
      case "lastDayFrom":
        count += sum(lastDays, (key) => key.month === read.month && key.lastDay >= read.day);
        break;
      case "returning":
        count += sum(
          lastDays,
          (key) =>
            key.month === read.month &&
            key.lastDay < read.lastDayBefore &&
            key.nextMonth !== null &&
            ((read.nextThrough !== null && key.nextMonth <= read.nextThrough) || (read.nextPartial !== null && key.nextMonth === read.nextPartial.month && key.nextFirstDay <= read.nextPartial.firstDayTo)),
        );
        break;
      case "firstDayTo":
        count += sum(firstDays, (key) => key.month === read.month && key.firstDay <= read.day && (read.previousBefore === null || key.previousMonth === null || key.previousMonth < read.previousBefore));
        break;
      case "days":
        count += active.filter((row) => row.month === read.month && (row.mask & read.mask) !== 0).length;
        break;
    }
  }
  return count;
}

// A mask's lowest and highest active day, as one-day masks (maskDays wants one run of days).
const lowestRun = (mask: number) => mask & -mask;
const highestRun = (mask: number) => 1 << (31 - Math.clz32(mask));

function countDirectly(rows: Row[], from: string, to: string): number {
  return new Set(rows.filter((row) => (row.mask & dayMask(row.month, from, to)) !== 0).map((row) => row.account)).size;
}

test("the plan counts every account active in the period exactly once (random activity, every period of a half year)", () => {
  const random = seededRandom(20261202);
  const months = monthsOf("2026-01-01", "2026-06-30");
  const raw: Omit<Row, "previous" | "next">[] = [];
  for (let account = 1; account <= 60; account++) {
    for (const month of months) {
      if (random() < 0.45) continue;
      const days = Number(lastOfMonth(month).slice(8, 10));
      let mask = 0;
      // Sparse activity, sometimes none of this kind (the row exists for another kind).
      const activeDays = random() < 0.15 ? 0 : 1 + Math.floor(random() * 4);
      for (let index = 0; index < activeDays; index++) mask |= 1 << Math.floor(random() * days);
      raw.push({ account, month, mask });
    }
  }
  const rows = linkRows(raw);
  let periods = 0;
  for (let from = "2026-01-01"; from <= "2026-06-30"; from = addDays(from, 3)) {
    for (let to = from; to <= "2026-06-30"; to = addDays(to, 4)) {
      const plan = planDistinctCount(from, to);
      const direct = countDirectly(rows, from, to);
      expect({ from, to, count: countWithPlan(rows, plan) }).toEqual({ from, to, count: direct });
      expect({ from, to, count: countWithCutMonthAggregates(rows, plan) }).toEqual({ from, to, count: direct });
      periods++;
    }
  }
  // Month-aligned periods too (the presets), which the stepping above mostly misses.
  for (const first of months) {
    for (const last of months.filter((month) => month >= first)) {
      const to = lastOfMonth(last);
      expect(countWithPlan(rows, planDistinctCount(first, to))).toBe(countDirectly(rows, first, to));
      expect(countWithCutMonthAggregates(rows, planDistinctCount(first, to))).toBe(countDirectly(rows, first, to));
      periods++;
    }
  }
  expect(periods).toBeGreaterThan(1000);
});
