import type { SessionUser } from "~/auth/session.server";
import { scopeAgency } from "~/auth/guards.server";
import { addDays, defaultPeriod, MetricFiltersError } from "~/metrics/metric-filters";
import { reportingToday, resolveMetricFilters, resolveMoneyBasis, type ResolvedMetricFilters } from "~/metrics/metric-filters.server";
import type { MoneyBasis, MoneyBasisChoice } from "~/metrics/money-basis";
import { getMetricDataRange } from "~/metrics/query-metrics.server";
import { getSetting } from "~/settings/settings.server";
import { listFilterOptions, type FilterOptions } from "./list-filter-options.server";

// What every dashboard page (executive, agencies, agency, agent) needs besides its own figures: the resolved
// filters, the filter bar's choices and preset anchor, and the currency amounts are shown in.

export const DASHBOARD_DEFAULT_MONTHS = 6;

export type DashboardContext =
  | { state: "noData"; options: FilterOptions }
  | { state: "invalidFilters"; options: FilterOptions; message: string }
  | { state: "ready"; filters: ResolvedMetricFilters & { basis: MoneyBasis }; basis: MoneyBasisChoice; options: FilterOptions; currency: string; presetAnchor: string; agencyFixed: boolean };

export async function loadDashboardContext(user: SessionUser, searchParams: URLSearchParams, scope: { agencyId?: number } = {}): Promise<DashboardContext> {
  const ownAgency = scopeAgency(user);
  const [dataRange, options, currency, today] = await Promise.all([getMetricDataRange(), listFilterOptions({ agencyId: ownAgency }), getSetting("imports.defaultCurrency"), reportingToday()]);
  if (!dataRange) return { state: "noData", options };
  let filters: ResolvedMetricFilters;
  try {
    // A page of one agency scopes to it (its route has already checked the user may see it).
    filters = await resolveMetricFilters(searchParams, scope.agencyId !== undefined && ownAgency === undefined ? { agencyId: scope.agencyId } : { user }, { defaultMonths: DASHBOARD_DEFAULT_MONTHS, today, dataRange });
  } catch (error) {
    if (error instanceof MetricFiltersError) return { state: "invalidFilters", options, message: error.message };
    throw error;
  }
  // Presets count back from the month after the latest full month with data, so "last month" is never empty
  // just because the data stops before today.
  const presetAnchor = addDays(defaultPeriod({ today, months: 1, dataRange }).to, 1);
  const withBasis = await resolveMoneyBasis(filters);
  return { state: "ready", filters: withBasis.filters, basis: withBasis.choice, options, currency, presetAnchor, agencyFixed: ownAgency !== undefined };
}

/** The serialisable part of the filters a page echoes back to its filter bar and drill-down links. */
export function filterValues(filters: ResolvedMetricFilters, basis?: MoneyBasisChoice) {
  // The basis only when the URL chose it: a default follows the period (a link keeps "the default", not its value).
  return { from: filters.from, to: filters.to, agencyCodes: filters.agencyCodes, product: filters.product, dpdBucket: filters.dpdBucket, basis: basis?.reason === "requested" ? basis.basis : undefined };
}
