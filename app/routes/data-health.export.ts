import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { logAccess } from "~/audit/log-access.server";
import { requirePermission } from "~/auth/guards.server";
import { currentTime } from "~/clock/clock.server";
import { requireVisibleAgency } from "~/dashboard/find-agency.server";
import { dataHealthExportTable } from "~/data-health/data-health-export";
import { dataHealthRecords } from "~/data-health/data-health-records";
import { computeDataHealth } from "~/data-health/data-health.server";
import { agencyIdsFor, monthOfRequest } from "~/data-health/data-health-route.server";
import { exportTableResponse, gridExportFormats, parseExportFormat } from "~/grid/export-response.server";
import { resolveLocale } from "~/i18n/locale.server";
import { translate } from "~/i18n/translate";

// Resource route: GET /data-health/export?format=csv|xlsx&month=YYYY-MM[&agency=CODE] — the Data health items as a
// file in the reader's language, scoped like the pages (AGENCY users: their own agency), logged as an export.
const agencySchema = z.string().trim().min(1).max(40).optional();

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "agencies.view");
  const searchParams = new URL(request.url).searchParams;
  const format = parseExportFormat(searchParams, gridExportFormats);
  if (!format.ok) return format.response;
  const agencyCode = agencySchema.safeParse(searchParams.get("agency") || undefined);
  if (!agencyCode.success) return new Response("agency must be an agency code of at most 40 characters", { status: 400 });
  const code = agencyCode.data?.toUpperCase();
  let agencyIds = agencyIdsFor(user);
  if (code) {
    agencyIds = [(await requireVisibleAgency(user, code)).id];
  }
  const now = currentTime();
  const month = await monthOfRequest(searchParams, now);
  const locale = await resolveLocale(request, user);
  const table = dataHealthExportTable(dataHealthRecords(await computeDataHealth({ month, agencyIds, now })), locale);
  const fileBase = `data-health-${code ? `${code}-` : ""}${month}`;
  await logAccess({ userId: user.id, action: "EXPORT", resourceType: "data-health", detail: { format: format.format, month, agency: code ?? null, count: table.rows.length }, request });
  return exportTableResponse(format.format, table, { fileBase, sheetName: translate(locale, "dataHealth.title") });
}
