import type { AgencyScorecard, MetricFormat, MetricKey, ScorecardWeights } from "~/metrics/metric-types";

// The agencies grid as a table for files (CSV and Excel): one column list shared by both, numbers kept as numbers
// (the file formats them), text as text. The same columns as the grid, in the same order.

export type ExportCell = { kind: "text"; value: string | null } | { kind: "number"; value: number | null; format: MetricFormat | "ratio" };
export type ExportColumn = { header: string; cell: (scorecard: AgencyScorecard) => ExportCell };
export type ExportTable = { columns: ExportColumn[]; rows: AgencyScorecard[] };

const text = (value: string | null): ExportCell => ({ kind: "text", value });
const number = (value: number | null, format: MetricFormat | "ratio"): ExportCell => ({ kind: "number", value, format });

export function scorecardExportTable(options: {
  scorecards: AgencyScorecard[];
  metricKeys: readonly MetricKey[];
  metricFormat: (metric: MetricKey) => MetricFormat;
  label: (key: "code" | "name" | "grade" | "gradeScore" | "index" | "indexLow" | "indexHigh" | "indistinguishable" | "commission" | MetricKey) => string;
}): ExportTable {
  const { label } = options;
  const columns: ExportColumn[] = [
    { header: label("code"), cell: (row) => text(row.agencyCode) },
    { header: label("name"), cell: (row) => text(row.agencyName) },
    { header: label("grade"), cell: (row) => text(row.grade) },
    { header: label("gradeScore"), cell: (row) => number(row.gradeScores.total, "index") },
    { header: label("index"), cell: (row) => number(row.recoveryIndex?.value ?? null, "index") },
    { header: label("indexLow"), cell: (row) => number(row.recoveryIndex?.low ?? null, "index") },
    { header: label("indexHigh"), cell: (row) => number(row.recoveryIndex?.high ?? null, "index") },
    { header: label("indistinguishable"), cell: (row) => text(row.indistinguishableFrom.join(", ") || null) },
    { header: label("commission"), cell: (row) => number(row.commissionRate, "percent") },
    ...options.metricKeys.map((metric): ExportColumn => ({ header: label(metric), cell: (row) => number(row.metrics[metric], options.metricFormat(metric)) })),
  ];
  return { columns, rows: options.scorecards };
}

/** "Grade weights: recovery index 50 %, violations 30 %, complaints 20 %" as plain numbers for a file's notes. */
export function weightsAsPercentages(weights: ScorecardWeights): { recoveryIndex: number; violations: number; complaints: number } {
  const total = weights.recoveryIndex + weights.violationsPer1000Contacts + weights.complaintsPer1000Accounts;
  const share = (weight: number) => (total > 0 ? Math.round((weight / total) * 1000) / 10 : 0);
  return { recoveryIndex: share(weights.recoveryIndex), violations: share(weights.violationsPer1000Contacts), complaints: share(weights.complaintsPer1000Accounts) };
}
