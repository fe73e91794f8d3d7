import type { LoaderFunctionArgs } from "@remix-run/node";
import { logAccess } from "~/audit/log-access.server";
import { requirePermission, scopeAgency } from "~/auth/guards.server";
import { canSeePersonalData } from "~/auth/permissions";
import { parseComplaintFilters } from "~/complaints/complaint-grid-query";
import { complaintCsvColumns, complaintCsvLine, listComplaintRecords } from "~/complaints/complaint-records.server";
import { CSV_BYTE_ORDER_MARK, toCsvLine } from "~/csv/write-csv";
import { downloadResponse, invalidFiltersResponse } from "~/grid/export-response.server";
import { getSetting } from "~/settings/settings.server";

// Resource route: GET /complaints/export?<the grid's filters> — the complaints grid as CSV (with the rule codes each
// category maps to and the corroboration), scoped and masked as the grid is, logged as an export.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "complaints.view");
  const searchParams = new URL(request.url).searchParams;
  const filters = parseComplaintFilters(searchParams);
  if (!filters.success) return invalidFiltersResponse(filters.error);
  const view = canSeePersonalData(user.role) ? "unmasked" : "masked";
  const records = await listComplaintRecords({ filters: filters.data, scopeAgencyId: scopeAgency(user), timeZone: await getSetting("lender.timeZone"), view });
  await logAccess({ userId: user.id, action: "EXPORT", resourceType: "complaints", detail: { format: "csv", filters: searchParams.toString() || "—", rows: records.length, personalData: view }, request });
  const body = `${CSV_BYTE_ORDER_MARK}${toCsvLine(complaintCsvColumns)}${records.map(complaintCsvLine).join("")}`;
  return downloadResponse(body, "text/csv; charset=utf-8", `complaints-${new Date().toISOString().slice(0, 10)}.csv`);
}
