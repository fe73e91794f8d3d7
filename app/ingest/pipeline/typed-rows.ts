// From a reader's row to a typed row or its reasons: the step every import runs on each row, whether on the import's
// own thread (placements, complaints, rosters) or on the parsing thread of an activity import (parse-activities.server.ts).
import { IngestFileError } from "../readers/file-error";
import type { SourceRow } from "../readers/source-row";
import { joinRowErrors } from "../rows/import-message";
import { applyMapping, validateHeader } from "../rows/mapping";
import { contentHash, createRowValidator, encodeRowErrors, type RowContext, type TypedRow } from "../rows/row-schemas";
import type { ImportKind } from "~/generated/prisma/enums";

/** One row as read and validated: typed with its content hash, or rejected with the first field at fault and every reason. */
export type ReadRow =
  | { rowNumber: number; values: Record<string, string>; row: TypedRow; contentHash: string }
  | { rowNumber: number; values: Record<string, string>; row?: undefined; field: string | null; message: string };

export type RowReader = (rowNumber: number, values: Record<string, string>) => ReadRow;

/** The header checked against the kind and mapping profile, and a function from each row's values to a typed row or its reasons. */
export function mappedRowReader(headers: readonly string[], kind: ImportKind, profile: Parameters<typeof validateHeader>[2], rowContext: RowContext): RowReader {
  const header = validateHeader(headers, kind, profile);
  if (!header.ok) throw new IngestFileError("INVALID_HEADER", header.errors);
  const validate = createRowValidator(kind, rowContext);
  return (rowNumber, values) => {
    const validation = validate(applyMapping(values, header.mapping));
    if (validation.ok) {
      const row = validation.row as TypedRow;
      return { rowNumber, values, row, contentHash: contentHash(row) };
    }
    return { rowNumber, values, field: validation.errors[0]?.field ?? null, message: encodeRowErrors(validation.errors) };
  };
}

/** A reader's row through `readRow`, or, when the reader already found it unusable, its reason (stored language-neutral). */
export function readSourceRow(sourceRow: SourceRow, readRow: RowReader): ReadRow {
  const { rowNumber, values } = sourceRow;
  if (sourceRow.error) return { rowNumber, values, field: null, message: joinRowErrors([sourceRow.error]) ?? "" };
  return readRow(rowNumber, values);
}
