import { currentTime } from "~/clock/clock.server";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/guards.server";
import { findingBlockSchema, parseFindingFilters, parseFindingSort } from "~/findings/finding-grid-query";
import { queryFindingRows } from "~/findings/finding-grid.server";
import { findingActor } from "~/findings/finding-route.server";
import { blockParams } from "~/grid/grid-query";

// Rows for the findings grid (AG Grid infinite row model): the page's URL filters plus startRow, endRow and sort.
// AGENCY users get their own agency's issued findings only (the domain scopes every read).
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "findings.view");
  const params = new URL(request.url).searchParams;
  const block = findingBlockSchema.safeParse(blockParams(params));
  const filters = parseFindingFilters(params);
  if (!block.success || !filters.success) {
    const issues = [...(block.error?.issues ?? []), ...(filters.error?.issues ?? [])].map((issue) => ({ field: issue.path.join("."), message: issue.message }));
    return Response.json({ error: "INVALID_PARAMETERS", issues }, { status: 400 });
  }
  const result = await queryFindingRows(findingActor(user, request), {
    filters: filters.data,
    sort: parseFindingSort(block.data.sort),
    startRow: block.data.startRow,
    endRow: block.data.endRow,
    now: currentTime(),
  });
  return Response.json(result, { headers: { "Cache-Control": "no-store" } });
}
