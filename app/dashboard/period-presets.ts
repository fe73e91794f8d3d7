// The filter bar's period presets. Each covers whole calendar months that have ended, so two people opening the
// same preset on different days of a month compare the same months, and a month is never half counted.

export const periodPresets = ["lastMonth", "last3Months", "last6Months", "last12Months"] as const;
export type PeriodPreset = (typeof periodPresets)[number];

const presetMonths: Record<PeriodPreset, number> = { lastMonth: 1, last3Months: 3, last6Months: 6, last12Months: 12 };

export type DayRange = { from: string; to: string };

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The preset's range relative to `today` (YYYY-MM-DD): the N whole months before today's month. */
export function presetRange(preset: PeriodPreset, today: string): DayRange {
  const [year, month] = today.split("-").map(Number) as [number, number];
  const monthIndex = month - 1;
  const lastDay = new Date(Date.UTC(year, monthIndex, 0));
  const firstDay = new Date(Date.UTC(year, monthIndex - presetMonths[preset], 1));
  return { from: isoDay(firstDay), to: isoDay(lastDay) };
}

/** Which preset a range is (so the bar shows it selected), or "custom". */
export function matchPreset(range: DayRange, today: string): PeriodPreset | "custom" {
  return periodPresets.find((preset) => {
    const candidate = presetRange(preset, today);
    return candidate.from === range.from && candidate.to === range.to;
  }) ?? "custom";
}
