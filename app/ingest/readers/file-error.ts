// A problem with the file as a whole: nothing in it can be imported, so the batch fails with this message.
// Problems with a single row never throw; they travel with the row (SourceRow.error) so the rest of the
// file still imports.
import { type ingestLimitsEn } from "~/i18n/sections/ingest-limits.en";
import { translate } from "~/i18n/translate";

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
  | "NEEDS_TOO_MUCH_MEMORY"
  /** One of the input limits (input-limits.ts) was passed. */
  | "LIMIT_EXCEEDED"
  /** A password-protected workbook or a legacy .xls file (an OLE compound document). */
  | "ENCRYPTED_WORKBOOK"
  /** An XML part declares a DOCTYPE (entity expansion, external entities). */
  | "UNSAFE_XML";

/** The messages of refusals that carry a translatable key (the input limits and unsafe content). */
export type IngestRefusalKey = keyof typeof ingestLimitsEn;
export type IngestRefusalParams = Record<string, string | number>;

export class IngestFileError extends Error {
  override readonly name = "IngestFileError";

  constructor(
    readonly code: IngestFileErrorCode,
    message: string,
    /** The row (as Excel numbers it) the problem was found in, when there is one. */
    readonly rowNumber?: number,
    /** For refusals with a message key: the key and its language-neutral parameters, to show it in any language. */
    readonly refusal?: { key: IngestRefusalKey; params: IngestRefusalParams },
  ) {
    super(message);
  }
}

const countFormat = new Intl.NumberFormat("en-US");

/**
 * A refusal whose message is the English text of its key. `file` names the upload; row, line, part and
 * limit/actual counts fill the message.
 */
export function refuseFile(
  code: IngestFileErrorCode,
  key: IngestRefusalKey,
  params: IngestRefusalParams & { file: string },
  rowNumber?: number,
): IngestFileError {
  const english = Object.fromEntries(Object.entries(params).map(([name, value]) => [name, typeof value === "number" ? countFormat.format(value) : value]));
  return new IngestFileError(code, translate("en", key, english), rowNumber, { key, params });
}

export function isIngestFileError(error: unknown): error is IngestFileError {
  return error instanceof IngestFileError;
}

/** The message recorded for a refused file: it always names the file (refusals with a key already do). */
export function fileErrorMessage(error: IngestFileError, fileName: string): string {
  if (error.refusal !== undefined || error.message.includes(fileName)) return error.message;
  return `${fileName}: ${error.message}`;
}
