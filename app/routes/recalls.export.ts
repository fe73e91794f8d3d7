import type { LoaderFunctionArgs } from "@remix-run/node";
import { logAccess } from "~/audit/log-access.server";
import { forbidden, requirePermission, scopeAgency } from "~/auth/guards.server";
import { can, isAgencyScoped } from "~/auth/permissions";
import { currentTime } from "~/clock/clock.server";
import { describeFilters, downloadResponse, exportTableResponse, invalidFiltersResponse, parseExportFormat } from "~/grid/export-response.server";
import { resolveLocale } from "~/i18n/locale.server";
import { parseRecallDueFilters, parseRecallDueSort, recallDueFilterNames } from "~/placements/recall-due-grid-query";
import { buildRecallFile, prepareRecallDueExport } from "~/placements/recall-due.server";

// Resource route: GET /recalls/export?format=csv|xlsx|recall&<the grid's filters and sort> — the due-for-recall list in
// the reader's language, or (format=recall) the recall file in the placements format that the placements import takes
// back. The recall file is the lender's: only users who import placements get it. Every download is logged.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "cases.view");
  const params = new URL(request.url).searchParams;
  const format = parseExportFormat(params, ["csv", "xlsx", "recall"]);
  if (!format.ok) return format.response;
  const filters = parseRecallDueFilters(params);
  if (!filters.success) return invalidFiltersResponse(filters.error);
  const filtersDescription = describeFilters(recallDueFilterNames, filters.data);
  const query = { scopeAgencyId: scopeAgency(user), filters: filters.data, sort: parseRecallDueSort(params.get("sort") ?? undefined), now: currentTime() };
  if (format.format === "recall") {
    if (isAgencyScoped(user.role) || !can(user.role, "imports.upload")) throw forbidden();
    const file = await buildRecallFile(query);
    await logAccess({ userId: user.id, action: "EXPORT", resourceType: "recall-file", detail: { filters: filtersDescription, rows: file.rows }, request });
    return downloadResponse(file.csv, "text/csv; charset=utf-8", file.fileName);
  }
  const prepared = await prepareRecallDueExport({ ...query, locale: await resolveLocale(request, user), filtersDescription });
  await logAccess({ userId: user.id, action: "EXPORT", resourceType: "due-for-recall", detail: { format: format.format, filters: filtersDescription, rows: prepared.rows }, request });
  return exportTableResponse(format.format, prepared.table, prepared);
}
