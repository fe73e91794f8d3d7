import type pg from "pg";
import type { ImportKind } from "~/generated/prisma/enums";
import type { TypedRowByKind } from "../../rows/row-schemas";

export type StagedKind = Exclude<ImportKind, "ACTIVITIES">;

export type MergeContext = {
  batchId: number;
  agencyId: number | null;
  agencyCode: string | null;
  /** The lender's reporting time zone (for days a file gives without a time). */
  timeZone?: string;
};

/**
 * What differs between the staged kinds (placements and complaints): the whole file is staged, then checked and
 * merged once. Activities take their own chunked path (kinds/activities.server.ts).
 */
export interface KindPlugin<Kind extends StagedKind> {
  kind: Kind;
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
