import { Link } from "@remix-run/react";
import { useMemo, useState } from "react";
import type { ColDef, ICellRendererParams, IDatasource } from "ag-grid-community";
import type { ComplaintStatus, Severity } from "~/generated/prisma/enums";
import type { ComplaintBlock, ComplaintGridRow } from "~/complaints/query-complaints.server";
import { useI18n, type I18n } from "~/i18n/i18n-context";
import { useGridModules } from "./load-grid";
import { severityTone } from "./violations-grid";
import { Badge } from "./ui";

function SeverityCell({ value }: ICellRendererParams<ComplaintGridRow, Severity>) {
  const i18n = useI18n();
  return value ? <Badge tone={severityTone(value)}>{i18n.tEnum("severity", value)}</Badge> : null;
}

function StatusCell({ value }: ICellRendererParams<ComplaintGridRow, ComplaintStatus>) {
  const i18n = useI18n();
  if (!value) return null;
  return <Badge tone={value === "UPHELD" ? "bad" : value === "OPEN" || value === "INVESTIGATING" ? "warn" : "neutral"}>{i18n.tEnum("complaintStatus", value)}</Badge>;
}

function AccountCell({ data }: ICellRendererParams<ComplaintGridRow>) {
  const i18n = useI18n();
  if (!data) return null;
  if (!data.accountNumber) return <span className="text-slate-400">{i18n.t("common.none")}</span>;
  return (
    <Link to={`/cases/${encodeURIComponent(data.accountNumber)}`} className="font-mono text-xs text-brand-600 hover:underline">
      {data.accountNumber}
    </Link>
  );
}

function columnsFor(i18n: I18n): ColDef<ComplaintGridRow>[] {
  const { t } = i18n;
  return [
    { headerName: t("complaints.receivedAt"), colId: "receivedAt", field: "receivedAt", sort: "desc", minWidth: 150, flex: 1.2, valueFormatter: ({ data }) => (data ? i18n.dateTime(data.receivedAt, data.timeZone ?? undefined) : "") },
    { headerName: t("complaints.reference"), colId: "complaintRef", field: "complaintRef", minWidth: 140, flex: 1.2 },
    { headerName: t("complaints.source"), colId: "source", field: "source", minWidth: 110, flex: 1, valueFormatter: ({ value }) => i18n.tEnum("complaintSource", value as string) },
    { headerName: t("complaints.category"), colId: "category", field: "category", minWidth: 140, flex: 1.2 },
    { headerName: t("complaints.severity"), colId: "severity", field: "severity", minWidth: 100, flex: 0.8, cellRenderer: SeverityCell },
    { headerName: t("common.status"), colId: "status", field: "status", minWidth: 120, flex: 1, cellRenderer: StatusCell },
    { headerName: t("common.agency"), colId: "agencyCode", field: "agencyCode", minWidth: 90, flex: 0.8, valueFormatter: ({ value }) => (value as string | null) ?? t("common.none") },
    { headerName: t("complaints.agent"), colId: "agentExternalId", field: "agentExternalId", sortable: false, minWidth: 90, flex: 0.8, valueFormatter: ({ value }) => (value as string | null) ?? t("common.none") },
    { headerName: t("complaints.account"), colId: "accountNumber", field: "accountNumber", minWidth: 130, flex: 1.1, cellRenderer: AccountCell },
    { headerName: t("complaints.description"), colId: "description", field: "description", sortable: false, minWidth: 220, flex: 2.4, tooltipField: "description" },
  ];
}

function datasourceFor(filterQuery: string, onBlock: (block: ComplaintBlock, startRow: number) => void, onError: () => void): IDatasource {
  return {
    getRows: (params) => {
      const search = new URLSearchParams(filterQuery);
      search.set("startRow", String(params.startRow));
      search.set("endRow", String(params.endRow));
      const sort = params.sortModel[0];
      if (sort) search.set("sort", `${sort.colId}:${sort.sort}`);
      fetch(`/complaints/rows?${search.toString()}`, { headers: { accept: "application/json" } })
        .then(async (response) => {
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          const block = (await response.json()) as ComplaintBlock;
          onBlock(block, params.startRow);
          params.successCallback(block.rows, block.lastRow ?? undefined);
        })
        .catch(() => {
          onError();
          params.failCallback();
        });
    },
  };
}

/** Complaints with server-side paging, sorting and filtering; rows with an account link to the case. */
export function ComplaintsGrid({ filterQuery }: { filterQuery: string }) {
  const i18n = useI18n();
  const modules = useGridModules();
  const [count, setCount] = useState<{ total: number; capped: boolean } | null>(null);
  const [failed, setFailed] = useState(false);
  const columnDefs = useMemo(() => columnsFor(i18n), [i18n]);
  const datasource = useMemo(
    () =>
      datasourceFor(
        filterQuery,
        (block, startRow) => {
          setFailed(false);
          if (startRow === 0 && block.total !== null) setCount({ total: block.total, capped: block.countCapped });
        },
        () => setFailed(true),
      ),
    [filterQuery],
  );
  return (
    <div className="space-y-2" data-testid="complaints">
      <span className="text-xs text-slate-500" data-testid="complaints-count">
        {count
          ? i18n.t(count.capped ? "complaints.countAtLeast" : "complaints.count", { count: i18n.number(count.total) })
          : i18n.t("violations.grid.loading")}
      </span>
      {failed ? <p className="text-sm text-red-700" role="alert">{i18n.t("complaints.grid.error")}</p> : null}
      {modules ? (
        <div data-testid="complaints-grid" style={{ height: 560 }}>
          <modules.AgGridReact<ComplaintGridRow>
            theme={modules.theme}
            rowModelType="infinite"
            datasource={datasource}
            cacheBlockSize={100}
            maxBlocksInCache={20}
            columnDefs={columnDefs}
            defaultColDef={{ sortable: true, resizable: true }}
            getRowId={({ data }) => String(data.id)}
            localeText={{ noRowsToShow: i18n.t("complaints.none"), loadingOoo: i18n.t("violations.grid.loading") }}
            tooltipShowDelay={300}
          />
        </div>
      ) : (
        <div className="h-[560px] animate-pulse rounded-lg border border-slate-200 bg-slate-50" aria-busy="true">
          <span className="sr-only">{i18n.t("violations.grid.loading")}</span>
        </div>
      )}
    </div>
  );
}
