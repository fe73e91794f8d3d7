import { DateTime } from "luxon";
import { listAgencyChoices } from "~/agencies/agencies.server";
import type { SessionUser } from "~/auth/session.server";
import { scopeAgency } from "~/auth/guards.server";
import { getPrisma } from "~/db/client.server";
import { getSetting } from "~/settings/settings.server";
import { MetricFiltersError, parseMetricFilters, type ParsedMetricFilters } from "./metric-filters";
import { chooseMoneyBasis, type MoneyBasisChoice } from "./money-basis";
import { getMetricDataRange } from "./query-metrics.server";
import { hasLedgerInPeriod } from "./query-reconciled-money.server";

export type ResolvedMetricFilters = ParsedMetricFilters;

/** Today in the lender's reporting time zone. */
export async function reportingToday(): Promise<string> {
  const zone = await getSetting("lender.timeZone");
  return DateTime.now().setZone(zone).toISODate() ?? new Date().toISOString().slice(0, 10);
}

/**
 * The filters of a dashboard request, ready for the query functions: the default period (the last full month
 * with data, see parseMetricFilters), agency codes turned into ids (an unknown code is an error, not "all"), and an
 * AGENCY user's filter forced to their own agency whatever the URL says (asking for another is a 403).
 */
export async function resolveMetricFilters(
  params: URLSearchParams,
  scope: { user: SessionUser } | { agencyId?: number },
  options: { defaultMonths?: number; today?: string; dataRange?: { first: string; last: string } | null } = {},
): Promise<ResolvedMetricFilters> {
  // A caller that has read today and the data's range already passes them (one page, one read of each).
  const [today, dataRange] = await Promise.all([options.today ?? reportingToday(), options.dataRange !== undefined ? options.dataRange : getMetricDataRange()]);
  const filters = parseMetricFilters(params, { defaultMonths: options.defaultMonths, today, dataRange });
  let agencyIds: number[] | undefined;
  if (filters.agencyCodes.length > 0) {
    const agencies = await listAgencyChoices({ codes: filters.agencyCodes });
    const unknown = filters.agencyCodes.filter((code) => !agencies.some((agency) => agency.code === code));
    if (unknown.length > 0) {
      throw new MetricFiltersError([{ code: "custom", path: ["agency"], message: `metrics.filters.unknownAgency:${unknown.join(",")}`, input: unknown } as never]);
    }
    agencyIds = agencies.map((agency) => agency.id);
  }
  if ("user" in scope) {
    const own = scopeAgency(scope.user, agencyIds?.length === 1 ? agencyIds[0] : undefined);
    if (own !== undefined) {
      if (agencyIds !== undefined && agencyIds.some((id) => id !== own)) scopeAgency(scope.user, agencyIds.find((id) => id !== own));
      agencyIds = [own];
    }
  } else if (scope.agencyId !== undefined) {
    agencyIds = [scope.agencyId];
  }
  if (filters.agentId !== undefined && agencyIds !== undefined) {
    const agent = await getPrisma().agent.findUnique({ where: { id: filters.agentId }, select: { agencyId: true } });
    // An agent of another agency under an agency filter would show nothing; for an AGENCY user it must not show anything of theirs either.
    if (!agent || !agencyIds.includes(agent.agencyId)) throw new MetricFiltersError([{ code: "custom", path: ["agent"], message: "metrics.filters.unknownAgent", input: filters.agentId } as never]);
  }
  const resolved: ResolvedMetricFilters = { ...filters };
  if (agencyIds !== undefined) resolved.agencyIds = agencyIds;
  return resolved;
}

/**
 * The filters with the money basis the dashboards show (ADR 044): the URL's, else reconciled once the lender's ledger
 * has an entry in the period and reported otherwise; with the reason, which the page states.
 */
export async function resolveMoneyBasis<F extends ResolvedMetricFilters>(filters: F): Promise<{ filters: F & { basis: NonNullable<F["basis"]> }; choice: MoneyBasisChoice }> {
  const choice = chooseMoneyBasis(filters.basis, await hasLedgerInPeriod(filters));
  return { filters: { ...filters, basis: choice.basis }, choice };
}
