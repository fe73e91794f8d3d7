import { currentTime } from "~/clock/clock.server";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { logAccess } from "~/audit/log-access.server";
import { requirePermission } from "~/auth/guards.server";
import { findingFilterNames, parseFindingFilters, parseFindingSort } from "~/findings/finding-grid-query";
import { prepareFindingExport } from "~/findings/finding-grid.server";
import { findingActor } from "~/findings/finding-route.server";
import { contentDisposition, exportTableCsv, exportTableXlsx, xlsxContentType } from "~/grid/export-table.server";
import { resolveLocale } from "~/i18n/locale.server";

// Resource route: GET /findings/export?format=csv|xlsx&<the grid's filters and sort> — the findings grid as a file in
// the reader's language (AGENCY users: their own agency's issued findings), logged as an export.

const formatSchema = z.enum(["csv", "xlsx"]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "findings.view");
  const params = new URL(request.url).searchParams;
  const format = formatSchema.safeParse(params.get("format"));
  if (!format.success) return new Response("format must be csv or xlsx", { status: 400 });
  const filters = parseFindingFilters(params);
  if (!filters.success) return new Response(filters.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("\n"), { status: 400 });
  const filtersDescription = findingFilterNames.flatMap((name) => (filters.data[name] ? [`${name}=${filters.data[name]}`] : [])).join("&") || "—";
  const prepared = await prepareFindingExport(findingActor(user, request), {
    filters: filters.data,
    sort: parseFindingSort(params.get("sort") ?? undefined),
    locale: await resolveLocale(request, user),
    filtersDescription,
    now: currentTime(),
  });
  await logAccess({ userId: user.id, action: "EXPORT", resourceType: "findings", detail: { format: format.data, filters: filtersDescription, rows: prepared.rows }, request });
  const headers = { "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" };
  if (format.data === "csv") {
    return new Response(exportTableCsv(prepared.table, prepared.notes), {
      headers: { ...headers, "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": contentDisposition(`${prepared.fileBase}.csv`) },
    });
  }
  const workbook = await exportTableXlsx(prepared.table, { sheetName: prepared.sheetName, notes: prepared.notes });
  return new Response(new Uint8Array(workbook), { headers: { ...headers, "Content-Type": xlsxContentType, "Content-Disposition": contentDisposition(`${prepared.fileBase}.xlsx`) } });
}
