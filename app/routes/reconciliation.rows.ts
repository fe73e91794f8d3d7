import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requirePermission, scopeAgency } from "~/auth/guards.server";
import { currentTime } from "~/clock/clock.server";
import { blockParams } from "~/grid/grid-query";
import { parseReconciliationFilters, parseReconciliationSort, reconciliationBlockSchema } from "~/reconciliation/reconciliation-grid-query";
import { queryReconciliationRows, ReconciliationScopeError, resolveReconciliationScope } from "~/reconciliation/reconciliation-page.server";

// Rows for the reconciliation grid (AG Grid infinite row model): the page's URL filters plus startRow, endRow and sort.
// AGENCY users get their own agency's items only; another agency's code is 404.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "reconciliation.view");
  const params = new URL(request.url).searchParams;
  const block = reconciliationBlockSchema.safeParse(blockParams(params));
  const filters = parseReconciliationFilters(params);
  if (!block.success || !filters.success) {
    const issues = [...(block.error?.issues ?? []), ...(filters.error?.issues ?? [])].map((issue) => ({ field: issue.path.join("."), message: issue.message }));
    return Response.json({ error: "INVALID_PARAMETERS", issues }, { status: 400 });
  }
  try {
    const scope = await resolveReconciliationScope(filters.data, scopeAgency(user), currentTime());
    const result = await queryReconciliationRows({ scope, status: filters.data.status, sort: parseReconciliationSort(block.data.sort), startRow: block.data.startRow, endRow: block.data.endRow });
    return Response.json(result, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof ReconciliationScopeError) throw notFound();
    throw error;
  }
}
