// The findings half of the agency API (docs/API.md): how FindingError refusals are answered in the API's JSON error
// format, and the record an agency's systems receive for a finding.
import { apiError } from "~/api-tokens/api-tokens.server";
import { FindingError, type FindingListRow } from "./finding-types";

const codes: Record<FindingError["code"], string> = { NOT_FOUND: "NOT_FOUND", FORBIDDEN: "FORBIDDEN", CONFLICT: "CONFLICT", INVALID: "INVALID_REQUEST" };

/** A FindingError as the API's `{ error: { code, message, reason, field } }` with its HTTP status; anything else is rethrown. */
export function findingApiError(error: unknown): Response {
  if (!(error instanceof FindingError)) throw error;
  const code = error.reason === "ATTACHMENT_TOO_LARGE" ? "PAYLOAD_TOO_LARGE" : error.reason === "ATTACHMENT_TYPE" ? "UNSUPPORTED_MEDIA_TYPE" : codes[error.code];
  return apiError(error.httpStatus, code, error.message, { details: { reason: error.reason, ...(error.field ? { field: error.field } : {}) } });
}

/** What GET /api/v1/findings returns per finding. */
export function apiFinding(row: FindingListRow) {
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    severity: row.severity,
    ruleCodes: row.ruleCodes,
    complaintCategories: row.complaintCategories,
    agentId: row.agentExternalId,
    periodFrom: row.periodFrom,
    periodTo: row.periodTo,
    responseDueOn: row.responseDueOn,
    overdue: row.overdue,
    respondedLate: row.respondedLate,
    repeatOf: row.repeatOfId,
    violationCount: row.violationCount,
    complaintCount: row.complaintCount,
    issuedAt: row.issuedAt,
    closedAt: row.closedAt,
    responseUrl: `/api/v1/findings/${row.id}/response`,
  };
}
