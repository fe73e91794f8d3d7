import { Link } from "@remix-run/react";
import { useMemo } from "react";
import type { ColDef, ICellRendererParams } from "ag-grid-community";
import type { RecallDueRow } from "~/placements/recall-due";
import { ServerGrid } from "~/grid/server-grid";
import { useServerGrid } from "~/grid/use-server-grid";
import { useI18n, type I18n } from "~/i18n/i18n-context";
import { Badge } from "./ui";

function AccountCell({ data }: ICellRendererParams<RecallDueRow>) {
  if (!data) return null;
  return (
    <Link to={`/cases/${encodeURIComponent(data.accountNumber)}`} className="font-medium text-brand-600 hover:underline" data-testid="recall-case-link">
      {data.accountNumber}
    </Link>
  );
}

function ReasonsCell({ data }: ICellRendererParams<RecallDueRow>) {
  const i18n = useI18n();
  if (!data) return null;
  return (
    <span className="flex flex-wrap gap-1">
      {data.reasons.map((reason) => (
        <Badge key={reason} tone={reason === "PAID_IN_FULL" ? "good" : reason === "REJECTED" ? "bad" : "warn"}>
          {i18n.tEnum("recalls.reason", reason)}
        </Badge>
      ))}
    </span>
  );
}

function columnsFor(i18n: I18n): ColDef<RecallDueRow>[] {
  const { t } = i18n;
  const day = ({ value }: { value: unknown }) => (typeof value === "string" ? i18n.date(value) : "");
  const money = ({ value, data }: { value: unknown; data?: RecallDueRow }) => (typeof value === "string" && data ? i18n.money(value, data.currency) : "");
  return [
    { headerName: t("recalls.col.account"), colId: "accountNumber", field: "accountNumber", minWidth: 170, flex: 1.2, cellRenderer: AccountCell },
    { headerName: t("recalls.col.agency"), colId: "agencyCode", field: "agencyCode", minWidth: 90, flex: 0.7 },
    { headerName: t("recalls.col.placedAt"), colId: "placedAt", field: "placedAt", sort: "asc", minWidth: 110, flex: 0.8, valueFormatter: day },
    { headerName: t("recalls.col.termEndsOn"), colId: "termEndsOn", field: "termEndsOn", minWidth: 110, flex: 0.8, valueFormatter: day },
    { headerName: t("recalls.col.placedBalance"), colId: "placedBalance", field: "placedBalance", type: "rightAligned", minWidth: 120, flex: 0.9, valueFormatter: money },
    { headerName: t("recalls.col.collected"), colId: "collected", field: "collected", type: "rightAligned", minWidth: 120, flex: 0.9, valueFormatter: money },
    { headerName: t("recalls.col.lastWorkedOn"), colId: "lastWorkedOn", field: "lastWorkedOn", minWidth: 110, flex: 0.8, valueFormatter: day },
    { headerName: t("recalls.col.idleDays"), colId: "idleDays", field: "idleDays", type: "rightAligned", minWidth: 100, flex: 0.7 },
    {
      headerName: t("recalls.col.acknowledgment"),
      colId: "acknowledgment",
      sortable: false,
      minWidth: 160,
      flex: 1.2,
      valueGetter: ({ data }) => (data?.acknowledgment ? [i18n.tEnum("acknowledgmentStatus", data.acknowledgment), data.acknowledgmentReason].filter(Boolean).join(" · ") : ""),
    },
    { headerName: t("recalls.col.reasons"), colId: "reasons", sortable: false, minWidth: 200, flex: 1.5, cellRenderer: ReasonsCell },
    { headerName: t("recalls.col.recallReason"), colId: "recallReason", sortable: false, minWidth: 130, flex: 1, valueGetter: ({ data }) => (data ? i18n.tEnum("recallReason", data.recallReason) : "") },
  ];
}

/** Placements due for recall with server-side paging and sorting; each account opens its case. */
export function RecallsGrid({ filterQuery }: { filterQuery: string }) {
  const i18n = useI18n();
  const grid = useServerGrid<RecallDueRow>("/recalls/rows", filterQuery);
  const columnDefs = useMemo(() => columnsFor(i18n), [i18n]);
  return (
    <ServerGrid<RecallDueRow>
      grid={grid}
      testId="recalls"
      height={560}
      columnDefs={columnDefs}
      getRowId={({ data }) => String(data.placementId)}
      labels={{
        loading: i18n.t("violations.grid.loading"),
        error: i18n.t("recalls.grid.error"),
        noRows: i18n.t("recalls.empty"),
        count: (count) => i18n.t("recalls.grid.count", { count: i18n.number(count.total) }),
      }}
    />
  );
}
