// The figures the dashboards, the agency and agent pages, the CLI and the Excel audit show: every function reads
// the roll-ups (query-metrics.server.ts) and derives the ratios with metric-formulas.ts. Definitions: docs/METRICS.md.
import { getPrisma } from "~/db/client.server";
import { getPool } from "~/db/pg.server";
import { OUTLIER_Z, binomialZScore, deriveMetricValues, emptyMetricBase, per1000, ratio } from "./metric-formulas";
import { addDays, addMonths, lastOfMonth, monthsOf, previousPeriod } from "./metric-filters";
import { queryAdditiveTotals, queryMetricBases } from "./query-metrics.server";
import { daysOutsideWholeMonths, splitPrefix, wholeMonthsOf } from "./distinct-count-plan";
import type { AgentMetricsRow, KpiSummary, MetricFilters, MetricValues, MonthlyMetricsPoint, VintageCurve, ViolationsByRule } from "./metric-types";

/** Every figure for the filter as a whole (all agencies in it added up). */
export async function getMetricValues(filters: MetricFilters): Promise<MetricValues> {
  const bases = await queryMetricBases(filters, "total");
  return deriveMetricValues(bases.get("") ?? emptyMetricBase);
}

/** The KPI tiles: the period and the one before it (same length; a calendar month before a calendar month). */
export async function getKpiSummary(filters: MetricFilters): Promise<KpiSummary> {
  const previous = previousPeriod(filters);
  const [current, before] = await Promise.all([getMetricValues(filters), getMetricValues({ ...filters, ...previous })]);
  return { period: { from: filters.from, to: filters.to }, previousPeriod: previous, current, previous: before };
}

export type AgencyRef = { id: number; code: string; name: string; commissionRate: number };

export async function listMetricAgencies(agencyIds?: readonly number[]): Promise<AgencyRef[]> {
  const rows = await getPrisma().agency.findMany({
    where: agencyIds === undefined ? {} : { id: { in: [...agencyIds] } },
    select: { id: true, code: true, name: true, commissionRate: true },
    orderBy: { code: "asc" },
  });
  return rows.map((row) => ({ id: row.id, code: row.code, name: row.name, commissionRate: Number(row.commissionRate) }));
}

/** Per agency per calendar month of the period (months cut by the period's ends count only its days). */
export async function getMonthlyMetrics(filters: MetricFilters & { by: "agency" }): Promise<MonthlyMetricsPoint[]> {
  const [bases, agencies] = await Promise.all([queryMetricBases(filters, "agencyMonth"), listMetricAgencies(filters.agencyIds)]);
  const points: MonthlyMetricsPoint[] = [];
  for (const month of monthsOf(filters.from, filters.to)) {
    for (const agency of agencies) {
      const base = bases.get(`${agency.id}:${month.slice(0, 7)}`);
      if (base) points.push({ month: month.slice(0, 7), agencyId: agency.id, agencyCode: agency.code, metrics: deriveMetricValues(base) });
    }
  }
  return points;
}

/**
 * Every agent with activity in the period, with their figures (their own events only) and whether their
 * violations per outbound contact lie far above their agency's (binomial z-score above 3).
 */
export async function getAgentLeague(filters: MetricFilters): Promise<AgentMetricsRow[]> {
  const agencyFilters = { ...filters, agentId: undefined };
  const [agentBases, agencyBases] = await Promise.all([queryMetricBases(filters, "agent"), queryMetricBases(agencyFilters, "agency")]);
  const agentIds = [...agentBases.keys()].map((key) => Number(key.split(":")[1]));
  const agents = await getPrisma().agent.findMany({
    where: { id: { in: agentIds } },
    select: { id: true, externalId: true, name: true, agency: { select: { id: true, code: true } } },
  });
  const rows: AgentMetricsRow[] = agents.map((agent) => {
    const base = agentBases.get(`${agent.agency.id}:${agent.id}`) ?? emptyMetricBase;
    const agencyBase = agencyBases.get(String(agent.agency.id)) ?? emptyMetricBase;
    const reference = ratio(agencyBase.violations, agencyBase.outboundContacts);
    const z = reference === null ? null : binomialZScore(base.violations, base.outboundContacts, reference);
    return {
      agentId: agent.id,
      externalId: agent.externalId,
      agentName: agent.name,
      agencyId: agent.agency.id,
      agencyCode: agent.agency.code,
      metrics: deriveMetricValues(base),
      violationOutlier: z !== null && z > OUTLIER_Z,
      violationZScore: z === null ? null : Math.round(z * 100) / 100,
    };
  });
  return rows.sort((left, right) => right.metrics.collected - left.metrics.collected || left.agencyCode.localeCompare(right.agencyCode) || left.externalId.localeCompare(right.externalId));
}

/**
 * Violations (not dismissed) whose trigger occurred in the period, by rule and severity, most frequent first, each
 * also per 1,000 outbound contacts of the filter.
 */
export async function getViolationsByRule(filters: MetricFilters): Promise<ViolationsByRule> {
  // Whole months from MetricRuleMonthly, the period's other days from MetricRuleDaily; both keep the violation's
  // segment and agent, as the day facts do.
  const sources = [
    { table: "MetricRuleMonthly", column: "month", values: wholeMonthsOf(filters.from, filters.to) },
    { table: "MetricRuleDaily", column: "day", values: daysOutsideWholeMonths(filters.from, filters.to) },
  ].filter((source) => source.values.length > 0);
  const pool = getPool();
  const [counts, totals] = await Promise.all([
    Promise.all(
      sources.map((source) => {
        const values: unknown[] = [source.values, filters.agentId ?? -1];
        const clauses = [`${source.column} = ANY($1::date[])`, `"agentId" = $2`];
        const add = (clause: (placeholder: string) => string, value: unknown) => {
          values.push(value);
          clauses.push(clause(`$${values.length}`));
        };
        if (filters.agencyIds !== undefined) add((p) => `"agencyId" = ANY(${p}::int[])`, filters.agencyIds);
        if (filters.product !== undefined) add((p) => `product = ${p}`, filters.product);
        if (filters.dpdBucket !== undefined) add((p) => `"dpdBucket" = ${p}`, filters.dpdBucket);
        return pool.query<{ ruleCode: string; severity: "LOW" | "MEDIUM" | "HIGH"; count: string }>(
          `SELECT "ruleCode", severity, sum(violations)::int8::text AS count FROM "${source.table}" WHERE ${clauses.join(" AND ")} GROUP BY 1, 2`,
          values,
        );
      }),
    ),
    queryAdditiveTotals(filters),
  ]);
  const byRule = new Map<string, { ruleCode: string; severity: "LOW" | "MEDIUM" | "HIGH"; count: number }>();
  for (const result of counts) {
    for (const row of result.rows) {
      const key = `${row.ruleCode}|${row.severity}`;
      const entry = byRule.get(key) ?? { ruleCode: row.ruleCode, severity: row.severity, count: 0 };
      entry.count += Number(row.count);
      byRule.set(key, entry);
    }
  }
  return [...byRule.values()]
    .filter((entry) => entry.count > 0)
    .sort((left, right) => right.count - left.count || left.ruleCode.localeCompare(right.ruleCode) || left.severity.localeCompare(right.severity))
    .map((entry) => ({ ...entry, per1000Contacts: per1000(entry.count, totals.outboundContacts) }));
}

/** Whole months from `start` to `end` (YYYY-MM-DD): how many times the day-of-month boundary was crossed. */
export function completeMonthsBetween(start: string, end: string): number {
  if (end <= start) return 0;
  let months = (Number(end.slice(0, 4)) - Number(start.slice(0, 4))) * 12 + Number(end.slice(5, 7)) - Number(start.slice(5, 7));
  if (Number(end.slice(8, 10)) < Number(start.slice(8, 10))) {
    // A start on the 31st completes its month on the last day of a shorter month.
    const endIsLastOfMonth = end === lastOfMonth(end);
    if (!endIsLastOfMonth) months -= 1;
  }
  return Math.max(0, months);
}

/**
 * Vintage curves: for each agency and placement month of the 12 months up to the period's end, the cumulative
 * collected ÷ placed balance at 1, 2, … months after placement, as far as every placement of the vintage has been
 * observed that long by the period's end.
 */
export async function getVintageCurves(filters: MetricFilters): Promise<VintageCurve[]> {
  const firstVintage = addMonths(filters.to, -11);
  const values: unknown[] = [firstVintage, filters.to];
  const clauses: string[] = [];
  const add = (clause: (placeholder: string) => string, value: unknown) => {
    values.push(value);
    clauses.push(clause(`$${values.length}`));
  };
  if (filters.agencyIds !== undefined) add((p) => `"agencyId" = ANY(${p}::int[])`, filters.agencyIds);
  if (filters.product !== undefined) add((p) => `product = ${p}`, filters.product);
  if (filters.dpdBucket !== undefined) add((p) => `"dpdBucket" = ${p}`, filters.dpdBucket);
  const segment = clauses.map((clause) => ` AND ${clause}`).join("");
  const placedBy = splitPrefix(filters.to, "through");
  const pool = getPool();
  // Both from small aggregates (MetricPlacementMonthly and Daily, MetricVintageMonth): a vintage's placements are the ones
  // placed in its month up to the period's end; its collections need no such cut, since a point is shown only once
  // every placement of the vintage has completed that many months by the period's end.
  const [balances, collections, agencies] = await Promise.all([
    // Whole months from MetricPlacementMonthly, the days of a month the period's end cuts from MetricPlacementDaily.
    pool.query<{ agencyId: number; vintage: string; balance: string }>(
      `SELECT "agencyId", to_char(at, 'YYYY-MM') AS vintage, sum(balance)::text AS balance FROM (
         SELECT "agencyId", month AS at, "placedAccounts" AS accounts, "placedBalance" AS balance
         FROM "MetricPlacementMonthly" WHERE month >= $1::date AND month < $${values.length + 1}::date${segment}
         UNION ALL
         SELECT "agencyId", day, "placedAccounts", "placedBalance"
         FROM "MetricPlacementDaily" WHERE day = ANY($${values.length + 2}::date[]) AND day <= $2::date${segment}
       ) placements GROUP BY 1, 2 HAVING sum(accounts) > 0`,
      [...values, placedBy.monthsBefore, placedBy.days],
    ),
    pool.query<{ agencyId: number; vintage: string; monthsSince: number; collected: string }>(
      `SELECT "agencyId", to_char(vintage, 'YYYY-MM') AS vintage, "monthsSince", sum(collected)::text AS collected
       FROM "MetricVintageMonth" WHERE vintage >= $1::date AND vintage <= $2::date${segment} GROUP BY 1, 2, 3`,
      values,
    ),
    listMetricAgencies(filters.agencyIds),
  ]);
  const codeOf = new Map(agencies.map((agency) => [agency.id, agency.code]));
  const collectedBy = new Map<string, Map<number, number>>();
  for (const row of collections.rows) {
    const key = `${row.agencyId}:${row.vintage}`;
    let byMonth = collectedBy.get(key);
    if (!byMonth) collectedBy.set(key, (byMonth = new Map()));
    byMonth.set(row.monthsSince, Number(row.collected));
  }
  const dayAfterPeriod = addDays(filters.to, 1);
  const curves: VintageCurve[] = balances.rows.map((row) => {
    const placedBalance = Number(row.balance);
    // The vintage's last placement day plus k months must lie on or before the day after the period's end.
    const months = completeMonthsBetween(lastOfMonth(`${row.vintage}-01`), dayAfterPeriod);
    const byMonth = collectedBy.get(`${row.agencyId}:${row.vintage}`) ?? new Map<number, number>();
    const points: VintageCurve["points"] = [];
    let cumulative = 0;
    for (let month = 1; month <= months; month++) {
      cumulative += byMonth.get(month) ?? 0;
      points.push({ monthsSincePlacement: month, cumulativeRecoveryRate: placedBalance > 0 ? Math.round((cumulative / placedBalance) * 1e6) / 1e6 : 0 });
    }
    return { agencyId: row.agencyId, agencyCode: codeOf.get(row.agencyId) ?? String(row.agencyId), vintage: row.vintage, placedBalance: Math.round(placedBalance * 100) / 100, points };
  });
  return curves.sort((left, right) => left.agencyCode.localeCompare(right.agencyCode) || left.vintage.localeCompare(right.vintage));
}
