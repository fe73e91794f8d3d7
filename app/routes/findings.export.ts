import type { LoaderFunctionArgs } from "@remix-run/node";
import { logAccess } from "~/audit/log-access.server";
import { requirePermission } from "~/auth/guards.server";
import { currentTime } from "~/clock/clock.server";
import { findingFilterNames, parseFindingFilters, parseFindingSort } from "~/findings/finding-grid-query";
import { prepareFindingExport } from "~/findings/finding-grid.server";
import { findingActor } from "~/findings/finding-route.server";
import { describeFilters, exportTableResponse, gridExportFormats, invalidFiltersResponse, parseExportFormat } from "~/grid/export-response.server";
import { resolveLocale } from "~/i18n/locale.server";

// Resource route: GET /findings/export?format=csv|xlsx&<the grid's filters and sort> — the findings grid as a file in
// the reader's language (AGENCY users: their own agency's issued findings), logged as an export.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "findings.view");
  const params = new URL(request.url).searchParams;
  const format = parseExportFormat(params, gridExportFormats);
  if (!format.ok) return format.response;
  const filters = parseFindingFilters(params);
  if (!filters.success) return invalidFiltersResponse(filters.error);
  const filtersDescription = describeFilters(findingFilterNames, filters.data);
  const prepared = await prepareFindingExport(findingActor(user, request), {
    filters: filters.data,
    sort: parseFindingSort(params.get("sort") ?? undefined),
    locale: await resolveLocale(request, user),
    filtersDescription,
    now: currentTime(),
  });
  await logAccess({ userId: user.id, action: "EXPORT", resourceType: "findings", detail: { format: format.format, filters: filtersDescription, rows: prepared.rows }, request });
  return exportTableResponse(format.format, prepared.table, prepared);
}
