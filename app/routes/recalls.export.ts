import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { logAccess } from "~/audit/log-access.server";
import { forbidden, requirePermission, scopeAgency } from "~/auth/guards.server";
import { can, isAgencyScoped } from "~/auth/permissions";
import { currentTime } from "~/clock/clock.server";
import { contentDisposition, exportTableCsv, exportTableXlsx, xlsxContentType } from "~/grid/export-table.server";
import { resolveLocale } from "~/i18n/locale.server";
import { parseRecallDueFilters, parseRecallDueSort, recallDueFilterNames } from "~/placements/recall-due-grid-query";
import { buildRecallFile, prepareRecallDueExport } from "~/placements/recall-due.server";

// Resource route: GET /recalls/export?format=csv|xlsx|recall&<the grid's filters and sort> — the due-for-recall list in
// the reader's language, or (format=recall) the recall file in the placements format that the placements import takes
// back. The recall file is the lender's: only users who import placements get it. Every download is logged.

const formatSchema = z.enum(["csv", "xlsx", "recall"]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "cases.view");
  const params = new URL(request.url).searchParams;
  const format = formatSchema.safeParse(params.get("format"));
  if (!format.success) return new Response("format must be csv, xlsx or recall", { status: 400 });
  const filters = parseRecallDueFilters(params);
  if (!filters.success) return new Response(filters.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("\n"), { status: 400 });
  const filtersDescription = recallDueFilterNames.flatMap((name) => (filters.data[name] ? [`${name}=${filters.data[name]}`] : [])).join("&") || "—";
  const query = { scopeAgencyId: scopeAgency(user), filters: filters.data, sort: parseRecallDueSort(params.get("sort") ?? undefined), now: currentTime() };
  const headers = { "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" };
  if (format.data === "recall") {
    if (isAgencyScoped(user.role) || !can(user.role, "imports.upload")) throw forbidden();
    const file = await buildRecallFile(query);
    await logAccess({ userId: user.id, action: "EXPORT", resourceType: "recall-file", detail: { filters: filtersDescription, rows: file.rows }, request });
    return new Response(file.csv, { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": contentDisposition(file.fileName) } });
  }
  const prepared = await prepareRecallDueExport({ ...query, locale: await resolveLocale(request, user), filtersDescription });
  await logAccess({ userId: user.id, action: "EXPORT", resourceType: "due-for-recall", detail: { format: format.data, filters: filtersDescription, rows: prepared.rows }, request });
  if (format.data === "csv") {
    return new Response(exportTableCsv(prepared.table, prepared.notes), {
      headers: { ...headers, "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": contentDisposition(`${prepared.fileBase}.csv`) },
    });
  }
  const workbook = await exportTableXlsx(prepared.table, { sheetName: prepared.sheetName, notes: prepared.notes });
  return new Response(new Uint8Array(workbook), { headers: { ...headers, "Content-Type": xlsxContentType, "Content-Disposition": contentDisposition(`${prepared.fileBase}.xlsx`) } });
}
