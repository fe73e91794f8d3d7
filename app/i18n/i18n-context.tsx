import { createContext, useContext, useMemo, type ReactNode } from "react";
import { formatDate, formatDateTime, formatMoney, formatNumber, formatPercent } from "./format";
import { defaultLocale, type Locale } from "./locales";
import type { MessageKey } from "./messages.en";
import { getMessages, interpolate, translateDynamic, type MessageParams, type Messages } from "./translate";

export type I18n = {
  locale: Locale;
  t: (key: MessageKey, params?: MessageParams) => string;
  /** For keys built from enum values, e.g. tEnum("activityType", "CALL"). */
  tEnum: (prefix: string, value: string | null | undefined) => string;
  number: (value: number | null | undefined, fractionDigits?: number) => string;
  money: (amount: string | number | null | undefined, currency: string) => string;
  percent: (ratio: number | null | undefined, fractionDigits?: number) => string;
  date: (isoDate: string | null | undefined) => string;
  dateTime: (isoInstant: string | null | undefined, timeZone?: string) => string;
};

export function createI18n(locale: Locale, messages: Messages = getMessages(locale)): I18n {
  return {
    locale,
    t: (key, params) => interpolate(messages[key], params),
    tEnum: (prefix, value) => (value ? translateDynamic(messages, `${prefix}.${value}`, value) : messages["common.none"]),
    number: (value, fractionDigits) => formatNumber(locale, value, fractionDigits),
    money: (amount, currency) => formatMoney(locale, amount, currency),
    percent: (ratio, fractionDigits) => formatPercent(locale, ratio, fractionDigits),
    date: (isoDate) => formatDate(locale, isoDate),
    dateTime: (isoInstant, timeZone) => formatDateTime(locale, isoInstant, timeZone),
  };
}

const I18nContext = createContext<I18n>(createI18n(defaultLocale));

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  const value = useMemo(() => createI18n(locale), [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
