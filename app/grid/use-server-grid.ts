import type { IDatasource } from "ag-grid-community";
import { useMemo, useState } from "react";
import { useGridModules, type GridModules } from "~/components/load-grid";
import type { GridBlock } from "./grid-query";

/**
 * Keyset paging for one sort: the last row of each loaded block is remembered by the index after it, and the next
 * block in that order is asked for after it (`param`), so scrolling deep stays as fast as the first page.
 */
export type GridKeyset<Row> = {
  /** The column whose order is keyset-paged, and the grid's default sort ("column:direction"). */
  column: string;
  defaultSort: string;
  param: string;
  cursorOf: (row: Row) => string;
};

export type GridCount = { total: number; capped: boolean };

export type ServerGridState = {
  /** AG Grid, once loaded in the browser (null on the server and in the first render). */
  modules: GridModules | null;
  datasource: IDatasource;
  /** The capped count of the first block, once it came. */
  count: GridCount | null;
  failed: boolean;
};

/**
 * The datasource of an infinite-row-model grid fed by a rows route (`url`) that takes the page's filters as they
 * are (`filterQuery`) plus startRow, endRow and sort, and answers a GridBlock.
 */
export function useServerGrid<Row>(url: string, filterQuery: string, keyset?: GridKeyset<Row>): ServerGridState {
  const modules = useGridModules();
  const [count, setCount] = useState<GridCount | null>(null);
  const [failed, setFailed] = useState(false);
  const datasource = useMemo((): IDatasource => {
    const cursors = new Map<string, string>();
    return {
      getRows: (params) => {
        const search = new URLSearchParams(filterQuery);
        search.set("startRow", String(params.startRow));
        search.set("endRow", String(params.endRow));
        const sort = params.sortModel[0];
        if (sort) search.set("sort", `${sort.colId}:${sort.sort}`);
        const sortKey = sort ? `${sort.colId}:${sort.sort}` : (keyset?.defaultSort ?? "");
        const cursor = keyset && sortKey.startsWith(`${keyset.column}:`) ? cursors.get(`${sortKey}@${params.startRow}`) : undefined;
        if (keyset && cursor) search.set(keyset.param, cursor);
        fetch(`${url}?${search.toString()}`, { headers: { accept: "application/json" } })
          .then(async (response) => {
            if (!response.ok) throw new Error(`HTTP ${response.status}`);
            const block = (await response.json()) as GridBlock<Row>;
            const last = block.rows[block.rows.length - 1];
            if (keyset && last) cursors.set(`${sortKey}@${params.startRow + block.rows.length}`, keyset.cursorOf(last));
            setFailed(false);
            if (params.startRow === 0 && block.total !== null) setCount({ total: block.total, capped: block.countCapped });
            params.successCallback(block.rows, block.lastRow ?? undefined);
          })
          .catch(() => {
            setFailed(true);
            params.failCallback();
          });
      },
    };
  }, [url, filterQuery, keyset]);
  return { modules, datasource, count, failed };
}
