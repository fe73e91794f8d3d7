// The violations grid's parameters (the page URL's filters, AG Grid's block and sort) parsed with zod and turned
// into SQL fragments. Everything user-supplied becomes a bind parameter; column names and directions only ever
// come from the whitelists below, so no input reaches the SQL text.
import { z } from "zod";
import { Severity, ViolationStatus } from "~/generated/prisma/enums";
import { dpdBuckets, type DpdBucket } from "~/metrics/metric-types";

const optionalText = (max: number) =>
  z.preprocess((value) => (typeof value === "string" && value.trim() !== "" ? value.trim() : undefined), z.string().max(max).optional());
const optionalDay = z.preprocess(
  (value) => (typeof value === "string" && value.trim() !== "" ? value.trim() : undefined),
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "validation.date")
    .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), "validation.date")
    .optional(),
);
const optionalEnum = <T extends Record<string, string>>(values: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), z.enum(values).optional());

/** Beyond the three statuses: "COUNTED", the ones the figures count (every status but DISMISSED). */
export const violationStatusFilters = { ...ViolationStatus, COUNTED: "COUNTED" } as const;

export const violationFiltersSchema = z.object({
  rule: z.preprocess((value) => (value === "" ? undefined : value), z.string().regex(/^[A-Z0-9_]{1,64}$/, "validation.invalidChoice").optional()),
  severity: optionalEnum(Severity),
  status: optionalEnum(violationStatusFilters),
  agency: z.preprocess((value) => (value === "" ? undefined : value), z.string().regex(/^[A-Za-z0-9_-]{2,32}$/, "validation.agencyCode").optional()),
  agent: optionalText(64),
  from: optionalDay,
  to: optionalDay,
  account: optionalText(100),
  /** The dashboards' segment filters, so a chart's drill-down lists what the chart counted. */
  product: optionalText(60),
  dpd: optionalEnum(Object.fromEntries(dpdBuckets.map((bucket) => [bucket, bucket])) as Record<DpdBucket, DpdBucket>),
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
export type SortDirection = "asc" | "desc";
export type ViolationSort = { column: ViolationSortColumn; direction: SortDirection };

export const defaultViolationSort: ViolationSort = { column: "occurredAt", direction: "desc" };

/** At most this many rows per request: one AG Grid block, with room to spare. */
export const MAX_BLOCK = 500;

export const violationBlockSchema = z
  .object({
    startRow: z.coerce.number().int().min(0).max(10_000_000),
    endRow: z.coerce.number().int().min(1).max(10_000_000 + MAX_BLOCK),
    /** AG Grid's first sort model entry as "column:direction". */
    sort: z.preprocess(
      (value) => (value === "" || value == null ? undefined : value),
      z
        .string()
        .regex(/^[A-Za-z]+:(asc|desc)$/)
        .refine((value) => (value.split(":")[0] ?? "") in violationSortColumns, "validation.invalidChoice")
        .optional(),
    ),
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
  })
  .refine((block) => block.endRow > block.startRow && block.endRow - block.startRow <= MAX_BLOCK, { message: "validation.invalidFormat", path: ["endRow"] });

export type ViolationCursor = { occurredAt: string; id: string };

export function parseSort(value: string | undefined): ViolationSort {
  if (!value) return defaultViolationSort;
  const [column, direction] = value.split(":");
  if (!column || !(column in violationSortColumns) || (direction !== "asc" && direction !== "desc")) return defaultViolationSort;
  return { column: column as ViolationSortColumn, direction };
}

/** The page URL's search params as filters; invalid values are reported, not silently dropped. */
export function parseViolationFilters(params: URLSearchParams) {
  return violationFiltersSchema.safeParse(Object.fromEntries(violationFilterNames.map((name) => [name, params.get(name) ?? undefined])));
}

/** LIKE pattern matching values that start with `prefix`, with LIKE's own wildcards taken literally. */
export function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
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
  const values: unknown[] = [];
  const bind = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
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

export const and = (clauses: readonly string[]) => (clauses.length === 0 ? "TRUE" : clauses.join(" AND "));
