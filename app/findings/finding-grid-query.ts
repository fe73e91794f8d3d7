// The findings grid's parameters (see app/grid/): the page URL's filters and the sort whitelist, parsed with zod.
// Findings are few (thousands a year), so the domain reads them with Prisma and decides "overdue" in JavaScript
// (listFindings); the sort whitelist maps each column to a Prisma order, never to text from the request.
import { z } from "zod";
import type { Prisma } from "~/generated/prisma/client";
import { blockSchema, gridFilter, parseGridFilters, parseGridSort, type GridSort } from "~/grid/grid-query";
import { findingStatuses } from "./finding-state";

const yes = z.preprocess((value) => (value === "" || value == null ? undefined : value), z.enum(["1"]).optional());

/** A status, or OPEN: issued and not closed (what the agencies grid and agency page count as open). */
export const findingStatusFilters = ["OPEN", ...findingStatuses] as const;
export type FindingStatusFilter = (typeof findingStatusFilters)[number];

export const findingFiltersSchema = z.object({
  status: gridFilter.choice(Object.fromEntries(findingStatusFilters.map((status) => [status, status])) as { [S in FindingStatusFilter]: S }),
  agency: gridFilter.agencyCode(),
  rule: z.preprocess((value) => (typeof value === "string" ? value.trim().toUpperCase() || undefined : value), z.string().regex(/^[A-Z0-9_]{1,64}$/, "validation.invalidChoice").optional()),
  /** "1": only findings whose answer or an accepted plan's action is past its due day today. */
  overdue: yes,
  /** "1": only repeat findings (same agency and rule within 12 months of an earlier one). */
  repeat: yes,
});

export type FindingFilters = z.infer<typeof findingFiltersSchema>;
export const findingFilterNames = ["status", "agency", "rule", "overdue", "repeat"] as const satisfies readonly (keyof FindingFilters)[];

export const findingSortColumns = {
  id: "id",
  title: "title",
  agencyCode: "agencyCode",
  severity: "severity",
  status: "status",
  responseDueOn: "responseDueOn",
  violationCount: "violationCount",
  issuedAt: "issuedAt",
} as const;
export type FindingSortColumn = keyof typeof findingSortColumns;
export type FindingSort = GridSort<FindingSortColumn>;

export const findingBlockSchema = blockSchema(findingSortColumns);

export function parseFindingSort(value: string | undefined): FindingSort {
  return parseGridSort(value, findingSortColumns, { column: "id", direction: "desc" });
}

export function parseFindingFilters(params: URLSearchParams) {
  return parseGridFilters(findingFiltersSchema, findingFilterNames, params);
}

/** The Prisma order of a sort; ties broken by id so pages never overlap. */
export function findingOrderBy(sort: FindingSort): Prisma.FindingOrderByWithRelationInput[] {
  const direction = sort.direction;
  const nulls = { sort: direction, nulls: "last" } as const;
  const primary: Record<FindingSortColumn, Prisma.FindingOrderByWithRelationInput> = {
    id: { id: direction },
    title: { title: direction },
    agencyCode: { agency: { code: direction } },
    severity: { severity: direction },
    status: { status: direction },
    responseDueOn: { responseDueOn: nulls },
    violationCount: { violations: { _count: direction } },
    issuedAt: { issuedAt: nulls },
  };
  return sort.column === "id" ? [primary.id] : [primary[sort.column], { id: "desc" }];
}
