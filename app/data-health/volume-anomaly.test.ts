import { describe, expect, test } from "vitest";
import { controlLimits, judgeSeries, judgeWeek, metricValue, type WeekCounts } from "./volume-anomaly";

const counts = (change: Partial<WeekCounts> = {}): WeekCounts => ({ events: 500, workedAccounts: 100, calls: 300, connected: 90, recorded: 88, sms: 150, ...change });

describe("a week's figures", () => {
  test.each([
    ["events", counts(), 500],
    ["eventsPerWorkedAccount", counts(), 5],
    ["connectedShare", counts(), 0.3],
    ["recordingsPerConnectedCall", counts({ connected: 80, recorded: 20 }), 0.25],
    ["smsPerAccount", counts(), 1.5],
    ["connectedShare", counts({ calls: 9, connected: 9 }), null],
    ["eventsPerWorkedAccount", counts({ workedAccounts: 0, events: 0 }), null],
    ["events", counts({ events: 0 }), 0],
  ] as const)("%s of %o is %s", (metric, week, value) => expect(metricValue(metric, week)).toBe(value));
});

describe("control limits", () => {
  test.each([
    // Too few baseline weeks: no judgement.
    ["events", [100, 100, 100], 3, null],
    // A steady count: the Poisson floor √100 = 10.
    ["events", [100, 100, 100, 100], 3, { mean: 100, sd: 10, lower: 70, upper: 130 }],
    // A steady ratio: the floor is 5% of the mean.
    ["connectedShare", [0.4, 0.4, 0.4, 0.4], 2, { mean: 0.4, sd: 0.02, lower: 0.36, upper: 0.44 }],
    // The lower limit never goes below zero.
    ["events", [0, 40, 0, 40], 3, { mean: 20, sd: 23.094, lower: 0, upper: 89.282 }],
  ] as const)("%s over %o at %i sigma", (metric, baseline, sigma, expected) => {
    const limits = controlLimits(metric, baseline, sigma);
    if (expected === null) return expect(limits).toBeNull();
    expect(limits!.mean).toBeCloseTo(expected.mean, 3);
    expect(limits!.sd).toBeCloseTo(expected.sd, 3);
    expect(limits!.lower).toBeCloseTo(expected.lower, 3);
    expect(limits!.upper).toBeCloseTo(expected.upper, 3);
  });
});

describe("judging a week", () => {
  const baseline = [480, 510, 495, 505, 490, 520, 500, 500];
  test.each([
    ["inside the limits", 470, null],
    ["the log went quiet", 0, "DROP"],
    ["a sudden jump", 900, "JUMP"],
    ["half the usual", 250, "DROP"],
  ] as const)("%s (%i events)", (_name, current, direction) => expect(judgeWeek("events", current, baseline, 3)?.direction ?? null).toBe(direction));

  test("weeks without a value (too small to judge) are left out of the baseline", () => {
    expect(judgeWeek("connectedShare", 0.1, [0.4, null, 0.41, null, 0.39], 3)).toBeNull();
    expect(judgeWeek("connectedShare", 0.1, [0.4, null, 0.41, 0.4, 0.39], 3)?.direction).toBe("DROP");
  });

  test("a baseline of zeros judges nothing", () => expect(judgeWeek("events", 50, [0, 0, 0, 0], 3)).toBeNull());
});

describe("a series", () => {
  const weeks = ["2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26", "2026-02-02", "2026-02-09", "2026-02-16", "2026-02-23", "2026-03-02", "2026-03-09"];
  const before = (week: string) => weeks.slice(Math.max(0, weeks.indexOf(week) - 8), weeks.indexOf(week));

  test("a week with no row at all is a quiet week: every metric that can be judged drops or is skipped", () => {
    const series = new Map(weeks.filter((week) => week !== "2026-03-09").map((week) => [week, counts()]));
    const found = judgeSeries(series, ["2026-03-02", "2026-03-09"], before, 3);
    expect(found).toEqual([expect.objectContaining({ week: "2026-03-09", metric: "events", judgement: expect.objectContaining({ direction: "DROP", value: 0 }) })]);
  });

  test("recordings stop while calls go on: recordings per connected call drops, nothing else", () => {
    const series = new Map(weeks.map((week) => [week, week === "2026-03-09" ? counts({ recorded: 5 }) : counts()]));
    const found = judgeSeries(series, ["2026-03-09"], before, 3);
    expect(found.map((entry) => [entry.metric, entry.judgement.direction])).toEqual([["recordingsPerConnectedCall", "DROP"]]);
  });

  test("weeks before the first row are not a baseline of zeros", () => {
    const series = new Map(weeks.slice(6).map((week) => [week, counts()]));
    expect(judgeSeries(series, ["2026-03-09"], before, 3)).toEqual([]);
  });
});
