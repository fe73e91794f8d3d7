// Lists across agencies: who is "action required" (a required document missing or expired), documents by expiry
// for the CLI, and the approved-agency list with its licences.
import { getPrisma } from "~/db/client.server";
import { getDefaultPackCode } from "~/rules/rule-packs.server";
import { getRequiredDocuments, registerToday } from "./register.server";
import { agencyCountry, daysUntilExpiry, missingRequiredDocuments, type AgencyStatusCode } from "./register-rules";
import type { RegisterDocumentVersion } from "./register-input";

const day = (value: Date | null) => (value === null ? null : value.toISOString().slice(0, 10));

/** The current (newest) version of every document type of every agency (or of one). */
async function currentDocuments(agencyId?: number) {
  return getPrisma().agencyDocument.findMany({
    where: agencyId === undefined ? {} : { agencyId },
    distinct: ["agencyId", "type"],
    orderBy: [{ agencyId: "asc" }, { type: "asc" }, { version: "desc" }],
    include: { agency: { select: { code: true, name: true } } },
  });
}

/** Per agency, the required document types it lacks a valid current document of (agencies lacking none are absent). */
export async function listActionRequired(now: Date, options: { agencyId?: number } = {}): Promise<Map<number, string[]>> {
  const prisma = getPrisma();
  const [today, required, defaultPack, agencies, documents] = await Promise.all([
    registerToday(now),
    getRequiredDocuments(),
    getDefaultPackCode(),
    prisma.agency.findMany({
      where: { active: true, status: { not: "TERMINATED" }, ...(options.agencyId === undefined ? {} : { id: options.agencyId }) },
      select: { id: true, rulePackCode: true, profile: { select: { country: true } } },
    }),
    currentDocuments(options.agencyId),
  ]);
  const result = new Map<number, string[]>();
  for (const agency of agencies) {
    const requiredTypes = required[agencyCountry(agency.profile?.country, agency.rulePackCode, defaultPack)] ?? [];
    const held = documents.filter((document) => document.agencyId === agency.id).map((document) => ({ type: document.type, validFrom: day(document.validFrom), expiresOn: day(document.expiresOn) }));
    const missing = missingRequiredDocuments(held, requiredTypes, today);
    if (missing.length > 0) result.set(agency.id, missing);
  }
  return result;
}

export type RegisterDocumentListRow = RegisterDocumentVersion & {
  agency: string;
  daysLeft: number | null;
};

/** Current documents, soonest expiry first; `expiringWithinDays` keeps those expiring from today to that many days on. */
export async function listRegisterDocuments(now: Date, options: { agencyId?: number; expiringWithinDays?: number } = {}): Promise<RegisterDocumentListRow[]> {
  const today = await registerToday(now);
  const rows = (await currentDocuments(options.agencyId)).map((document) => {
    const expiresOn = day(document.expiresOn);
    return {
      agency: document.agency.code,
      type: document.type,
      version: document.version,
      fileName: document.fileName,
      sha256: document.sha256,
      validFrom: day(document.validFrom),
      expiresOn,
      daysLeft: expiresOn === null ? null : daysUntilExpiry(today, expiresOn),
    };
  });
  const within = options.expiringWithinDays;
  return rows
    .filter((row) => within === undefined || (row.daysLeft !== null && row.daysLeft >= 0 && row.daysLeft <= within))
    .sort((a, b) => (a.daysLeft ?? Infinity) - (b.daysLeft ?? Infinity) || a.agency.localeCompare(b.agency) || a.type.localeCompare(b.type));
}

export type ApprovedAgencyRow = {
  code: string;
  name: string;
  status: AgencyStatusCode;
  licences: { number: string; issuer: string; validTo: string | null; daysLeft: number | null }[];
  actionRequired: string[];
  /** The day the last signed evaluation was signed (its second signature) and its overall rating ("4/5"); null shows as "—". */
  lastEvaluatedOn: string | null;
  rating: string | null;
};

/** Every active agency with its status, licences (soonest expiry first) and what it lacks. */
export async function listApprovedAgencies(now: Date, options: { agencyId?: number } = {}): Promise<ApprovedAgencyRow[]> {
  const today = await registerToday(now);
  const [agencies, missing, evaluations] = await Promise.all([
    getPrisma().agency.findMany({
      where: { active: true, ...(options.agencyId === undefined ? {} : { id: options.agencyId }) },
      select: { id: true, code: true, name: true, status: true, licences: { orderBy: [{ validTo: "asc" }, { number: "asc" }], select: { number: true, issuer: true, validTo: true } } },
      orderBy: { code: "asc" },
    }),
    listActionRequired(now, options),
    getPrisma().agencyEvaluation.findMany({
      where: { status: "SIGNED", ...(options.agencyId === undefined ? {} : { agencyId: options.agencyId }) },
      select: { agencyId: true, overallRating: true, vendorSignedAt: true, complianceSignedAt: true },
      orderBy: [{ periodTo: "desc" }, { id: "desc" }],
    }),
  ]);
  const lastEvaluation = new Map<number, { signedOn: string | null; rating: string | null }>();
  for (const evaluation of evaluations) {
    if (lastEvaluation.has(evaluation.agencyId)) continue;
    const signatures = [evaluation.vendorSignedAt, evaluation.complianceSignedAt].filter((at): at is Date => at !== null);
    const signedAt = signatures.length === 0 ? null : new Date(Math.max(...signatures.map((at) => at.getTime())));
    lastEvaluation.set(evaluation.agencyId, { signedOn: signedAt === null ? null : signedAt.toISOString().slice(0, 10), rating: evaluation.overallRating === null ? null : `${evaluation.overallRating}/5` });
  }
  return agencies.map((agency) => ({
    code: agency.code,
    name: agency.name,
    status: agency.status,
    licences: agency.licences.map((licence) => {
      const validTo = day(licence.validTo);
      return { number: licence.number, issuer: licence.issuer, validTo, daysLeft: validTo === null ? null : daysUntilExpiry(today, validTo) };
    }),
    actionRequired: missing.get(agency.id) ?? [],
    lastEvaluatedOn: lastEvaluation.get(agency.id)?.signedOn ?? null,
    rating: lastEvaluation.get(agency.id)?.rating ?? null,
  }));
}

export type RegisterNotice = { code: string; name: string; status: AgencyStatusCode; missingTypes: string[] };

/** Each active agency's status and missing required documents, by code (one agency's for `agencyId`). */
export async function getRegisterNotices(now: Date, options: { agencyId?: number } = {}): Promise<Record<string, RegisterNotice>> {
  const [agencies, missing] = await Promise.all([
    getPrisma().agency.findMany({ where: { active: true, ...(options.agencyId === undefined ? {} : { id: options.agencyId }) }, select: { id: true, code: true, name: true, status: true }, orderBy: { code: "asc" } }),
    listActionRequired(now, options),
  ]);
  return Object.fromEntries(agencies.map((agency) => [agency.code, { code: agency.code, name: agency.name, status: agency.status, missingTypes: missing.get(agency.id) ?? [] }]));
}

/** The status of every agency that is not APPROVED, by code: empty (nothing to tell an import) when all are. */
export async function listAgencyStatusExceptions(): Promise<Map<string, AgencyStatusCode>> {
  const agencies = await getPrisma().agency.findMany({ where: { status: { not: "APPROVED" } }, select: { code: true, status: true } });
  return new Map(agencies.map((agency) => [agency.code, agency.status]));
}
