// The agency register as the agency API answers it (docs/API.md): always the token's own agency, read through the
// register's and the evaluations' own functions (their AGENCY scoping applies), shaped once here for the three
// endpoints. The names of the lender's staff are left out: an agency's system needs what was decided, not by whom.
import { getEvaluation, listEvaluations, type EvaluationViewer } from "~/evaluations/evaluations.server";
import { listApprovedAgencies, type ApprovedAgencyRow } from "./register-lists.server";
import { daysUntilExpiry } from "./register-rules";
import { getAgencyRegister } from "./register.server";

export type ApiAgencyToken = { tokenId: number; agencyId: number; agencyCode: string };

/** GET /api/v1/register: profile, status with its history, licences and every document version with its expiry. */
export async function readRegisterForApi(token: ApiAgencyToken, now: Date) {
  const register = await getAgencyRegister(token.agencyId, { userId: null, role: "AGENCY", agencyId: token.agencyId }, now);
  const daysLeft = (day: string | null) => (day === null ? null : daysUntilExpiry(register.today, day));
  const { updatedAt, ...profile } = register.profile;
  return {
    agencyCode: register.agency.code,
    today: register.today,
    agency: { code: register.agency.code, name: register.agency.name, status: register.agency.status, contractStart: register.agency.contractStart, contractEnd: register.agency.contractEnd },
    profile: { ...profile, updatedAt },
    country: register.country,
    requiredDocumentTypes: register.requiredTypes,
    actionRequired: register.missingTypes,
    licences: register.licences.map((licence) => ({ number: licence.number, issuer: licence.issuer, scope: licence.scope, validFrom: licence.validFrom, validTo: licence.validTo, valid: licence.valid, daysLeft: daysLeft(licence.validTo) })),
    documents: register.documents.map((document) => ({
      id: document.id,
      type: document.type,
      version: document.version,
      current: document.current,
      fileName: document.fileName,
      contentType: document.contentType,
      size: document.size,
      sha256: document.sha256,
      validFrom: document.validFrom,
      expiresOn: document.expiresOn,
      valid: document.valid,
      daysLeft: daysLeft(document.expiresOn),
      uploadedAt: document.createdAt,
    })),
    statusHistory: register.statusHistory.map((change) => ({ fromStatus: change.fromStatus, toStatus: change.toStatus, reason: change.reason, at: change.createdAt })),
  };
}

/** GET /api/v1/approved-agencies: the approved-agency list, which for an agency's token is its own row only. */
export async function readApprovedListForApi(token: ApiAgencyToken, now: Date): Promise<{ agencyCode: string; agencies: ApprovedAgencyRow[] }> {
  return { agencyCode: token.agencyCode, agencies: await listApprovedAgencies(now, { agencyId: token.agencyId }) };
}

const viewerOf = (token: ApiAgencyToken): EvaluationViewer => ({ id: 0, role: "AGENCY", agencyId: token.agencyId });

/** GET /api/v1/evaluations: the agency's signed evaluations (drafts are the lender's own), newest period first. */
export async function readEvaluationsForApi(token: ApiAgencyToken) {
  const viewer = viewerOf(token);
  const evaluations = await Promise.all((await listEvaluations(viewer)).map((summary) => getEvaluation(viewer, summary.id)));
  return {
    agencyCode: token.agencyCode,
    evaluations: evaluations.map((evaluation) => ({
      id: evaluation.id,
      periodFrom: evaluation.periodFrom,
      periodTo: evaluation.periodTo,
      status: evaluation.status,
      overallRating: evaluation.overallRating,
      decision: evaluation.decision,
      sections: evaluation.sections,
      conditions: evaluation.conditions,
      conditionFindingIds: evaluation.conditionFindingIds,
      // null unless the lender shared its notes (getEvaluation hides them from an agency otherwise).
      sharedNotes: evaluation.lenderNotes,
      vendorSignedAt: evaluation.vendorSignedAt,
      complianceSignedAt: evaluation.complianceSignedAt,
      workbookSha256: evaluation.workbookSha256,
    })),
  };
}
