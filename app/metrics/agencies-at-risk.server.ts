// The executive dashboard's "agencies at risk": per agency its conduct rates in the period and the previous period
// of the same length, the grade (conduct gate applied), riskiest first. Both periods come from the roll-ups
// through the same functions as every other figure (ADR 006/010/011); nothing here reads events.
import { getAgencyScorecards } from "./get-agency-scorecards.server";
import { deriveMetricValues } from "./metric-formulas";
import { previousPeriod } from "./metric-filters";
import { queryMetricBases } from "./query-metrics.server";
import { compareRisk, rateTrend, riskKeys, type AgenciesAtRisk, type AgencyRiskRow, type RateTrend, type RiskRates } from "./risk-order";
import type { MetricFilters } from "./metric-types";

const riskRatesOf = (metrics: RiskRates): RiskRates => ({
  highViolationsPer1000Contacts: metrics.highViolationsPer1000Contacts,
  violationsPer1000Contacts: metrics.violationsPer1000Contacts,
  complaintsPer1000Accounts: metrics.complaintsPer1000Accounts,
});

/** Every agency of the filter with a scorecard, riskiest first (risk-order.ts), each rate with its trend. */
export async function getAgenciesAtRisk(filters: MetricFilters): Promise<AgenciesAtRisk> {
  const agencyFilters = { ...filters, agentId: undefined };
  const previous = previousPeriod(filters);
  const [scorecards, previousBases] = await Promise.all([getAgencyScorecards(agencyFilters), queryMetricBases({ ...agencyFilters, ...previous }, "agency")]);
  const rows = scorecards.map((card): AgencyRiskRow => {
    const current = riskRatesOf(card.metrics);
    const base = previousBases.get(String(card.agencyId));
    const before: RiskRates = base ? riskRatesOf(deriveMetricValues(base)) : { highViolationsPer1000Contacts: null, violationsPer1000Contacts: null, complaintsPer1000Accounts: null };
    return {
      agencyId: card.agencyId,
      agencyCode: card.agencyCode,
      agencyName: card.agencyName,
      ...current,
      outboundContacts: card.metrics.outboundContacts,
      violations: card.metrics.violations,
      violationsHigh: card.metrics.violationsHigh,
      complaints: card.metrics.complaints,
      placedAccounts: card.metrics.placedAccounts,
      grade: card.grade,
      conductGate: card.conductGate,
      escalatedFindings: card.findings.escalated,
      trend: Object.fromEntries(riskKeys.map((key) => [key, rateTrend(current[key], before[key])])) as Record<keyof RiskRates, RateTrend>,
    };
  });
  return { period: { from: filters.from, to: filters.to }, previousPeriod: previous, rows: rows.sort(compareRisk) };
}
