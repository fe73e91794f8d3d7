import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, scopeAgency } from "~/auth/guards.server";
import { currentTime } from "~/clock/clock.server";
import { blockParams } from "~/grid/grid-query";
import { recallDueBlockSchema, parseRecallDueFilters, parseRecallDueSort } from "~/placements/recall-due-grid-query";
import { queryRecallDueRows } from "~/placements/recall-due.server";

// Rows for the due-for-recall grid (AG Grid infinite row model): the page's URL filters plus startRow, endRow and sort.
// AGENCY users get their own agency's placements only.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "cases.view");
  const params = new URL(request.url).searchParams;
  const block = recallDueBlockSchema.safeParse(blockParams(params));
  const filters = parseRecallDueFilters(params);
  if (!block.success || !filters.success) {
    const issues = [...(block.error?.issues ?? []), ...(filters.error?.issues ?? [])].map((issue) => ({ field: issue.path.join("."), message: issue.message }));
    return Response.json({ error: "INVALID_PARAMETERS", issues }, { status: 400 });
  }
  const result = await queryRecallDueRows({
    scopeAgencyId: scopeAgency(user),
    filters: filters.data,
    sort: parseRecallDueSort(block.data.sort),
    startRow: block.data.startRow,
    endRow: block.data.endRow,
    now: currentTime(),
  });
  return Response.json(result, { headers: { "Cache-Control": "no-store" } });
}
