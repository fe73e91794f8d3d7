// A problem with the file as a whole: nothing in it can be imported, so the batch fails with this message.
// Problems with a single row never throw; they travel with the row (SourceRow.error) so the rest of the
// file still imports.

export type IngestFileErrorCode =
  | "EMPTY_FILE"
  | "NO_DATA_ROWS"
  | "BINARY_FILE"
  | "UNSUPPORTED_ENCODING"
  | "UNSUPPORTED_FORMAT"
  | "INVALID_HEADER"
  | "UNTERMINATED_QUOTE"
  | "RECORD_TOO_LARGE"
  | "MALFORMED_CSV"
  | "INVALID_WORKBOOK"
  | "SHEET_NOT_FOUND"
  /** Reading the file's header and first rows exhausted the heap of the process given to it (ADR 012). */
  | "NEEDS_TOO_MUCH_MEMORY";

export class IngestFileError extends Error {
  override readonly name = "IngestFileError";

  constructor(
    readonly code: IngestFileErrorCode,
    message: string,
    /** The row (as Excel numbers it) the problem was found in, when there is one. */
    readonly rowNumber?: number,
  ) {
    super(message);
  }
}

export function isIngestFileError(error: unknown): error is IngestFileError {
  return error instanceof IngestFileError;
}
