// Why a report request was refused. The reason is stable (routes map it to a translated message and a status);
// the message is for logs and the command line.
export type AuditReportErrorReason =
  | "NOT_FOUND"
  | "NOT_DRAFT"
  | "NOT_READY"
  | "NOTE_REQUIRED"
  | "NOTE_TOO_LONG"
  | "STALE"
  | "INVALID_MONTH"
  | "UNKNOWN_AGENCY"
  | "AGENCY_REQUIRED"
  | "DATA_CHANGED";

export class AuditReportError extends Error {
  override readonly name = "AuditReportError";
  constructor(
    readonly reason: AuditReportErrorReason,
    message: string,
  ) {
    super(message);
  }
}

export const MAX_SIGN_OFF_NOTE = 2000;
