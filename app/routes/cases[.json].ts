import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/guards.server";
import { canSeePersonalData } from "~/auth/permissions";
import { logAccess } from "~/audit/log-access.server";
import { parseCaseRowsRequest } from "~/cases/case-rows-request.server";
import { listCaseRows } from "~/cases/list-case-rows.server";

// Resource route: GET /cases.json — one page of the cases grid (AG Grid's infinite row model asks for pages as the
// user scrolls). The filters are the dashboards' URL parameters, so a drill-down link works here unchanged.

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "cases.view");
  const parsed = await parseCaseRowsRequest(user, new URL(request.url).searchParams);
  if (!parsed.ok) return Response.json({ error: parsed.message }, { status: 400 });
  const result = await listCaseRows(parsed.query);
  if (canSeePersonalData(user.role) && result.rows.length > 0) {
    await logAccess({
      userId: user.id,
      action: "CASE_LIST_UNMASKED",
      resourceType: "cases",
      detail: { search: parsed.search, offset: parsed.query.offset, accounts: result.rows.map((row) => row.accountNumber) },
      request,
    });
  }
  return Response.json(result, { headers: { "Cache-Control": "private, no-store" } });
}
