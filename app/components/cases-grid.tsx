import { Link } from "@remix-run/react";
import { useMemo } from "react";
import type { ColDef, ICellRendererParams, IDatasource, IGetRowsParams } from "ag-grid-community";
import { caseSortColumns, caseSortFromQuery, type CaseSort } from "~/cases/case-sort";
import type { CaseRow, CaseRowsPage } from "~/cases/list-case-rows.server";
import { useI18n, type I18n } from "~/i18n/i18n-context";
import { GridPlaceholder, gridLocaleText, useGridModules } from "./load-grid";

export const casesPageSize = 100;

function AccountCell({ data }: ICellRendererParams<CaseRow>) {
  if (!data) return null;
  return (
    <Link to={`/cases/${encodeURIComponent(data.accountNumber)}`} className="font-mono text-xs font-medium text-brand-600 hover:underline" data-testid="case-link">
      {data.accountNumber}
    </Link>
  );
}

const sortable = new Set<string>(caseSortColumns);

function columnsFor(i18n: I18n, initialSort: CaseSort): ColDef<CaseRow>[] {
  const { t } = i18n;
  const columns: ColDef<CaseRow>[] = [
    { headerName: t("cases.accountNumber"), field: "accountNumber", minWidth: 150, cellRenderer: AccountCell },
    { headerName: t("cases.customer"), colId: "customer", minWidth: 150, valueGetter: ({ data }) => (data ? `${data.debtorName ?? t("common.none")} · ${data.customerRef}` : "") },
    { headerName: t("common.agency"), field: "agencyCode", minWidth: 100 },
    { headerName: t("cases.product"), field: "product", minWidth: 110, valueFormatter: ({ value }) => (value as string | null) ?? t("common.none") },
    { headerName: t("cases.placedAt"), field: "placedAt", minWidth: 110, valueFormatter: ({ value }) => i18n.date(value as string) },
    {
      headerName: t("cases.placedBalance"),
      field: "placedBalance",
      type: "numericColumn",
      minWidth: 130,
      valueFormatter: ({ data }) => (data ? i18n.money(data.placedBalance, data.currency) : ""),
    },
    {
      headerName: t("caseList.collected"),
      headerTooltip: t("caseList.collectedHint"),
      field: "collected",
      type: "numericColumn",
      minWidth: 120,
      valueFormatter: ({ data }) => (data ? i18n.money(data.collected, data.currency) : ""),
    },
    { headerName: t("caseList.lastContact"), headerTooltip: t("caseList.lastContactHint"), field: "lastContactAt", minWidth: 150, valueFormatter: ({ value }) => i18n.dateTime(value as string | null) },
    {
      headerName: t("cases.violations"),
      field: "violations",
      type: "numericColumn",
      minWidth: 100,
      valueFormatter: ({ value }) => i18n.number(value as number),
      cellClass: ({ value }) => ((value as number) > 0 ? "text-red-700 font-semibold" : ""),
    },
  ];
  // Figures (collected, last contact, violations) sort too: the server computes them for every matching placement.
  return columns.map((column) => ({ ...column, sortable: sortable.has(column.field ?? ""), sort: column.field === initialSort.column ? initialSort.direction : undefined }));
}

/** Loads pages of `/cases.json` with the page's own filters as the user scrolls; the server sorts and counts. */
export function CasesGrid({ filterQuery, onTotal, onSortChange }: { filterQuery: string; onTotal?: (total: number) => void; onSortChange?: (sort: CaseSort) => void }) {
  const i18n = useI18n();
  const modules = useGridModules();
  const columnDefs = useMemo(() => columnsFor(i18n, caseSortFromQuery(filterQuery)), [i18n, filterQuery]);
  const datasource = useMemo<IDatasource>(
    () => ({
      getRows: (params: IGetRowsParams) => {
        const query = new URLSearchParams(filterQuery);
        query.delete("sort");
        query.delete("dir");
        query.set("offset", String(params.startRow));
        query.set("limit", String(params.endRow - params.startRow));
        const sort = params.sortModel[0];
        if (sort) {
          query.set("sort", sort.colId);
          query.set("dir", sort.sort);
        }
        fetch(`/cases.json?${query.toString()}`, { headers: { accept: "application/json" } })
          .then(async (response) => {
            if (!response.ok) throw new Error(String(response.status));
            const page = (await response.json()) as CaseRowsPage;
            onTotal?.(page.total);
            params.successCallback(page.rows, page.total);
          })
          .catch(() => params.failCallback());
      },
    }),
    [filterQuery, onTotal],
  );
  if (!modules) return <GridPlaceholder rows={8} label={i18n.t("caseList.loading")} testId="cases-grid-placeholder" />;
  return (
    <div data-testid="cases-grid" style={{ height: 640 }}>
      <modules.AgGridReact<CaseRow>
        key={filterQuery}
        theme={modules.theme}
        columnDefs={columnDefs}
        defaultColDef={{ resizable: true }}
        rowModelType="infinite"
        datasource={datasource}
        cacheBlockSize={casesPageSize}
        maxBlocksInCache={20}
        getRowId={({ data }) => String(data.placementId)}
        onSortChanged={({ api }) => {
          const sort = api.getColumnState().find((column) => column.sort);
          if (sort?.sort && (caseSortColumns as readonly string[]).includes(sort.colId)) onSortChange?.({ column: sort.colId as CaseSort["column"], direction: sort.sort });
        }}
        tooltipShowDelay={300}
        localeText={{ ...gridLocaleText(i18n, i18n.t("caseList.none")), loadingOoo: i18n.t("caseList.loading") }}
      />
    </div>
  );
}
