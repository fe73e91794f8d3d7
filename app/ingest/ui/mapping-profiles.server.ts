// The mapping-profile editor of the Imports pages: who may edit which profile, and the form's encoding.
// A profile belongs to an agency (activities) or to the lender (placements, complaints: agencyId null).
import { z } from "zod";
import { isAgencyImportKind } from "../pipeline/import-types";
import { forbidden, notFound, requireAgencyAccess, scopeAgency } from "~/auth/guards.server";
import { isAgencyScoped } from "~/auth/permissions";
import type { SessionUser } from "~/auth/session.server";
import type { ImportKind } from "~/generated/prisma/enums";
import { fieldsFor } from "../rows/canonical-fields";
import { isUnambiguousTimeZone } from "../rows/field-parsers";
import { deleteMappingProfile, findMappingProfileByName, getMappingProfile, renameMappingProfile, saveMappingProfile } from "../pipeline/mapping-profiles.server";
import { isUsableDateFormat, type MappingProfile } from "../rows/mapping";
import { importKinds } from "../pipeline/import-types";
import type { FormErrors } from "./import-wizard.server";

const optionalId = z.preprocess((value) => (value === "" || value == null ? undefined : value), z.coerce.number().int().positive().optional());

export const profileFilterSchema = z.object({
  /** "" = all, "lender" = the lender's own profiles, or an agency id. */
  agency: z.union([z.literal(""), z.literal("lender"), z.coerce.number().int().positive()]).catch(""),
  kind: z.union([z.literal(""), z.enum(importKinds)]).catch(""),
});

const profileHeadSchema = z.object({
  profileId: optionalId,
  kind: z.enum(importKinds).optional(),
  agencyId: optionalId,
  name: z.string().trim().max(100, { message: "validation.tooLong" }).default(""),
});

/** Fields whose values a profile may translate: the enum fields, plus currency (e.g. 人民币 → CNY). */
export function valueMappableFields(kind: ImportKind): { name: string; values: string[] | null }[] {
  return fieldsFor(kind)
    .filter((field) => field.type === "enum" || field.type === "currency")
    .map((field) => ({ name: field.name, values: field.values ? [...field.values] : null }));
}

/** Rows of a repeated group ("colFrom.0", "colFrom.1", …) until the first index absent from the form. */
function repeated(form: Record<string, string>, names: readonly string[]): Record<string, string>[] {
  const rows: Record<string, string>[] = [];
  for (let index = 0; names.some((name) => form[`${name}.${index}`] !== undefined); index += 1) {
    rows.push(Object.fromEntries(names.map((name) => [name, (form[`${name}.${index}`] ?? "").trim()])));
  }
  return rows;
}

export type ProfileSaveOutcome = { status: "saved"; id: number; name: string } | { status: "invalid"; errors: FormErrors };

/** Validates the editor form and saves the profile; throws 403/404 for a profile the user may not manage. */
export async function saveProfileFromForm(user: SessionUser, form: Record<string, string>): Promise<ProfileSaveOutcome> {
  const head = profileHeadSchema.safeParse(form);
  if (!head.success) return { status: "invalid", errors: { form: { key: "validation.invalidFormat" } } };
  let owner: { agencyId: number | null; kind: ImportKind; name: string };
  const errors: FormErrors = {};
  if (head.data.profileId !== undefined) {
    const existing = await getMappingProfile(head.data.profileId);
    if (!existing) throw notFound();
    if (isAgencyScoped(user.role)) requireAgencyAccess(user, [existing.agencyId]);
    owner = { agencyId: existing.agencyId, kind: existing.kind, name: existing.name };
  } else {
    const kind = head.data.kind;
    if (!kind) return { status: "invalid", errors: { kind: { key: "validation.required" } } };
    if (isAgencyScoped(user.role) && !isAgencyImportKind(kind)) throw forbidden();
    let agencyId: number | null = null;
    if (isAgencyImportKind(kind)) {
      agencyId = scopeAgency(user, head.data.agencyId ?? null) ?? null;
      if (agencyId === null) errors.agencyId = { key: "imports.validation.agencyRequired" };
    }
    if (head.data.name === "") errors.name = { key: "validation.required" };
    else if (await findMappingProfileByName({ agencyId, kind, name: head.data.name })) errors.name = { key: "imports.validation.profileNameTaken" };
    owner = { agencyId, kind, name: head.data.name };
  }

  const fieldNames = new Set(fieldsFor(owner.kind).map((field) => field.name));
  const columnMap: Record<string, string | null> = {};
  repeated(form, ["colFrom", "colTo"]).forEach((row, index) => {
    if (row.colFrom === "" && row.colTo === "") return;
    if (row.colFrom === "") errors[`colFrom.${index}`] = { key: "validation.required" };
    else if (Object.hasOwn(columnMap, row.colFrom ?? "")) errors[`colFrom.${index}`] = { key: "imports.validation.columnTwice" };
    else if (row.colTo !== "" && !fieldNames.has(row.colTo ?? "")) errors[`colTo.${index}`] = { key: "validation.invalidChoice" };
    else columnMap[row.colFrom ?? ""] = row.colTo === "" ? null : (row.colTo ?? null);
  });
  const mappable = new Map(valueMappableFields(owner.kind).map((field) => [field.name, field.values]));
  const valueMap: Record<string, Record<string, string>> = {};
  repeated(form, ["valField", "valFrom", "valTo"]).forEach((row, index) => {
    const { valField = "", valFrom = "", valTo = "" } = row;
    if (valField === "" && valFrom === "" && valTo === "") return;
    const allowed = mappable.get(valField);
    if (allowed === undefined) errors[`valField.${index}`] = { key: "validation.invalidChoice" };
    else if (valFrom === "") errors[`valFrom.${index}`] = { key: "validation.required" };
    else if (valTo === "") errors[`valTo.${index}`] = { key: "validation.required" };
    else if (allowed !== null && !allowed.includes(valTo)) errors[`valTo.${index}`] = { key: "validation.invalidChoice" };
    else if (allowed === null && !/^[A-Z]{3}$/.test(valTo)) errors[`valTo.${index}`] = { key: "imports.validation.currency" };
    else (valueMap[valField] ??= {})[valFrom] = valTo;
  });
  const dateFormat = form.dateFormat?.trim() || null;
  const timeZone = form.timeZone?.trim() || null;
  if (dateFormat !== null && !isUsableDateFormat(dateFormat)) errors.dateFormat = { key: "imports.validation.dateFormat" };
  if (timeZone !== null && !isUnambiguousTimeZone(timeZone)) errors.timeZone = { key: "validation.timeZone" };
  if (Object.keys(errors).length > 0) return { status: "invalid", errors };

  const profile: MappingProfile = { columnMap, valueMap, dateFormat, timeZone };
  const saved = await saveMappingProfile({ ...owner, profile });
  if (saved.status === "invalid") return { status: "invalid", errors: { form: { key: "imports.validation.profileInvalid", params: { issues: saved.issues.join("; ") } } } };
  return { status: "saved", id: saved.id, name: owner.name };
}

const profileIdSchema = z.object({ profileId: z.coerce.number().int().positive() });

/** The profile a rename or delete form names, if the user may manage it (404 otherwise, as for a record of another agency). */
async function manageableProfile(user: SessionUser, form: Record<string, string>) {
  const parsed = profileIdSchema.safeParse(form);
  if (!parsed.success) throw notFound();
  const existing = await getMappingProfile(parsed.data.profileId);
  if (!existing) throw notFound();
  if (isAgencyScoped(user.role)) requireAgencyAccess(user, [existing.agencyId]);
  return existing;
}

export type ProfileRenameOutcome = { status: "renamed"; id: number; name: string } | { status: "invalid"; errors: FormErrors };

export async function renameProfileFromForm(user: SessionUser, form: Record<string, string>): Promise<ProfileRenameOutcome> {
  const existing = await manageableProfile(user, form);
  const name = (form.name ?? "").trim();
  if (name === "") return { status: "invalid", errors: { name: { key: "validation.required" } } };
  if (name.length > 100) return { status: "invalid", errors: { name: { key: "validation.tooLong", params: { maximum: 100 } } } };
  const renamed = await renameMappingProfile({ id: existing.id, name });
  if (renamed.status === "not-found") throw notFound();
  if (renamed.status === "taken") return { status: "invalid", errors: { name: { key: "imports.validation.profileNameTaken" } } };
  if (renamed.status === "invalid") return { status: "invalid", errors: { name: { key: "validation.invalidFormat" } } };
  return { status: "renamed", id: existing.id, name: renamed.name };
}

export type ProfileDeleteOutcome = { status: "deleted"; name: string; batchesKept: number };

export async function deleteProfileFromForm(user: SessionUser, form: Record<string, string>): Promise<ProfileDeleteOutcome> {
  const existing = await manageableProfile(user, form);
  const deleted = await deleteMappingProfile(existing.id);
  if (deleted.status === "not-found") throw notFound();
  return deleted;
}
