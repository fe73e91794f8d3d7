// Parsers from the text an agency sent to typed values, one per canonical field type. Each returns either the
// value or a message (a key and params: import-message.ts) naming the field and quoting the value, shown to the
// agency in its own language.
//
// Numbers, dates, phone numbers and codes are NFKC-normalised first so that full-width characters typed with
// a Chinese input method (１３８, ２０２６－０３－０１, ：) read as their ASCII forms. Free text is never
// normalised.
import { DateTime, IANAZone } from "luxon";
import type { MessageParams } from "~/i18n/translate";
import { readRestrictedHours } from "~/rules/restricted-hours";
import { canonicalTimeZone, isKnownTimeZone } from "~/clock/time-zones";
import { importMessage, type ImportMessage, type ImportMessageKey } from "./import-message";
import { parseUsState } from "~/rules/us-states";

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: ImportMessage };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
/** A refusal naming the field and quoting the value as sent. */
const fail = <T>(key: ImportMessageKey, field: string, raw: string, params: MessageParams = {}): Parsed<T> => ({
  ok: false,
  message: importMessage(key, { field, value: showValue(raw), ...params }),
});

const MAX_SHOWN_CHARACTERS = 60;

/** The value as quoted in messages; long values are shortened so messages stay readable. */
export function showValue(raw: string): string {
  const characters = Array.from(raw);
  return characters.length > MAX_SHOWN_CHARACTERS ? `${characters.slice(0, MAX_SHOWN_CHARACTERS).join("")}…` : raw;
}

/** Length in characters as PostgreSQL counts them (code points, so an emoji is one). */
export function characterLength(value: string): number {
  let length = 0;
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff && index + 1 < value.length) {
      const next = value.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index += 1;
    }
    length += 1;
  }
  return length;
}

export function checkLength(value: string, field: string, maxLength: number): Parsed<string> {
  if (value.length <= maxLength) return ok(value);
  const length = characterLength(value);
  if (length <= maxLength) return ok(value);
  return { ok: false, message: importMessage("importRow.tooLong", { field, length, maxLength }) };
}

/**
 * Excel users type a leading apostrophe to keep a value as text ('0012, '+86…), and our rejects files add one
 * to neutralise formulas. In numeric-like fields it can only be that marker, so it is dropped.
 */
function withoutTextMarker(value: string): string {
  return value.startsWith("'") ? value.slice(1) : value;
}

function normaliseForParsing(raw: string): string {
  return withoutTextMarker(raw.normalize("NFKC").trim());
}

// ---------------------------------------------------------------------------------------------- numbers

/** Largest whole part of a Decimal(14, 2) column. */
const MAX_DECIMAL_INTEGER_DIGITS = 12;

/**
 * Money as an exact decimal string with two places ("1234.5" → "1234.50"), never a float. Accepts thousands
 * separators written the usual way (1,234.50); refuses signs other than "+", exponents and more than two
 * significant decimal places, rather than rounding money silently.
 */
export function parseDecimal(raw: string, field: string): Parsed<string> {
  const text = normaliseForParsing(raw);
  const plain = /^\+?\d{1,3}(,\d{3})+(\.\d*)?$/.test(text) ? text.replaceAll(",", "") : text;
  const match = /^\+?(\d*)(?:\.(\d*))?$/.exec(plain);
  const wholeDigits = match?.[1] ?? "";
  const fractionDigits = match?.[2] ?? "";
  if (!match || (wholeDigits === "" && fractionDigits === "")) return fail("importRow.notNonNegativeNumber", field, raw);
  if (/[^0]/.test(fractionDigits.slice(2))) return fail("importRow.tooManyDecimals", field, raw);
  const whole = wholeDigits.replace(/^0+(?=\d)/, "") || "0";
  if (whole.length > MAX_DECIMAL_INTEGER_DIGITS) return fail("importRow.tooLarge", field, raw);
  return ok(`${whole}.${fractionDigits.slice(0, 2).padEnd(2, "0")}`);
}

/** Money that may be negative (a ledger's reversals): "-1,234.5" → "-1234.50"; "-0" is "0.00". */
export function parseSignedDecimal(raw: string, field: string): Parsed<string> {
  const text = normaliseForParsing(raw);
  // Accountants write negatives with a leading minus (ASCII or the Unicode minus sign) or in parentheses.
  const negative = /^[-−]/.test(text) || /^\(.*\)$/.test(text);
  const magnitude = negative ? text.replace(/^[-−]/, "").replace(/^\((.*)\)$/, "$1") : text;
  const parsed = parseDecimal(magnitude, field);
  if (!parsed.ok) return fail(parsed.message.key === "importRow.notNonNegativeNumber" ? "importRow.notSignedNumber" : parsed.message.key, field, raw);
  return ok(negative && /[1-9]/.test(parsed.value) ? `-${parsed.value}` : parsed.value);
}

/** PostgreSQL's int. */
const MAX_INTEGER = 2_147_483_647;

export function parseNonNegativeInteger(raw: string, field: string): Parsed<number> {
  const text = normaliseForParsing(raw);
  // "12.0" is how some spreadsheets write a whole number.
  const match = /^\+?(\d+)(?:\.0*)?$/.exec(text);
  if (!match) return fail("importRow.notWholeNumber", field, raw);
  const value = Number(match[1]);
  if (value > MAX_INTEGER) return fail("importRow.tooLarge", field, raw);
  return ok(value);
}

// ----------------------------------------------------------------------------------------- codes, flags

const booleanWords = new Map<string, boolean>([
  ["true", true],
  ["t", true],
  ["yes", true],
  ["y", true],
  ["1", true],
  ["是", true],
  ["有", true],
  ["同意", true],
  ["false", false],
  ["f", false],
  ["no", false],
  ["n", false],
  ["0", false],
  ["否", false],
  ["无", false],
  ["不同意", false],
]);

export function parseBoolean(raw: string, field: string): Parsed<boolean> {
  const value = booleanWords.get(normaliseForParsing(raw).toLowerCase());
  return value === undefined ? fail("importRow.notBoolean", field, raw) : ok(value);
}

/** Enum values ignore case, and spaces or hyphens stand for underscores: "no answer" is NO_ANSWER. */
export function parseEnum<T extends string>(raw: string, field: string, allowed: readonly T[]): Parsed<T> {
  const candidate = normaliseForParsing(raw).toUpperCase().replace(/[\s-]+/g, "_");
  const match = allowed.find((value) => value === candidate);
  return match === undefined ? fail("importRow.notOneOf", field, raw, { allowed: allowed.join(", ") }) : ok(match);
}

const isoCurrencies = new Set(Intl.supportedValuesOf("currency"));

export function parseCurrency(raw: string, field: string): Parsed<string> {
  const code = normaliseForParsing(raw).toUpperCase();
  return isoCurrencies.has(code) ? ok(code) : fail("importRow.notCurrency", field, raw);
}

/**
 * An IANA zone in Area/Location form (or UTC). Legacy abbreviations are refused even though the database
 * knows some of them: "CST" resolves to America/Chicago, while a Chinese agency writing CST means China.
 */
export function isUnambiguousTimeZone(zone: string): boolean {
  return (zone.includes("/") || /^(UTC|GMT)$/i.test(zone)) && isKnownTimeZone(zone);
}

/** An IANA zone, returned in its canonical spelling (asia/shanghai → Asia/Shanghai). */
export function parseTimeZone(raw: string, field: string): Parsed<string> {
  const zone = raw.trim();
  if (!isUnambiguousTimeZone(zone)) return fail("importRow.notTimeZone", field, raw);
  return ok(canonicalTimeZone(zone)!);
}

/** IANA zones separated by ";", each in its canonical spelling, without repeats. */
export function parseTimeZoneList(raw: string, field: string): Parsed<string[]> {
  const zones: string[] = [];
  for (const part of raw.split(/[;；]/)) {
    if (part.trim() === "") continue;
    const zone = parseTimeZone(part, field);
    if (!zone.ok) return zone;
    if (!zones.includes(zone.value)) zones.push(zone.value);
  }
  return ok(zones);
}

/** A consumer's inconvenient hours, stored as "HH:mm-HH:mm" (the form the rule engine reads). */
export function parseHours(raw: string, field: string): Parsed<string> {
  const hours = readRestrictedHours(raw);
  return hours === null ? fail("importRow.notHours", field, raw) : ok(hours.label);
}

/** A US state written as its code, English or Chinese name (~/rules/us-states), returned as the code. */
export function parseUsStateField(raw: string, field: string): Parsed<string> {
  const code = parseUsState(raw);
  return code === null ? fail("importRow.notUsState", field, raw) : ok(code);
}

// ------------------------------------------------------------------------------------------------ phones

/** Phone numbers are stored as digits with an optional leading "+", the form the rules compare. */
export function normalisePhone(raw: string, field: string): Parsed<string> {
  const compact = normaliseForParsing(raw).replace(/[\s\-().]/g, "");
  if (/^\+?\d{3,20}$/.test(compact)) return ok(compact);
  return fail("importRow.notPhone", field, raw);
}

/** Several numbers separated by ";" (the full-width "；" too). Duplicates are dropped, order kept. */
export function parsePhoneList(raw: string, field: string): Parsed<string[]> {
  const phones: string[] = [];
  for (const part of raw.split(/[;；]/)) {
    if (part.trim() === "") continue;
    const phone = normalisePhone(part, field);
    if (!phone.ok) return phone;
    if (!phones.includes(phone.value)) phones.push(phone.value);
  }
  return ok(phones);
}

// ------------------------------------------------------------------------------------------ dates, times

/** Years outside this range are almost always typos (0226, 20226) rather than real dates. */
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

interface WallClockMatch {
  wall: WallClock;
  hasTime: boolean;
  /** Minutes east of UTC when the text states its offset. */
  offsetMinutes?: number;
}

const isoWithOffset =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s?(Z|[+-]\d{2}(?::?\d{2})?)$/i;
const numericLocal = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?$/i;
const chineseLocal = /^(\d{4})年(\d{1,2})月(\d{1,2})日(?:\s*(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const compactDate = /^(\d{4})(\d{2})(\d{2})$/;

function toNumber(text: string | undefined): number {
  return text === undefined || text === "" ? 0 : Number(text);
}

function milliseconds(fraction: string | undefined): number {
  return fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, "0"));
}

function parseOffset(text: string): number {
  if (text.toUpperCase() === "Z") return 0;
  const sign = text.startsWith("-") ? -1 : 1;
  const digits = text.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + toNumber(digits.slice(2, 4)));
}

function matchBuiltInFormats(text: string): WallClockMatch | null {
  let match = isoWithOffset.exec(text);
  if (match) {
    return {
      wall: {
        year: toNumber(match[1]),
        month: toNumber(match[2]),
        day: toNumber(match[3]),
        hour: toNumber(match[4]),
        minute: toNumber(match[5]),
        second: toNumber(match[6]),
        millisecond: milliseconds(match[7]),
      },
      hasTime: true,
      offsetMinutes: parseOffset(match[8] ?? "Z"),
    };
  }
  match = numericLocal.exec(text);
  if (match) {
    return {
      wall: {
        year: toNumber(match[1]),
        month: toNumber(match[3]),
        day: toNumber(match[4]),
        hour: toNumber(match[5]),
        minute: toNumber(match[6]),
        second: toNumber(match[7]),
        millisecond: milliseconds(match[8]),
      },
      hasTime: match[5] !== undefined,
    };
  }
  match = chineseLocal.exec(text);
  if (match) {
    return {
      wall: {
        year: toNumber(match[1]),
        month: toNumber(match[2]),
        day: toNumber(match[3]),
        hour: toNumber(match[4]),
        minute: toNumber(match[5]),
        second: toNumber(match[6]),
        millisecond: 0,
      },
      hasTime: match[4] !== undefined,
    };
  }
  match = compactDate.exec(text);
  if (match) {
    return {
      wall: { year: toNumber(match[1]), month: toNumber(match[2]), day: toNumber(match[3]), hour: 0, minute: 0, second: 0, millisecond: 0 },
      hasTime: false,
    };
  }
  return null;
}

/** Luxon format tokens that carry a UTC offset or zone; quoted literals are not tokens. */
function formatStatesOffset(format: string): boolean {
  return /[Zz]/.test(format.replace(/'[^']*'/g, ""));
}

function formatHasTime(format: string): boolean {
  return /[HhmsSaT]/.test(format.replace(/'[^']*'/g, ""));
}

type ProfileFormatResult = { kind: "match"; match: WallClockMatch } | { kind: "out-of-range" } | { kind: "no-match" };

function matchProfileFormat(text: string, format: string): ProfileFormatResult {
  const statesOffset = formatStatesOffset(format);
  const parsed = DateTime.fromFormat(text, format, { zone: "utc", setZone: statesOffset });
  if (!parsed.isValid) return parsed.invalidReason === "unit out of range" ? { kind: "out-of-range" } : { kind: "no-match" };
  return {
    kind: "match",
    match: {
      wall: {
        year: parsed.year,
        month: parsed.month,
        day: parsed.day,
        hour: parsed.hour,
        minute: parsed.minute,
        second: parsed.second,
        millisecond: parsed.millisecond,
      },
      hasTime: formatHasTime(format),
      ...(statesOffset ? { offsetMinutes: parsed.offset } : {}),
    },
  };
}

function isRealWallClock(wall: WallClock): boolean {
  // Luxon accepts 24:00 as the end of a day; agencies writing it almost always mean a typo.
  if (wall.hour > 23 || wall.minute > 59 || wall.second > 59 || wall.millisecond > 999) return false;
  if (wall.month < 1 || wall.month > 12 || wall.day < 1) return false;
  // Date.UTC rolls 31 April over to 1 May; a date that comes back changed does not exist.
  const date = new Date(Date.UTC(wall.year, wall.month - 1, wall.day));
  return date.getUTCFullYear() === wall.year && date.getUTCMonth() === wall.month - 1 && date.getUTCDate() === wall.day;
}

const MILLISECONDS_PER_HOUR = 3_600_000;
const offsetsByZone = new Map<string, Map<number, number>>();
const maxCachedHoursPerZone = 200_000;

/**
 * A zone's UTC offset at an instant. Asking Intl (through Luxon) costs microseconds per call, which dominated the
 * import of large files, so offsets are cached per hour; an hour in which the offset changes is marked and
 * always computed exactly.
 */
function offsetAt(zone: IANAZone, epochMilliseconds: number): number {
  let hours = offsetsByZone.get(zone.name);
  if (!hours) {
    hours = new Map();
    offsetsByZone.set(zone.name, hours);
  }
  const hour = Math.floor(epochMilliseconds / MILLISECONDS_PER_HOUR);
  let offset = hours.get(hour);
  if (offset === undefined) {
    const atStart = zone.offset(hour * MILLISECONDS_PER_HOUR);
    offset = atStart === zone.offset((hour + 1) * MILLISECONDS_PER_HOUR - 1) ? atStart : Number.NaN;
    if (hours.size >= maxCachedHoursPerZone) hours.clear();
    hours.set(hour, offset);
  }
  return Number.isNaN(offset) ? zone.offset(epochMilliseconds) : offset;
}

const MILLISECONDS_PER_MINUTE = 60_000;
const MILLISECONDS_PER_DAY = 86_400_000;

export type ZoneResolution = { ok: true; epochMilliseconds: number; offsetMinutes: number } | { ok: false };

/**
 * The instant a wall-clock time denotes in a zone. Local times skipped by a daylight-saving change do not
 * exist (ok: false). Local times that happen twice when clocks go back take the earlier instant, i.e. the
 * offset in force before the change (01:30 on the New York fall-back day is 01:30-04:00, not -05:00):
 * agency systems log in local time, and the first occurrence is the conservative reading for contact-hour
 * rules. Luxon alone would pick the later one, hence this explicit resolution.
 */
export function resolveWallClock(wall: WallClock, timeZone: string): ZoneResolution {
  const zone = IANAZone.create(timeZone);
  const asIfUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
  // Offsets in force around the time cover both sides of any transition on that day.
  const offsets = new Set([offsetAt(zone, asIfUtc - MILLISECONDS_PER_DAY), offsetAt(zone, asIfUtc), offsetAt(zone, asIfUtc + MILLISECONDS_PER_DAY)]);
  const instants = [...offsets]
    .map((offset) => ({ instant: asIfUtc - offset * MILLISECONDS_PER_MINUTE, offset }))
    .filter(({ instant, offset }) => offsetAt(zone, instant) === offset)
    .sort((a, b) => a.instant - b.instant);
  const earliest = instants[0];
  return earliest ? { ok: true, epochMilliseconds: earliest.instant, offsetMinutes: earliest.offset } : { ok: false };
}

export interface DateParseOptions {
  /** A luxon format from the mapping profile, tried before the built-in formats. */
  dateFormat?: string | null;
}

export interface DateTimeParseOptions extends DateParseOptions {
  /** IANA zone for times written without an offset: the agency's (activities) or the lender's (complaints). */
  timeZone: string;
  /** Accept a date alone, meaning the start of that day in timeZone. */
  allowDateOnly?: boolean;
  /** With allowDateOnly: a date alone means the end of that day (the start of the next), for ends of periods. */
  dateOnlyMeansEnd?: boolean;
}

export interface ParsedDateTime {
  /** The instant in UTC, ISO 8601 with milliseconds: 2026-03-01T06:30:00.000Z. */
  utc: string;
  /** Offset from UTC in force at that instant, in minutes (480 for China). */
  offsetMinutes: number;
  /** The time as the agency wrote it (trimmed). */
  local: string;
}

/** The refusal of a value in no known format, naming the mapping profile's own format when there is one. */
function withFormatHelp<T>(key: ImportMessageKey, withProfileKey: ImportMessageKey, field: string, raw: string, options: DateParseOptions): Parsed<T> {
  return options.dateFormat ? fail(withProfileKey, field, raw, { format: options.dateFormat }) : fail(key, field, raw);
}

type WallClockResult = { ok: true; match: WallClockMatch } | { ok: false; outOfRange: boolean };

function readWallClock(text: string, formats: readonly string[]): WallClockResult {
  let outOfRange = false;
  for (const format of formats) {
    const result = matchProfileFormat(text, format);
    if (result.kind === "match") return { ok: true, match: result.match };
    if (result.kind === "out-of-range") outOfRange = true;
  }
  const builtIn = matchBuiltInFormats(text);
  if (builtIn) return { ok: true, match: builtIn };
  return { ok: false, outOfRange };
}

function checkWallClock(raw: string, field: string, wall: WallClock, noun: "date" | "time"): Parsed<WallClock> {
  if (!isRealWallClock(wall)) return fail(noun === "date" ? "importRow.invalidDate" : "importRow.invalidTime", field, raw);
  if (wall.year < MIN_YEAR || wall.year > MAX_YEAR) {
    return fail("importRow.yearOutOfRange", field, raw, { minYear: MIN_YEAR, maxYear: MAX_YEAR });
  }
  return ok(wall);
}

/** The date part of a date-and-time format, so "yyyy/MM/dd HH:mm" also reads "2026/03/01" in date fields. */
function datePartOfFormat(format: string): string | null {
  const datePart = format.trim().split(/\s+/)[0];
  return datePart && datePart !== format.trim() ? datePart : null;
}

/** A calendar date, returned as YYYY-MM-DD. A time of exactly midnight is tolerated (Excel exports it). */
export function parseDate(raw: string, field: string, options: DateParseOptions = {}): Parsed<string> {
  const text = normaliseForParsing(raw);
  const formats = options.dateFormat ? [options.dateFormat, datePartOfFormat(options.dateFormat)].filter((f): f is string => f !== null) : [];
  const read = readWallClock(text, formats);
  if (!read.ok) {
    return read.outOfRange ? fail("importRow.invalidDate", field, raw) : withFormatHelp("importRow.notDate", "importRow.notDateWithProfile", field, raw, options);
  }
  const { wall } = read.match;
  const checked = checkWallClock(raw, field, wall, "date");
  if (!checked.ok) return checked;
  if (wall.hour !== 0 || wall.minute !== 0 || wall.second !== 0 || wall.millisecond !== 0) {
    return fail("importRow.dateHasTime", field, raw);
  }
  return ok(`${String(wall.year).padStart(4, "0")}-${String(wall.month).padStart(2, "0")}-${String(wall.day).padStart(2, "0")}`);
}

/**
 * A point in time. Text with an offset (Z, +08:00) means exactly that; text without one is wall-clock time
 * in options.timeZone, resolved as described at resolveWallClock.
 */
export function parseDateTime(raw: string, field: string, options: DateTimeParseOptions): Parsed<ParsedDateTime> {
  const text = normaliseForParsing(raw);
  const read = readWallClock(text, options.dateFormat ? [options.dateFormat] : []);
  if (!read.ok) {
    return read.outOfRange
      ? fail("importRow.invalidTime", field, raw)
      : withFormatHelp("importRow.notDateTime", "importRow.notDateTimeWithProfile", field, raw, options);
  }
  const { wall, hasTime, offsetMinutes } = read.match;
  if (!hasTime && !options.allowDateOnly) {
    return withFormatHelp("importRow.noTimeOfDay", "importRow.noTimeOfDayWithProfile", field, raw, options);
  }
  const checked = checkWallClock(raw, field, wall, hasTime ? "time" : "date");
  if (!checked.ok) return checked;
  if (!hasTime && options.dateOnlyMeansEnd) {
    const next = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + 1));
    return resolveAt({ ...wall, year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() }, offsetMinutes, raw, field, options);
  }
  return resolveAt(wall, offsetMinutes, raw, field, options);
}

function resolveAt(wall: WallClock, offsetMinutes: number | undefined, raw: string, field: string, options: DateTimeParseOptions): Parsed<ParsedDateTime> {
  const local = raw.trim();
  if (offsetMinutes !== undefined) {
    if (Math.abs(offsetMinutes) > 14 * 60) return fail("importRow.impossibleOffset", field, raw);
    const asIfUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
    return ok({ utc: new Date(asIfUtc - offsetMinutes * MILLISECONDS_PER_MINUTE).toISOString(), offsetMinutes, local });
  }
  const resolved = resolveWallClock(wall, options.timeZone);
  if (!resolved.ok) {
    return fail("importRow.skippedTime", field, raw, { timeZone: options.timeZone });
  }
  return ok({ utc: new Date(resolved.epochMilliseconds).toISOString(), offsetMinutes: resolved.offsetMinutes, local });
}
