// Stored explanations hold a message key and language-neutral params (local wall-clock times "yyyy-MM-dd HH:mm",
// days "yyyy-MM-dd", amounts "1000.30 CNY"): this turns them into the reader's sentence, with times and amounts
// formatted for the reader's locale. The times are already the debtor's local time, so they are formatted as wall
// clocks (no zone conversion).
import { ContactParty } from "~/generated/prisma/enums";
import { rulesEn, type RulesMessageKey } from "~/rules/explanations";
import type { RuleExplanation } from "~/rules/types";
import type { Locale } from "~/i18n/locales";
import { usStateName } from "~/rules/us-states";
import { en as messagesEn, type MessageKey } from "~/i18n/messages.en";
import type { MessageParams } from "~/i18n/translate";

export type ExplanationFormat = {
  /** A local wall-clock time with its date, e.g. "1 Apr 2026, 09:10". */
  wallClock: (isoLocal: string) => string;
  /** A local wall-clock time in a list, without the year, e.g. "1 Apr 09:10". */
  wallClockShort: (isoLocal: string) => string;
  day: (isoDay: string) => string;
  number: (value: number) => string;
  money: (amount: string, currency: string) => string;
  /** Between times of a list: the date formats contain commas in English, so ", " would read ambiguously. */
  listSeparator: string;
  /** A US state's name from its code (a state rule's explanation names it). */
  stateName: (code: string) => string;
};

const wallClockPattern = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/;
const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const partyKeys: ReadonlySet<string> = new Set(Object.values(ContactParty).map((party) => `contactParty.${party}`));
const moneyPattern = /^(-?\d+(?:\.\d+)?) ([A-Z]{3})$/;

function wallClockDate(value: string): Date | null {
  const match = wallClockPattern.exec(value);
  if (!match) return null;
  const [, year, month, day, hour, minute] = match.map(Number) as [number, number, number, number, number, number];
  return new Date(Date.UTC(year, month - 1, day, hour, minute));
}

/** Intl-based formats for a locale; the formatters are built once per locale. */
export function explanationFormatFor(locale: Locale): ExplanationFormat {
  const long = new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });
  const short = new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });
  const dayFormat = new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
  const numberFormat = new Intl.NumberFormat(locale);
  return {
    wallClock: (value) => {
      const date = wallClockDate(value);
      return date ? long.format(date) : value;
    },
    wallClockShort: (value) => {
      const date = wallClockDate(value);
      return date ? short.format(date) : value;
    },
    day: (value) => (dayPattern.test(value) ? dayFormat.format(new Date(`${value}T00:00:00Z`)) : value),
    number: (value) => numberFormat.format(value),
    money: (amount, currency) => new Intl.NumberFormat(locale, { style: "currency", currency }).format(Number(amount)),
    listSeparator: locale === "zh-CN" ? "、" : "; ",
    stateName: (code) => usStateName(code, locale === "zh-CN" ? "zh-CN" : "en"),
  };
}

/** Params that hold an enum value, stored language-neutral and shown as the reader's word for it. */
const enumParams: Record<string, string> = { medium: "activityType", place: "contactPlace" };

function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(messagesEn, key);
}

function isRulesKey(key: string): key is RulesMessageKey {
  return Object.prototype.hasOwnProperty.call(rulesEn, key);
}

function renderParam(value: string | number, format: ExplanationFormat): string | number {
  if (typeof value === "number") return format.number(value);
  if (wallClockPattern.test(value)) return format.wallClock(value);
  if (dayPattern.test(value)) return format.day(value);
  const money = moneyPattern.exec(value);
  if (money) return format.money(money[1] ?? value, money[2] ?? "");
  // Lists of local times ("2026-04-01 09:10, 2026-04-02 10:00, …"): each entry in the short form.
  const parts = value.split(", ");
  if (parts.length > 1 && parts.every((part) => part === "…" || wallClockPattern.test(part))) {
    return parts.map((part) => (part === "…" ? part : format.wallClockShort(part))).join(format.listSeparator);
  }
  return value;
}

/**
 * The explanation as one sentence in the reader's language. An unknown key (a rule removed since the finding was
 * stored) falls back to a generic sentence naming the key, never to an empty cell.
 */
export function renderViolationExplanation(
  explanation: RuleExplanation | null | undefined,
  t: (key: MessageKey, params?: MessageParams) => string,
  format: ExplanationFormat,
): string {
  if (!explanation || !isRulesKey(explanation.key)) return t("violations.explanationUnknown", { key: explanation?.key ?? "" });
  const params: MessageParams = {};
  for (const [name, value] of Object.entries(explanation.params)) {
    const prefix = enumParams[name];
    const label = prefix !== undefined && typeof value === "string" ? `${prefix}.${value}` : null;
    // Who was called is stored as the party's message key, so it reads in the reader's language.
    if (typeof value === "string" && partyKeys.has(value)) params[name] = t(value as MessageKey);
    else params[name] = label !== null && isMessageKey(label) ? t(label) : renderParam(value, format);
  }
  const sentence = t(explanation.key, params);
  // A state rule's finding names the state and the provision after the rule's own sentence.
  const { state, stateRule } = explanation.params;
  if (typeof state !== "string" || typeof stateRule !== "string") return sentence;
  const separator = sentence.endsWith("。") ? "" : " ";
  return `${sentence}${separator}${t("rules.stateOverlay.applied", { state: format.stateName(state), citation: stateRule })}`;
}

/** The translated name of a rule code, or the code itself for one this version does not know. */
export function ruleName(code: string, t: (key: MessageKey, params?: MessageParams) => string): string {
  const key = `rules.${code}.name`;
  return isRulesKey(key) ? t(key) : code;
}
