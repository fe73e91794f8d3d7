import { Link } from "@remix-run/react";
import { useEffect, useMemo, useRef, useState } from "react";
import type { ColDef, GridApi, GridReadyEvent, ICellRendererParams, IDatasource } from "ag-grid-community";
import type { Severity, ViolationStatus } from "~/generated/prisma/enums";
import { useI18n, type I18n } from "~/i18n/i18n-context";
import { explanationFormatFor, renderViolationExplanation, ruleName } from "~/violations/render-explanation";
import type { ViolationBlock, ViolationGridRow } from "~/violations/query-violations.server";
import { useGridModules } from "./load-grid";
import { Badge } from "./ui";

export function severityTone(severity: Severity): "bad" | "warn" | "neutral" {
  return severity === "HIGH" ? "bad" : severity === "MEDIUM" ? "warn" : "neutral";
}

/** OPEN is amber: it still waits for someone, which is not good news. */
export function violationStatusTone(status: ViolationStatus): "bad" | "warn" | "neutral" {
  return status === "CONFIRMED" ? "bad" : status === "DISMISSED" ? "neutral" : "warn";
}

/** The zone's short name at that instant in the reader's language (GMT+8, EST/EDT…), so a local time says whose it is. */
export function zoneLabel(isoInstant: string, timeZone: string, locale: string): string {
  try {
    const parts = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: "short" }).formatToParts(new Date(isoInstant));
    return parts.find((part) => part.type === "timeZoneName")?.value ?? timeZone;
  } catch {
    return timeZone;
  }
}

function SeverityCell({ value }: ICellRendererParams<ViolationGridRow, Severity>) {
  const i18n = useI18n();
  return value ? <Badge tone={severityTone(value)}>{i18n.tEnum("severity", value)}</Badge> : null;
}

function StatusCell({ value }: ICellRendererParams<ViolationGridRow, ViolationStatus>) {
  const i18n = useI18n();
  return value ? <Badge tone={violationStatusTone(value)}>{i18n.tEnum("violationStatus", value)}</Badge> : null;
}

function AccountCell({ data }: ICellRendererParams<ViolationGridRow>) {
  if (!data) return null;
  return (
    <Link to={`/cases/${encodeURIComponent(data.accountNumber)}?violation=${data.id}#violation-${data.id}`} className="font-mono text-xs text-brand-600 hover:underline" data-testid="violation-case-link">
      {data.accountNumber}
    </Link>
  );
}

function columnsFor(i18n: I18n): ColDef<ViolationGridRow>[] {
  const { t } = i18n;
  const format = explanationFormatFor(i18n.locale);
  const explain = (row: ViolationGridRow | undefined) => (row ? renderViolationExplanation(row.explanation, t, format) : "");
  const review = (row: ViolationGridRow | undefined) =>
    row?.reviewedAt ? `${t("violations.reviewedOn", { name: row.reviewedByName ?? t("common.none"), date: i18n.dateTime(row.reviewedAt) })} · ${row.reviewNote ?? ""}` : "";
  return [
    {
      headerName: t("violations.localTime"),
      colId: "occurredAt",
      field: "occurredAt",
      sort: "desc",
      minWidth: 210,
      flex: 1.3,
      // The debtor's local time, with its zone: two rows of one agency may be in different zones.
      valueFormatter: ({ data }) => (data ? `${i18n.dateTime(data.occurredAt, data.timeZone)} ${zoneLabel(data.occurredAt, data.timeZone, i18n.locale)}` : ""),
      tooltipValueGetter: ({ data }) => data?.timeZone ?? "",
    },
    { headerName: t("violations.rule"), colId: "ruleCode", field: "ruleCode", minWidth: 220, flex: 1.5, valueFormatter: ({ value }) => ruleName(String(value ?? ""), t), tooltipField: "ruleCode" },
    { headerName: t("violations.severity"), colId: "severity", field: "severity", minWidth: 110, flex: 0.7, cellRenderer: SeverityCell },
    { headerName: t("common.status"), colId: "status", field: "status", minWidth: 120, flex: 0.8, cellRenderer: StatusCell },
    { headerName: t("common.agency"), colId: "agencyCode", field: "agencyCode", minWidth: 110, flex: 0.7 },
    { headerName: t("violations.agent"), colId: "agentExternalId", field: "agentExternalId", minWidth: 110, flex: 0.7, valueFormatter: ({ value }) => (value as string | null) ?? t("common.none") },
    { headerName: t("violations.account"), colId: "accountNumber", field: "accountNumber", minWidth: 160, flex: 1, cellRenderer: AccountCell },
    {
      headerName: t("violations.explanation"),
      colId: "explanation",
      sortable: false,
      minWidth: 420,
      flex: 3,
      valueGetter: ({ data }) => explain(data),
      tooltipValueGetter: ({ data }) => explain(data),
    },
    {
      headerName: t("violations.reviewedBy"),
      colId: "reviewedAt",
      field: "reviewedAt",
      minWidth: 240,
      flex: 1.6,
      valueGetter: ({ data }) => review(data),
      tooltipValueGetter: ({ data }) => review(data),
    },
  ];
}

/** Fetches one block from the rows route; the page's URL filters travel as they are. */
function datasourceFor(filterQuery: string, onBlock: (block: ViolationBlock, startRow: number) => void, onError: () => void): IDatasource {
  // The last row of each loaded block, by the index after it: the next block is then read by keyset (see the
  // rows route's `after`), so scrolling deep stays as fast as the first page.
  const cursors = new Map<string, { occurredAt: string; id: string }>();
  return {
    getRows: (params) => {
      const search = new URLSearchParams(filterQuery);
      search.set("startRow", String(params.startRow));
      search.set("endRow", String(params.endRow));
      const sort = params.sortModel[0];
      const sortKey = sort ? `${sort.colId}:${sort.sort}` : "occurredAt:desc";
      if (sort) search.set("sort", sortKey);
      const cursor = sortKey.startsWith("occurredAt:") ? cursors.get(`${sortKey}@${params.startRow}`) : undefined;
      if (cursor) search.set("after", `${cursor.occurredAt},${cursor.id}`);
      fetch(`/violations/rows?${search.toString()}`, { headers: { accept: "application/json" } })
        .then(async (response) => {
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          const block = (await response.json()) as ViolationBlock;
          const last = block.rows[block.rows.length - 1];
          if (last) cursors.set(`${sortKey}@${params.startRow + block.rows.length}`, { occurredAt: last.occurredAt, id: last.id });
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

export type ViolationsGridProps = {
  /** The filters as a URL query string (the page's own search params). */
  filterQuery: string;
  canReview: boolean;
  /** Changing it reloads the rows (after a review). */
  reloadKey: number;
  onSelectionChange: (ids: string[]) => void;
};

/** Violations with server-side paging, sorting and filtering; OPEN rows can be selected for bulk review. */
export function ViolationsGrid({ filterQuery, canReview, reloadKey, onSelectionChange }: ViolationsGridProps) {
  const i18n = useI18n();
  const modules = useGridModules();
  const apiRef = useRef<GridApi<ViolationGridRow> | null>(null);
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

  useEffect(() => {
    const api = apiRef.current;
    if (!api) return;
    api.deselectAll();
    api.refreshInfiniteCache();
  }, [reloadKey]);

  return (
    <div className="space-y-2" data-testid="violations">
      <div className="flex items-center justify-between text-xs text-slate-500">
        <span data-testid="violations-count">
          {count ? t(i18n, count) : i18n.t("violations.grid.loading")}
        </span>
      </div>
      {failed ? <p className="text-sm text-red-700" role="alert">{i18n.t("violations.grid.error")}</p> : null}
      {modules ? (
        <div data-testid="violations-grid" style={{ height: 600 }}>
          <modules.AgGridReact<ViolationGridRow>
            theme={modules.theme}
            rowModelType="infinite"
            datasource={datasource}
            cacheBlockSize={100}
            maxBlocksInCache={20}
            columnDefs={columnDefs}
            defaultColDef={{ sortable: true, resizable: true }}
            getRowId={({ data }) => data.id}
            rowSelection={canReview ? { mode: "multiRow", headerCheckbox: false, checkboxes: true, isRowSelectable: (node) => node.data?.status === "OPEN" } : undefined}
            onSelectionChanged={({ api }) => onSelectionChange(api.getSelectedRows().map((row) => row.id))}
            onGridReady={(event: GridReadyEvent<ViolationGridRow>) => {
              apiRef.current = event.api;
            }}
            localeText={{ noRowsToShow: i18n.t("violations.none"), loadingOoo: i18n.t("violations.grid.loading") }}
            tooltipShowDelay={300}
            // Nine readable columns are wider than most screens: all are rendered, so scrolling sideways shows them
            // at once and the review column is always in the page.
            suppressColumnVirtualisation
          />
        </div>
      ) : (
        <div className="h-[600px] animate-pulse rounded-lg border border-slate-200 bg-slate-50" aria-busy="true" data-testid="violations-placeholder">
          <span className="sr-only">{i18n.t("violations.grid.loading")}</span>
        </div>
      )}
    </div>
  );
}

function t(i18n: I18n, count: { total: number; capped: boolean }): string {
  return count.capped ? i18n.t("violations.countAtLeast", { count: i18n.number(count.total) }) : i18n.t("violations.count", { count: i18n.number(count.total) });
}
