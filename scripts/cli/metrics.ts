import { once } from "node:events";
import { escapeCsvCell } from "../../app/csv/write-csv";
import { metricKeys } from "../../app/metrics/definitions";
import { collectMetricsReport, UnknownAgencyError, type MetricsReport } from "../../app/metrics/metrics-report.server";
import { rebuildAllRollups } from "../../app/metrics/refresh-rollups.server";
import { closePool } from "../../app/db/pg.server";
import { prepareDatabase } from "../../server/prepare-database";
import { CliUsageError, parseFlags } from "./errors";

export const metricsUsage = `  metrics --month YYYY-MM [--agency CODE] [--by agency|agent] --format json|csv [--rebuild]
      The month's figures (docs/METRICS.md), from the same module and roll-ups as the dashboards: one row for the
      whole portfolio, or one per agency (with its recovery index, interval and grade, as the agencies page shows
      them) or agent (with the outlier flag of the agency page's league). json: one object with the period and the
      rows (rates as fractions, null when the denominator is zero); csv: one row per scope, "—" for a zero
      denominator or a figure the scope has not, UTF-8 with a byte-order mark. --rebuild rebuilds every roll-up
      from the source tables first.
`;

export function metricsReportCsv(report: MetricsReport): string {
  const extra =
    report.by === "agency"
      ? ["recovery_index", "recovery_index_low", "recovery_index_high", "grade", "grade_score", "not_distinguishable_from"]
      : report.by === "agent"
        ? ["violation_outlier", "violation_z_score"]
        : [];
  const header = ["period_from", "period_to", "scope", "agency_code", "agent_id", ...metricKeys, ...extra];
  const lines = [header.map((cell) => escapeCsvCell(cell)).join(",")];
  const dash = (value: string | number | null | undefined) => (value === null || value === undefined ? "—" : value);
  for (const row of report.rows) {
    const extraCells =
      report.by === "agency"
        ? [
            dash(row.scorecard?.recoveryIndex?.value),
            dash(row.scorecard?.recoveryIndex?.low),
            dash(row.scorecard?.recoveryIndex?.high),
            dash(row.scorecard?.grade),
            dash(row.scorecard?.gradeScore),
            row.scorecard?.indistinguishableFrom.join(" ") ?? "",
          ]
        : report.by === "agent"
          ? [row.violationOutlier ? "yes" : "no", dash(row.violationZScore)]
          : [];
    const cells = [report.period.from, report.period.to, row.scope, row.agencyCode, row.agentExternalId, ...metricKeys.map((key) => (row.metrics[key] === null ? "—" : row.metrics[key])), ...extraCells];
    lines.push(cells.map((cell) => escapeCsvCell(cell)).join(","));
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

async function write(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, "drain");
}

/** `oversight metrics --month YYYY-MM [--agency CODE] [--by agency|agent] --format json|csv [--rebuild]`. */
export async function metricsCommand(args: string[]): Promise<void> {
  const values = parseFlags(
    args,
    { month: { type: "string" }, agency: { type: "string" }, by: { type: "string" }, format: { type: "string" }, rebuild: { type: "boolean", default: false } },
    metricsUsage,
  );
  const month = values.month;
  if (typeof month !== "string" || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new CliUsageError(`--month must be a month YYYY-MM.\n\n${metricsUsage}`);
  if (values.by !== undefined && values.by !== "agency" && values.by !== "agent") throw new CliUsageError(`--by must be agency or agent.\n\n${metricsUsage}`);
  const format = values.format;
  if (format !== "json" && format !== "csv") throw new CliUsageError(`--format must be json or csv.\n\n${metricsUsage}`);
  const database = await prepareDatabase();
  try {
    if (values.rebuild) await rebuildAllRollups();
    const report = await collectMetricsReport({ month, agencyCode: values.agency, by: values.by as "agency" | "agent" | undefined }).catch((error: unknown) => {
      throw error instanceof UnknownAgencyError ? new CliUsageError(error.message) : error;
    });
    await write(format === "json" ? `${JSON.stringify(report, null, 2)}\n` : metricsReportCsv(report));
  } finally {
    await closePool();
    await database.close();
  }
}
