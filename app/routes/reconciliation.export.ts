import type { LoaderFunctionArgs } from "@remix-run/node";
import { logAccess } from "~/audit/log-access.server";
import { notFound, requirePermission, scopeAgency } from "~/auth/guards.server";
import { currentTime } from "~/clock/clock.server";
import { exportTableResponse, gridExportFormats, invalidFiltersResponse, parseExportFormat } from "~/grid/export-response.server";
import { resolveLocale } from "~/i18n/locale.server";
import { parseReconciliationFilters, parseReconciliationSort } from "~/reconciliation/reconciliation-grid-query";
import { prepareReconciliationExport, ReconciliationScopeError, resolveReconciliationScope } from "~/reconciliation/reconciliation-page.server";

// Resource route: GET /reconciliation/export?format=csv|xlsx&<the grid's filters and sort> — the reconciliation items
// in the reader's language, the month's summary as notes. AGENCY users: their own agency only. Every download is logged.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "reconciliation.view");
  const params = new URL(request.url).searchParams;
  const format = parseExportFormat(params, gridExportFormats);
  if (!format.ok) return format.response;
  const filters = parseReconciliationFilters(params);
  if (!filters.success) return invalidFiltersResponse(filters.error);
  let scope;
  try {
    scope = await resolveReconciliationScope(filters.data, scopeAgency(user), currentTime());
  } catch (error) {
    if (error instanceof ReconciliationScopeError) throw notFound();
    throw error;
  }
  const prepared = await prepareReconciliationExport({ scope, status: filters.data.status, sort: parseReconciliationSort(params.get("sort") ?? undefined), locale: await resolveLocale(request, user) });
  await logAccess({
    userId: user.id,
    action: "EXPORT",
    resourceType: "reconciliation",
    detail: { format: format.format, agency: scope.agencyCode ?? "all", month: scope.month, status: filters.data.status ?? "exceptions", rows: prepared.rows },
    request,
  });
  return exportTableResponse(format.format, prepared.table, prepared);
}
