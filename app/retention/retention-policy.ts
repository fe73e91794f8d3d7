import { z } from "zod";

// How long activity logs are kept (ADR 041). Five years by default (China's self-regulation convention for
// collection records); never under three, because Regulation F (12 CFR 1006.100) requires a debt collector to keep
// the records that show its collection activity complied for three years after its last activity on the debt.

export const DEFAULT_RETENTION_YEARS = 5;
export const MIN_RETENTION_YEARS = 3;
export const MAX_RETENTION_YEARS = 30;

export const RETENTION_SETTING_KEY = "retention.policy";

export const tooShortMessage = `A retention period under ${MIN_RETENTION_YEARS} years is refused: Regulation F (12 CFR 1006.100) requires collection records to be kept for ${MIN_RETENTION_YEARS} years after the last collection activity.`;

export const retentionPolicySchema = z.object({
  years: z
    .number()
    .int()
    .min(MIN_RETENTION_YEARS, { message: tooShortMessage })
    .max(MAX_RETENTION_YEARS, { message: `A retention period over ${MAX_RETENTION_YEARS} years is not supported.` }),
});
export type RetentionPolicy = z.output<typeof retentionPolicySchema>;

export const defaultRetentionPolicy = (): RetentionPolicy => ({ years: DEFAULT_RETENTION_YEARS });

/** Why a requested period is refused (a message key for the page, the English text for the CLI), or null. */
export function retentionYearsProblem(years: number): { key: "retention.error.tooShort" | "retention.error.tooLong" | "retention.error.notWhole"; text: string } | null {
  if (!Number.isInteger(years)) return { key: "retention.error.notWhole", text: "The retention period is a whole number of years." };
  if (years < MIN_RETENTION_YEARS) return { key: "retention.error.tooShort", text: tooShortMessage };
  if (years > MAX_RETENTION_YEARS) return { key: "retention.error.tooLong", text: `A retention period over ${MAX_RETENTION_YEARS} years is not supported.` };
  return null;
}

/**
 * The first instant that is still kept: the start of the UTC month `years` years before now's month. Everything that
 * happened before it is past retention. Whole months only, so a month is purged at once (one partition) and the
 * purge of a month happens on the first run of the month after its anniversary.
 */
export function retentionCutoff(now: Date, years: number): Date {
  return new Date(Date.UTC(now.getUTCFullYear() - years, now.getUTCMonth(), 1));
}

/** "YYYY-MM" of a UTC instant. */
export function utcMonth(instant: Date): string {
  return instant.toISOString().slice(0, 7);
}

/** The UTC months from the month of `from` up to (not including) the month starting at `cutoff`, oldest first. */
export function monthsBefore(from: Date, cutoff: Date): { month: string; start: Date; end: Date }[] {
  const months: { month: string; start: Date; end: Date }[] = [];
  let start = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1));
  while (start < cutoff) {
    const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    months.push({ month: utcMonth(start), start, end });
    start = end;
  }
  return months;
}
