// The period of a what-if: whole calendar days. Rules judge each event in its debtor's local time, and debtors live
// in zones from UTC-12 to UTC+14, so a day "d" is taken as every instant that is d somewhere: from d 00:00 at
// UTC+14 to d 23:59:59.999 at UTC-12. Current and draft counts use the same window, so the comparison stays fair.
import { z } from "zod";

const MAX_DAYS = 366;
const DAY_MS = 86_400_000;
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "validation.date").refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), "validation.date");

export const whatIfPeriodSchema = z
  .object({ from: isoDay, to: isoDay })
  .refine((period) => period.from <= period.to, { message: "rulePacks.validation.periodOrder", path: ["to"] })
  .refine((period) => (Date.parse(period.to) - Date.parse(period.from)) / DAY_MS < MAX_DAYS, { message: "rulePacks.validation.periodTooLong", path: ["to"] });

export type WhatIfPeriod = z.infer<typeof whatIfPeriodSchema>;

export const whatIfPeriod = {
  /** The last 30 days up to and including today (UTC date). */
  defaultPeriod(now: Date): WhatIfPeriod {
    const to = now.toISOString().slice(0, 10);
    const from = new Date(now.getTime() - 29 * DAY_MS).toISOString().slice(0, 10);
    return { from, to };
  },
  toInstants(period: WhatIfPeriod): { from: Date; to: Date } {
    return { from: new Date(`${period.from}T00:00:00.000+14:00`), to: new Date(`${period.to}T23:59:59.999-12:00`) };
  },
};
