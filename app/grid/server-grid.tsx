import type { ColDef, GetRowIdFunc } from "ag-grid-community";
import type { AgGridReactProps } from "ag-grid-react";
import type { GridCount, ServerGridState } from "./use-server-grid";

export type ServerGridProps<Row> = {
  grid: ServerGridState;
  /** data-testid of the whole; "-count", "-grid" and "-placeholder" are added for its parts. */
  testId: string;
  height: number;
  columnDefs: ColDef<Row>[];
  getRowId: GetRowIdFunc<Row>;
  labels: { loading: string; error: string; noRows: string; count: (count: GridCount) => string };
  /** What a grid adds (row selection, its own events, column options). */
  gridProps?: Omit<AgGridReactProps<Row>, "columnDefs" | "datasource" | "getRowId" | "rowModelType" | "theme">;
};

/** A grid fed by useServerGrid: its count line, a load error, and the grid (a placeholder until AG Grid loads). */
export function ServerGrid<Row>({ grid, testId, height, columnDefs, getRowId, labels, gridProps }: ServerGridProps<Row>) {
  const { modules, datasource, count, failed } = grid;
  return (
    <div className="space-y-2" data-testid={testId}>
      <div className="flex items-center justify-between text-xs text-slate-500">
        <span data-testid={`${testId}-count`}>{count ? labels.count(count) : labels.loading}</span>
      </div>
      {failed ? (
        <p className="text-sm text-red-700" role="alert">
          {labels.error}
        </p>
      ) : null}
      {modules ? (
        <div data-testid={`${testId}-grid`} style={{ height }}>
          <modules.AgGridReact<Row>
            theme={modules.theme}
            rowModelType="infinite"
            datasource={datasource}
            cacheBlockSize={100}
            maxBlocksInCache={20}
            columnDefs={columnDefs}
            defaultColDef={{ sortable: true, resizable: true }}
            getRowId={getRowId}
            localeText={{ noRowsToShow: labels.noRows, loadingOoo: labels.loading }}
            tooltipShowDelay={300}
            {...gridProps}
          />
        </div>
      ) : (
        <div className="animate-pulse rounded-lg border border-slate-200 bg-slate-50" style={{ height }} aria-busy="true" data-testid={`${testId}-placeholder`}>
          <span className="sr-only">{labels.loading}</span>
        </div>
      )}
    </div>
  );
}
