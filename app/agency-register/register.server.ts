// The agency register (ADR 030): an agency's due-diligence profile, licences, versioned documents and status with
// its history. Reads convert at the boundary (dates → YYYY-MM-DD); writes validate with register-input.ts and run in
// one transaction that locks the agency's row, so two uploads of a type never get the same version.
import { logAccess } from "~/audit/log-access.server";
import { getPrisma } from "~/db/client.server";
import { checkAttachment } from "~/files/attachment-type";
import { storeFileBytes } from "~/files/stored-files.server";
import { dayInZone } from "~/findings/finding-dates";
import type { Prisma } from "~/generated/prisma/client";
import type { Role } from "~/generated/prisma/enums";
import { getDefaultPackCode } from "~/rules/rule-packs.server";
import { getSetting, readOwnSetting, writeOwnSetting } from "~/settings/settings.server";
import {
  RegisterError,
  documentInputSchema,
  invalidInput,
  licenceInputSchema,
  profileInputSchema,
  statusChangeSchema,
  subcontractorSchema,
} from "./register-input";
import {
  agencyCountry,
  defaultRequiredDocuments,
  isDocumentValid,
  missingRequiredDocuments,
  requiredDocumentsSchema,
  type AgencyStatusCode,
  type RequiredDocuments,
} from "./register-rules";

export type RegisterActor = { userId: number | null; role: Role; agencyId: number | null; request?: Request };

const REQUIRED_DOCUMENTS_KEY = "agencyRegister.requiredDocuments";
const day = (value: Date | null) => (value === null ? null : value.toISOString().slice(0, 10));
const toDate = (value: string | null) => (value === null ? null : new Date(`${value}T00:00:00Z`));

export async function getRequiredDocuments(): Promise<RequiredDocuments> {
  return readOwnSetting(REQUIRED_DOCUMENTS_KEY, requiredDocumentsSchema, () => defaultRequiredDocuments);
}

export async function saveRequiredDocuments(value: unknown, userId: number | null): Promise<RequiredDocuments> {
  const parsed = requiredDocumentsSchema.safeParse(value);
  if (!parsed.success) throw invalidInput(parsed.error);
  return writeOwnSetting(REQUIRED_DOCUMENTS_KEY, requiredDocumentsSchema, parsed.data, userId);
}

/** Today in the lender's zone: the day expiries and validity are judged on. */
export async function registerToday(now: Date): Promise<string> {
  return dayInZone(now, await getSetting("lender.timeZone"));
}

export async function findAgencyByCode(code: string): Promise<{ id: number; code: string; name: string; status: AgencyStatusCode }> {
  const agency = await getPrisma().agency.findUnique({ where: { code: code.toUpperCase() }, select: { id: true, code: true, name: true, status: true } });
  if (!agency) throw new RegisterError("NOT_FOUND", "NOT_FOUND", `No agency ${code}.`);
  return agency;
}

/** AGENCY users only ever reach their own agency's register; another agency's is "not found". */
function assertVisible(agencyId: number, actor: RegisterActor): void {
  if (actor.role === "AGENCY" && actor.agencyId !== agencyId) throw new RegisterError("NOT_FOUND", "NOT_FOUND", "No such agency.");
}

export type AgencyDocumentRow = {
  id: number;
  type: string;
  version: number;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  validFrom: string | null;
  expiresOn: string | null;
  note: string;
  uploadedBy: string | null;
  createdAt: string;
  /** The newest version of its type. */
  current: boolean;
  valid: boolean;
};

export type AgencyLicenceRow = { id: number; number: string; issuer: string; scope: string; validFrom: string; validTo: string | null; valid: boolean };
export type StatusChangeRow = { id: number; fromStatus: AgencyStatusCode | null; toStatus: AgencyStatusCode; reason: string; changedBy: string | null; createdAt: string };

export type AgencyRegister = {
  agency: { id: number; code: string; name: string; status: AgencyStatusCode; contractStart: string | null; contractEnd: string | null };
  profile: {
    country: string | null;
    legalName: string;
    registrationNumber: string;
    insurer: string;
    insurancePolicy: string;
    insuranceValidTo: string | null;
    renewalNoticeDays: number | null;
    dpaSignedOn: string | null;
    dpaReference: string;
    infosecAttestation: string;
    infosecAttestedOn: string | null;
    complaintPolicy: string;
    trainingPolicy: string;
    subcontractors: { name: string; service: string }[];
    updatedAt: string | null;
  };
  country: string;
  requiredTypes: string[];
  /** Required types without a valid current document: "action required" when not empty. */
  missingTypes: string[];
  licences: AgencyLicenceRow[];
  documents: AgencyDocumentRow[];
  statusHistory: StatusChangeRow[];
  today: string;
};

function parseSubcontractors(value: Prisma.JsonValue): { name: string; service: string }[] {
  const parsed = subcontractorSchema.array().safeParse(value);
  return parsed.success ? parsed.data : [];
}

export async function getAgencyRegister(agencyId: number, actor: RegisterActor, now: Date): Promise<AgencyRegister> {
  assertVisible(agencyId, actor);
  const prisma = getPrisma();
  const agency = await prisma.agency.findUnique({
    where: { id: agencyId },
    include: {
      profile: true,
      licences: { orderBy: [{ validTo: "asc" }, { number: "asc" }] },
      documents: { orderBy: [{ type: "asc" }, { version: "desc" }] },
      statusChanges: { orderBy: { id: "desc" } },
    },
  });
  if (!agency) throw new RegisterError("NOT_FOUND", "NOT_FOUND", `No agency ${agencyId}.`);
  const [today, required, defaultPack] = await Promise.all([registerToday(now), getRequiredDocuments(), getDefaultPackCode()]);
  const userIds = [...new Set([...agency.documents.map((document) => document.uploadedById), ...agency.statusChanges.map((change) => change.changedById)].filter((id): id is number => id !== null))];
  const users = new Map((await prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } })).map((user) => [user.id, user.name]));
  const documents = agency.documents.map((document, index, all) => {
    const row = { type: document.type, validFrom: day(document.validFrom), expiresOn: day(document.expiresOn) };
    return {
      id: document.id,
      ...row,
      version: document.version,
      fileName: document.fileName,
      contentType: document.contentType,
      size: document.size,
      sha256: document.sha256,
      note: document.note,
      uploadedBy: document.uploadedById === null ? null : (users.get(document.uploadedById) ?? null),
      createdAt: document.createdAt.toISOString(),
      current: index === 0 || all[index - 1]!.type !== document.type,
      valid: isDocumentValid(row, today),
    };
  });
  const country = agencyCountry(agency.profile?.country, agency.rulePackCode, defaultPack);
  const requiredTypes = required[country] ?? [];
  const profile = agency.profile;
  return {
    agency: { id: agency.id, code: agency.code, name: agency.name, status: agency.status, contractStart: day(agency.contractStart), contractEnd: day(agency.contractEnd) },
    profile: {
      country: profile?.country ?? null,
      legalName: profile?.legalName ?? "",
      registrationNumber: profile?.registrationNumber ?? "",
      insurer: profile?.insurer ?? "",
      insurancePolicy: profile?.insurancePolicy ?? "",
      insuranceValidTo: day(profile?.insuranceValidTo ?? null),
      renewalNoticeDays: profile?.renewalNoticeDays ?? null,
      dpaSignedOn: day(profile?.dpaSignedOn ?? null),
      dpaReference: profile?.dpaReference ?? "",
      infosecAttestation: profile?.infosecAttestation ?? "",
      infosecAttestedOn: day(profile?.infosecAttestedOn ?? null),
      complaintPolicy: profile?.complaintPolicy ?? "",
      trainingPolicy: profile?.trainingPolicy ?? "",
      subcontractors: parseSubcontractors(profile?.subcontractors ?? []),
      updatedAt: profile?.updatedAt.toISOString() ?? null,
    },
    country,
    requiredTypes,
    missingTypes: missingRequiredDocuments(documents.filter((document) => document.current), requiredTypes, today),
    licences: agency.licences.map((licence) => ({
      id: licence.id,
      number: licence.number,
      issuer: licence.issuer,
      scope: licence.scope,
      validFrom: day(licence.validFrom)!,
      validTo: day(licence.validTo),
      valid: isDocumentValid({ type: "", validFrom: day(licence.validFrom), expiresOn: day(licence.validTo) }, today),
    })),
    documents,
    statusHistory: agency.statusChanges.map((change) => ({
      id: change.id,
      fromStatus: change.fromStatus,
      toStatus: change.toStatus,
      reason: change.reason,
      changedBy: change.changedById === null ? null : (users.get(change.changedById) ?? null),
      createdAt: change.createdAt.toISOString(),
    })),
    today,
  };
}

/** Creates or replaces the profile; the contract's dates are the agency's own columns. */
export async function saveAgencyProfile(agencyId: number, input: unknown, actor: RegisterActor): Promise<void> {
  const parsed = profileInputSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const { contractStart, contractEnd, ...profile } = parsed.data;
  const values = {
    ...profile,
    insuranceValidTo: toDate(profile.insuranceValidTo),
    dpaSignedOn: toDate(profile.dpaSignedOn),
    infosecAttestedOn: toDate(profile.infosecAttestedOn),
    updatedById: actor.userId,
  };
  await getPrisma().$transaction(async (tx) => {
    await tx.agency.update({ where: { id: agencyId }, data: { contractStart: toDate(contractStart), contractEnd: toDate(contractEnd) } });
    await tx.agencyProfile.upsert({ where: { agencyId }, create: { agencyId, ...values }, update: values });
  });
}

/** Adds a licence, or updates the one with the same number (a renewal moves its dates). */
export async function saveAgencyLicence(agencyId: number, input: unknown, actor: RegisterActor): Promise<AgencyLicenceRow> {
  const parsed = licenceInputSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const values = { issuer: parsed.data.issuer, scope: parsed.data.scope, validFrom: toDate(parsed.data.validFrom)!, validTo: toDate(parsed.data.validTo) };
  const licence = await getPrisma().agencyLicence.upsert({
    where: { agencyId_number: { agencyId, number: parsed.data.number } },
    create: { agencyId, number: parsed.data.number, createdById: actor.userId, ...values },
    update: values,
  });
  return { id: licence.id, number: licence.number, issuer: licence.issuer, scope: licence.scope, validFrom: parsed.data.validFrom, validTo: parsed.data.validTo, valid: true };
}

/**
 * Stores a new version of a document type: refused (nothing stored) when the file is empty, over the attachment limit
 * or not an accepted type, or when its expiry is before its start.
 */
export async function addAgencyDocument(
  input: { agencyId: number; fileName: string; bytes: Uint8Array; type: unknown; validFrom?: unknown; expiresOn?: unknown; note?: unknown },
  actor: RegisterActor,
  now: Date,
): Promise<{ id: number; type: string; version: number; sha256: string; fileName: string }> {
  const parsed = documentInputSchema.safeParse({ type: input.type, validFrom: input.validFrom, expiresOn: input.expiresOn, note: input.note });
  if (!parsed.success) throw invalidInput(parsed.error);
  const check = checkAttachment({ fileName: input.fileName, size: input.bytes.byteLength, head: input.bytes.subarray(0, 16) });
  if (!check.ok) throw new RegisterError(check.reason === "ATTACHMENT_TOO_LARGE" ? "TOO_LARGE" : check.reason === "ATTACHMENT_TYPE" ? "UNSUPPORTED" : "INVALID", check.reason, check.message, "file");
  return getPrisma().$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM "Agency" WHERE id = ${input.agencyId}::int FOR UPDATE`;
    if (!locked) throw new RegisterError("NOT_FOUND", "NOT_FOUND", `No agency ${input.agencyId}.`);
    const latest = await tx.agencyDocument.findFirst({ where: { agencyId: input.agencyId, type: parsed.data.type }, orderBy: { version: "desc" }, select: { version: true } });
    const sha256 = await storeFileBytes(tx, { bytes: input.bytes, contentType: check.contentType, now });
    const document = await tx.agencyDocument.create({
      data: {
        agencyId: input.agencyId,
        type: parsed.data.type,
        version: (latest?.version ?? 0) + 1,
        sha256,
        fileName: check.fileName,
        contentType: check.contentType,
        size: input.bytes.byteLength,
        validFrom: toDate(parsed.data.validFrom),
        expiresOn: toDate(parsed.data.expiresOn),
        note: parsed.data.note,
        uploadedById: actor.userId,
        createdAt: now,
      },
    });
    return { id: document.id, type: document.type, version: document.version, sha256, fileName: document.fileName };
  });
}

export type AgencyDocumentDownload = { fileName: string; contentType: string; size: number; sha256: string; bytes: Uint8Array };

/** A document's bytes for whoever may see the agency's register, logged as AGENCY_DOCUMENT_DOWNLOADED. */
export async function getAgencyDocumentForDownload(input: { agencyId: number; documentId: number }, actor: RegisterActor): Promise<AgencyDocumentDownload> {
  assertVisible(input.agencyId, actor);
  const document = await getPrisma().agencyDocument.findFirst({ where: { id: input.documentId, agencyId: input.agencyId }, include: { file: true } });
  if (!document) throw new RegisterError("NOT_FOUND", "NOT_FOUND", `No document ${input.documentId}.`);
  await logAccess({
    userId: actor.userId,
    action: "AGENCY_DOCUMENT_DOWNLOADED",
    resourceType: "AgencyDocument",
    resourceId: document.id,
    detail: { agencyId: document.agencyId, type: document.type, version: document.version, fileName: document.fileName, sha256: document.sha256 },
    request: actor.request,
  });
  return { fileName: document.fileName, contentType: document.contentType, size: document.size, sha256: document.sha256, bytes: new Uint8Array(document.file.bytes) };
}

/** Sets the status with the reason, recorded in the history; setting the status it already has is refused. */
export async function setAgencyStatus(agencyId: number, input: unknown, actor: RegisterActor, now: Date): Promise<StatusChangeRow> {
  const parsed = statusChangeSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const change = await getPrisma().$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ status: AgencyStatusCode }[]>`SELECT status::text AS status FROM "Agency" WHERE id = ${agencyId}::int FOR UPDATE`;
    if (!locked) throw new RegisterError("NOT_FOUND", "NOT_FOUND", `No agency ${agencyId}.`);
    if (locked.status === parsed.data.status) throw new RegisterError("CONFLICT", "register.error.sameStatus", `The agency is already ${parsed.data.status}.`, "status");
    await tx.agency.update({ where: { id: agencyId }, data: { status: parsed.data.status } });
    return tx.agencyStatusChange.create({ data: { agencyId, fromStatus: locked.status, toStatus: parsed.data.status, reason: parsed.data.reason, changedById: actor.userId, createdAt: now } });
  });
  await logAccess({ userId: actor.userId, action: "AGENCY_STATUS_CHANGED", resourceType: "Agency", resourceId: agencyId, detail: { from: change.fromStatus, to: change.toStatus, reason: change.reason }, request: actor.request });
  const user = actor.userId === null ? null : await getPrisma().user.findUnique({ where: { id: actor.userId }, select: { name: true } });
  return { id: change.id, fromStatus: change.fromStatus, toStatus: change.toStatus, reason: change.reason, changedBy: user?.name ?? null, createdAt: change.createdAt.toISOString() };
}
