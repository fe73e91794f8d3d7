// The reconciliation page's parameters (see app/grid/): the page URL's filters (agency, month, status) and the sort
// whitelist, parsed with zod. One agency-month of items is read and ordered in JavaScript, so the whitelist names row
// fields, never SQL.
import { z } from "zod";
import { blockSchema, gridFilter, parseGridFilters, parseGridSort, type GridSort } from "~/grid/grid-query";
import { reconciliationStatuses, type ReconciliationStatus } from "./reconcile";

/** Status filter: blank is every exception (all but MATCHED), ALL is every item. */
export const reconciliationStatusFilters = [...reconciliationStatuses, "ALL"] as const;
export type ReconciliationStatusFilter = (typeof reconciliationStatusFilters)[number];

export const reconciliationFiltersSchema = z.object({
  agency: gridFilter.agencyCode(),
  month: z.preprocess((value) => (typeof value === "string" && value.trim() !== "" ? value.trim() : undefined), z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "validation.invalidFormat").optional()),
  status: gridFilter.choice(Object.fromEntries(reconciliationStatusFilters.map((status) => [status, status])) as { [S in ReconciliationStatusFilter]: S }),
});
export type ReconciliationFilters = z.infer<typeof reconciliationFiltersSchema>;
export const reconciliationFilterNames = ["agency", "month", "status"] as const satisfies readonly (keyof ReconciliationFilters)[];

export const reconciliationSortColumns = {
  day: "day",
  agencyCode: "agencyCode",
  accountNumber: "accountNumber",
  status: "status",
  amount: "amount",
  difference: "difference",
} as const;
export type ReconciliationSortColumn = keyof typeof reconciliationSortColumns;
export type ReconciliationSort = GridSort<ReconciliationSortColumn>;

export const reconciliationBlockSchema = blockSchema(reconciliationSortColumns);

export function parseReconciliationSort(value: string | undefined): ReconciliationSort {
  return parseGridSort(value, reconciliationSortColumns, { column: "difference", direction: "desc" });
}

export function parseReconciliationFilters(params: URLSearchParams) {
  return parseGridFilters(reconciliationFiltersSchema, reconciliationFilterNames, params);
}

/** A page row: a stored item plus what the lender is short (reported minus received; negative when it got more). */
export type ReconciliationRow = {
  id: string;
  status: ReconciliationStatus;
  rule: string;
  agencyCode: string;
  accountNumber: string;
  agencyEventId: string | null;
  ledgerRefs: string[];
  day: string;
  reportedAmount: string | null;
  receivedAmount: string | null;
  amount: string;
  difference: string;
  currency: string;
};

/** Fixed-point money strings to integer cents (exact; amounts carry at most two decimals). */
export function centsOfMoney(amount: string | null): bigint {
  if (amount === null) return 0n;
  const negative = amount.startsWith("-");
  const [whole = "0", fraction = ""] = amount.replace("-", "").split(".");
  const cents = BigInt(whole) * 100n + BigInt((fraction + "00").slice(0, 2));
  return negative ? -cents : cents;
}

export function moneyOfCents(cents: bigint): string {
  const negative = cents < 0n;
  const absolute = negative ? -cents : cents;
  return `${negative ? "-" : ""}${absolute / 100n}.${(absolute % 100n).toString().padStart(2, "0")}`;
}

/** Rows in the grid's order; ties by day then id so paging is stable. */
export function sortReconciliationRows(rows: readonly ReconciliationRow[], sort: ReconciliationSort): ReconciliationRow[] {
  const sign = sort.direction === "asc" ? 1 : -1;
  const compare = (a: ReconciliationRow, b: ReconciliationRow): number => {
    switch (sort.column) {
      case "amount":
      case "difference": {
        const left = centsOfMoney(a[sort.column]);
        const right = centsOfMoney(b[sort.column]);
        return left === right ? 0 : left < right ? -1 : 1;
      }
      default:
        return a[sort.column].localeCompare(b[sort.column]);
    }
  };
  return [...rows].sort((a, b) => sign * compare(a, b) || a.day.localeCompare(b.day) || a.id.localeCompare(b.id, undefined, { numeric: true }));
}
