// Why a row was rejected, stored language-neutral: a message key and its params, rendered in the reader's language
// when the batch page, the import preview or the rejects CSV shows it (the CSV in the language of whoever downloads
// it). ImportRowError.message holds the messages as JSON (`[{"key":…,"params":…}]`); rows stored before keys were
// kept hold plain English text, which is shown as it is. A reader (CSV, XLSX, JSON Lines) reports a row's problems
// through SourceRow.error, a string: it may be such JSON, plain text, or both joined by joinRowErrors.
import { z } from "zod";
import { type ImportFilesMessageKey, importFilesEn } from "~/i18n/sections/import-files.en";
import type { ImportRowsMessageKey } from "~/i18n/sections/import-rows.en";
import { importRowsEn } from "~/i18n/sections/import-rows.en";
import { ingestLimitsEn } from "~/i18n/sections/ingest-limits.en";
import type { Locale } from "~/i18n/locales";
import { getMessages, interpolate, type MessageParams } from "~/i18n/translate";

/** Row reasons, file refusals and header problems: everything an import may have to explain. */
export type ImportMessageKey =
  | Exclude<ImportRowsMessageKey, `importField.${string}` | `importRow.jsonType.${string}`>
  | Exclude<ImportFilesMessageKey, `importFile.${"binary" | "expected" | "hint"}.${string}` | `importHeader.kindField.${string}`>
  | keyof typeof ingestLimitsEn;

function isStorableKey(key: string): key is ImportMessageKey {
  return (key in importRowsEn && key.startsWith("importRow.")) || key in importFilesEn || key in ingestLimitsEn;
}
export type ImportMessage = { key: ImportMessageKey; params?: MessageParams };

export function importMessage(key: ImportMessageKey, params?: MessageParams): ImportMessage {
  return params === undefined ? { key } : { key, params };
}

const storedSchema = z.array(
  z.object({
    key: z.string().refine(isStorableKey),
    // PostgreSQL writes a missing value as null.
    params: z
      .record(z.string(), z.union([z.string(), z.number(), z.null()]))
      .transform((params) => Object.fromEntries(Object.entries(params).map(([name, value]) => [name, value ?? ""])))
      .optional(),
  }),
);

/** The stored form (what ImportRowError.message and SourceRow.error hold). */
export function encodeImportMessages(messages: readonly ImportMessage[]): string {
  return JSON.stringify(messages);
}

/** The messages of a stored reason, or null for text stored before reasons were keys (shown as it is). */
export function decodeImportMessages(stored: string): ImportMessage[] | null {
  // JSON.stringify writes `[{"key":`, PostgreSQL's jsonb `[{"key": `.
  if (!/^\[\{"key": ?"/.test(stored)) return null;
  try {
    const parsed = storedSchema.safeParse(JSON.parse(stored));
    return parsed.success ? (parsed.data as ImportMessage[]) : null;
  } catch {
    return null;
  }
}

/** Any stored reason as messages: plain text becomes one message that shows it as it is. */
export function toImportMessages(stored: string): ImportMessage[] {
  return decodeImportMessages(stored) ?? [importMessage("importRow.text", { text: stored })];
}

/**
 * One reason from several: a reader's own problems and the row's, as messages or text. Plain text parts (a reader
 * not yet speaking in keys) still show, as they are.
 */
export function joinRowErrors(parts: readonly (string | ImportMessage | undefined)[]): string | undefined {
  const messages = parts.flatMap((part) => (part === undefined || part === "" ? [] : typeof part === "string" ? toImportMessages(part) : [part]));
  return messages.length === 0 ? undefined : encodeImportMessages(messages);
}

/** Counts and lengths are grouped (10,001); row numbers, years and ids are not. */
const groupedParams = new Set(["length", "maxLength", "fields", "columns", "limit", "actual", "heapMb", "sizeMb", "rejected", "total"]);

/** Params that name a word of the dictionary rather than carry text: {binary: "pdf"} → "PDF document". */
const dictionaryParams: Record<string, string> = {
  jsonType: "importRow.jsonType.",
  binary: "importFile.binary.",
  expected: "importFile.expected.",
  hint: "importFile.hint.",
  kindField: "importHeader.kindField.",
};

export type RenderImportMessageOptions = {
  /** Replaces a quoted value (params.value) of the given field, e.g. masking a phone number. */
  maskValue?: (value: string, field: string | null) => string;
};

/** One message in the locale: {field} as the field's label, counts grouped. */
export function renderImportMessage(message: ImportMessage, locale: Locale, options: RenderImportMessageOptions = {}): string {
  const messages = getMessages(locale) as Record<string, string>;
  const numbers = new Intl.NumberFormat(locale);
  const params: MessageParams = {};
  const field = typeof message.params?.field === "string" ? message.params.field : null;
  for (const [name, value] of Object.entries(message.params ?? {})) {
    const dictionary = dictionaryParams[name];
    if (name === "field" && typeof value === "string") params[name] = fieldLabel(value, locale);
    // Header problems name the canonical columns as a file must spell them, with the Chinese label beside.
    else if (name === "target" && typeof value === "string") params[name] = columnName(value, locale);
    else if (name === "required" && typeof value === "string") params[name] = value.split(",").map((one) => columnName(one, locale)).join(locale === "zh-CN" ? "、" : ", ");
    else if (name === "found" && typeof value === "string") params[name] = value === "" ? messages["importHeader.none"] ?? "" : value;
    else if (dictionary !== undefined && typeof value === "string") params[name] = messages[`${dictionary}${value}`] ?? value;
    else if (name === "value" && typeof value === "string" && options.maskValue) params[name] = options.maskValue(value, field);
    else params[name] = typeof value === "number" && groupedParams.has(name) ? numbers.format(value) : value;
  }
  const template = messages[message.key] ?? message.key;
  const text = interpolate(template, params);
  // A file refusal is shown after the file's name unless its own words place the name.
  if (params.file !== undefined && !template.includes("{file}")) return interpolate(messages["importFile.named"] ?? "{file}: {message}", { file: params.file, message: text });
  return text;
}

/** Several messages as one text in the locale. */
export function renderImportMessages(messages: readonly ImportMessage[], locale: Locale, separator?: string): string {
  return messages.map((message) => renderImportMessage(message, locale)).join(separator ?? getMessages(locale)["importRow.separator"]);
}

/** A stored reason (messages or legacy text) as one line in the locale. */
export function renderStoredRowError(stored: string, locale: Locale, options: RenderImportMessageOptions & { legacy?: (text: string) => string } = {}): string {
  const decoded = decodeImportMessages(stored);
  if (decoded === null) return options.legacy ? options.legacy(stored) : stored;
  return decoded.map((message) => renderImportMessage(message, locale, options)).join(getMessages(locale)["importRow.separator"]);
}

/** A batch's stored refusal or header warning (messages or legacy text) as one text in the locale. */
export function renderStoredImportText(stored: string, locale: Locale): string {
  const decoded = decodeImportMessages(stored);
  return decoded === null ? stored : renderImportMessages(decoded, locale, " ");
}

/**
 * The stored form built in SQL, for reasons found by set-based checks: params maps each name to a SQL expression.
 * Keys and names are this module's constants, never input.
 */
export function importMessageSql(key: ImportMessageKey, params: Record<string, string> = {}): string {
  const entries = Object.entries(params).map(([name, expression]) => `'${name}', ${expression}`);
  const object = entries.length === 0 ? `jsonb_build_object('key', '${key}')` : `jsonb_build_object('key', '${key}', 'params', jsonb_build_object(${entries.join(", ")}))`;
  return `jsonb_build_array(${object})::text`;
}

/** English, for the CLI, logs and tests. */
export function englishImportMessages(messages: readonly ImportMessage[]): string {
  return messages.map((message) => renderImportMessage(message, "en")).join("; ");
}

function columnName(field: string, locale: Locale): string {
  return locale === "zh-CN" ? fieldLabel(field, locale) : field;
}

/** The canonical field in the locale: "amount" in English, "金额（amount）" in Chinese. */
export function fieldLabel(field: string, locale: Locale): string {
  const label = (getMessages(locale) as Record<string, string>)[`importField.${field}`];
  if (label === undefined || label === field) return field;
  return locale === "zh-CN" ? `${label}（${field}）` : label;
}
