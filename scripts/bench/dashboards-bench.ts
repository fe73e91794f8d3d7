// Dashboard loaders against whatever the database holds (the bench runner loads 1M or 10M events first): each
// query function the pages call, with the filters they typically use, timed over `runs` calls after one warm-up.
import { getAgencyScorecards } from "../../app/metrics/get-agency-scorecards.server";
import { getAgentLeague, getKpiSummary, getMonthlyMetrics, getVintageCurves, getViolationsByRule, listMetricAgencies } from "../../app/metrics/metrics.server";
import { addMonths, defaultPeriod } from "../../app/metrics/metric-filters";
import type { MetricFilters } from "../../app/metrics/metric-types";
import { getMetricDataRange } from "../../app/metrics/query-metrics.server";

export type DashboardBenchRow = { loader: string; p50Ms: number; p95Ms: number };

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

export async function benchDashboards(options: { databaseUrl: string; runs: number }): Promise<DashboardBenchRow[]> {
  if (process.env.DATABASE_URL !== options.databaseUrl) process.env.DATABASE_URL = options.databaseUrl;
  const range = await getMetricDataRange();
  const month = defaultPeriod({ today: new Date().toISOString().slice(0, 10), dataRange: range });
  const year: MetricFilters = { from: addMonths(month.from, -11), to: month.to };
  const agencies = await listMetricAgencies();
  const oneAgency: MetricFilters = { ...month, agencyIds: agencies.length > 0 ? [agencies[0]!.id] : [] };
  const loaders: [string, () => Promise<unknown>][] = [
    ["getKpiSummary (month)", () => getKpiSummary(month)],
    ["getKpiSummary (12 months)", () => getKpiSummary(year)],
    ["getMonthlyMetrics (12 months × agencies)", () => getMonthlyMetrics({ ...year, by: "agency" })],
    ["getVintageCurves (12 vintages)", () => getVintageCurves(month)],
    ["getAgencyScorecards (month)", () => getAgencyScorecards(month)],
    ["getAgentLeague (month)", () => getAgentLeague(month)],
    ["getAgentLeague (one agency)", () => getAgentLeague(oneAgency)],
    ["getViolationsByRule (month)", () => getViolationsByRule(month)],
    ["getKpiSummary (month, dpd 90-179)", () => getKpiSummary({ ...month, dpdBucket: "90-179" })],
  ];
  const rows: DashboardBenchRow[] = [];
  for (const [loader, run] of loaders) {
    await run();
    const times: number[] = [];
    for (let index = 0; index < options.runs; index++) {
      const start = performance.now();
      await run();
      times.push(performance.now() - start);
    }
    times.sort((left, right) => left - right);
    rows.push({ loader, p50Ms: Math.round(percentile(times, 0.5) * 10) / 10, p95Ms: Math.round(percentile(times, 0.95) * 10) / 10 });
  }
  return rows;
}
