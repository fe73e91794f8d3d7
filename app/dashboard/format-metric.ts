import type { ConfidenceInterval, MetricFormat } from "~/metrics/metric-types";
import type { I18n } from "~/i18n/i18n-context";

// Every figure on the dashboards goes through here, so a rate reads the same in a tile, a grid cell and a tooltip.
// Absent values ("no denominator") are the formatters' "—", never 0 or NaN.

export function formatMetric(i18n: Pick<I18n, "number" | "money" | "percent">, format: MetricFormat, value: number | null | undefined, currency: string): string {
  switch (format) {
    case "money":
      return i18n.money(value, currency);
    case "percent":
      return i18n.percent(value, 1);
    case "per1000":
      return i18n.number(value, 2);
    case "index":
      return i18n.number(value, 0);
    case "count":
      return i18n.number(value, 0);
  }
}

/** Amounts from here on are shown in the locale's short form on tiles: a full CN¥402,888,646.12 does not fit one. */
const tileCompactFrom = 1_000_000;

/**
 * A KPI tile's figure: like formatMetric, but money and counts of a million or more in the locale's short form with
 * three significant digits at least ("CN¥402.89M", "¥4.03亿"); the tile shows the exact figure on hover.
 */
export function formatTileValue(i18n: Pick<I18n, "locale" | "number" | "money" | "percent">, format: MetricFormat, value: number | null | undefined, currency: string): string {
  if (value == null || !Number.isFinite(value) || Math.abs(value) < tileCompactFrom || (format !== "money" && format !== "count")) {
    return formatMetric(i18n, format, value, currency);
  }
  return formatCompact(i18n.locale, format, value, currency, 2, 2);
}

// Building an Intl formatter costs far more than formatting with one (a tenth of a millisecond), and every tile and
// axis tick of every page render asks for one of a handful: kept per locale, kind, currency and digits.
const compactFormatters = new Map<string, Intl.NumberFormat>();

/** Money or a count in the locale's short form ("CN¥2.4M", "¥240万"). */
function formatCompact(locale: string, format: "money" | "count", value: number, currency: string, minimumFractionDigits: number, maximumFractionDigits: number): string {
  const options: Intl.NumberFormatOptions = { notation: "compact", minimumFractionDigits, maximumFractionDigits };
  if (format === "money") Object.assign(options, { style: "currency", currency, currencyDisplay: "symbol" });
  const key = `${locale}|${format}|${currency}|${minimumFractionDigits}|${maximumFractionDigits}`;
  let formatter = compactFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, options);
    compactFormatters.set(key, formatter);
  }
  return formatter.format(value);
}


/** "104 (97–111)": the recovery index with its interval; "—" when nothing was expected. */
export function formatIndexInterval(i18n: Pick<I18n, "number">, interval: ConfidenceInterval | null): string {
  if (!interval) return i18n.number(null);
  return `${i18n.number(interval.value, 0)} (${i18n.number(interval.low, 0)}–${i18n.number(interval.high, 0)})`;
}

/** A tile's change against the previous period: "+12.0 %" for amounts, "+1.5 pts" for rates. */
export function formatChange(i18n: Pick<I18n, "number" | "percent">, change: number | null, kind: "relative" | "points", format: MetricFormat, pointsUnit: string): string {
  if (change === null) return i18n.number(null);
  const sign = change > 0 ? "+" : change < 0 ? "−" : "±";
  const size = Math.abs(change);
  if (kind === "relative") return `${sign}${i18n.percent(size, 1)}`;
  if (format === "percent") return `${sign}${i18n.number(size * 100, 1)} ${pointsUnit}`;
  return `${sign}${i18n.number(size, format === "index" ? 0 : 2)}`;
}

/** A chart axis tick: amounts and counts in the locale's short form ("¥2.4M", "¥240万"), never cut off. */
export function formatAxisTick(locale: string, format: "money" | "count", value: number, currency: string): string {
  return formatCompact(locale, format, value, currency, 0, 1);
}
