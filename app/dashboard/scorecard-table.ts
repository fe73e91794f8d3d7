import type { MessageKey } from "~/i18n/messages.en";
import { metricDefinitions } from "~/metrics/definitions";
import type { AgencyScorecard, MetricKey, ScorecardWeights } from "~/metrics/metric-types";
import { numberCell, textCell, type ExportColumn as GridExportColumn, type ExportTable as GridExportTable } from "~/grid/export-table";

// The agencies grid as a table for files (CSV and Excel): one column list shared by both, numbers kept as numbers
// (the file formats them), text as text. The same columns as the grid, in the same order.

export type ExportColumn = GridExportColumn<AgencyScorecard>;
export type ExportTable = GridExportTable<AgencyScorecard>;

const text = textCell;
const number = numberCell;

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
    { header: label("agencies.export.complaintsChecked"), cell: (row) => number(row.complaintChecks.checked, "count") },
    { header: label("agencies.export.noMatchingLog"), cell: (row) => number(row.complaintChecks.noMatchingLog, "count") },
    { header: label("agencies.noMatchingLogShare"), cell: (row) => number(row.complaintChecks.noMatchingLogShare, "percent") },
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
export function weightsAsPercentages(weights: ScorecardWeights): { recoveryIndex: number; violations: number; complaints: number; upheldComplaints: number } {
  const total = weights.recoveryIndex + weights.violationsPer1000Contacts + weights.complaintsPer1000Accounts + weights.upheldComplaintsPer1000Accounts;
  const share = (weight: number) => (total > 0 ? Math.round((weight / total) * 1000) / 10 : 0);
  return {
    recoveryIndex: share(weights.recoveryIndex),
    violations: share(weights.violationsPer1000Contacts),
    complaints: share(weights.complaintsPer1000Accounts),
    upheldComplaints: share(weights.upheldComplaintsPer1000Accounts),
  };
}
