import { Link } from "@remix-run/react";
import { useMemo } from "react";
import type { ColDef, ICellRendererParams } from "ag-grid-community";
import type { ReconciliationRow } from "~/reconciliation/reconciliation-grid-query";
import { ServerGrid } from "~/grid/server-grid";
import { useServerGrid } from "~/grid/use-server-grid";
import { useI18n, type I18n } from "~/i18n/i18n-context";
import { Badge } from "./ui";

function AccountCell({ data }: ICellRendererParams<ReconciliationRow>) {
  if (!data) return null;
  return (
    <Link to={`/cases/${encodeURIComponent(data.accountNumber)}`} className="font-medium text-brand-600 hover:underline" data-testid="reconciliation-case-link">
      {data.accountNumber}
    </Link>
  );
}

function StatusCell({ data }: ICellRendererParams<ReconciliationRow>) {
  const i18n = useI18n();
  if (!data) return null;
  const tone = data.status === "MATCHED" ? "good" : data.status === "LATE_REMITTANCE" || data.status === "RECEIVED_NOT_REPORTED" ? "warn" : "bad";
  return <Badge tone={tone}>{i18n.tEnum("reconciliation.status", data.status)}</Badge>;
}

function columnsFor(i18n: I18n): ColDef<ReconciliationRow>[] {
  const { t } = i18n;
  const day = ({ value }: { value: unknown }) => (typeof value === "string" ? i18n.date(value) : "");
  const money = ({ value, data }: { value: unknown; data?: ReconciliationRow }) => (typeof value === "string" && data ? i18n.money(value, data.currency) : "");
  return [
    { headerName: t("reconciliation.col.account"), colId: "accountNumber", field: "accountNumber", minWidth: 170, flex: 1.2, cellRenderer: AccountCell },
    { headerName: t("reconciliation.col.agency"), colId: "agencyCode", field: "agencyCode", minWidth: 90, flex: 0.7 },
    { headerName: t("reconciliation.col.day"), colId: "day", field: "day", minWidth: 110, flex: 0.8, valueFormatter: day },
    { headerName: t("reconciliation.col.status"), colId: "status", field: "status", minWidth: 150, flex: 1, cellRenderer: StatusCell },
    {
      headerName: t("reconciliation.col.rule"),
      colId: "rule",
      sortable: false,
      minWidth: 200,
      flex: 1.5,
      valueGetter: ({ data }) => (data ? i18n.tEnum("reconciliation.rule", data.rule) : ""),
      tooltipValueGetter: ({ data }) => (data ? i18n.tEnum("reconciliation.rule", data.rule) : ""),
    },
    { headerName: t("reconciliation.col.eventId"), colId: "agencyEventId", field: "agencyEventId", sortable: false, minWidth: 120, flex: 0.9 },
    { headerName: t("reconciliation.col.ledgerRefs"), colId: "ledgerRefs", sortable: false, minWidth: 140, flex: 1, valueGetter: ({ data }) => data?.ledgerRefs.join(", ") ?? "" },
    { headerName: t("reconciliation.col.reported"), colId: "amount", field: "reportedAmount", type: "rightAligned", minWidth: 120, flex: 0.9, valueFormatter: money },
    { headerName: t("reconciliation.col.received"), colId: "receivedAmount", field: "receivedAmount", sortable: false, type: "rightAligned", minWidth: 120, flex: 0.9, valueFormatter: money },
    { headerName: t("reconciliation.col.difference"), colId: "difference", field: "difference", sort: "desc", type: "rightAligned", minWidth: 120, flex: 0.9, valueFormatter: money },
  ];
}

/** One agency-month's reconciliation items with server-side paging and sorting; each account opens its case. */
export function ReconciliationGrid({ filterQuery }: { filterQuery: string }) {
  const i18n = useI18n();
  const grid = useServerGrid<ReconciliationRow>("/reconciliation/rows", filterQuery);
  const columnDefs = useMemo(() => columnsFor(i18n), [i18n]);
  return (
    <ServerGrid<ReconciliationRow>
      grid={grid}
      testId="reconciliation"
      height={520}
      columnDefs={columnDefs}
      getRowId={({ data }) => data.id}
      labels={{
        loading: i18n.t("violations.grid.loading"),
        error: i18n.t("reconciliation.grid.error"),
        noRows: i18n.t("reconciliation.empty"),
        count: (count) => i18n.t("reconciliation.grid.count", { count: i18n.number(count.total) }),
      }}
    />
  );
}
