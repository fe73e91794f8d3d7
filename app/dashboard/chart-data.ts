import type { MetricFormat, MetricKey, MetricValues, MonthlyMetricsPoint, VintageCurve } from "~/metrics/metric-types";

// Reshapes what the metrics module computed into the row layout Recharts draws. Nothing here computes a KPI:
// values are only moved from one shape to another (or, for tile deltas, two computed values compared).

export type SeriesRow = { key: string | number } & Record<string, number | string | null>;
export type PivotedSeries = { rows: SeriesRow[]; series: string[] };

/**
 * Whether a chart has anything to draw. A period without activity (a future month) gives rows whose rates are all
 * null and whose amounts are all zero: drawn, that is an empty plot on a meaningless axis (Recharts' default 0–400 %
 * for nulls), so the chart shows its empty state instead. Lines need one number; bars need one that is not zero.
 */
export function hasPlottableValues(pivot: PivotedSeries, kind: "lines" | "bars"): boolean {
  return pivot.rows.some((row) =>
    pivot.series.some((name) => {
      const value = row[name];
      return typeof value === "number" && Number.isFinite(value) && (kind === "lines" || value !== 0);
    }),
  );
}

/** One row per month, one column per agency code, holding that agency's value of `metric` for that month. */
export function pivotMonthlyByAgency(points: readonly MonthlyMetricsPoint[], metric: MetricKey): PivotedSeries {
  const series = [...new Set(points.map((point) => point.agencyCode))].sort();
  const byMonth = new Map<string, SeriesRow>();
  for (const point of [...points].sort((a, b) => a.month.localeCompare(b.month))) {
    let row = byMonth.get(point.month);
    if (!row) {
      row = { key: point.month, ...Object.fromEntries(series.map((code) => [code, null])) };
      byMonth.set(point.month, row);
    }
    row[point.agencyCode] = point.metrics[metric];
  }
  return { rows: [...byMonth.values()], series };
}

/** The vintages of one agency as lines: one row per month since placement, one column per vintage (YYYY-MM). */
export function vintageLines(curves: readonly VintageCurve[], agencyCode: string): PivotedSeries {
  const own = curves.filter((curve) => curve.agencyCode === agencyCode).sort((a, b) => a.vintage.localeCompare(b.vintage));
  const series = own.map((curve) => curve.vintage);
  const byAge = new Map<number, SeriesRow>();
  for (const curve of own) {
    for (const point of curve.points) {
      let row = byAge.get(point.monthsSincePlacement);
      if (!row) {
        row = { key: point.monthsSincePlacement, ...Object.fromEntries(series.map((vintage) => [vintage, null])) };
        byAge.set(point.monthsSincePlacement, row);
      }
      row[curve.vintage] = point.cumulativeRecoveryRate;
    }
  }
  return { rows: [...byAge.values()].sort((a, b) => Number(a.key) - Number(b.key)), series };
}

/** Agency codes that have at least one vintage, in order. */
export function vintageAgencies(curves: readonly VintageCurve[]): string[] {
  return [...new Set(curves.map((curve) => curve.agencyCode))].sort();
}

// Whether a rise is good news: a tile shows a rise in complaints in red and a rise in collections in green.
const higherIsWorse = new Set<MetricKey>([
  "complaints",
  "complaintsPer1000Accounts",
  "violations",
  "violationsHigh",
  "openHighViolations",
  "violationsPer1000Contacts",
  "highViolationsPer1000Contacts",
  "wrongPartyContacts",
  "wrongPartyRate",
  "thirdPartyContacts",
  "thirdPartyShare",
  "commission",
]);

export type KpiChange = {
  /** Relative change for counts and money (0.12 = +12 %), absolute change in points for rates; null when unknown. */
  change: number | null;
  kind: "relative" | "points";
  tone: "good" | "bad" | "neutral";
};

/** How a tile's value moved against the previous period. */
export function kpiChange(metric: MetricKey, format: MetricFormat, current: MetricValues, previous: MetricValues): KpiChange {
  const now = current[metric];
  const before = previous[metric];
  const kind = format === "percent" || format === "per1000" || format === "index" ? "points" : "relative";
  let change: number | null = null;
  if (now != null && before != null) {
    if (kind === "points") change = now - before;
    else if (before !== 0) change = (now - before) / Math.abs(before);
  }
  const tone = change == null || change === 0 ? "neutral" : change > 0 !== higherIsWorse.has(metric) ? "good" : "bad";
  return { change, kind, tone };
}

/** For one agency (or agent): one row per month, one column per metric, e.g. its contact and recovery rates. */
export function pivotMonthlyMetrics(points: readonly MonthlyMetricsPoint[], metrics: readonly MetricKey[]): PivotedSeries {
  const byMonth = new Map<string, SeriesRow>();
  for (const point of [...points].sort((a, b) => a.month.localeCompare(b.month))) {
    const row = byMonth.get(point.month) ?? { key: point.month, ...Object.fromEntries(metrics.map((metric) => [metric, null])) };
    for (const metric of metrics) {
      const value = point.metrics[metric];
      // Several agencies in one month (an agent page never has them; an agency page has one) keep the first.
      if (row[metric] == null) row[metric] = value;
    }
    byMonth.set(point.month, row);
  }
  return { rows: [...byMonth.values()], series: [...metrics] };
}
