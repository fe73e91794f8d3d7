import type pg from "pg";
import type { ImportKind } from "~/generated/prisma/enums";
import type { TypedRowByKind } from "../row-schemas";

export type MergeContext = {
  batchId: number;
  agencyId: number | null;
  agencyCode: string | null;
  /** SQL condition on staging alias `s` selecting the rows to decide and write now (one chunk, or all rows). */
  rows: string;
};

/** What differs between placements, activities and complaints; the batch runner does the rest. */
export interface KindPlugin<Kind extends ImportKind> {
  kind: Kind;
  /**
   * Chunked kinds are checked and merged a chunk at a time while the next chunk is still being read, so parsing and
   * the database's work overlap; their checks must also consider rows of earlier chunks. Unchunked kinds are
   * checked and merged once, after the whole file is staged.
   */
  chunked: boolean;
  /** Staging columns to index (for checks that look across chunks). */
  indexedColumns?: readonly string[];
  /** SQL definitions of the typed staging columns (after the common ones). */
  typedColumns: string;
  /** Names of the typed columns filled by COPY, in the order encode() returns them. */
  copyColumns: readonly string[];
  encode(row: TypedRowByKind[Kind], contentHash: string): string[];
  /** Set-based checks against the database and within the file: reject rows, mark duplicates and updates. */
  check(client: pg.ClientBase, context: MergeContext): Promise<void>;
  /** Writes the accepted rows; returns the accounts it touched, for the downstream stages. */
  apply(client: pg.ClientBase, context: MergeContext): Promise<number[]>;
}
