import { type Locale } from "./locales";

// Intl formatters are costly to build; grids format thousands of cells, so they are cached per locale/options.
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(options)}`;
  let formatter = cache.get(key) as Intl.NumberFormat | undefined;
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, options);
    cache.set(key, formatter);
  }
  return formatter;
}

function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${JSON.stringify(options)}`;
  let formatter = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, options);
    cache.set(key, formatter);
  }
  return formatter;
}

const missing = "—";

export function formatNumber(locale: Locale, value: number | null | undefined, fractionDigits = 0): string {
  if (value == null || !Number.isFinite(value)) return missing;
  // "negative": a value that rounds to zero reads "0.0", not "-0.0" (a z-score of −0.04 in a grid).
  return numberFormat(locale, { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits, signDisplay: "negative" }).format(value);
}

/** Money arrives as a decimal string from the domain layer (never a float) and is formatted in its own currency. */
export function formatMoney(locale: Locale, amount: string | number | null | undefined, currency: string): string {
  if (amount == null || amount === "") return missing;
  const value = typeof amount === "number" ? amount : Number(amount);
  if (!Number.isFinite(value)) return missing;
  return numberFormat(locale, { style: "currency", currency, currencyDisplay: "symbol" }).format(value);
}

export function formatPercent(locale: Locale, ratio: number | null | undefined, fractionDigits = 1): string {
  if (ratio == null || !Number.isFinite(ratio)) return missing;
  return numberFormat(locale, { style: "percent", minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits, signDisplay: "negative" }).format(ratio);
}

/** A calendar date (YYYY-MM-DD or an ISO instant) shown without a time zone shift. */
export function formatDate(locale: Locale, isoDate: string | null | undefined): string {
  if (!isoDate) return missing;
  const date = new Date(isoDate.length === 10 ? `${isoDate}T00:00:00Z` : isoDate);
  if (Number.isNaN(date.getTime())) return missing;
  return dateFormat(locale, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }).format(date);
}

/** An instant shown in a given IANA zone (the debtor's, for case timelines). */
export function formatDateTime(locale: Locale, isoInstant: string | null | undefined, timeZone?: string): string {
  if (!isoInstant) return missing;
  const date = new Date(isoInstant);
  if (Number.isNaN(date.getTime())) return missing;
  return dateFormat(locale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    ...(timeZone ? { timeZone } : {}),
  }).format(date);
}
