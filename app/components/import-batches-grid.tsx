import { Link } from "@remix-run/react";
import { useMemo, useState } from "react";
import type { ColDef, ICellRendererParams } from "ag-grid-community";
import { batchOutcome, batchWarningKey, type BatchCounts, type BatchOutcomeState } from "~/ingest/ui/batch-outcome";
import type { ImportBatchRow } from "~/ingest/ui/import-batches.server";
import { useI18n, type I18n } from "~/i18n/i18n-context";
import { useGridModules } from "./load-grid";
import { Badge, inputClassName } from "./ui";

const outcomeTones: Record<BatchOutcomeState, "good" | "bad" | "warn" | "neutral"> = { QUEUED: "neutral", RUNNING: "neutral", COMMITTED: "good", WARNING: "warn", FAILED: "bad" };

/** A batch's status as its sender should read it (batchOutcome): a commit that imported nothing is a warning. */
export function ImportStatusBadge({ batch }: { batch: BatchCounts }) {
  const i18n = useI18n();
  const outcome = batchOutcome(batch);
  return (
    <span title={outcome.warning ? i18n.t(batchWarningKey(outcome.warning.code), outcome.warning) : undefined} data-outcome={outcome.state}>
      <Badge tone={outcomeTones[outcome.state]}>{i18n.tEnum("importStatus", outcome.state)}</Badge>
    </span>
  );
}

function StatusCell({ data }: ICellRendererParams<ImportBatchRow>) {
  return data ? <ImportStatusBadge batch={data} /> : null;
}

function BatchLinkCell({ data, value }: ICellRendererParams<ImportBatchRow>) {
  if (!data) return null;
  return (
    <Link to={`/imports/${data.id}`} className="font-medium text-brand-600 hover:underline">
      {String(value ?? data.id)}
    </Link>
  );
}

function gridLocaleText(i18n: I18n): Record<string, string> {
  const { t } = i18n;
  return {
    page: t("imports.grid.page"),
    of: t("imports.grid.of"),
    to: t("imports.grid.to"),
    more: t("imports.grid.more"),
    firstPage: t("imports.grid.firstPage"),
    previousPage: t("imports.grid.previousPage"),
    nextPage: t("imports.grid.nextPage"),
    lastPage: t("imports.grid.lastPage"),
    pageSizeSelectorLabel: t("imports.grid.pageSize"),
    ariaPageSizeSelectorLabel: t("imports.grid.pageSize"),
    noRowsToShow: t("imports.none"),
    loadingOoo: t("imports.grid.loading"),
  };
}

function columnsFor(i18n: I18n): ColDef<ImportBatchRow>[] {
  const { t } = i18n;
  const count = (header: string, field: keyof ImportBatchRow): ColDef<ImportBatchRow> => ({
    headerName: header,
    field,
    type: "numericColumn",
    flex: 0.9,
    minWidth: 84,
    valueFormatter: ({ value }) => i18n.number(value as number),
  });
  return [
    { headerName: "#", field: "id", flex: 0.6, minWidth: 60, sort: "desc", cellRenderer: BatchLinkCell },
    { headerName: t("common.createdAt"), field: "createdAt", flex: 1.4, minWidth: 130, valueFormatter: ({ value }) => i18n.dateTime(value as string) },
    { headerName: t("imports.kind"), field: "kind", flex: 1, minWidth: 90, valueFormatter: ({ value }) => i18n.tEnum("importKind", value as string) },
    { headerName: t("common.agency"), field: "agencyCode", flex: 1, minWidth: 84, valueFormatter: ({ value }) => (value as string | null) ?? t("imports.grid.lender") },
    { headerName: t("imports.file"), field: "fileName", flex: 2, minWidth: 140, tooltipField: "fileName" },
    { headerName: t("common.status"), field: "status", flex: 1, minWidth: 104, cellRenderer: StatusCell },
    {
      headerName: t("imports.grid.processed"),
      colId: "processed",
      type: "numericColumn",
      flex: 1.1,
      minWidth: 108,
      valueGetter: ({ data }) => data?.processedRows ?? 0,
      valueFormatter: ({ data }) => (data ? `${i18n.number(data.processedRows)} / ${data.status === "COMMITTED" || data.status === "FAILED" ? i18n.number(data.totalRows) : "…"}` : ""),
    },
    count(t("imports.accepted"), "acceptedRows"),
    count(t("imports.duplicates"), "duplicateRows"),
    count(t("imports.grid.updated"), "updatedRows"),
    {
      ...count(t("imports.rejected"), "rejectedRows"),
      cellClass: ({ value }) => ((value as number) > 0 ? "text-red-700 font-semibold" : ""),
    },
    { headerName: "", colId: "open", flex: 0.6, minWidth: 60, sortable: false, valueGetter: () => t("imports.grid.open"), cellRenderer: BatchLinkCell },
  ];
}

/** The batch history: newest first, searchable, paged; each row links to its batch page. */
export function ImportBatchesGrid({ rows }: { rows: ImportBatchRow[] }) {
  const i18n = useI18n();
  const modules = useGridModules();
  const [search, setSearch] = useState("");
  const columnDefs = useMemo(() => columnsFor(i18n), [i18n]);
  const localeText = useMemo(() => gridLocaleText(i18n), [i18n]);

  return (
    <div className="space-y-3" data-testid="import-batches">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <input
          type="search"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          placeholder={i18n.t("imports.grid.search")}
          aria-label={i18n.t("imports.grid.search")}
          className={`${inputClassName} max-w-xs`}
        />
        <span className="text-xs text-slate-500">{i18n.t("imports.grid.count", { count: i18n.number(rows.length) })}</span>
      </div>
      {modules ? (
        <div data-testid="import-batches-grid">
          <modules.AgGridReact<ImportBatchRow>
            theme={modules.theme}
            rowData={rows}
            columnDefs={columnDefs}
            defaultColDef={{ sortable: true, resizable: true }}
            getRowId={({ data }) => String(data.id)}
            quickFilterText={search}
            localeText={localeText}
            domLayout="autoHeight"
            pagination
            paginationPageSize={20}
            paginationPageSizeSelector={[20, 50, 100]}
            tooltipShowDelay={300}
          />
        </div>
      ) : (
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white" aria-busy="true" data-testid="import-batches-placeholder">
          <div className="h-10 border-b border-slate-200 bg-slate-50" />
          {Array.from({ length: Math.min(Math.max(rows.length, 3), 8) }, (_, index) => (
            <div key={index} className="flex h-10 items-center gap-4 border-b border-slate-100 px-4 last:border-0">
              <div className="h-3 w-10 animate-pulse rounded bg-slate-200" />
              <div className="h-3 w-32 animate-pulse rounded bg-slate-100" />
              <div className="h-3 flex-1 animate-pulse rounded bg-slate-100" />
              <div className="h-3 w-16 animate-pulse rounded bg-slate-200" />
            </div>
          ))}
          <span className="sr-only">{i18n.t("imports.grid.loading")}</span>
        </div>
      )}
    </div>
  );
}
