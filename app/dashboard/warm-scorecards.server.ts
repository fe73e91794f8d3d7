// The recovery index bootstraps every account of every agency (hundreds of milliseconds to seconds on a large
// portfolio), so the periods the dashboards open with are computed as soon as placements or payments change — after
// an import's stages, a full re-evaluation, the demo load, a server start — and kept (MetricRecoveryIndex) for every
// process to read. Other filters are computed on first use and kept the same way. The pages' figures as the pages
// open them (default filters) are computed then too, for the data generation just reached (ADR 040).
import { listAgencyChoices } from "~/agencies/agencies.server";
import { currentTime } from "~/clock/clock.server";
import { computeRecoveryIndex } from "~/metrics/get-agency-scorecards.server";
import { addDays, defaultPeriod } from "~/metrics/metric-filters";
import { reportingToday, resolveMetricFilters, resolveMoneyBasis } from "~/metrics/metric-filters.server";
import { getMetricDataRange } from "~/metrics/query-metrics.server";
import { DASHBOARD_DEFAULT_MONTHS } from "./dashboard-context.server";
import { getAgenciesFigures, getAgencyPageFigures, getAgencyPlacementFigures, getDashboardFigures } from "./page-figures.server";
import { periodPresets, presetRange } from "./period-presets";

/** Computes (or finds current) the recovery index of every preset period; returns how many periods it covered. */
export async function warmScorecards(): Promise<number> {
  const [dataRange, today] = await Promise.all([getMetricDataRange(), reportingToday()]);
  if (!dataRange) return 0;
  // The same anchor the filter bar's presets count back from (dashboard-context.server.ts), which makes the
  // dashboards' default period one of them.
  const anchor = addDays(defaultPeriod({ today, months: 1, dataRange }).to, 1);
  for (const preset of periodPresets) await computeRecoveryIndex(presetRange(preset, anchor));
  return periodPresets.length;
}

/** Agencies whose own pages are precomputed after a change (the first ones by code). */
export const MAX_AGENCIES_WARMED = 12;

/**
 * The figures of the pages as they open without a filter, at the current data generation: the executive dashboard
 * and the agencies grid for the lender's staff, every agency's page, and each agency's own dashboard and page as its
 * users see them, with its placements card. Returns how many pages' figures it computed or found current.
 */
export async function warmDefaultFigures(): Promise<number> {
  const [dataRange, today] = await Promise.all([getMetricDataRange(), reportingToday()]);
  if (!dataRange) return 0;
  const now = currentTime();
  // With the basis the pages open with (reconciled once a ledger covers the period), since the figures are kept per basis.
  const defaults = async (agencyId?: number) => (await resolveMoneyBasis(await resolveMetricFilters(new URLSearchParams(), { agencyId }, { defaultMonths: DASHBOARD_DEFAULT_MONTHS, today, dataRange }))).filters;
  const lenderFilters = await defaults();
  await getDashboardFigures("lender", lenderFilters, now);
  await getAgenciesFigures("lender", lenderFilters);
  let pages = 2;
  // Bounded: a lender works with a handful to a few dozen agencies; past that the rest are computed on first use,
  // so that one import's stages never spend minutes warming pages nobody may open.
  for (const agency of (await listAgencyChoices()).slice(0, MAX_AGENCIES_WARMED)) {
    const filters = { ...(await defaults(agency.id)), agencyIds: [agency.id] as [number] };
    await getAgencyPageFigures("lender", filters, now);
    await getAgencyPageFigures({ agencyId: agency.id }, filters, now);
    await getDashboardFigures({ agencyId: agency.id }, filters, now);
    await getAgencyPlacementFigures(agency.id, now);
    pages += 3;
  }
  return pages;
}

/** warmScorecards and warmDefaultFigures for callers that must not fail because of them: a problem is logged, never thrown. */
export async function warmScorecardsQuietly(context: string): Promise<void> {
  try {
    await warmScorecards();
    await warmDefaultFigures();
  } catch (error) {
    console.error(`[metrics] could not precompute the recovery indexes and the pages' figures after ${context}`, error);
  }
}
