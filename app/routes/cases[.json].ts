import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requirePermission, scopeAgency } from "~/auth/guards.server";
import { canSeePersonalData } from "~/auth/permissions";
import { logAccess } from "~/audit/log-access.server";
import { caseAgencyFilter, caseSortColumns, listCaseRows } from "~/cases/list-case-rows.server";
import { MetricFiltersError, parseMetricFilterParams } from "~/metrics/metric-filters";
import { getSetting } from "~/settings/settings.server";

// Resource route: GET /cases.json — one page of the cases grid (AG Grid's infinite row model asks for pages as the
// user scrolls). The filters are the dashboards' URL parameters, so a drill-down link works here unchanged.

const pageSchema = z.object({
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  sort: z.enum(caseSortColumns).optional(),
  dir: z.enum(["asc", "desc"]).default("desc"),
  q: z.string().trim().max(100).optional(),
  /** Placements made in this month (YYYY-MM): a vintage curve's drill-down. */
  vintage: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional(),
});

function badRequest(message: string): Response {
  return Response.json({ error: message }, { status: 400 });
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "cases.view");
  const searchParams = new URL(request.url).searchParams;
  const page = pageSchema.safeParse(Object.fromEntries([...searchParams].filter(([key]) => key in pageSchema.shape)));
  if (!page.success) return badRequest(page.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; "));
  let filters;
  try {
    filters = parseMetricFilterParams(searchParams);
  } catch (error) {
    if (error instanceof MetricFiltersError) return badRequest(error.message);
    throw error;
  }
  const [agencyIds, timeZone] = await Promise.all([caseAgencyFilter(filters.agency, scopeAgency(user)), getSetting("lender.timeZone")]);
  const result = await listCaseRows({
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
  });
  if (canSeePersonalData(user.role) && result.rows.length > 0) {
    await logAccess({
      userId: user.id,
      action: "CASE_LIST_UNMASKED",
      resourceType: "cases",
      detail: { search: page.data.q ?? null, offset: page.data.offset, accounts: result.rows.map((row) => row.accountNumber) },
      request,
    });
  }
  return Response.json(result, { headers: { "Cache-Control": "private, no-store" } });
}
