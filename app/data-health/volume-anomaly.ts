// Volume anomalies: a week's figure (events, events per worked account, connected share, recordings per connected
// call, SMS per account) against the same figure's trailing baseline weeks, with Shewhart-style control limits
// (mean ± k standard deviations). Pure: the counting is SQL's (data-health.server.ts).

export const volumeMetrics = ["events", "eventsPerWorkedAccount", "connectedShare", "recordingsPerConnectedCall", "smsPerAccount"] as const;
export type VolumeMetric = (typeof volumeMetrics)[number];

/** One week's counts for an agency or an agent. */
export type WeekCounts = { events: number; workedAccounts: number; calls: number; connected: number; recorded: number; sms: number };

/** Below this many in the denominator a ratio is too noisy to judge, and the week gives no value. */
export const MIN_DENOMINATOR = 10;
/** Fewer baseline weeks with a value than this: no judgement. */
export const MIN_BASELINE_WEEKS = 4;

export function metricValue(metric: VolumeMetric, counts: WeekCounts): number | null {
  const ratio = (numerator: number, denominator: number) => (denominator < MIN_DENOMINATOR ? null : numerator / denominator);
  switch (metric) {
    case "events":
      return counts.events;
    case "eventsPerWorkedAccount":
      return ratio(counts.events, counts.workedAccounts);
    case "connectedShare":
      return ratio(counts.connected, counts.calls);
    case "recordingsPerConnectedCall":
      return ratio(counts.recorded, counts.connected);
    case "smsPerAccount":
      return ratio(counts.sms, counts.workedAccounts);
  }
}

export type ControlLimits = { mean: number; sd: number; lower: number; upper: number; weeks: number };

/**
 * Mean and sample standard deviation of the baseline, with a floor on the deviation so that a perfectly steady
 * baseline does not flag every small change: a count's floor is its Poisson deviation √mean, a ratio's 5% of its mean.
 */
export function controlLimits(metric: VolumeMetric, baseline: readonly number[], sigma: number): ControlLimits | null {
  if (baseline.length < MIN_BASELINE_WEEKS) return null;
  const mean = baseline.reduce((sum, value) => sum + value, 0) / baseline.length;
  const variance = baseline.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (baseline.length - 1);
  const floor = metric === "events" ? Math.sqrt(mean) : Math.abs(mean) * 0.05;
  const sd = Math.max(Math.sqrt(variance), floor, 1e-9);
  return { mean, sd, lower: Math.max(0, mean - sigma * sd), upper: mean + sigma * sd, weeks: baseline.length };
}

export type VolumeJudgement = { direction: "DROP" | "JUMP"; value: number; limits: ControlLimits };

export function judgeWeek(metric: VolumeMetric, current: number | null, baseline: readonly (number | null)[], sigma: number): VolumeJudgement | null {
  if (current === null) return null;
  const limits = controlLimits(
    metric,
    baseline.filter((value): value is number => value !== null),
    sigma,
  );
  if (!limits || limits.mean === 0) return null;
  if (current < limits.lower) return { direction: "DROP", value: current, limits };
  if (current > limits.upper) return { direction: "JUMP", value: current, limits };
  return null;
}

/**
 * Judges every metric of each week of interest against the `baselineWeeks` weeks before it (weeks with no row
 * count as zero events: a week the log went quiet is data, not a gap; weeks before the first row are not baseline).
 */
export function judgeSeries(
  series: ReadonlyMap<string, WeekCounts>,
  weeks: readonly string[],
  baselineWeeksOf: (week: string) => string[],
  sigma: number,
): { week: string; metric: VolumeMetric; judgement: VolumeJudgement }[] {
  const empty: WeekCounts = { events: 0, workedAccounts: 0, calls: 0, connected: 0, recorded: 0, sms: 0 };
  const out: { week: string; metric: VolumeMetric; judgement: VolumeJudgement }[] = [];
  // Weeks before the first one with any row are before the agency (or agent) started, not quiet weeks.
  const firstWeek = [...series.keys()].sort()[0];
  if (firstWeek === undefined) return out;
  for (const week of weeks) {
    const baseline = baselineWeeksOf(week)
      .filter((previous) => previous >= firstWeek)
      .map((previous) => series.get(previous) ?? empty);
    for (const metric of volumeMetrics) {
      const judgement = judgeWeek(metric, metricValue(metric, series.get(week) ?? empty), baseline.map((counts) => metricValue(metric, counts)), sigma);
      if (judgement) out.push({ week, metric, judgement });
    }
  }
  return out;
}
