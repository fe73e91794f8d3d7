import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, scopeAgency } from "~/auth/guards.server";
import { canSeePersonalData } from "~/auth/permissions";
import { blockParams } from "~/grid/grid-query";
import { getSetting } from "~/settings/settings.server";
import { queryViolations } from "~/violations/query-violations.server";
import { parseSort, parseViolationFilters, violationBlockSchema } from "~/violations/violation-grid-query";

// Rows for the violations grid (AG Grid infinite row model): the page's URL filters plus startRow, endRow and sort.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "violations.view");
  const params = new URL(request.url).searchParams;
  const block = violationBlockSchema.safeParse(blockParams(params, ["after"]));
  const filters = parseViolationFilters(params);
  if (!block.success || !filters.success) {
    const issues = [...(block.error?.issues ?? []), ...(filters.error?.issues ?? [])].map((issue) => ({ field: issue.path.join("."), message: issue.message }));
    return Response.json({ error: "INVALID_PARAMETERS", issues }, { status: 400 });
  }
  const result = await queryViolations({
    timeZone: await getSetting("lender.timeZone"),
    filters: filters.data,
    sort: parseSort(block.data.sort),
    startRow: block.data.startRow,
    endRow: block.data.endRow,
    scopeAgencyId: scopeAgency(user),
    after: block.data.after,
    view: canSeePersonalData(user.role) ? "unmasked" : "masked",
  });
  return Response.json(result, { headers: { "Cache-Control": "no-store" } });
}
