// Rejected rows keep the row as the sender wrote it, and the reason quotes the bad value: both can hold a debtor's
// name, phone numbers or address. Roles that may not see personal data get them masked like everywhere else; the
// masked view shows only the columns the product imports and does not count as personal, because a column it does
// not recognise (身份证号, 紧急联系人…) may hold anything. Free text (message_text, complaint descriptions) is shown
// with the names and numbers it mentions masked (maskFreeText), the row's own name and phone columns as known subjects.
import { canSeePersonalData } from "~/auth/permissions";
import type { ImportKind, Role } from "~/generated/prisma/enums";
import { maskAddress, maskName, maskPhone, type PersonalDataView } from "~/privacy/mask";
import { maskFreeText, type FreeTextSubjects } from "~/privacy/mask-free-text";
import type { Locale } from "~/i18n/locales";
import { fieldDefinition, type PersonalDataKind } from "./canonical-fields";
import { renderStoredRowError } from "./import-message";

const hiddenValue = "****";

/**
 * Who sees a batch's rejected rows as sent: roles that see personal data anyway, the person who uploaded the file
 * (they hold those very bytes) and the agency's own users (the routes already limit them to their agency's
 * batches); they need the rows as sent to fix and resend them. Everyone else sees them masked.
 */
export function rejectedRowsView(viewer: { id: number; role: Role }, batch: { createdById: number | null }): PersonalDataView {
  if (canSeePersonalData(viewer.role) || viewer.role === "AGENCY" || batch.createdById === viewer.id) return "unmasked";
  return "masked";
}

export function maskPersonalValue(value: string, kind: PersonalDataKind): string {
  if (value === "") return value;
  switch (kind) {
    case "name":
      return maskName(value) ?? "";
    case "phone":
      // A list "138…;139…" is masked number by number so the masked cell still shows how many there were.
      return value
        .split(/([;；])/)
        .map((part) => (part === ";" || part === "；" ? part : (maskPhone(part.trim()) ?? "")))
        .join("");
    case "address":
      return maskAddress(value) ?? "";
  }
}

/**
 * A reason names its field and quotes the value as sent ("phone_number '138-12' is not a valid phone number…"):
 * for a personal field the quoted value is masked; every other reason is left as it is.
 */
export function maskRowErrorMessage(message: string, field: string | null, kind: ImportKind): string {
  const personal = field === null ? undefined : fieldDefinition(kind, field)?.personalData;
  if (personal === undefined) return message;
  // Greedy: a value may itself contain an apostrophe (O'Brien); field parsers quote one value per message.
  return message.replace(/'(.*)'/su, (_quoted, value: string) => `'${maskPersonalValue(value.endsWith("…") ? value.slice(0, -1) : value, personal)}'`);
}

/**
 * A stored reason in the reader's language, as the view may show it: masked, a personal field's quoted value is
 * masked (the message's own field, else the row error's). Reasons stored as English text before reasons were keys
 * are shown as they are, masked the same way.
 */
export function renderRowError(stored: string, field: string | null, kind: ImportKind, locale: Locale, view: PersonalDataView): string {
  if (view === "unmasked") return renderStoredRowError(stored, locale);
  return renderStoredRowError(stored, locale, {
    legacy: (text) => maskRowErrorMessage(text, field, kind),
    maskValue: (value, messageField) => {
      const personal = fieldDefinition(kind, messageField ?? field ?? "")?.personalData;
      if (personal === undefined) return value;
      return value.endsWith("…") ? `${maskPersonalValue(value.slice(0, -1), personal)}…` : maskPersonalValue(value, personal);
    },
  });
}

/** How each of the sender's columns is shown in a masked view. */
export type ColumnMasking = ReadonlyMap<string, PersonalDataKind | "shown" | "hidden" | "freeText">;

/** Canonical fields holding free text written by people (SMS bodies, notes, complaint descriptions). */
const freeTextFields = new Set(["message_text", "description", "category", "agent_name"]);

/** columnMap: the sender's column → the canonical field it fills (mapping.ts's resolved mapping). */
export function columnMaskingFor(headers: readonly string[], columnMap: Readonly<Record<string, string>>, kind: ImportKind): ColumnMasking {
  return new Map(
    headers.map((header) => {
      const definition = fieldDefinition(kind, columnMap[header] ?? header);
      if (definition === undefined) return [header, "hidden"] as const;
      if (definition.personalData === undefined && freeTextFields.has(definition.name)) return [header, "freeText"] as const;
      return [header, definition.personalData ?? "shown"] as const;
    }),
  );
}

/** The names and numbers a row's own personal columns hold: what its free text is most likely to repeat. */
function subjectsOfRawRow(values: Readonly<Record<string, string>>, masking: ColumnMasking): FreeTextSubjects {
  const names: string[] = [];
  const phones: string[] = [];
  for (const [column, value] of Object.entries(values)) {
    const how = masking.get(column);
    if (how === "name") names.push(value);
    if (how === "phone") phones.push(...value.split(/[;；]/));
  }
  return { names, phones };
}

export function maskRawRow(values: Readonly<Record<string, string>>, masking: ColumnMasking): Record<string, string> {
  let subjects: FreeTextSubjects | undefined;
  return Object.fromEntries(
    Object.entries(values).map(([column, value]) => {
      const how = masking.get(column) ?? "hidden";
      if (how === "shown" || value === "") return [column, value];
      if (how === "freeText") return [column, maskFreeText(value, (subjects ??= subjectsOfRawRow(values, masking)))];
      return [column, how === "hidden" ? hiddenValue : maskPersonalValue(value, how)];
    }),
  );
}
