// The due-for-recall grid's parameters (see app/grid/): the page URL's filters and the sort whitelist, parsed with zod.
// Open placements due for recall are read and classified in JavaScript (recall-due.server.ts), so the whitelist names
// row fields, never SQL.
import { z } from "zod";
import { blockSchema, gridFilter, parseGridFilters, parseGridSort, type GridSort } from "~/grid/grid-query";
import { dueReasons, type DueReason } from "./recall-due";

export const recallDueFiltersSchema = z.object({
  agency: gridFilter.agencyCode(),
  reason: gridFilter.choice(Object.fromEntries(dueReasons.map((reason) => [reason, reason])) as { [R in DueReason]: R }),
});
export type RecallDueFilters = z.infer<typeof recallDueFiltersSchema>;
export const recallDueFilterNames = ["agency", "reason"] as const satisfies readonly (keyof RecallDueFilters)[];

export const recallDueSortColumns = {
  accountNumber: "accountNumber",
  agencyCode: "agencyCode",
  placedAt: "placedAt",
  termEndsOn: "termEndsOn",
  placedBalance: "placedBalance",
  collected: "collected",
  lastWorkedOn: "lastWorkedOn",
  idleDays: "idleDays",
} as const;
export type RecallDueSortColumn = keyof typeof recallDueSortColumns;
export type RecallDueSort = GridSort<RecallDueSortColumn>;

export const recallDueBlockSchema = blockSchema(recallDueSortColumns);

export function parseRecallDueSort(value: string | undefined): RecallDueSort {
  return parseGridSort(value, recallDueSortColumns, { column: "placedAt", direction: "asc" });
}

export function parseRecallDueFilters(params: URLSearchParams) {
  return parseGridFilters(recallDueFiltersSchema, recallDueFilterNames, params);
}
