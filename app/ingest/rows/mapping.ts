// From an agency's own layout to the canonical one. A mapping profile says which of the agency's columns
// holds which canonical field and how its codes translate (e.g. "已接通" → CONNECTED). Columns the profile
// does not mention are matched automatically by name (canonical names and common Chinese/English headers),
// and common Chinese values are translated by built-in synonyms after the profile's own value map.
//
// Header checks happen once per file (validateHeader); applyMapping then runs per row with the resolved
// profile it returns, so per-row work is a few map lookups.
import { DateTime } from "luxon";
import { z } from "zod";
import { type ImportKind } from "~/generated/prisma/enums";
import { type CanonicalField, type CanonicalRecord, fieldNamesFor, fieldsFor, isCanonicalField, requiredFieldsFor } from "./canonical-fields";
import { isUnambiguousTimeZone } from "./field-parsers";
import { type ImportMessage, importMessage } from "./import-message";

/** Normalises a header or alias for comparison: case, width, spacing and punctuation do not matter. */
export function normaliseHeader(header: string): string {
  return header
    .normalize("NFKC")
    .replace(/^\uFEFF/, "")
    .trim()
    .replace(/\*+$/, "") // templates mark required columns with "*"
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2") // camelCase → camel_case
    .toLowerCase()
    .replace(/[\s_\-./()（）:：]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

function normaliseValue(value: string): string {
  return value.normalize("NFKC").trim().toLowerCase();
}

const dateFormatProbe = DateTime.fromObject({ year: 2026, month: 3, day: 1, hour: 14, minute: 30, second: 45 }, { zone: "utc" });

/** A luxon format is usable when a date written with it reads back as the same calendar date. */
export function isUsableDateFormat(format: string): boolean {
  if (format.trim() === "") return false;
  const written = dateFormatProbe.toFormat(format);
  const read = DateTime.fromFormat(written, format, { zone: "utc" });
  return read.isValid && read.year === 2026 && read.month === 3 && read.day === 1;
}

const timeZoneSchema = z.string().refine(isUnambiguousTimeZone, {
  error: (issue) => `'${String(issue.input)}' is not an IANA time zone (such as Asia/Shanghai)`,
});

const dateFormatSchema = z.string().refine(isUsableDateFormat, {
  error: (issue) => `'${String(issue.input)}' is not a usable date format (such as yyyy/MM/dd HH:mm)`,
});

/**
 * The stored shape (MappingProfile.columnMap/valueMap are JSON columns). A column mapped to null is
 * deliberately ignored, which also silences the "unknown column" warning for it.
 */
export const mappingProfileSchema = z.object({
  columnMap: z.record(z.string(), z.string().nullable()).default({}),
  valueMap: z.record(z.string(), z.record(z.string(), z.string())).default({}),
  dateFormat: dateFormatSchema.nullish(),
  timeZone: timeZoneSchema.nullish(),
});

export type MappingProfile = z.infer<typeof mappingProfileSchema>;

const fieldOfKind: Record<ImportKind, string> = { PLACEMENTS: "a placement field", ACTIVITIES: "an activity field", COMPLAINTS: "a complaint field", AGENTS: "an agent roster field", ACKNOWLEDGMENTS: "an acknowledgment field", PAYMENTS: "a ledger field" };

/** The profile schema restricted to one kind's canonical fields. */
export function mappingProfileSchemaFor(kind: ImportKind) {
  return mappingProfileSchema.superRefine((profile, ctx) => {
    for (const [column, field] of Object.entries(profile.columnMap)) {
      if (field !== null && !isCanonicalField(kind, field)) {
        ctx.addIssue({ code: "custom", path: ["columnMap", column], message: `'${field}' is not ${fieldOfKind[kind]}` });
      }
    }
    for (const field of Object.keys(profile.valueMap)) {
      if (!isCanonicalField(kind, field)) {
        ctx.addIssue({ code: "custom", path: ["valueMap", field], message: `'${field}' is not ${fieldOfKind[kind]}` });
      }
    }
  });
}

/** How media are written: the activity type and the medium a consumer opts out of. */
const mediumSynonyms: Readonly<Record<string, string>> = {
  电话: "CALL",
  通话: "CALL",
  致电: "CALL",
  phone: "CALL",
  短信: "SMS",
  text: "SMS",
  邮件: "EMAIL",
  电子邮件: "EMAIL",
  "e-mail": "EMAIL",
  信函: "LETTER",
  律师函: "LETTER",
  上门: "VISIT",
  外访: "VISIT",
};

/**
 * Translations of common Chinese (and a few English) codes to canonical values, per canonical field. They
 * apply after the profile's own value map, ignoring case; values already canonical need no entry.
 */
export const builtInValueSynonyms: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  type: {
    ...mediumSynonyms,
    还款: "PAYMENT",
    承诺: "PROMISE",
    承诺还款: "PROMISE",
    异议: "DISPUTE",
    停催: "CEASE_REQUEST",
    停止催收: "CEASE_REQUEST",
    备注: "NOTE",
    // Regulation F facts (ADR 027).
    同意: "CONSENT",
    客户同意: "CONSENT",
    授权: "CONSENT",
    consent: "CONSENT",
    撤回同意: "CONSENT_REVOKED",
    撤销同意: "CONSENT_REVOKED",
    撤回授权: "CONSENT_REVOKED",
    "consent revoked": "CONSENT_REVOKED",
    委托律师: "ATTORNEY_NOTICE",
    律师代理: "ATTORNEY_NOTICE",
    "attorney notice": "ATTORNEY_NOTICE",
    "attorney representation": "ATTORNEY_NOTICE",
    联系限制: "CONTACT_RESTRICTION",
    限制联系: "CONTACT_RESTRICTION",
    "contact restriction": "CONTACT_RESTRICTION",
    债务确认通知: "VALIDATION_NOTICE",
    债务验证通知: "VALIDATION_NOTICE",
    "validation notice": "VALIDATION_NOTICE",
    核实结果: "VERIFICATION_SENT",
    核实回复: "VERIFICATION_SENT",
    "verification sent": "VERIFICATION_SENT",
    verification: "VERIFICATION_SENT",
  },
  restricted_medium: mediumSynonyms,
  consent_scope: {
    就该债务致电: "CALLS_ABOUT_DEBT",
    催收来电: "CALLS_ABOUT_DEBT",
    致电: "CALLS_ABOUT_DEBT",
    calls: "CALLS_ABOUT_DEBT",
    不便时间: "INCONVENIENT_TIME",
    非便利时间: "INCONVENIENT_TIME",
    时间: "INCONVENIENT_TIME",
    不便地点: "INCONVENIENT_PLACE",
    地点: "INCONVENIENT_PLACE",
    联系第三方: "THIRD_PARTY_CONTACT",
    第三方: "THIRD_PARTY_CONTACT",
    "third party": "THIRD_PARTY_CONTACT",
    电子邮箱: "EMAIL_ADDRESS",
    邮箱: "EMAIL_ADDRESS",
    email: "EMAIL_ADDRESS",
    短信号码: "TEXT_NUMBER",
    短信: "TEXT_NUMBER",
    text: "TEXT_NUMBER",
    sms: "TEXT_NUMBER",
    直接联系: "DIRECT_CONTACT",
    "direct contact": "DIRECT_CONTACT",
  },
  restriction: {
    不便时间: "INCONVENIENT_TIME",
    时间: "INCONVENIENT_TIME",
    time: "INCONVENIENT_TIME",
    不便地点: "INCONVENIENT_PLACE",
    地点: "INCONVENIENT_PLACE",
    place: "INCONVENIENT_PLACE",
    方式: "MEDIUM",
    渠道: "MEDIUM",
    退订: "MEDIUM",
    停止致电: "MEDIUM",
    stop: "MEDIUM",
    "opt out": "MEDIUM",
  },
  place: { 家: "HOME", 住所: "HOME", 住宅: "HOME", 家庭: "HOME", 单位: "WORK", 工作单位: "WORK", 公司: "WORK", 其他: "OTHER", 其它: "OTHER" },
  dispute_form: { 书面: "WRITTEN", 书面异议: "WRITTEN", 口头: "ORAL", 口头异议: "ORAL", 电话: "ORAL" },
  voicemail_content: {
    有限内容: "LIMITED_CONTENT",
    有限内容留言: "LIMITED_CONTENT",
    "limited content": "LIMITED_CONTENT",
    limited: "LIMITED_CONTENT",
    透露债务: "REVEALS_DEBT",
    涉及债务: "REVEALS_DEBT",
    提及欠款: "REVEALS_DEBT",
    "about the debt": "REVEALS_DEBT",
  },
  direction: { 呼出: "OUTBOUND", 外呼: "OUTBOUND", 呼入: "INBOUND", 来电: "INBOUND" },
  contact_party: {
    本人: "DEBTOR",
    借款人: "DEBTOR",
    配偶: "SPOUSE",
    家属: "FAMILY",
    亲属: "FAMILY",
    第三方: "THIRD_PARTY",
    朋友: "THIRD_PARTY",
    同事: "THIRD_PARTY",
    单位: "EMPLOYER",
    未知: "UNKNOWN",
    律师: "ATTORNEY",
    代理律师: "ATTORNEY",
    attorney: "ATTORNEY",
    lawyer: "ATTORNEY",
    遗嘱执行人: "EXECUTOR",
    遗产管理人: "EXECUTOR",
    遗产执行人: "EXECUTOR",
    executor: "EXECUTOR",
    administrator: "EXECUTOR",
    "personal representative": "EXECUTOR",
    监护人: "PARENT_GUARDIAN",
    法定监护人: "PARENT_GUARDIAN",
    guardian: "PARENT_GUARDIAN",
    parent: "PARENT_GUARDIAN",
    权益继承人: "CONFIRMED_SUCCESSOR",
    "successor in interest": "CONFIRMED_SUCCESSOR",
  },
  // What Chinese diallers and SMS gateways print (docs/IMPORT_FORMAT.md lists them). A number that cannot be
  // reached at all (关机, 暂时无法接通) is NOT_IN_SERVICE like 空号/停机: no one could have answered it.
  outcome: {
    已接通: "CONNECTED",
    接通: "CONNECTED",
    已接听: "CONNECTED",
    接听: "CONNECTED",
    通话成功: "CONNECTED",
    未接: "NO_ANSWER",
    未接通: "NO_ANSWER",
    无人接听: "NO_ANSWER",
    无应答: "NO_ANSWER",
    振铃未接: "NO_ANSWER",
    语音信箱: "VOICEMAIL",
    转语音信箱: "VOICEMAIL",
    留言: "VOICEMAIL",
    占线: "BUSY",
    忙: "BUSY",
    忙线: "BUSY",
    用户忙: "BUSY",
    通话中: "BUSY",
    空号: "NOT_IN_SERVICE",
    停机: "NOT_IN_SERVICE",
    关机: "NOT_IN_SERVICE",
    无法接通: "NOT_IN_SERVICE",
    暂时无法接通: "NOT_IN_SERVICE",
    不在服务区: "NOT_IN_SERVICE",
    错号: "WRONG_NUMBER",
    非本人: "WRONG_NUMBER",
    拒接: "REFUSED",
    拒听: "REFUSED",
    挂断: "REFUSED",
    已送达: "DELIVERED",
    送达: "DELIVERED",
    成功: "DELIVERED",
    发送成功: "DELIVERED",
    已读: "DELIVERED",
    失败: "FAILED",
    发送失败: "FAILED",
    未送达: "FAILED",
    送达失败: "FAILED",
    呼叫失败: "FAILED",
  },
  source: {
    本人: "DEBTOR",
    借款人: "DEBTOR",
    家属: "FAMILY",
    亲属: "FAMILY",
    第三方: "THIRD_PARTY",
    非借款人: "NON_BORROWER",
    监管: "REGULATOR",
    监管机构: "REGULATOR",
    银保监: "REGULATOR",
    媒体: "MEDIA",
  },
  severity: { 低: "LOW", 一般: "MEDIUM", 中: "MEDIUM", 高: "HIGH", 严重: "HIGH" },
  currency: { 人民币: "CNY", rmb: "CNY", 元: "CNY", "¥": "CNY", 美元: "USD", "$": "USD", "us$": "USD" },
  // Placement life cycle (ADR 039).
  recall_reason: {
    结清: "PAID_IN_FULL",
    已结清: "PAID_IN_FULL",
    全额还款: "PAID_IN_FULL",
    "paid in full": "PAID_IN_FULL",
    和解: "SETTLED",
    和解结清: "SETTLED",
    协商结清: "SETTLED",
    争议: "DISPUTE",
    异议: "DISPUTE",
    破产: "BANKRUPTCY",
    死亡: "DECEASED",
    身故: "DECEASED",
    停催: "CEASE_REQUEST",
    停止催收: "CEASE_REQUEST",
    委托到期: "END_OF_TERM",
    到期: "END_OF_TERM",
    到期撤案: "END_OF_TERM",
    "end of term": "END_OF_TERM",
    业绩不佳: "PERFORMANCE",
    业绩: "PERFORMANCE",
    委托方要求: "LENDER_REQUEST",
    银行要求: "LENDER_REQUEST",
    "lender request": "LENDER_REQUEST",
  },
  status: {
    接受: "ACCEPTED",
    接收: "ACCEPTED",
    已接收: "ACCEPTED",
    受理: "ACCEPTED",
    accept: "ACCEPTED",
    拒绝: "REJECTED",
    拒收: "REJECTED",
    退回: "REJECTED",
    reject: "REJECTED",
  },
};

const normalisedBuiltInSynonyms: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map(
  Object.entries(builtInValueSynonyms).map(([field, synonyms]) => [
    field,
    new Map(Object.entries(synonyms).map(([from, to]) => [normaliseValue(from), to])),
  ]),
);

interface AliasIndex {
  byCanonicalName: Map<string, CanonicalField>;
  byAlias: Map<string, CanonicalField>;
}

const aliasIndexes = new Map<ImportKind, AliasIndex>();

function aliasIndexFor(kind: ImportKind): AliasIndex {
  let index = aliasIndexes.get(kind);
  if (!index) {
    index = { byCanonicalName: new Map(), byAlias: new Map() };
    for (const field of fieldsFor(kind)) {
      index.byCanonicalName.set(normaliseHeader(field.name), field.name as CanonicalField);
      for (const alias of field.aliases) index.byAlias.set(normaliseHeader(alias), field.name as CanonicalField);
    }
    aliasIndexes.set(kind, index);
  }
  return index;
}

export interface MappingSuggestion {
  /** Agency column → canonical field, for the columns recognised. */
  columnMap: Record<string, CanonicalField>;
  /** Columns not recognised, in file order. */
  unmatched: string[];
  /** Columns recognised as a field another column already took (the first one in file order keeps it). */
  duplicates: { column: string; field: CanonicalField; takenBy: string }[];
}

/** Matches headers to fields not yet in `taken`, recording each field it assigns there. */
function matchHeaders(headers: readonly string[], kind: ImportKind, taken: Map<CanonicalField, string>): MappingSuggestion {
  const index = aliasIndexFor(kind);
  const columnMap: Record<string, CanonicalField> = {};
  const candidates = headers.map((header) => {
    const normalised = normaliseHeader(header);
    return { header, exact: index.byCanonicalName.get(normalised), alias: index.byAlias.get(normalised) };
  });
  // Exact canonical names first, so "phone_number" keeps the field even when "电话" comes earlier.
  for (const { header, exact } of candidates) {
    if (exact && !taken.has(exact)) {
      taken.set(exact, header);
      columnMap[header] = exact;
    }
  }
  const unmatched: string[] = [];
  const duplicates: MappingSuggestion["duplicates"] = [];
  for (const { header, exact, alias } of candidates) {
    if (columnMap[header] !== undefined) continue;
    const field = exact ?? alias;
    if (field === undefined) {
      unmatched.push(header);
      continue;
    }
    const holder = taken.get(field);
    if (holder !== undefined) {
      duplicates.push({ column: header, field, takenBy: holder });
      continue;
    }
    taken.set(field, header);
    columnMap[header] = field;
  }
  return { columnMap, unmatched, duplicates };
}

/**
 * Maps headers automatically: an exact canonical name (ignoring case, spaces, punctuation) first, then known
 * aliases such as 账号 or 催收时间.
 */
export function suggestMapping(headers: readonly string[], kind: ImportKind): MappingSuggestion {
  return matchHeaders(headers, kind, new Map());
}

/** A profile resolved against one file's header; what applyMapping expects. */
export interface ResolvedMapping {
  /** Exactly the file's columns that will be imported, and the field each one fills. */
  columnMap: Record<string, CanonicalField>;
  /**
   * Canonical fields that no column fills and that are not column names in the header: a value under
   * exactly that name is still imported. Only JSON Lines rows can have such keys, since their header is
   * learned from the first lines and a key may first appear later.
   */
  passThroughFields: CanonicalField[];
  valueMap: Record<string, Record<string, string>>;
  dateFormat: string | null;
  timeZone: string | null;
}

export interface HeaderCheck {
  ok: boolean;
  /** The mapping to use for every row of the file (meaningful when ok). */
  mapping: ResolvedMapping;
  missingRequired: CanonicalField[];
  /** Columns that will not be imported. Not an error: agencies often send extra columns. */
  unknownColumns: string[];
  /** Message keys (import-message.ts), shown in the reader's language. */
  errors: ImportMessage[];
  warnings: ImportMessage[];
}

/**
 * Checks a file's header against a kind: every required field must be mapped from some column. The
 * profile's column map wins; columns it does not mention are matched automatically.
 */
export function validateHeader(headers: readonly string[], kind: ImportKind, profile?: Partial<MappingProfile> | null): HeaderCheck {
  const errors: ImportMessage[] = [];
  const warnings: ImportMessage[] = [];
  const profileColumns = profile?.columnMap ?? {};
  const columnMap: Record<string, CanonicalField> = {};
  const sourceOf = new Map<CanonicalField, string>();
  const headerSet = new Set(headers);

  for (const [column, field] of Object.entries(profileColumns)) {
    if (!headerSet.has(column)) {
      if (field !== null) warnings.push(importMessage("importHeader.profileColumnAbsent", { column, target: field }));
      continue;
    }
    if (field === null) continue;
    if (!isCanonicalField(kind, field)) {
      errors.push(importMessage("importHeader.profileFieldWrongKind", { column, target: field, kindField: kind }));
      continue;
    }
    const earlier = sourceOf.get(field as CanonicalField);
    if (earlier !== undefined) {
      errors.push(importMessage("importHeader.bothMapped", { earlier, column, target: field }));
      continue;
    }
    sourceOf.set(field as CanonicalField, column);
    columnMap[column] = field as CanonicalField;
  }

  const unmentioned = headers.filter((header) => !Object.hasOwn(profileColumns, header));
  const matched = matchHeaders(unmentioned, kind, sourceOf);
  Object.assign(columnMap, matched.columnMap);
  for (const { column, field, takenBy } of matched.duplicates) {
    warnings.push(importMessage("importHeader.duplicateLooksLike", { column, target: field, takenBy }));
  }
  if (matched.unmatched.length > 0) {
    warnings.push(importMessage("importHeader.unrecognised", { columns: matched.unmatched.join(", ") }));
  }
  const notImported = new Set([...matched.unmatched, ...matched.duplicates.map((duplicate) => duplicate.column)]);
  const unknownColumns = headers.filter((header) => notImported.has(header));

  const missingRequired = requiredFieldsFor(kind).filter((field) => !sourceOf.has(field as CanonicalField)) as CanonicalField[];
  if (missingRequired.length > 0) {
    errors.push(
      importMessage(missingRequired.length === 1 ? "importHeader.missingRequired" : "importHeader.missingRequiredMany", { required: missingRequired.join(","), found: headers.join(", ") }),
    );
  }

  const passThroughFields = fieldNamesFor(kind).filter(
    (field) => !sourceOf.has(field as CanonicalField) && !headerSet.has(field),
  ) as CanonicalField[];

  return {
    ok: errors.length === 0,
    mapping: {
      columnMap,
      passThroughFields,
      valueMap: profile?.valueMap ?? {},
      dateFormat: profile?.dateFormat ?? null,
      timeZone: profile?.timeZone ?? null,
    },
    missingRequired,
    unknownColumns,
    errors,
    warnings,
  };
}

const compiledValueMaps = new WeakMap<object, ReadonlyMap<string, ReadonlyMap<string, string>>>();

function compiledValueMap(valueMap: Record<string, Record<string, string>>): ReadonlyMap<string, ReadonlyMap<string, string>> {
  let compiled = compiledValueMaps.get(valueMap);
  if (!compiled) {
    compiled = new Map(
      Object.entries(valueMap).map(([field, values]) => [field, new Map(Object.entries(values).map(([from, to]) => [normaliseValue(from), to]))]),
    );
    compiledValueMaps.set(valueMap, compiled);
  }
  return compiled;
}

/** Translates one value of a canonical field: the profile's map (exact, then ignoring case), then built-ins. */
export function mapValue(field: string, value: string, valueMap: Record<string, Record<string, string>> = {}): string {
  const own = valueMap[field];
  if (own) {
    const exact = own[value];
    if (exact !== undefined) return exact;
  }
  const normalised = normaliseValue(value);
  if (normalised === "") return value;
  return compiledValueMap(valueMap).get(field)?.get(normalised) ?? normalisedBuiltInSynonyms.get(field)?.get(normalised) ?? value;
}

/** The agency's column that fills a canonical field, for pointing at it in messages ("催收时间" for occurred_at). */
export function sourceColumnFor(mapping: Pick<ResolvedMapping, "columnMap">, field: string): string | null {
  for (const [column, mapped] of Object.entries(mapping.columnMap)) if (mapped === field) return column;
  return null;
}

/** A column map's entries, listed once per map rather than once per row of the file. */
const entriesByColumnMap = new WeakMap<object, readonly (readonly [string, CanonicalField])[]>();
function columnEntries(columnMap: ResolvedMapping["columnMap"]): readonly (readonly [string, CanonicalField])[] {
  let entries = entriesByColumnMap.get(columnMap);
  if (!entries) {
    // A resolved mapping is made once per file (resolveMapping) and never changed afterwards.
    entries = Object.entries(columnMap);
    entriesByColumnMap.set(columnMap, entries);
  }
  return entries;
}

/**
 * Turns a source row (agency column names) into a canonical record. Unmapped columns are dropped; values
 * keep their original text apart from value-map translation — parsing and trimming are validation's job.
 */
export function applyMapping(
  values: Readonly<Record<string, string>>,
  mapping: Pick<ResolvedMapping, "columnMap" | "valueMap"> & Partial<Pick<ResolvedMapping, "passThroughFields">>,
): CanonicalRecord {
  const record: CanonicalRecord = {};
  for (const [column, field] of columnEntries(mapping.columnMap)) {
    const value = values[column];
    if (value === undefined) continue;
    record[field] = mapValue(field, value, mapping.valueMap);
  }
  for (const field of mapping.passThroughFields ?? []) {
    const value = values[field];
    if (value !== undefined) record[field] = mapValue(field, value, mapping.valueMap);
  }
  return record;
}

