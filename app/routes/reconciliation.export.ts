import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { logAccess } from "~/audit/log-access.server";
import { notFound, requirePermission, scopeAgency } from "~/auth/guards.server";
import { currentTime } from "~/clock/clock.server";
import { contentDisposition, exportTableCsv, exportTableXlsx, xlsxContentType } from "~/grid/export-table.server";
import { resolveLocale } from "~/i18n/locale.server";
import { parseReconciliationFilters, parseReconciliationSort } from "~/reconciliation/reconciliation-grid-query";
import { prepareReconciliationExport, ReconciliationScopeError, resolveReconciliationScope } from "~/reconciliation/reconciliation-page.server";

// Resource route: GET /reconciliation/export?format=csv|xlsx&<the grid's filters and sort> — the reconciliation items
// in the reader's language, the month's summary as notes. AGENCY users: their own agency only. Every download is logged.

const formatSchema = z.enum(["csv", "xlsx"]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "reconciliation.view");
  const params = new URL(request.url).searchParams;
  const format = formatSchema.safeParse(params.get("format"));
  if (!format.success) return new Response("format must be csv or xlsx", { status: 400 });
  const filters = parseReconciliationFilters(params);
  if (!filters.success) return new Response(filters.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("\n"), { status: 400 });
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
    detail: { format: format.data, agency: scope.agencyCode ?? "all", month: scope.month, status: filters.data.status ?? "exceptions", rows: prepared.rows },
    request,
  });
  const headers = { "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" };
  if (format.data === "csv") {
    return new Response(exportTableCsv(prepared.table, prepared.notes), {
      headers: { ...headers, "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": contentDisposition(`${prepared.fileBase}.csv`) },
    });
  }
  const workbook = await exportTableXlsx(prepared.table, { sheetName: prepared.sheetName, notes: prepared.notes });
  return new Response(new Uint8Array(workbook), { headers: { ...headers, "Content-Type": xlsxContentType, "Content-Disposition": contentDisposition(`${prepared.fileBase}.xlsx`) } });
}
