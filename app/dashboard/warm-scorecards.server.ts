// The recovery index bootstraps every account of every agency (hundreds of milliseconds to seconds on a large
// portfolio), so the periods the dashboards open with are computed as soon as placements or payments change — after
// an import's stages, a full re-evaluation, the demo load, a server start — and kept (MetricRecoveryIndex) for every
// process to read. Other filters are computed on first use and kept the same way.
import { computeRecoveryIndex } from "~/metrics/get-agency-scorecards.server";
import { addDays, defaultPeriod } from "~/metrics/metric-filters";
import { reportingToday } from "~/metrics/metric-filters.server";
import { getMetricDataRange } from "~/metrics/query-metrics.server";
import { periodPresets, presetRange } from "./period-presets";

/** Computes (or finds current) the recovery index of every preset period; returns how many periods it covered. */
export async function warmScorecards(): Promise<number> {
  const [dataRange, today] = await Promise.all([getMetricDataRange(), reportingToday()]);
  if (!dataRange) return 0;
  // The same anchor the filter bar's presets count back from (dashboard-context.server.ts), which makes the
  // dashboards' default period one of them.
  const anchor = addDays(defaultPeriod({ today, months: 1, dataRange }).to, 1);
  for (const preset of periodPresets) await computeRecoveryIndex(presetRange(preset, anchor));
  return periodPresets.length;
}

/** warmScorecards for callers that must not fail because of it: a problem is logged, never thrown. */
export async function warmScorecardsQuietly(context: string): Promise<void> {
  try {
    await warmScorecards();
  } catch (error) {
    console.error(`[metrics] could not precompute the recovery indexes after ${context}`, error);
  }
}
