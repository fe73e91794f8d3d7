import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { logAccess } from "~/audit/log-access.server";
import { notFound, requireAgencyAccess, requirePermission } from "~/auth/guards.server";
import { currentTime } from "~/clock/clock.server";
import { findAgencyByCode } from "~/dashboard/find-agency.server";
import { dataHealthExportTable } from "~/data-health/data-health-export";
import { dataHealthRecords } from "~/data-health/data-health-records";
import { computeDataHealth } from "~/data-health/data-health.server";
import { agencyIdsFor, monthOfRequest } from "~/data-health/data-health-route.server";
import { contentDisposition, exportTableCsv, exportTableXlsx } from "~/grid/export-table.server";
import { resolveLocale } from "~/i18n/locale.server";
import { translate } from "~/i18n/translate";

// Resource route: GET /data-health/export?format=csv|xlsx&month=YYYY-MM[&agency=CODE] — the Data health items as a
// file in the reader's language, scoped like the pages (AGENCY users: their own agency), logged as an export.
const querySchema = z.object({ format: z.enum(["csv", "xlsx"]), agency: z.string().trim().min(1).max(40).optional() });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "agencies.view");
  const searchParams = new URL(request.url).searchParams;
  const query = querySchema.safeParse({ format: searchParams.get("format"), agency: searchParams.get("agency") ?? undefined });
  if (!query.success) return new Response("format must be csv or xlsx", { status: 400 });
  let agencyIds = agencyIdsFor(user);
  if (query.data.agency) {
    const agency = await findAgencyByCode(query.data.agency.toUpperCase());
    if (!agency) throw notFound();
    requireAgencyAccess(user, [agency.id]);
    agencyIds = [agency.id];
  }
  const now = currentTime();
  const month = await monthOfRequest(searchParams, now);
  const locale = await resolveLocale(request, user);
  const table = dataHealthExportTable(dataHealthRecords(await computeDataHealth({ month, agencyIds, now })), locale);
  const fileBase = `data-health-${query.data.agency ? `${query.data.agency.toUpperCase()}-` : ""}${month}`;
  await logAccess({ userId: user.id, action: "EXPORT", resourceType: "data-health", detail: { format: query.data.format, month, agency: query.data.agency ?? null, count: table.rows.length }, request });
  const headers = { "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" };
  if (query.data.format === "csv") {
    return new Response(exportTableCsv(table), { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": contentDisposition(`${fileBase}.csv`) } });
  }
  const workbook = await exportTableXlsx(table, { sheetName: translate(locale, "dataHealth.title"), notes: [] });
  return new Response(new Uint8Array(workbook), {
    headers: { ...headers, "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Content-Disposition": contentDisposition(`${fileBase}.xlsx`) },
  });
}
