// The complaints grid's parameters parsed with zod and turned into SQL fragments; as for violations, column names
// and directions come only from whitelists and every value is a bind parameter.
import { z } from "zod";
import { ComplaintSource, ComplaintStatus, Severity } from "~/generated/prisma/enums";
import { dpdBuckets } from "~/metrics/metric-types";
import { MAX_BLOCK, type SortDirection } from "~/violations/violation-grid-query";

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : typeof value === "string" ? value.trim() : value);
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "validation.date")
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), "validation.date");

export const complaintFiltersSchema = z.object({
  source: z.preprocess(blankToUndefined, z.enum(ComplaintSource).optional()),
  category: z.preprocess(blankToUndefined, z.string().max(64).optional()),
  severity: z.preprocess(blankToUndefined, z.enum(Severity).optional()),
  status: z.preprocess(blankToUndefined, z.enum(ComplaintStatus).optional()),
  agency: z.preprocess(blankToUndefined, z.string().regex(/^[A-Za-z0-9_-]{2,32}$/, "validation.agencyCode").optional()),
  from: z.preprocess(blankToUndefined, day.optional()),
  to: z.preprocess(blankToUndefined, day.optional()),
  /** The dashboards' segment filters, so a chart's drill-down lists what the chart counted. */
  product: z.preprocess(blankToUndefined, z.string().max(60).optional()),
  dpd: z.preprocess(blankToUndefined, z.enum(dpdBuckets).optional()),
});

export type ComplaintFilters = z.infer<typeof complaintFiltersSchema>;
export const complaintFilterNames = ["source", "category", "severity", "status", "agency", "from", "to", "product", "dpd"] as const satisfies readonly (keyof ComplaintFilters)[];

export const complaintSortColumns = {
  receivedAt: `c."receivedAt"`,
  complaintRef: `c."complaintRef"`,
  source: `c.source`,
  category: `c.category`,
  severity: `c.severity`,
  status: `c.status`,
  agencyCode: `a.code`,
  accountNumber: `acc."accountNumber"`,
} as const;
export type ComplaintSortColumn = keyof typeof complaintSortColumns;
export type ComplaintSort = { column: ComplaintSortColumn; direction: SortDirection };

export const complaintBlockSchema = z
  .object({
    startRow: z.coerce.number().int().min(0).max(10_000_000),
    endRow: z.coerce.number().int().min(1).max(10_000_000 + MAX_BLOCK),
    sort: z.preprocess(
      (value) => (value === "" || value == null ? undefined : value),
      z
        .string()
        .regex(/^[A-Za-z]+:(asc|desc)$/)
        .refine((value) => (value.split(":")[0] ?? "") in complaintSortColumns, "validation.invalidChoice")
        .optional(),
    ),
  })
  .refine((block) => block.endRow > block.startRow && block.endRow - block.startRow <= MAX_BLOCK, { message: "validation.invalidFormat", path: ["endRow"] });

export function parseComplaintSort(value: string | undefined): ComplaintSort {
  const [column, direction] = (value ?? "").split(":");
  if (!column || !(column in complaintSortColumns) || (direction !== "asc" && direction !== "desc")) return { column: "receivedAt", direction: "desc" };
  return { column: column as ComplaintSortColumn, direction };
}

export function parseComplaintFilters(params: URLSearchParams) {
  return complaintFiltersSchema.safeParse(Object.fromEntries(complaintFilterNames.map((name) => [name, params.get(name) ?? undefined])));
}

/**
 * WHERE conditions over `c` (Complaint) and `a` (its agency, LEFT JOINed: complaints without an agency exist).
 * Days are the lender's reporting days (`timeZone`), as the complaint counts of the dashboards and reports; an
 * agency scope excludes complaints without an agency.
 */
export function complaintWhere(filters: ComplaintFilters, scope: { agencyId?: number; timeZone: string }): { clauses: string[]; values: unknown[] } {
  const values: unknown[] = [];
  const bind = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const clauses: string[] = [];
  if (scope.agencyId !== undefined) clauses.push(`c."agencyId" = ${bind(scope.agencyId)}::int`);
  if (filters.agency) clauses.push(`a.code = ${bind(filters.agency.toUpperCase())}`);
  if (filters.source) clauses.push(`c.source = ${bind(filters.source)}::"ComplaintSource"`);
  if (filters.category) clauses.push(`c.category = ${bind(filters.category)}`);
  if (filters.severity) clauses.push(`c.severity = ${bind(filters.severity)}::"Severity"`);
  if (filters.status) clauses.push(`c.status = ${bind(filters.status)}::"ComplaintStatus"`);
  const zone = filters.from || filters.to || filters.product || filters.dpd ? bind(scope.timeZone) : null;
  if (filters.from) clauses.push(`c."receivedAt" >= (${bind(filters.from)}::date::timestamp AT TIME ZONE ${zone}::text)`);
  if (filters.to) clauses.push(`c."receivedAt" < ((${bind(filters.to)}::date + 1)::timestamp AT TIME ZONE ${zone}::text)`);
  if (filters.product || filters.dpd) {
    // The complaint's segment, as the metric roll-ups store it with its day (account 0: complaints naming none).
    const segment = [...(filters.product ? [`f.product = ${bind(filters.product)}`] : []), ...(filters.dpd ? [`f."dpdBucket" = ${bind(filters.dpd)}`] : [])];
    clauses.push(
      `EXISTS (SELECT 1 FROM "MetricAccountDay" f WHERE f."accountId" = coalesce(c."accountId", 0) AND f."agencyId" = c."agencyId" AND f."agentId" = coalesce(c."agentId", 0)
         AND f.day = (c."receivedAt" AT TIME ZONE ${zone}::text)::date AND ${segment.join(" AND ")})`,
    );
  }
  return { clauses, values };
}

export function complaintOrderBy(sort: ComplaintSort): string {
  const direction = sort.direction === "asc" ? "ASC" : "DESC";
  if (sort.column === "receivedAt") return `c."receivedAt" ${direction}, c.id ${direction}`;
  return `${complaintSortColumns[sort.column]} ${direction} ${sort.direction === "asc" ? "NULLS FIRST" : "NULLS LAST"}, c."receivedAt" DESC, c.id DESC`;
}
