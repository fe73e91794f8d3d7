// A problem with the file as a whole: nothing in it can be imported, so the batch fails with this message.
// Problems with a single row never throw; they travel with the row (SourceRow.error) so the rest of the
// file still imports. Every refusal carries its reason as message keys (app/ingest/import-message.ts), so the
// batch page shows it in the reader's language; `message` is the English text for the API, the CLI and logs.
import { type ingestLimitsEn } from "~/i18n/sections/ingest-limits.en";
import { type ImportMessage, encodeImportMessages, importMessage, renderImportMessages } from "../rows/import-message";

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

/** The messages of refusals by the input limits and of unsafe content: they name the file themselves. */
export type IngestRefusalKey = keyof typeof ingestLimitsEn;
export type IngestRefusalParams = Record<string, string | number>;

export class IngestFileError extends Error {
  override readonly name = "IngestFileError";
  /** Why, as message keys and language-neutral params (one message, or several for a header with several problems). */
  readonly reasons: readonly ImportMessage[];

  constructor(
    readonly code: IngestFileErrorCode,
    reason: ImportMessage | readonly ImportMessage[],
    /** The row (as Excel numbers it) the problem was found in, when there is one. */
    readonly rowNumber?: number,
  ) {
    const reasons = Array.isArray(reason) ? (reason as readonly ImportMessage[]) : [reason as ImportMessage];
    super(renderImportMessages(reasons, "en", " "));
    this.reasons = reasons;
  }
}

/** A refusal by the input limits or as unsafe: `file` names the upload; row, line, part and counts fill the message. */
export function refuseFile(
  code: IngestFileErrorCode,
  key: IngestRefusalKey,
  params: IngestRefusalParams & { file: string },
  rowNumber?: number,
): IngestFileError {
  return new IngestFileError(code, importMessage(key, params), rowNumber);
}

export function isIngestFileError(error: unknown): error is IngestFileError {
  return error instanceof IngestFileError;
}

/** The reasons with the upload's name, which a shown refusal starts with (once, however many reasons it has). */
function namedReasons(error: IngestFileError, fileName: string): ImportMessage[] {
  if (error.reasons.some((reason) => reason.params?.file !== undefined)) return [...error.reasons];
  return error.reasons.map((reason, index) => (index === 0 ? importMessage(reason.key, { ...reason.params, file: fileName }) : reason));
}

/** The English message recorded for a refused file (API, CLI, logs): it always starts with the file's name. */
export function fileErrorMessage(error: IngestFileError, fileName: string): string {
  return renderImportMessages(namedReasons(error, fileName), "en", " ");
}

/** The reasons with the file's name, for a page to show in its reader's language. */
export function fileErrorReasons(error: IngestFileError, fileName: string): ImportMessage[] {
  return namedReasons(error, fileName);
}

/** What a failed batch stores: the reasons with the file's name, shown in each reader's language. */
export function storedFileError(error: IngestFileError, fileName: string): string {
  return encodeImportMessages(namedReasons(error, fileName));
}
