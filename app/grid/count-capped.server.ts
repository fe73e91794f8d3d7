// The count of a grid's matching rows, for its first block only, stopping past COUNT_CAP: an exact count of millions
// of rows costs more than "more than 100,000" is worth.
import type pg from "pg";
import type { GridBlock } from "./grid-query";

export const COUNT_CAP = 100_000;

/** Rows `matchingSql` (a SELECT of the matching rows, any columns) returns, counted up to COUNT_CAP + 1. */
export async function countCapped(pool: Pick<pg.Pool, "query">, matchingSql: string, values: readonly unknown[]): Promise<number> {
  const { rows } = await pool.query<{ total: number }>(`SELECT count(*)::int AS total FROM (${matchingSql} LIMIT ${COUNT_CAP + 1}) capped`, [...values]);
  return rows[0]?.total ?? 0;
}

/**
 * A block from the rows of [startRow, endRow) and the first block's count (null for later blocks): the total is
 * capped, and AG Grid learns the last row once a block comes back short or the exact total is known.
 */
export function toGridBlock<Row>(rows: Row[], block: { startRow: number; endRow: number }, total: number | null): GridBlock<Row> {
  const capped = total !== null && total > COUNT_CAP;
  const reachedEnd = rows.length < block.endRow - block.startRow;
  return {
    rows,
    total: capped ? COUNT_CAP : total,
    countCapped: capped,
    lastRow: reachedEnd ? block.startRow + rows.length : total !== null && !capped ? total : null,
  };
}
