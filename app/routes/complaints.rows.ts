import type { LoaderFunctionArgs } from "@remix-run/node";
import { blockParams } from "~/grid/grid-query";
import { getSetting } from "~/settings/settings.server";
import { requirePermission, scopeAgency } from "~/auth/guards.server";
import { canSeePersonalData } from "~/auth/permissions";
import { complaintBlockSchema, parseComplaintFilters, parseComplaintSort } from "~/complaints/complaint-grid-query";
import { queryComplaints } from "~/complaints/query-complaints.server";

// Rows for the complaints grid (AG Grid infinite row model): the page's URL filters plus startRow, endRow and sort.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "complaints.view");
  const params = new URL(request.url).searchParams;
  const block = complaintBlockSchema.safeParse(blockParams(params));
  const filters = parseComplaintFilters(params);
  if (!block.success || !filters.success) {
    const issues = [...(block.error?.issues ?? []), ...(filters.error?.issues ?? [])].map((issue) => ({ field: issue.path.join("."), message: issue.message }));
    return Response.json({ error: "INVALID_PARAMETERS", issues }, { status: 400 });
  }
  const result = await queryComplaints({
    timeZone: await getSetting("lender.timeZone"),
    filters: filters.data,
    sort: parseComplaintSort(block.data.sort),
    startRow: block.data.startRow,
    endRow: block.data.endRow,
    scopeAgencyId: scopeAgency(user),
    view: canSeePersonalData(user.role) ? "unmasked" : "masked",
  });
  return Response.json(result, { headers: { "Cache-Control": "no-store" } });
}
