import { once } from "node:events";
import { getPrisma } from "../../app/db/client.server";
import { metricKeys } from "../../app/metrics/definitions";
import { lastOfMonth } from "../../app/metrics/metric-filters";
import type { MetricFilters, MetricValues } from "../../app/metrics/metric-types";
import { getAgentLeague, getMetricValues, listMetricAgencies } from "../../app/metrics/metrics.server";
import { queryMetricBases } from "../../app/metrics/query-metrics.server";
import { deriveMetricValues, emptyMetricBase } from "../../app/metrics/metric-formulas";
import { rebuildAllRollups } from "../../app/metrics/refresh-rollups.server";
import { closeRulesPool } from "../../app/rules/evaluate-rules.server";
import { prepareDatabase } from "../../server/prepare-database";
import { csvCell } from "./violations";
import { CliUsageError, parseFlags } from "./errors";

export const metricsUsage = `  metrics --month YYYY-MM [--agency CODE] [--by agency|agent] --format json|csv [--rebuild]
      The month's figures (docs/METRICS.md), from the same module and roll-ups as the dashboards: one row for the
      whole portfolio, or one per agency or agent. json: one object with the period and the rows (rates as
      fractions, null when the denominator is zero); csv: one row per scope, "—" for a zero denominator, UTF-8
      with a byte-order mark. --rebuild rebuilds every roll-up from the source tables first.
`;

export type MetricsRow = { scope: "portfolio" | "agency" | "agent"; agencyCode: string | null; agentExternalId: string | null; metrics: MetricValues };
export type MetricsReport = { period: { from: string; to: string }; by: "portfolio" | "agency" | "agent"; rows: MetricsRow[] };

/** The figures the CLI prints, for a month and an optional agency (database must be prepared). */
export async function collectMetricsReport(options: { month: string; agencyCode?: string; by?: "agency" | "agent" }): Promise<MetricsReport> {
  const from = `${options.month}-01`;
  const filters: MetricFilters = { from, to: lastOfMonth(from) };
  if (options.agencyCode !== undefined) {
    const agency = await getPrisma().agency.findUnique({ where: { code: options.agencyCode }, select: { id: true } });
    if (!agency) throw new CliUsageError(`No agency with code "${options.agencyCode}".`);
    filters.agencyIds = [agency.id];
  }
  const period = { from: filters.from, to: filters.to };
  if (options.by === "agency") {
    const [agencies, bases] = await Promise.all([listMetricAgencies(filters.agencyIds), queryMetricBases(filters, "agency")]);
    const rows = agencies.map((agency) => ({
      scope: "agency" as const,
      agencyCode: agency.code,
      agentExternalId: null,
      metrics: deriveMetricValues(bases.get(String(agency.id)) ?? emptyMetricBase),
    }));
    return { period, by: "agency", rows };
  }
  if (options.by === "agent") {
    const league = await getAgentLeague(filters);
    return { period, by: "agent", rows: league.map((row) => ({ scope: "agent", agencyCode: row.agencyCode, agentExternalId: row.externalId, metrics: row.metrics })) };
  }
  return { period, by: "portfolio", rows: [{ scope: "portfolio", agencyCode: options.agencyCode ?? null, agentExternalId: null, metrics: await getMetricValues(filters) }] };
}

export function metricsReportCsv(report: MetricsReport): string {
  const header = ["period_from", "period_to", "scope", "agency_code", "agent_id", ...metricKeys];
  const lines = [header.join(",")];
  for (const row of report.rows) {
    const cells = [report.period.from, report.period.to, row.scope, row.agencyCode, row.agentExternalId, ...metricKeys.map((key) => (row.metrics[key] === null ? "—" : row.metrics[key]))];
    lines.push(cells.map((cell) => csvCell(cell)).join(","));
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
    const report = await collectMetricsReport({ month, agencyCode: values.agency, by: values.by as "agency" | "agent" | undefined });
    await write(format === "json" ? `${JSON.stringify(report, null, 2)}\n` : metricsReportCsv(report));
  } finally {
    await closeRulesPool();
    await database.close();
  }
}
