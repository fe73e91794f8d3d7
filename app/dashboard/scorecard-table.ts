import type { MessageKey } from "~/i18n/messages.en";
import { metricDefinitions } from "~/metrics/definitions";
import type { AgencyScorecard, MetricFormat, MetricKey, ScorecardWeights } from "~/metrics/metric-types";

// The agencies grid as a table for files (CSV and Excel): one column list shared by both, numbers kept as numbers
// (the file formats them), text as text. The same columns as the grid, in the same order.

export type ExportCell = { kind: "text"; value: string | null } | { kind: "number"; value: number | null; format: MetricFormat | "ratio" };
export type ExportColumn<Row = AgencyScorecard> = { header: string; cell: (row: Row) => ExportCell };
/** Any list as a file: the agencies grid here, and other agency lists (the approved-agency list) through the same writers. */
export type ExportTable<Row = AgencyScorecard> = { columns: ExportColumn<Row>[]; rows: Row[] };

const text = (value: string | null): ExportCell => ({ kind: "text", value });
const number = (value: number | null, format: MetricFormat | "ratio"): ExportCell => ({ kind: "number", value, format });

// Headers are message keys, never short names shared with the metric keys: a fixed column called "commission"
// once took the label of the metric "commission" (the amount) as well, giving two "Commission rate" columns.
export function scorecardExportTable(options: {
  scorecards: AgencyScorecard[];
  metricKeys: readonly MetricKey[];
  label: (key: MessageKey) => string;
}): ExportTable {
  const { label } = options;
  const columns: ExportColumn[] = [
    { header: label("agencies.export.code"), cell: (row) => text(row.agencyCode) },
    { header: label("agencies.export.name"), cell: (row) => text(row.agencyName) },
    { header: label("agencies.export.grade"), cell: (row) => text(row.grade) },
    { header: label("agencies.export.gradeScore"), cell: (row) => number(row.gradeScores.total, "index") },
    { header: label("agencies.export.index"), cell: (row) => number(row.recoveryIndex?.value ?? null, "index") },
    { header: label("agencies.export.indexLow"), cell: (row) => number(row.recoveryIndex?.low ?? null, "index") },
    { header: label("agencies.export.indexHigh"), cell: (row) => number(row.recoveryIndex?.high ?? null, "index") },
    { header: label("agencies.export.indistinguishable"), cell: (row) => text(row.indistinguishableFrom.join(", ") || null) },
    { header: label("agencies.export.commission"), cell: (row) => number(row.commissionRate, "percent") },
    { header: label("agencyFindings.open"), cell: (row) => number(row.findings.open, "count") },
    { header: label("agencyFindings.overdue"), cell: (row) => number(row.findings.overdue, "count") },
    { header: label("agencyFindings.escalated"), cell: (row) => number(row.findings.escalated, "count") },
    { header: label("agencyFindings.repeats"), cell: (row) => number(row.findings.repeats, "count") },
    { header: label("agencyFindings.medianDaysToClose"), cell: (row) => number(row.findings.medianDaysToClose, "index") },
    ...options.metricKeys.map((metric): ExportColumn => ({ header: label(metricDefinitions[metric].nameKey), cell: (row) => number(row.metrics[metric], metricDefinitions[metric].format) })),
  ];
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column.header)) throw new Error(`Two export columns are headed "${column.header}"`);
    seen.add(column.header);
  }
  return { columns, rows: options.scorecards };
}

/** "Grade weights: recovery index 50 %, violations 30 %, complaints 20 %" as plain numbers for a file's notes. */
export function weightsAsPercentages(weights: ScorecardWeights): { recoveryIndex: number; violations: number; complaints: number } {
  const total = weights.recoveryIndex + weights.violationsPer1000Contacts + weights.complaintsPer1000Accounts;
  const share = (weight: number) => (total > 0 ? Math.round((weight / total) * 1000) / 10 : 0);
  return { recoveryIndex: share(weights.recoveryIndex), violations: share(weights.violationsPer1000Contacts), complaints: share(weights.complaintsPer1000Accounts) };
}
