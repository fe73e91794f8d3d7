import { z } from "zod";
import { scopeAgency } from "~/auth/guards.server";
import { canSeePersonalData } from "~/auth/permissions";
import type { SessionUser } from "~/auth/session.server";
import { MetricFiltersError, parseMetricFilterParams } from "~/metrics/metric-filters";
import { getSetting } from "~/settings/settings.server";
import { caseSortColumns } from "./case-sort";
import { caseAgencyFilter, type CaseRowsQuery } from "./list-case-rows.server";

// The cases grid's URL (the dashboards' filters plus search, vintage and sort) as a query, for the grid's pages and
// for its exports alike, so a file holds exactly what the grid listed.

const pageSchema = z.object({
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  sort: z.enum(caseSortColumns).optional(),
  dir: z.enum(["asc", "desc"]).default("desc"),
  q: z.string().trim().max(100).optional(),
  /** Placements made in this month (YYYY-MM): a vintage curve's drill-down. */
  vintage: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional(),
});

export type CaseRowsRequest = { ok: true; query: CaseRowsQuery; search: string | null } | { ok: false; message: string };

export async function parseCaseRowsRequest(user: SessionUser, searchParams: URLSearchParams): Promise<CaseRowsRequest> {
  const page = pageSchema.safeParse(Object.fromEntries([...searchParams].filter(([key]) => key in pageSchema.shape)));
  if (!page.success) return { ok: false, message: page.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ") };
  let filters;
  try {
    filters = parseMetricFilterParams(searchParams);
  } catch (error) {
    if (error instanceof MetricFiltersError) return { ok: false, message: error.message };
    throw error;
  }
  const [agencyIds, timeZone] = await Promise.all([caseAgencyFilter(filters.agency, scopeAgency(user)), getSetting("lender.timeZone")]);
  return {
    ok: true,
    search: page.data.q || null,
    query: {
      agencyIds,
      from: filters.from,
      to: filters.to,
      product: filters.product,
      dpdBucket: filters.dpd,
      search: page.data.q || undefined,
      placedMonth: page.data.vintage,
      sort: page.data.sort ? { column: page.data.sort, direction: page.data.dir } : undefined,
      offset: page.data.offset,
      limit: page.data.limit,
      // Roles with personal-data rights find debtors by name here; every page of names they are shown is logged.
      view: canSeePersonalData(user.role) ? "unmasked" : "masked",
      timeZone,
    },
  };
}
