// The figures of the dashboard pages (executive dashboard, agencies, agency, agent), computed once per data generation
// and kept for every process (ADR 040). The routes call these; so does the warming after a change, with the filters
// the pages open with, so that the first visitor after an import finds them ready. The filters carry the money basis
// (reported or reconciled, ADR 044), so figures are kept per basis as well.
import { cachedFigures, type FigureScope } from "~/cache/figure-cache.server";
import { getPublicComplaintHistory } from "~/complaints/public-complaint-history.server";
import { countOpenDataHealthItems } from "~/data-health/data-health.server";
import { getFindingsByAgency, findingsOf, totalFindings } from "~/findings/findings-by-agency.server";
import { dayInZone } from "~/findings/finding-dates";
import { getAgenciesAtRisk } from "~/metrics/agencies-at-risk.server";
import { getConductGate } from "~/metrics/conduct-gate.server";
import { getAgencyScorecards } from "~/metrics/get-agency-scorecards.server";
import { getAgentLeague, getKpiSummary, getMonthlyMetrics, getViolationsByRule, getVintageCurves } from "~/metrics/metrics.server";
import type { MetricFilters } from "~/metrics/metric-types";
import { queryUnreconciledMoney } from "~/metrics/query-reconciled-money.server";
import { getScorecardWeights } from "~/metrics/scorecard-weights.server";
import { getAgencyPlacementSummary } from "~/placements/agency-placements.server";
import { getSetting } from "~/settings/settings.server";

export type { FigureScope } from "~/cache/figure-cache.server";

/** The viewer's scope: an AGENCY user's own agency, everyone else the lender's. */
export function figureScopeOf(agencyScope: number | undefined): FigureScope {
  return agencyScope === undefined ? "lender" : { agencyId: agencyScope };
}

/** Who the findings counts are read for: an agency's figures never count another agency's findings. */
const findingsViewer = (scope: FigureScope) => (scope === "lender" ? { role: "SYSTEM" as const, agencyId: null } : { role: "AGENCY" as const, agencyId: scope.agencyId });

/** Findings are overdue from a reporting day on: figures that count them are kept per day as well as generation. */
async function reportingDayOf(now: Date): Promise<string> {
  return dayInZone(now, await getSetting("lender.timeZone"));
}

export async function getDashboardFigures(scope: FigureScope, filters: MetricFilters, now: Date) {
  const day = await reportingDayOf(now);
  return cachedFigures("dashboard", { scope, filters: { filters, day } }, async () => {
    const [summary, monthly, vintages, atRisk, gate, findings, unreconciled] = await Promise.all([
      getKpiSummary(filters),
      getMonthlyMetrics({ ...filters, by: "agency" }),
      getVintageCurves(filters),
      getAgenciesAtRisk(filters),
      getConductGate(),
      getFindingsByAgency(findingsViewer(scope), { agencyIds: filters.agencyIds, now }),
      queryUnreconciledMoney(filters),
    ]);
    return { summary, monthly, vintages, atRisk: atRisk.rows, gate, findings: totalFindings(findings), unreconciled };
  });
}

export function getAgenciesFigures(scope: FigureScope, filters: MetricFilters) {
  return cachedFigures("agencies", { scope, filters }, async () => {
    const [scorecards, weights, gate] = await Promise.all([getAgencyScorecards(filters), getScorecardWeights(), getConductGate()]);
    return { scorecards, weights, gate };
  });
}

/** The agencies page's comparison of two or more agencies, month by month. */
export function getComparisonFigures(scope: FigureScope, filters: MetricFilters, agencyIds: number[]) {
  return cachedFigures("agencies-compare", { scope, filters: { ...filters, agencyIds } }, () => getMonthlyMetrics({ ...filters, agencyIds, by: "agency" }));
}

export async function getAgencyPageFigures(scope: FigureScope, filters: MetricFilters & { agencyIds: [number] }, now: Date) {
  const day = await reportingDayOf(now);
  const agencyId = filters.agencyIds[0];
  return cachedFigures("agency", { scope, filters: { filters, day } }, async () => {
    const [summary, monthly, violationsByRule, agents, scorecards, weights, gate, findings, publicHistory, unreconciled] = await Promise.all([
      getKpiSummary(filters),
      getMonthlyMetrics({ ...filters, by: "agency" }),
      getViolationsByRule(filters),
      getAgentLeague(filters),
      getAgencyScorecards(filters),
      getScorecardWeights(),
      getConductGate(),
      getFindingsByAgency(findingsViewer(scope), { agencyIds: [agencyId], now }),
      getPublicComplaintHistory(agencyId),
      queryUnreconciledMoney(filters),
    ]);
    return {
      summary,
      monthly,
      violationsByRule,
      agents,
      scorecard: scorecards.find((row) => row.agencyId === agencyId) ?? null,
      weights,
      gate,
      findings: findingsOf(findings, agencyId),
      publicHistory,
      unreconciled,
    };
  });
}

export function getAgentPageFigures(scope: FigureScope, filters: MetricFilters & { agencyIds: [number]; agentId: number }) {
  return cachedFigures("agent", { scope, filters }, async () => {
    const [summary, monthly, violationsByRule, league] = await Promise.all([
      getKpiSummary(filters),
      getMonthlyMetrics({ ...filters, by: "agency" }),
      getViolationsByRule(filters),
      getAgentLeague({ ...filters, agentId: undefined }),
    ]);
    return { summary, monthly, violationsByRule, standing: league.find((row) => row.agentId === filters.agentId) ?? null };
  });
}

/**
 * Open data-health items this month per agency code. A feed turns late or missing when its deadline passes, without any
 * write, so the counts are kept per generation and per hour (ADR 036, ADR 040): at most an hour behind the clock.
 */
export function getDataHealthCounts(scope: FigureScope, agencyIds: readonly number[] | undefined, now: Date) {
  const hour = now.toISOString().slice(0, 13);
  return cachedFigures("data-health", { scope, filters: { agencyIds, hour } }, async () => {
    const { month, byCode } = await countOpenDataHealthItems({ agencyIds, now });
    return { month, byCode: Object.fromEntries(byCode) as Record<string, number> };
  });
}

/** The dashboard's data-health tile: open items this month and the agencies they concern. */
export async function getDataHealthSummary(scope: FigureScope, agencyIds: readonly number[] | undefined, now: Date) {
  const { month, byCode } = await getDataHealthCounts(scope, agencyIds, now);
  const counts = Object.values(byCode);
  return { month, items: counts.reduce((sum, count) => sum + count, 0), agencies: counts.filter((count) => count > 0).length };
}

/**
 * The agency page's placements card: the due-for-recall list behind it reads every open placement's payments and
 * latest event (hundreds of milliseconds on a large portfolio), so it is kept per generation and per reporting day
 * (a placement turns due as days pass, without any write). Placements, acknowledgments and recalls arrive by import;
 * the placement term and the recall policy are settings: each of those moves the generation on.
 */
export async function getAgencyPlacementFigures(agencyId: number, now: Date) {
  const day = await reportingDayOf(now);
  // The card shows the agency's own placements to whoever may open its page: one entry per agency, not per viewer.
  return cachedFigures("agency-placements", { scope: { agencyId }, filters: { day } }, () => getAgencyPlacementSummary(agencyId, now));
}
