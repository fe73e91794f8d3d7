// Number formats and date conversions every sheet shares: a figure is always a number with a format, never text.
import type { MetricFormat, MetricKey, MetricValues } from "~/metrics/metric-types";

export const numberFormats: Record<MetricFormat, string> = {
  count: "#,##0",
  money: "#,##0.00",
  percent: "0.0%",
  per1000: "0.00",
  index: "0.0",
};
export const changeFormats: Record<MetricFormat, string> = {
  count: "+#,##0;-#,##0;0",
  money: "+#,##0.00;-#,##0.00;0.00",
  percent: "+0.0%;-0.0%;0.0%",
  per1000: "+0.00;-0.00;0.00",
  index: "+0.0;-0.0;0.0",
};
export const DATE_TIME_FORMAT = "yyyy-mm-dd hh:mm:ss";
export const DATE_FORMAT = "yyyy-mm-dd";
export const ID_FORMAT = "0";

/** Wall-clock "YYYY-MM-DD HH:MM:SS" as the Date ExcelJS writes as that serial date-time (it writes UTC fields). */
export function wallClockDate(localTime: string): Date {
  return new Date(`${localTime.replace(" ", "T")}Z`);
}

export function wallClockIn(date: Date, timeZone: string): Date {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  return new Date(`${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}Z`);
}

export function metricValue(values: MetricValues, key: MetricKey): number | null {
  const value = values[key];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** 1 → A, 27 → AA. */
export function columnLetter(column: number): string {
  let letters = "";
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}
