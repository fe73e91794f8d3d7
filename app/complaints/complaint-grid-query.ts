// The complaints grid's parameters (see app/grid/) parsed with zod and turned into SQL fragments; column names and
// directions come only from whitelists and every value is a bind parameter.
import { z } from "zod";
import { ComplaintCorroboration, ComplaintOutcome, ComplaintSource, ComplaintStatus, Severity } from "~/generated/prisma/enums";
import { blockSchema, gridFilter, parseGridFilters, parseGridSort, sqlBinder, type GridSort } from "~/grid/grid-query";

export const complaintFiltersSchema = z.object({
  source: gridFilter.choice(ComplaintSource),
  category: gridFilter.text(64),
  severity: gridFilter.choice(Severity),
  status: gridFilter.choice(ComplaintStatus),
  outcome: gridFilter.choice(ComplaintOutcome),
  /** What the agency's own log says (corroboration.ts). */
  corroboration: gridFilter.choice(ComplaintCorroboration),
  agency: gridFilter.agencyCode(),
  from: gridFilter.day(),
  to: gridFilter.day(),
  /** The dashboards' segment filters, so a chart's drill-down lists what the chart counted. */
  product: gridFilter.text(60),
  dpd: gridFilter.dpdBucket(),
});

export type ComplaintFilters = z.infer<typeof complaintFiltersSchema>;
export const complaintFilterNames = ["source", "category", "severity", "status", "outcome", "corroboration", "agency", "from", "to", "product", "dpd"] as const satisfies readonly (keyof ComplaintFilters)[];

export const complaintSortColumns = {
  receivedAt: `c."receivedAt"`,
  complaintRef: `c."complaintRef"`,
  source: `c.source`,
  category: `c.category`,
  severity: `c.severity`,
  status: `c.status`,
  outcome: `c.outcome`,
  corroboration: `c.corroboration`,
  agencyCode: `a.code`,
  accountNumber: `acc."accountNumber"`,
} as const;
export type ComplaintSortColumn = keyof typeof complaintSortColumns;
export type ComplaintSort = GridSort<ComplaintSortColumn>;

export const complaintBlockSchema = blockSchema(complaintSortColumns);

export function parseComplaintSort(value: string | undefined): ComplaintSort {
  return parseGridSort(value, complaintSortColumns, { column: "receivedAt", direction: "desc" });
}

export function parseComplaintFilters(params: URLSearchParams) {
  return parseGridFilters(complaintFiltersSchema, complaintFilterNames, params);
}

/**
 * WHERE conditions over `c` (Complaint) and `a` (its agency, LEFT JOINed: complaints without an agency exist).
 * Days are the lender's reporting days (`timeZone`), as the complaint counts of the dashboards and reports; an
 * agency scope excludes complaints without an agency.
 */
export function complaintWhere(filters: ComplaintFilters, scope: { agencyId?: number; timeZone: string }): { clauses: string[]; values: unknown[] } {
  const { values, bind } = sqlBinder();
  const clauses: string[] = [];
  if (scope.agencyId !== undefined) clauses.push(`c."agencyId" = ${bind(scope.agencyId)}::int`);
  if (filters.agency) clauses.push(`a.code = ${bind(filters.agency.toUpperCase())}`);
  if (filters.source) clauses.push(`c.source = ${bind(filters.source)}::"ComplaintSource"`);
  if (filters.category) clauses.push(`c.category = ${bind(filters.category)}`);
  if (filters.severity) clauses.push(`c.severity = ${bind(filters.severity)}::"Severity"`);
  if (filters.status) clauses.push(`c.status = ${bind(filters.status)}::"ComplaintStatus"`);
  if (filters.outcome) clauses.push(`c.outcome = ${bind(filters.outcome)}::"ComplaintOutcome"`);
  if (filters.corroboration) clauses.push(`c.corroboration = ${bind(filters.corroboration)}::"ComplaintCorroboration"`);
  const zone = filters.from || filters.to || filters.product || filters.dpd ? bind(scope.timeZone) : null;
  if (filters.from) clauses.push(`c."receivedAt" >= (${bind(filters.from)}::date::timestamp AT TIME ZONE ${zone}::text)`);
  if (filters.to) clauses.push(`c."receivedAt" < ((${bind(filters.to)}::date + 1)::timestamp AT TIME ZONE ${zone}::text)`);
  if (filters.product || filters.dpd) {
    // The complaint's segment, as the metric roll-ups store it with its day (account 0: complaints naming none).
    const segment = [...(filters.product ? [`f.product = ${bind(filters.product)}`] : []), ...(filters.dpd ? [`f."dpdBucket" = ${bind(filters.dpd)}`] : [])];
    // Not correlated: a Citus cluster refuses a correlated subquery beside Complaint, a reference table (ADR 049).
    // PostgreSQL makes the same semi-join of it as of the EXISTS it replaced.
    clauses.push(
      `(coalesce(c."accountId", 0), c."agencyId", coalesce(c."agentId", 0), (c."receivedAt" AT TIME ZONE ${zone}::text)::date) IN
         (SELECT f."accountId", f."agencyId", f."agentId", f.day FROM "MetricAccountDay" f WHERE ${segment.join(" AND ")})`,
    );
  }
  return { clauses, values };
}

export function complaintOrderBy(sort: ComplaintSort): string {
  const direction = sort.direction === "asc" ? "ASC" : "DESC";
  if (sort.column === "receivedAt") return `c."receivedAt" ${direction}, c.id ${direction}`;
  return `${complaintSortColumns[sort.column]} ${direction} ${sort.direction === "asc" ? "NULLS FIRST" : "NULLS LAST"}, c."receivedAt" DESC, c.id DESC`;
}
