import type { Theme } from "ag-grid-community";
import type { AgGridReact as AgGridReactComponent } from "ag-grid-react";
import { useEffect, useState } from "react";
import type { I18n } from "~/i18n/i18n-context";

// AG Grid touches the DOM, so every grid loads it only in the browser, after hydration (the server and
// the first client render show a placeholder), once per page, with one theme for all grids.
export type GridModules = { AgGridReact: typeof AgGridReactComponent; theme: Theme };
let gridModules: Promise<GridModules> | undefined;

function loadGrid(): Promise<GridModules> {
  gridModules ??= Promise.all([import("ag-grid-community"), import("ag-grid-react")]).then(([community, react]) => {
    community.ModuleRegistry.registerModules([community.AllCommunityModule]);
    const theme = community.themeQuartz.withParams({
      accentColor: "#1f5fbf",
      fontFamily: "inherit",
      fontSize: 13,
      headerFontWeight: 600,
      headerTextColor: "#475569",
      headerBackgroundColor: "#f8fafc",
      borderColor: "#e2e8f0",
      rowHoverColor: "#f1f5f9",
      wrapperBorderRadius: 8,
      spacing: 7,
    });
    return { AgGridReact: react.AgGridReact, theme };
  });
  return gridModules;
}

export function useGridModules(): GridModules | null {
  const [modules, setModules] = useState<GridModules | null>(null);
  useEffect(() => {
    let alive = true;
    void loadGrid().then((loaded) => {
      if (alive) setModules(loaded);
    });
    return () => {
      alive = false;
    };
  }, []);
  return modules;
}

export function GridPlaceholder({ rows, label, testId }: { rows: number; label: string; testId?: string }) {
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white" aria-busy="true" data-testid={testId}>
      <div className="h-10 border-b border-slate-200 bg-slate-50" />
      {Array.from({ length: Math.min(Math.max(rows, 3), 8) }, (_, index) => (
        <div key={index} className="flex h-10 items-center gap-4 border-b border-slate-100 px-4 last:border-0">
          <div className="h-3 w-16 animate-pulse rounded bg-slate-200" />
          <div className="h-3 w-32 animate-pulse rounded bg-slate-100" />
          <div className="h-3 flex-1 animate-pulse rounded bg-slate-100" />
        </div>
      ))}
      <span className="sr-only">{label}</span>
    </div>
  );
}

/** AG Grid's own words (paging, loading) in the reader's language, with the grid's own "no rows" message. */
export function gridLocaleText(i18n: I18n, noRows: string): Record<string, string> {
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
    loadingOoo: t("imports.grid.loading"),
    noRowsToShow: noRows,
  };
}
