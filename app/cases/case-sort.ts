// How the cases grid may be sorted, shared by the grid (client) and the query (server).

export const caseSortColumns = ["placedAt", "placedBalance", "accountNumber", "agencyCode", "collected", "violations", "lastContactAt"] as const;
export type CaseSortColumn = (typeof caseSortColumns)[number];
export type CaseSort = { column: CaseSortColumn; direction: "asc" | "desc" };

export const defaultCaseSort: CaseSort = { column: "placedAt", direction: "desc" };

/** The sort a page URL asks for (`sort`, `dir`), so a drill-down can open the cases sorted; the default otherwise. */
export function caseSortFromQuery(query: string | URLSearchParams): CaseSort {
  const params = typeof query === "string" ? new URLSearchParams(query) : query;
  const column = params.get("sort");
  const direction = params.get("dir") === "asc" ? "asc" : "desc";
  return column && (caseSortColumns as readonly string[]).includes(column) ? { column: column as CaseSortColumn, direction } : defaultCaseSort;
}

/** The query with the sort set (the default sort is left out, so plain links stay plain). */
export function withCaseSort(query: string, sort: CaseSort): string {
  const params = new URLSearchParams(query);
  params.delete("sort");
  params.delete("dir");
  if (sort.column !== defaultCaseSort.column || sort.direction !== defaultCaseSort.direction) {
    params.set("sort", sort.column);
    params.set("dir", sort.direction);
  }
  return params.toString();
}
