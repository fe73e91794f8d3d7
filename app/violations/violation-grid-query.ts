// The violations grid's parameters (the page URL's filters, AG Grid's block and sort; see app/grid/) parsed with zod
// and turned into SQL fragments. Everything user-supplied becomes a bind parameter; column names and directions only
// ever come from the whitelists below, so no input reaches the SQL text.
import { z } from "zod";
import { Severity, ViolationStatus } from "~/generated/prisma/enums";
import { blockSchema, gridFilter, likePrefix, parseGridFilters, parseGridSort, sqlBinder, type GridSort } from "~/grid/grid-query";

/** Beyond the three statuses: "COUNTED", the ones the figures count (every status but DISMISSED). */
export const violationStatusFilters = { ...ViolationStatus, COUNTED: "COUNTED" } as const;

export const violationFiltersSchema = z.object({
  rule: z.preprocess((value) => (value === "" ? undefined : value), z.string().regex(/^[A-Z0-9_]{1,64}$/, "validation.invalidChoice").optional()),
  severity: gridFilter.choice(Severity),
  status: gridFilter.choice(violationStatusFilters),
  agency: gridFilter.agencyCode(),
  agent: gridFilter.text(64),
  from: gridFilter.day(),
  to: gridFilter.day(),
  account: gridFilter.text(100),
  /** The dashboards' segment filters, so a chart's drill-down lists what the chart counted. */
  product: gridFilter.text(60),
  dpd: gridFilter.dpdBucket(),
});

export type ViolationFilters = z.infer<typeof violationFiltersSchema>;

export const violationFilterNames = ["rule", "severity", "status", "agency", "agent", "from", "to", "account", "product", "dpd"] as const satisfies readonly (keyof ViolationFilters)[];

/** Grid columns that can be sorted, and the SQL each sorts by (aliases of the grid query). */
export const violationSortColumns = {
  occurredAt: `v."occurredAt"`,
  ruleCode: `v."ruleCode"`,
  severity: `v.severity`,
  status: `v.status`,
  agencyCode: `a.code`,
  agentExternalId: `agt."externalId"`,
  accountNumber: `acc."accountNumber"`,
  reviewedAt: `v."reviewedAt"`,
} as const;

export type ViolationSortColumn = keyof typeof violationSortColumns;
export type ViolationSort = GridSort<ViolationSortColumn>;

export const defaultViolationSort: ViolationSort = { column: "occurredAt", direction: "desc" };

export const violationBlockSchema = blockSchema(violationSortColumns, {
  /**
   * Keyset cursor for time-ordered paging: the trigger time and id of the row just before startRow, which the
   * grid knows when it scrolls block by block. With it the page is read after the cursor instead of skipping
   * startRow rows, so deep pages cost what the first one does.
   */
  after: z.preprocess(
    (value) => (value === "" || value == null ? undefined : value),
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z,\d{1,19}$/)
      .transform((value) => {
        const [occurredAt = "", id = ""] = value.split(",");
        return { occurredAt, id };
      })
      .optional(),
  ),
});

export type ViolationCursor = { occurredAt: string; id: string };

export function parseSort(value: string | undefined): ViolationSort {
  return parseGridSort(value, violationSortColumns, defaultViolationSort);
}

/** The page URL's search params as filters; invalid values are reported, not silently dropped. */
export function parseViolationFilters(params: URLSearchParams) {
  return parseGridFilters(violationFiltersSchema, violationFilterNames, params);
}

export type SqlFragments = {
  /** Conditions on the agency row `a` (scope, agency code). */
  agencyClauses: string[];
  /** Conditions on the violation row `v` (may use `a`). */
  violationClauses: string[];
  values: unknown[];
};

/**
 * WHERE conditions for the filters, numbered from $1. Days are the lender's reporting days (`timeZone`), as in every
 * figure and report, so a day filter is a plain range on the trigger time that the (agencyId, occurredAt) index
 * serves agency by agency. Product and days-past-due bucket are the violation's segment: that of its account with
 * its agency that month, as the metric roll-ups store it.
 */
export function violationWhere(filters: ViolationFilters, scope: { agencyId?: number; timeZone: string }): SqlFragments {
  const { values, bind } = sqlBinder();
  const agencyClauses: string[] = [];
  const violationClauses: string[] = [];
  if (scope.agencyId !== undefined) agencyClauses.push(`a.id = ${bind(scope.agencyId)}::int`);
  if (filters.agency) agencyClauses.push(`a.code = ${bind(filters.agency.toUpperCase())}`);
  if (filters.rule) violationClauses.push(`v."ruleCode" = ${bind(filters.rule)}`);
  if (filters.severity) violationClauses.push(`v.severity = ${bind(filters.severity)}::"Severity"`);
  if (filters.status === "COUNTED") violationClauses.push(`v.status <> 'DISMISSED'`);
  else if (filters.status) violationClauses.push(`v.status = ${bind(filters.status)}::"ViolationStatus"`);
  const zone = filters.from || filters.to || filters.dpd || filters.product ? bind(scope.timeZone) : null;
  if (filters.from) violationClauses.push(`v."occurredAt" >= (${bind(filters.from)}::date::timestamp AT TIME ZONE ${zone}::text)`);
  if (filters.to) violationClauses.push(`v."occurredAt" < ((${bind(filters.to)}::date + 1)::timestamp AT TIME ZONE ${zone}::text)`);
  if (filters.agent) violationClauses.push(`v."agentId" IN (SELECT g.id FROM "Agent" g WHERE g."agencyId" = a.id AND g."externalId" = ${bind(filters.agent)})`);
  if (filters.account) violationClauses.push(`v."accountId" IN (SELECT c.id FROM "Account" c WHERE c."accountNumber" LIKE ${bind(likePrefix(filters.account))})`);
  if (filters.product || filters.dpd) {
    const segment = [
      ...(filters.product ? [`f.product = ${bind(filters.product)}`] : []),
      ...(filters.dpd ? [`f."dpdBucket" = ${bind(filters.dpd)}`] : []),
    ];
    violationClauses.push(
      `EXISTS (SELECT 1 FROM "MetricAccountDay" f WHERE f."accountId" = v."accountId" AND f."agencyId" = v."agencyId" AND f."agentId" = coalesce(v."agentId", 0)
         AND f.day = (v."occurredAt" AT TIME ZONE ${zone}::text)::date AND ${segment.join(" AND ")})`,
    );
  }
  return { agencyClauses, violationClauses, values };
}

/** ORDER BY for a sort, always ending in the trigger time and id so pages are stable. */
export function violationOrderBy(sort: ViolationSort): string {
  const direction = sort.direction === "asc" ? "ASC" : "DESC";
  if (sort.column === "occurredAt") return `v."occurredAt" ${direction}, v.id ${direction}`;
  const nulls = sort.direction === "asc" ? "NULLS FIRST" : "NULLS LAST";
  return `${violationSortColumns[sort.column]} ${direction} ${nulls}, v."occurredAt" DESC, v.id DESC`;
}
