// The month's figures as one report (the portfolio, each agency with its scorecard, or each agent with the league's
// outlier flag), from the same functions the pages call: what the CLI prints and the agencies' API answers.
import { getPrisma } from "~/db/client.server";
import { getAgencyScorecards } from "./get-agency-scorecards.server";
import { lastOfMonth } from "./metric-filters";
import type { ConfidenceInterval, Grade, MetricFilters, MetricValues } from "./metric-types";
import { getAgentLeague, getMetricValues } from "./metrics.server";

export class UnknownAgencyError extends Error {
  override readonly name = "UnknownAgencyError";
  constructor(readonly agencyCode: string) {
    super(`No agency with code "${agencyCode}".`);
  }
}

export type MetricsRow = {
  scope: "portfolio" | "agency" | "agent";
  agencyCode: string | null;
  agentExternalId: string | null;
  metrics: MetricValues;
  /** Agency rows: the scorecard the agencies page shows. */
  scorecard?: { recoveryIndex: ConfidenceInterval | null; grade: Grade | null; gradeScore: number | null; indistinguishableFrom: string[] };
  /** Agent rows: the league's outlier test. */
  violationOutlier?: boolean;
  violationZScore?: number | null;
};
export type MetricsReport = { period: { from: string; to: string }; by: "portfolio" | "agency" | "agent"; rows: MetricsRow[] };

/** The figures of a month, for the whole portfolio or one agency, optionally per agency or agent. */
export async function collectMetricsReport(options: { month: string; agencyCode?: string; by?: "agency" | "agent" }): Promise<MetricsReport> {
  const from = `${options.month}-01`;
  const filters: MetricFilters = { from, to: lastOfMonth(from) };
  if (options.agencyCode !== undefined) {
    const agency = await getPrisma().agency.findUnique({ where: { code: options.agencyCode }, select: { id: true } });
    if (!agency) throw new UnknownAgencyError(options.agencyCode);
    filters.agencyIds = [agency.id];
  }
  const period = { from: filters.from, to: filters.to };
  if (options.by === "agency") {
    // The agencies page's own function: the same agencies (those with figures), in the same order.
    const cards = await getAgencyScorecards(filters);
    const rows = cards.map((card) => ({
      scope: "agency" as const,
      agencyCode: card.agencyCode,
      agentExternalId: null,
      metrics: card.metrics,
      scorecard: { recoveryIndex: card.recoveryIndex, grade: card.grade, gradeScore: card.gradeScores.total, indistinguishableFrom: card.indistinguishableFrom },
    }));
    return { period, by: "agency", rows };
  }
  if (options.by === "agent") {
    const league = await getAgentLeague(filters);
    return {
      period,
      by: "agent",
      rows: league.map((row) => ({ scope: "agent", agencyCode: row.agencyCode, agentExternalId: row.externalId, metrics: row.metrics, violationOutlier: row.violationOutlier, violationZScore: row.violationZScore })),
    };
  }
  return { period, by: "portfolio", rows: [{ scope: "portfolio", agencyCode: options.agencyCode ?? null, agentExternalId: null, metrics: await getMetricValues(filters) }] };
}
