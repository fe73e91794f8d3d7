// The consumer's inconvenient hours (12 CFR 1006.6(b)(1)(i)): "don't call me before 10" is "00:00-10:00", "not in
// the evening" "18:00-24:00". One reader for the import (which stores the normal form) and the engine (which reads it).

export interface RestrictedHours {
  /** Seconds after local midnight, inclusive. */
  readonly from: number;
  /** Seconds after local midnight, exclusive; 86,400 for "24:00". from > until wraps midnight ("21:00-08:00"). */
  readonly until: number;
  /** The normal form "HH:mm-HH:mm". */
  readonly label: string;
}

// H:mm or HH:mm, a dash, tilde or 至 between (full-width forms are folded by NFKC first).
const PATTERN = /^(\d{1,2})[:：](\d{2})\s*(?:-|–|—|~|至|到)\s*(\d{1,2})[:：](\d{2})$/;

function pad(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/** The hours, or null when the text is not a range of hours (or an empty one, such as "10:00-10:00"). */
export function readRestrictedHours(text: string): RestrictedHours | null {
  const match = PATTERN.exec(text.normalize("NFKC").trim());
  if (!match) return null;
  const [fromHour, fromMinute, untilHour, untilMinute] = match.slice(1).map(Number) as [number, number, number, number];
  if (fromHour > 23 || fromMinute > 59 || untilMinute > 59 || untilHour > 24 || (untilHour === 24 && untilMinute > 0)) return null;
  const from = fromHour * 3600 + fromMinute * 60;
  const until = untilHour * 3600 + untilMinute * 60;
  if (from === until % 86_400) return null;
  return { from, until, label: `${pad(fromHour)}:${pad(fromMinute)}-${pad(untilHour)}:${pad(untilMinute)}` };
}

/** Whether a local second of the day falls within the hours. */
export function withinHours(hours: RestrictedHours, secondOfDay: number): boolean {
  return hours.from < hours.until ? secondOfDay >= hours.from && secondOfDay < hours.until : secondOfDay >= hours.from || secondOfDay < hours.until;
}
