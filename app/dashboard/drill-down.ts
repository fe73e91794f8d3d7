import { filtersToSearchParams, lastOfMonth } from "~/metrics/metric-filters";
import type { DpdBucket } from "~/metrics/metric-types";
import type { MoneyBasis } from "~/metrics/money-basis";

// Where a click on a chart leads: the grid behind the figure, filtered the same way (same period, product and DPD
// bucket), narrowed to what was clicked. The URLs use the dashboards' own parameters, so the grid reads them with
// the same parser and a copied link shows the same rows.

export type DrillDownContext = { from: string; to: string; product?: string; dpdBucket?: DpdBucket; basis?: MoneyBasis };

function withContext(context: DrillDownContext, agencyCodes: readonly string[]): URLSearchParams {
  return filtersToSearchParams({ from: context.from, to: context.to, product: context.product, dpdBucket: context.dpdBucket, agencyCodes });
}

/**
 * A month's bar of one agency → that agency's cases; the period narrows to the month when one was clicked. A
 * collections bar opens them sorted by what was collected, largest first, so the cases behind the bar come first.
 */
export function casesDrillDownUrl(context: DrillDownContext, agencyCode: string, month?: string, options: { sortByCollected?: boolean } = {}): string {
  const narrowed = month ? narrowToMonth(context, month) : context;
  const params = withContext(narrowed, [agencyCode]);
  if (options.sortByCollected) {
    params.set("sort", "collected");
    params.set("dir", "desc");
  }
  return `/cases?${params.toString()}`;
}

/**
 * A rule's bar → the violations grid for that rule (and agency, on an agency page; and agent, on an agent page),
 * showing what the bar counted: every status but DISMISSED.
 */
export function violationsDrillDownUrl(context: DrillDownContext, ruleCode: string, scope: { agencyCode?: string; agentExternalId?: string } = {}): string {
  const params = withContext(context, scope.agencyCode ? [scope.agencyCode] : []);
  params.set("rule", ruleCode);
  params.set("status", "COUNTED");
  if (scope.agentExternalId) params.set("agent", scope.agentExternalId);
  return `/violations?${params.toString()}`;
}

/** A vintage curve → the agency's placements of that placement month (YYYY-MM), in the chart's segment. */
export function vintageDrillDownUrl(context: DrillDownContext, agencyCode: string, vintage: string): string {
  const params = filtersToSearchParams({ from: `${vintage}-01`, to: lastOfMonth(`${vintage}-01`), product: context.product, dpdBucket: context.dpdBucket, agencyCodes: [agencyCode] });
  params.set("vintage", vintage);
  return `/cases?${params.toString()}`;
}

/** A month's complaints bar of an agency → its complaints received that month (within the period). */
export function complaintsDrillDownUrl(context: DrillDownContext, agencyCode: string, month?: string): string {
  const narrowed = month ? narrowToMonth(context, month) : context;
  return `/complaints?${withContext(narrowed, [agencyCode]).toString()}`;
}

/** Another dashboard page: the money basis goes along (the grids behind the figures have none). */
function dashboardContext(context: DrillDownContext): URLSearchParams {
  const params = withContext(context, []);
  if (context.basis !== undefined) params.set("basis", context.basis);
  return params;
}

export function agencyPageUrl(context: DrillDownContext, agencyCode: string): string {
  return `/agencies/${encodeURIComponent(agencyCode)}?${dashboardContext(context).toString()}`;
}

export function agentPageUrl(context: DrillDownContext, agencyCode: string, agentId: number): string {
  return `/agencies/${encodeURIComponent(agencyCode)}/agents/${agentId}?${dashboardContext(context).toString()}`;
}

/** An unreconciled amount → the reconciliation page of that agency and month (YYYY-MM), its exceptions (ADR 038). */
export function reconciliationUrl(agencyCode: string, month: string): string {
  return `/reconciliation?${new URLSearchParams({ agency: agencyCode, month }).toString()}`;
}

/** The intersection of the period with one month (YYYY-MM): a bar never widens the period it was drawn for. */
export function narrowToMonth(context: DrillDownContext, month: string): DrillDownContext {
  const monthStart = `${month}-01`;
  const [year, monthNumber] = month.split("-").map(Number) as [number, number];
  const monthEnd = new Date(Date.UTC(year, monthNumber, 0)).toISOString().slice(0, 10);
  return { ...context, from: context.from > monthStart ? context.from : monthStart, to: context.to < monthEnd ? context.to : monthEnd };
}

/**
 * An agency's violation rate on the agencies-at-risk panel or its bar → the violations that rate counted (every
 * status but DISMISSED), HIGH only when the HIGH rate was clicked.
 */
export function agencyViolationsDrillDownUrl(context: DrillDownContext, agencyCode: string, severity?: "HIGH"): string {
  const params = withContext(context, [agencyCode]);
  if (severity) params.set("severity", severity);
  params.set("status", "COUNTED");
  return `/violations?${params.toString()}`;
}

/** The executive KPI tiles that open a grid: the tile's figure is what the grid lists (or sums) for the same filters. */
export const kpiDrillDownMetrics = ["placedBalance", "collected", "recoveryRate", "netBack", "complaints", "openHighViolations"] as const;
export type KpiDrillDownMetric = (typeof kpiDrillDownMetrics)[number];

/**
 * A KPI tile → its grid. The violations and complaints grids filter one agency at a time, so with several agencies
 * chosen their tiles have no link (the grid would list other agencies' rows too); the cases grid takes any number.
 */
export function kpiDrillDownUrl(context: DrillDownContext & { agencyCodes: readonly string[] }, metric: string): string | null {
  if (metric === "placedBalance" || metric === "collected" || metric === "recoveryRate" || metric === "netBack") return `/cases?${withContext(context, context.agencyCodes).toString()}`;
  if (context.agencyCodes.length > 1) return null;
  if (metric === "complaints") return `/complaints?${withContext(context, context.agencyCodes).toString()}`;
  if (metric === "openHighViolations") {
    const params = withContext(context, context.agencyCodes);
    params.set("severity", "HIGH");
    params.set("status", "OPEN");
    return `/violations?${params.toString()}`;
  }
  return null;
}

/** What the findings list is filtered to from an agency's counts: a status, or the open or overdue ones. */
export type FindingsListFilter = "OPEN" | "OVERDUE" | "ESCALATED";

/** An agency's findings count → the findings list for that agency (open, overdue or escalated ones). */
export function findingsListUrl(agencyCode: string, status?: FindingsListFilter): string {
  const params = new URLSearchParams({ agency: agencyCode });
  if (status === "OVERDUE") params.set("overdue", "1");
  else if (status) params.set("status", status);
  return `/findings?${params.toString()}`;
}
