import { type Locale } from "./locales";
import { en, type MessageKey } from "./messages.en";
import { zhCN } from "./messages.zh-CN";

export type Messages = Record<MessageKey, string>;
export type MessageParams = Record<string, string | number>;

const dictionaries: Record<Locale, Messages> = { en, "zh-CN": zhCN };

export function getMessages(locale: Locale): Messages {
  return dictionaries[locale];
}

/** Fills `{name}` placeholders; an unknown placeholder stays visible so a missing parameter is noticed, not hidden. */
export function interpolate(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  return interpolate(dictionaries[locale][key], params);
}

/** For keys built from data (enum values): falls back to the raw value rather than throwing on an unexpected one. */
export function translateDynamic(messages: Messages, key: string, fallback: string): string {
  return (messages as Record<string, string>)[key] ?? fallback;
}
