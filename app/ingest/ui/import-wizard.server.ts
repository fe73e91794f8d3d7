// The upload → preview → confirm flow of the Imports page. No state is kept on the server between the steps:
// the stored upload is content-addressed, so the preview form carries its SHA-256 and file name as hidden fields
// and every step re-reads the first rows of the stored file (in a child process: app/ingest/pipeline/preview-upload.server.ts).
import { randomUUID } from "node:crypto";
import { isAgencyImportKind } from "../pipeline/import-types";
import { stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { scopeAgency, forbidden } from "~/auth/guards.server";
import { maxUploadBytes } from "~/env.server";
import { BodyTooLargeError } from "~/http/read-body.server";
import { isAgencyScoped } from "~/auth/permissions";
import type { SessionUser } from "~/auth/session.server";
import { getPrisma } from "~/db/client.server";
import type { ImportKind } from "~/generated/prisma/enums";
import type { FieldMessage } from "~/i18n/validation";
import { getSetting } from "~/settings/settings.server";
import { fieldsFor } from "../rows/canonical-fields";
import { isIngestFileError } from "../readers/file-error";
import { importKinds, type SubmitImportResult } from "../pipeline/import-types";
import { findMappingProfileByName, getMappingProfile, saveMappingProfile, type StoredMappingProfile } from "../pipeline/mapping-profiles.server";
import type { Locale } from "~/i18n/locales";
import { importMessage, renderImportMessage, renderImportMessages, renderStoredRowError } from "../rows/import-message";
import { listAgencyStatusExceptions } from "~/agency-register/register-lists.server";
import { placementAgencyNotices, type AgencyStatusCode, type PlacementAgencyNotice } from "~/agency-register/register-rules";
import type { SourcePreview } from "../readers/read-rows";
import { isUnambiguousTimeZone } from "../rows/field-parsers";
import { applyMapping, isUsableDateFormat, mapValue, mappingProfileSchemaFor, validateHeader, type MappingProfile } from "../rows/mapping";
import { countUploadValuesInChild, previewUploadInChild } from "../pipeline/preview-upload.server";
import { isMultipart, readUploadPart, UnreadableMultipartError } from "../pipeline/read-upload-part.server";
import { createRowValidator } from "../rows/row-schemas";
import { submitImport } from "../pipeline/submit-import.server";
import { isImportLayout, layoutKinds, type ImportLayout } from "../pipeline/import-layouts.server";
import { grantUpload, hasUploadGrant } from "../pipeline/upload-grants.server";
import { openStoredUpload, storedUploadExists, storeUpload, uploadDirectory } from "../pipeline/uploads.server";

/** Rows shown in the preview table. */
export const PREVIEW_ROWS = 10;
/** Rows read for the preview's row check and the distinct values offered for value mapping. */
const SAMPLE_ROWS = 200;
const MAX_DISTINCT_VALUES = 30;

export type FormErrors = Record<string, FieldMessage>;

const optionalId = z.preprocess((value) => (value === "" || value == null ? undefined : value), z.coerce.number().int().positive().optional());
const checkbox = z.preprocess((value) => value === "on" || value === "true", z.boolean());

/** Step 1 and the hidden fields of step 2: what is imported, for whom, with which profile. */
export const uploadTargetSchema = z.object({
  kind: z.enum(importKinds),
  agencyId: optionalId,
  profileId: optionalId,
  strict: checkbox,
  // "" is the form's "our own file" choice: a mapping profile instead of a built-in layout.
  layout: z.preprocess((value) => (value === "" || value == null ? undefined : value), z.string().max(40).optional()),
});
/** The stored upload carried between the steps. The hash is also its path in the upload folder. */
export const storedFileSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  fileName: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .refine((name) => !/[\\/]/.test(name)),
});
export const profileNameSchema = z.object({ profileName: z.string().trim().max(100, { message: "validation.tooLong" }).default("") });

export type StoredFile = z.infer<typeof storedFileSchema> & { size: number | null };

// --------------------------------------------------------------------------------------------- upload

/**
 * Reads a multipart upload form, streaming the "file" part to the upload store (never into memory). Returns the
 * text fields plus sha256/fileName/size of the stored file, if one was sent.
 */
export async function readUploadForm(
  request: Request,
  uploaderId: number,
): Promise<{ fields: Record<string, string>; file: StoredFile | null } | { tooLargeBytes: number }> {
  try {
    // The same cap as the API, counted while the part streams to disk (the body may declare no length).
    return await readUploadPart<StoredFile>(request, {
      limit: maxUploadBytes(),
      take: async (data, fileName) => {
        if (fileName === "") return null;
        const stored = await storeUpload(data);
        await grantUpload(stored.sha256, uploaderId);
        return { sha256: stored.sha256, fileName, size: stored.size };
      },
    });
  } catch (error) {
    if (error instanceof BodyTooLargeError) return { tooLargeBytes: error.limit };
    if (error instanceof UnreadableMultipartError) throw error.cause;
    throw error;
  }
}

export { isMultipart };

async function storedFileSize(sha256: string): Promise<number | null> {
  try {
    return (await stat(path.join(uploadDirectory(), sha256))).size;
  } catch {
    return null;
  }
}

// --------------------------------------------------------------------------------------------- target

export type UploadTarget = {
  kind: ImportKind;
  agency: { id: number; code: string; name: string; timeZone: string } | null;
  profile: StoredMappingProfile | null;
  strict: boolean;
  /** A built-in layout (ADR 035): the file is read in its published form, without a profile or a mapping step. */
  layout: ImportLayout | null;
};

/**
 * Who the upload is for. AGENCY users may only upload their own kinds (activities, the roster), always for their own agency (asking for another
 * agency is a 403 from scopeAgency); the lender's placements and complaints belong to no agency.
 */
export async function resolveUploadTarget(
  user: SessionUser,
  input: z.infer<typeof uploadTargetSchema>,
): Promise<{ ok: true; target: UploadTarget } | { ok: false; errors: FormErrors }> {
  if (isAgencyScoped(user.role) && !isAgencyImportKind(input.kind)) throw forbidden();
  let agency: UploadTarget["agency"] = null;
  if (isAgencyImportKind(input.kind)) {
    const agencyId = scopeAgency(user, input.agencyId ?? null);
    if (agencyId === undefined) return { ok: false, errors: { agencyId: { key: "imports.validation.agencyRequired" } } };
    agency = await getPrisma().agency.findUnique({ where: { id: agencyId }, select: { id: true, code: true, name: true, timeZone: true } });
    if (!agency) return { ok: false, errors: { agencyId: { key: "validation.invalidChoice" } } };
  }
  if (input.layout !== undefined && !isImportLayout(input.layout)) return { ok: false, errors: { layout: { key: "imports.validation.unknownLayout" } } };
  const layout = input.layout ?? null;
  if (layout !== null && layoutKinds[layout] !== input.kind) return { ok: false, errors: { layout: { key: "imports.validation.layoutNotForKind" } } };
  let profile: StoredMappingProfile | null = null;
  if (input.profileId !== undefined && layout === null) {
    profile = await getMappingProfile(input.profileId);
    if (!profile || profile.kind !== input.kind || (profile.agencyId !== null && profile.agencyId !== (agency?.id ?? null))) {
      return { ok: false, errors: { profileId: { key: "imports.validation.unknownProfile" } } };
    }
  }
  return { ok: true, target: { kind: input.kind, agency, profile, strict: input.strict, layout } };
}

// ------------------------------------------------------------------------------------- mapping edits

function enumFields(kind: ImportKind) {
  return fieldsFor(kind).filter((field) => field.type === "enum" && field.values);
}

/** The canonical value a text stands for, as the validator will read it, or null when it is not one. */
function resolveEnumValue(text: string, allowed: readonly string[]): string | null {
  const candidate = text.normalize("NFKC").trim().toUpperCase().replace(/[\s-]+/g, "_");
  return allowed.includes(candidate) ? candidate : null;
}

export type MappingEdits = { profile: MappingProfile; seenValues: { field: string; from: string }[] };

/**
 * The mapping the user edited on the preview form: one select per file column ("col.<index>": a canonical field
 * or "" to ignore it), one per distinct enum value ("val.<field>.<n>" with its original text in "valfrom.<field>.<n>"),
 * plus date format and time zone. Null when the form has no mapping fields (nothing was edited). A choice outside
 * the offered options is a tampered form (400); an unusable date format or time zone is reported on its field and
 * left out, so the rest of the edits still show in the preview.
 */
export function parseMappingEdits(
  form: Record<string, string>,
  headers: readonly string[],
  kind: ImportKind,
  baseline: MappingProfile | null,
): { ok: true; edits: MappingEdits | null; errors: FormErrors } | { ok: false; errors: FormErrors } {
  if (!Object.keys(form).some((key) => key.startsWith("col."))) return { ok: true, edits: null, errors: {} };
  const fieldNames = fieldsFor(kind).map((field) => field.name);
  const columnChoice = z.union([z.literal(""), z.enum(fieldNames as [string, ...string[]])]);
  // Columns of the profile that this file does not have are kept, so saving the edits back does not lose them.
  const headerSet = new Set(headers);
  const columnMap: Record<string, string | null> = Object.fromEntries(Object.entries(baseline?.columnMap ?? {}).filter(([column]) => !headerSet.has(column)));
  for (const [index, header] of headers.entries()) {
    const parsed = columnChoice.safeParse(form[`col.${index}`] ?? "");
    if (!parsed.success) return { ok: false, errors: { [`col.${index}`]: { key: "validation.invalidChoice" } } };
    columnMap[header] = parsed.data === "" ? null : parsed.data;
  }
  const valueMap: Record<string, Record<string, string>> = structuredClone(baseline?.valueMap ?? {});
  const seenValues: MappingEdits["seenValues"] = [];
  for (const field of enumFields(kind)) {
    const valueChoice = z.union([z.literal(""), z.enum(field.values as [string, ...string[]])]);
    for (let index = 0; form[`valfrom.${field.name}.${index}`] !== undefined; index += 1) {
      const from = form[`valfrom.${field.name}.${index}`] ?? "";
      const parsed = valueChoice.safeParse(form[`val.${field.name}.${index}`] ?? "");
      if (!parsed.success) return { ok: false, errors: { [`val.${field.name}.${index}`]: { key: "validation.invalidChoice" } } };
      seenValues.push({ field: field.name, from });
      const own = (valueMap[field.name] ??= {});
      if (parsed.data === "") delete own[from];
      else own[from] = parsed.data;
    }
  }
  for (const [field, values] of Object.entries(valueMap)) if (Object.keys(values).length === 0) delete valueMap[field];
  const errors: FormErrors = {};
  const dateFormat = form.dateFormat?.trim() || null;
  const timeZone = form.timeZone?.trim() || null;
  if (dateFormat !== null && !isUsableDateFormat(dateFormat)) errors.dateFormat = { key: "imports.validation.dateFormat" };
  if (timeZone !== null && !isUnambiguousTimeZone(timeZone)) errors.timeZone = { key: "validation.timeZone" };
  const profile = mappingProfileSchemaFor(kind).safeParse({
    columnMap,
    valueMap,
    dateFormat: errors.dateFormat ? null : dateFormat,
    timeZone: errors.timeZone ? null : timeZone,
  });
  if (!profile.success) return { ok: false, errors: { form: { key: "validation.invalidFormat" } } };
  return { ok: true, edits: { profile: profile.data, seenValues }, errors };
}

/** What a mapping does to this file: equal signatures import the file identically. */
function mappingSignature(headers: readonly string[], kind: ImportKind, profile: MappingProfile | null, seenValues: MappingEdits["seenValues"]): string {
  const check = validateHeader(headers, kind, profile);
  return JSON.stringify({
    columns: headers.map((header) => check.mapping.columnMap[header] ?? null),
    values: seenValues.map(({ field, from }) => mapValue(field, from, check.mapping.valueMap)),
    dateFormat: profile?.dateFormat ?? null,
    timeZone: profile?.timeZone ?? null,
  });
}

// --------------------------------------------------------------------------------------------- preview

export type PreviewField = { name: string; type: string; required: boolean; requiredWhen: string | null; values: string[] | null; description: string };
export type PreviewColumn = { header: string; field: string | null; sample: string | null };
export type PreviewRow = { rowNumber: number; record: Record<string, string>; problems: { field: string | null; message: string }[] };
export type ValueMappingGroup = { field: string; column: string; allowed: string[]; values: { from: string; to: string | null; count: number }[] };

export type ImportPreview = {
  /** Changes with every preview, so the form's uncontrolled inputs are rebuilt from the new mapping. */
  revision: string;
  file: StoredFile;
  target: { kind: ImportKind; agencyId: number | null; agencyCode: string | null; agencyName: string | null; profileId: number | null; profileName: string | null; strict: boolean };
  source: { format: string; encoding: string | null; delimiter: string | null; sheetName: string | null; sheetNames: string[] };
  fields: PreviewField[];
  columns: PreviewColumn[];
  header: {
    ok: boolean;
    missingRequired: string[];
    /** Columns that will not be imported (not recognised, or set to "ignore"). */
    ignoredColumns: string[];
    duplicates: { field: string; columns: string[] }[];
    /** The header check's own messages, for problems the lists above do not cover. */
    errors: string[];
  };
  rows: PreviewRow[];
  sample: { rowsRead: number; rowsWithProblems: number; truncated: boolean };
  valueMappings: ValueMappingGroup[];
  dateFormat: string | null;
  timeZone: string | null;
  /** The zone times without an offset are read in: the profile's, else the agency's, else the lender's. */
  effectiveTimeZone: string;
  /** The mapping differs from the selected profile (or the automatic one): it only applies once saved as a profile. */
  edited: boolean;
  /**
   * Placements: the agencies the whole file places accounts with that the register does not approve — PROBATION
   * (a warning, imported) or SUSPENDED/TERMINATED (refused) — with their rows, in the viewer's language (ADR 030).
   */
  agencyNotices: (PlacementAgencyNotice & { message: string })[];
};

const agencyNoticeKey = { PROBATION: "importHeader.agencyOnProbation", SUSPENDED: "importHeader.agencySuspendedRows", TERMINATED: "importHeader.agencyTerminatedRows" } as const;

/**
 * The register's notices for a placements file, counted over the whole file (in a child process when the preview read
 * only its first rows). Nothing is read again while every agency is APPROVED.
 */
async function placementNotices(
  file: z.infer<typeof storedFileSchema>,
  source: SourcePreview,
  column: string | undefined,
  statuses: ReadonlyMap<string, AgencyStatusCode>,
  locale: Locale,
): Promise<ImportPreview["agencyNotices"]> {
  if (column === undefined || statuses.size === 0) return [];
  let counts: Record<string, number> = {};
  if (source.truncated) counts = await countUploadValuesInChild({ storedPath: file.sha256, fileName: file.fileName, kind: "PLACEMENTS", countValuesOf: column });
  else {
    for (const row of source.rows) {
      const value = row.error ? "" : (row.values[column]?.trim().toUpperCase() ?? "");
      if (value) counts[value] = (counts[value] ?? 0) + 1;
    }
  }
  return placementAgencyNotices(counts, statuses).map((notice) => ({
    ...notice,
    message: renderImportMessage(importMessage(agencyNoticeKey[notice.status], { agency: notice.agencyCode, total: notice.rows }), locale),
  }));
}

export type PreviewOutcome =
  | { status: "ok"; preview: ImportPreview; edits: MappingEdits | null; errors: FormErrors }
  | { status: "unreadable"; message: string }
  | { status: "missing-upload" }
  | { status: "invalid"; errors: FormErrors };

/**
 * Reads the header and first rows of the stored upload and shows them through the mapping: the selected profile's
 * (or the automatic one), or the user's edits when `form` carries the preview form's mapping fields.
 */
export async function buildImportPreview(
  file: z.infer<typeof storedFileSchema>,
  target: UploadTarget,
  form: Record<string, string> | null,
  viewer: { id: number; locale: Locale },
): Promise<PreviewOutcome> {
  // Someone else's upload answers as a missing one: whether a file with that hash exists is not told either.
  if (!(await hasUploadGrant(file.sha256, viewer.id)) || !(await storedUploadExists(file.sha256))) return { status: "missing-upload" };
  const kind = target.kind;
  let source;
  try {
    // In a child process with its own heap limit: the web server never parses an upload itself (ADR 012).
    source = await previewUploadInChild({ storedPath: file.sha256, fileName: file.fileName, kind, maxRows: SAMPLE_ROWS });
  } catch (error) {
    if (isIngestFileError(error)) return { status: "unreadable", message: error.message };
    throw error;
  }
  const headers = source.headers;
  const baseline = target.profile?.profile ?? null;
  const parsedEdits = form ? parseMappingEdits(form, headers, kind, baseline) : { ok: true as const, edits: null, errors: {} };
  if (!parsedEdits.ok) return { status: "invalid", errors: parsedEdits.errors };
  const edits = parsedEdits.edits;
  const effective = edits?.profile ?? baseline;
  const check = validateHeader(headers, kind, effective);
  const columnMap = check.mapping.columnMap;
  const definitions = fieldsFor(kind);
  // With an edited mapping two columns may claim one field; validateHeader keeps the first and reports the rest.
  const duplicates: ImportPreview["header"]["duplicates"] = [];
  if (edits) {
    const claims = new Map<string, string[]>();
    for (const [column, field] of Object.entries(edits.profile.columnMap)) if (field) claims.set(field, [...(claims.get(field) ?? []), column]);
    for (const [field, columns] of claims) if (columns.length > 1) duplicates.push({ field, columns });
  }

  const timeZone = effective?.timeZone ?? target.agency?.timeZone ?? (await getSetting("lender.timeZone"));
  const validate = createRowValidator(kind, { timeZone, defaultCurrency: await getSetting("imports.defaultCurrency"), dateFormat: effective?.dateFormat ?? null });
  const agencyColumn = kind === "PLACEMENTS" ? headers.find((header) => columnMap[header] === "agency_code") : undefined;
  const agencyStatuses = agencyColumn === undefined ? new Map<string, AgencyStatusCode>() : await listAgencyStatusExceptions();
  let rowsWithProblems = 0;
  const rows: PreviewRow[] = [];
  for (const row of source.rows) {
    const record = applyMapping(row.values, check.mapping) as Record<string, string>;
    const result = validate(record);
    // The register refuses placements with a SUSPENDED or TERMINATED agency: shown on the row as the import will.
    const agencyStatus = agencyStatuses.get(record.agency_code?.trim().toUpperCase() ?? "");
    const refusedBy = agencyStatus === "SUSPENDED" ? "importRow.agencySuspended" : agencyStatus === "TERMINATED" ? "importRow.agencyTerminated" : null;
    // Problems in the previewing user's language, like the batch page's.
    const problems = [
      ...(row.error ? [{ field: null, message: renderStoredRowError(row.error, viewer.locale) }] : []),
      ...(result.ok ? [] : result.errors.map((error) => ({ field: error.field, message: renderImportMessage(error.message, viewer.locale) }))),
      ...(refusedBy ? [{ field: "agency_code", message: renderImportMessage(importMessage(refusedBy, { value: record.agency_code!.trim().toUpperCase() }), viewer.locale) }] : []),
    ];
    if (problems.length > 0) rowsWithProblems += 1;
    if (rows.length < PREVIEW_ROWS) rows.push({ rowNumber: row.rowNumber, record, problems });
  }

  const valueMappings: ValueMappingGroup[] = [];
  for (const field of enumFields(kind)) {
    const column = headers.find((header) => columnMap[header] === field.name);
    if (!column) continue;
    const counts = new Map<string, number>();
    for (const row of source.rows) {
      const value = row.values[column]?.trim();
      if (value && (counts.has(value) || counts.size < MAX_DISTINCT_VALUES)) counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    if (counts.size === 0) continue;
    const allowed = [...(field.values ?? [])];
    valueMappings.push({
      field: field.name,
      column,
      allowed,
      values: [...counts].map(([from, count]) => ({ from, count, to: resolveEnumValue(mapValue(field.name, from, check.mapping.valueMap), allowed) })),
    });
  }

  const seenValues = edits?.seenValues ?? [];
  const edited = edits !== null && mappingSignature(headers, kind, edits.profile, seenValues) !== mappingSignature(headers, kind, baseline, seenValues);
  const firstRow = source.rows[0]?.values ?? {};
  return {
    status: "ok",
    preview: {
      revision: randomUUID(),
      file: { ...file, size: await storedFileSize(file.sha256) },
      target: {
        kind,
        agencyId: target.agency?.id ?? null,
        agencyCode: target.agency?.code ?? null,
        agencyName: target.agency?.name ?? null,
        profileId: target.profile?.id ?? null,
        profileName: target.profile?.name ?? null,
        strict: target.strict,
      },
      source: {
        format: source.format,
        encoding: source.encoding?.label ?? null,
        delimiter: source.delimiter ?? null,
        sheetName: source.sheetName ?? null,
        sheetNames: source.sheetNames ?? [],
      },
      fields: definitions.map((field) => ({
        name: field.name,
        type: field.type,
        required: field.required,
        requiredWhen: field.requiredWhen ?? null,
        values: field.values ? [...field.values] : null,
        description: field.description,
      })),
      columns: headers.map((header) => ({ header, field: columnMap[header] ?? null, sample: firstRow[header] ?? null })),
      header: {
        ok: check.ok,
        missingRequired: check.missingRequired,
        ignoredColumns: headers.filter((header) => columnMap[header] === undefined),
        duplicates,
        errors: check.errors.map((error) => renderImportMessage(error, viewer.locale)),
      },
      rows,
      sample: { rowsRead: source.rows.length, rowsWithProblems, truncated: source.truncated },
      valueMappings,
      // An unusable value the user typed is shown back (with its error) rather than silently dropped.
      dateFormat: parsedEdits.errors.dateFormat ? (form?.dateFormat ?? null) : (effective?.dateFormat ?? null),
      timeZone: parsedEdits.errors.timeZone ? (form?.timeZone ?? null) : (effective?.timeZone ?? null),
      effectiveTimeZone: timeZone,
      edited,
      agencyNotices: await placementNotices(file, source, agencyColumn, agencyStatuses, viewer.locale),
    },
    edits,
    errors: parsedEdits.errors,
  };
}

// --------------------------------------------------------------------------------------------- confirm

export type ConfirmOutcome = { status: "submitted"; result: SubmitImportResult } | { status: "invalid"; errors: FormErrors };

/**
 * Imports the stored file. An edited mapping is saved as the named profile first (the import job reads its mapping
 * from a profile); a name without edits saves the current mapping for next time.
 */
export async function confirmImport(options: {
  user: SessionUser;
  file: z.infer<typeof storedFileSchema>;
  target: UploadTarget;
  previewed: Extract<PreviewOutcome, { status: "ok" }>;
  profileName: string;
}): Promise<ConfirmOutcome> {
  const { user, file, target, profileName } = options;
  const { preview, edits, errors } = options.previewed;
  if (Object.keys(errors).length > 0) return { status: "invalid", errors };
  if (!(await hasUploadGrant(file.sha256, user.id))) return { status: "invalid", errors: { form: { key: "imports.validation.uploadMissing" } } };
  if (preview.edited && profileName === "") return { status: "invalid", errors: { profileName: { key: "imports.validation.profileNameRequired" } } };
  if (!preview.header.ok) return { status: "invalid", errors: { form: { key: "imports.validation.headerInvalid" } } };
  let mappingProfileId = target.profile?.id ?? null;
  const unchangedSelectedProfile = target.profile !== null && profileName === target.profile.name && !preview.edited;
  if (profileName !== "" && !unchangedSelectedProfile) {
    // Saving under the name of another existing profile would silently replace it.
    const existing = await findMappingProfileByName({ agencyId: target.agency?.id ?? null, kind: target.kind, name: profileName });
    if (existing && existing.id !== target.profile?.id) return { status: "invalid", errors: { profileName: { key: "imports.validation.profileNameTaken" } } };
    const profile = edits?.profile ?? target.profile?.profile ?? { columnMap: {}, valueMap: {} };
    const saved = await saveMappingProfile({ agencyId: target.agency?.id ?? null, kind: target.kind, name: profileName, profile });
    if (saved.status === "invalid") return { status: "invalid", errors: { profileName: { key: "imports.validation.profileInvalid", params: { issues: saved.issues.join("; ") } } } };
    mappingProfileId = saved.id;
  }
  const result = await submitImport({
    kind: target.kind,
    agencyId: target.agency?.id ?? null,
    source: "UI",
    fileName: file.fileName,
    body: openStoredUpload(file.sha256),
    strict: target.strict,
    mappingProfileId,
    createdById: user.id,
  });
  // The page shows a refusal in its reader's language; the API and the CLI keep the English message.
  if (result.status === "rejected" && result.reasons) return { status: "submitted", result: { ...result, message: renderImportMessages(result.reasons, user.locale, " ") } };
  return { status: "submitted", result };
}

/**
 * Imports a file in a built-in layout as uploaded: its columns are fixed, so there is no mapping to preview or edit;
 * the header is checked at submit and refused with the layout's reasons.
 */
export async function submitLayoutImport(options: { user: SessionUser; file: z.infer<typeof storedFileSchema>; target: UploadTarget & { layout: ImportLayout } }): Promise<ConfirmOutcome> {
  const { user, file, target } = options;
  if (!(await hasUploadGrant(file.sha256, user.id))) return { status: "invalid", errors: { file: { key: "imports.validation.uploadMissing" } } };
  const result = await submitImport({
    kind: target.kind,
    agencyId: null,
    source: "UI",
    fileName: file.fileName,
    body: openStoredUpload(file.sha256),
    strict: target.strict,
    layout: target.layout,
    createdById: user.id,
  });
  if (result.status === "rejected" && result.reasons) return { status: "submitted", result: { ...result, message: renderImportMessages(result.reasons, user.locale, " ") } };
  return { status: "submitted", result };
}
