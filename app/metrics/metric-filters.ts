// Dashboard filters from and to URLs: one parser for every page, the API and the CLI, so a shared link shows the
// same figures to whoever opens it. Pure: what needs the database (agency codes → ids, the period that has data,
// the AGENCY user's scope) is in metric-filters.server.ts.
import { z } from "zod";
import { dpdBuckets, type DpdBucket, type MetricFilters } from "./metric-types";
import { moneyBases } from "./money-basis";

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/** A YYYY-MM-DD that is a real calendar day. */
export function isCalendarDay(value: string): boolean {
  if (!isoDay.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const daySchema = z.string().refine(isCalendarDay, { message: "metrics.filters.invalidDay" });
const agencyCodeSchema = z.string().trim().min(1).max(40);

export const metricFilterParamsSchema = z
  .object({
    from: daySchema.optional(),
    to: daySchema.optional(),
    /** Agency codes, as they appear in URLs; resolved to ids on the server. */
    agency: z.array(agencyCodeSchema).max(50).default([]),
    agent: z.coerce.number().int().positive().optional(),
    product: z.string().trim().min(1).max(60).optional(),
    dpd: z.enum(dpdBuckets).optional(),
    basis: z.enum(moneyBases).optional(),
  })
  .refine((value) => value.from === undefined || value.to === undefined || value.from <= value.to, { message: "metrics.filters.toBeforeFrom", path: ["to"] });

export type MetricFilterParams = z.output<typeof metricFilterParamsSchema>;

/** What the URL asked for, before the period default and the agency codes are resolved. */
export type ParsedMetricFilters = MetricFilters & { agencyCodes: string[]; periodGiven: boolean };

export class MetricFiltersError extends Error {
  override readonly name = "MetricFiltersError";
  constructor(readonly issues: z.core.$ZodIssue[]) {
    super(issues.map((issue) => `${issue.path.join(".") || "filters"}: ${issue.message}`).join("; "));
  }
}

/** Parses URL parameters: `from`, `to` (YYYY-MM-DD), `agency` (one or more codes, repeated or comma-separated), `agent`, `product`, `dpd`, `basis` (reported|reconciled). */
export function parseMetricFilterParams(searchParams: URLSearchParams): MetricFilterParams {
  const empty = (value: string | null) => (value === null || value.trim() === "" ? undefined : value.trim());
  const agency = searchParams
    .getAll("agency")
    .flatMap((value) => value.split(","))
    .map((value) => value.trim())
    .filter((value) => value !== "");
  const parsed = metricFilterParamsSchema.safeParse({
    from: empty(searchParams.get("from")),
    to: empty(searchParams.get("to")),
    agency: [...new Set(agency)],
    agent: empty(searchParams.get("agent")),
    product: empty(searchParams.get("product")),
    dpd: empty(searchParams.get("dpd")),
    basis: empty(searchParams.get("basis")),
  });
  if (!parsed.success) throw new MetricFiltersError(parsed.error.issues);
  return parsed.data;
}

// ---------------------------------------------------------------------------------------------------------------
// Periods (calendar arithmetic on YYYY-MM-DD strings, in UTC so no local zone can shift a day)

const toDate = (day: string) => new Date(`${day}T00:00:00Z`);
const toDay = (date: Date) => date.toISOString().slice(0, 10);

export function addDays(day: string, days: number): string {
  return toDay(new Date(toDate(day).getTime() + days * 86_400_000));
}

export function firstOfMonth(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

export function addMonths(day: string, months: number): string {
  const date = toDate(firstOfMonth(day));
  date.setUTCMonth(date.getUTCMonth() + months);
  return toDay(date);
}

export function lastOfMonth(day: string): string {
  return addDays(addMonths(day, 1), -1);
}

export function daysBetweenInclusive(from: string, to: string): number {
  return Math.round((toDate(to).getTime() - toDate(from).getTime()) / 86_400_000) + 1;
}

/** The months (YYYY-MM-01) a period touches, in order. */
export function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = firstOfMonth(from); month <= to; month = addMonths(month, 1)) months.push(month);
  return months;
}

/** Each month a period touches, with the part of it inside the period and whether that is the whole month. */
export function monthSlicesOf(from: string, to: string): { month: string; from: string; to: string; whole: boolean }[] {
  return monthsOf(from, to).map((month) => {
    const last = lastOfMonth(month);
    return { month, from: from > month ? from : month, to: to < last ? to : last, whole: from <= month && to >= last };
  });
}

/**
 * The default period when the URL names none: the `months` calendar months ending with the last full month that
 * has data (the month before today's when it has data or nothing is known about the data; otherwise the month of
 * the latest data when that is earlier), or the current month so far when data exists only in the current month.
 */
export function defaultPeriod(options: { today: string; months?: number; dataRange?: { first: string; last: string } | null }): { from: string; to: string } {
  const months = Math.max(1, options.months ?? 1);
  const currentMonth = firstOfMonth(options.today);
  const lastFull = addMonths(currentMonth, -1);
  const range = options.dataRange;
  let endMonth = lastFull;
  if (range) {
    const hasDataInLastFull = range.first <= lastOfMonth(lastFull) && range.last >= lastFull;
    if (!hasDataInLastFull && range.last < lastFull) endMonth = firstOfMonth(range.last);
    else if (!hasDataInLastFull && range.first >= currentMonth) return { from: addMonths(currentMonth, 1 - months), to: options.today };
  }
  return { from: addMonths(endMonth, 1 - months), to: lastOfMonth(endMonth) };
}

/** Same length, immediately before: a calendar month before a calendar month, otherwise the same number of days. */
export function previousPeriod(filters: Pick<MetricFilters, "from" | "to">): { from: string; to: string } {
  const { from, to } = filters;
  if (from === firstOfMonth(from) && to === lastOfMonth(to)) {
    const months = monthsOf(from, to).length;
    return { from: addMonths(from, -months), to: addDays(from, -1) };
  }
  const length = daysBetweenInclusive(from, to);
  return { from: addDays(from, -length), to: addDays(from, -1) };
}

/**
 * Parses the filters of a dashboard URL. Without `from`/`to`, the default period (see defaultPeriod; `today` and
 * `dataRange` come from resolveMetricFilters on the server). Agency codes are kept in `agencyCodes` for the server
 * to resolve; `agencyIds` stays unset here.
 */
export function parseMetricFilters(
  searchParams: URLSearchParams,
  options: { defaultMonths?: number; today?: string; dataRange?: { first: string; last: string } | null } = {},
): ParsedMetricFilters {
  const params = parseMetricFilterParams(searchParams);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const fallback = defaultPeriod({ today, months: options.defaultMonths, dataRange: options.dataRange });
  const from = params.from ?? (params.to ? firstOfMonth(params.to) : fallback.from);
  const to = params.to ?? (params.from ? lastOfMonth(params.from) : fallback.to);
  const filters: ParsedMetricFilters = { from, to, agencyCodes: params.agency, periodGiven: params.from !== undefined || params.to !== undefined };
  if (params.agent !== undefined) filters.agentId = params.agent;
  if (params.product !== undefined) filters.product = params.product;
  if (params.dpd !== undefined) filters.dpdBucket = params.dpd as DpdBucket;
  if (params.basis !== undefined) filters.basis = params.basis;
  return filters;
}

/** The URL parameters that reproduce these filters (agency codes, since ids mean nothing to a reader). */
export function filtersToSearchParams(filters: MetricFilters & { agencyCodes?: readonly string[] }): URLSearchParams {
  const params = new URLSearchParams();
  params.set("from", filters.from);
  params.set("to", filters.to);
  for (const code of filters.agencyCodes ?? []) params.append("agency", code);
  if (filters.agentId !== undefined) params.set("agent", String(filters.agentId));
  if (filters.product !== undefined) params.set("product", filters.product);
  if (filters.dpdBucket !== undefined) params.set("dpd", filters.dpdBucket);
  if (filters.basis !== undefined) params.set("basis", filters.basis);
  return params;
}

export { dpdBucketOf } from "./dpd-buckets";
