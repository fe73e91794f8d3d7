import type { ApiTokenScope } from "~/generated/prisma/enums";

// What an administrator may choose for a new API token, shared by the settings form (client and server) and the
// domain module: plain values, no database.

export const apiTokenScopes = ["UPLOAD", "READ_METRICS", "FINDINGS", "REGISTER"] as const satisfies readonly ApiTokenScope[];
export type ApiTokenScopeName = (typeof apiTokenScopes)[number];

/** Tokens live a year unless the administrator chooses otherwise; never more than two years. */
export const defaultTokenLifetimeDays = 365;
export const maxTokenLifetimeDays = 730;

/**
 * The instant a token chosen to expire "on" a day stops working: the end of that day in UTC (a token valid "until
 * 2027-12-05" works all that day wherever its agency is). Null when the day is not after today or too far ahead.
 */
export function apiTokenExpiry(expiresOn: string, now: Date): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(expiresOn)) return null;
  const endOfDay = Date.parse(`${expiresOn}T23:59:59.999Z`);
  if (Number.isNaN(endOfDay) || new Date(endOfDay).toISOString().slice(0, 10) !== expiresOn) return null;
  const startOfToday = Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  if (endOfDay < startOfToday + 86_400_000) return null;
  if (endOfDay > startOfToday + (maxTokenLifetimeDays + 1) * 86_400_000) return null;
  return new Date(endOfDay);
}
