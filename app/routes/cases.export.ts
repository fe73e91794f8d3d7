import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { logAccess } from "~/audit/log-access.server";
import { requirePermission } from "~/auth/guards.server";
import { parseCaseRowsRequest } from "~/cases/case-rows-request.server";
import { exportCaseRows } from "~/cases/export-case-rows.server";
import { downloadResponse, gridExportFormats, parseExportFormat } from "~/grid/export-response.server";
import { resolveLocale } from "~/i18n/locale.server";

// Resource route: GET /cases/export?format=csv|xlsx&<the grid's filters and sort> — the cases grid as a file, masked
// as the reader's role requires, logged as an export (with whether names were shown).

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "cases.view");
  const searchParams = new URL(request.url).searchParams;
  const format = parseExportFormat(searchParams, gridExportFormats);
  if (!format.ok) return format.response;
  const parsed = await parseCaseRowsRequest(user, searchParams);
  if (!parsed.ok) return new Response(parsed.message, { status: 400 });
  const filtersDescription = [...searchParams].filter(([key]) => !["format", "offset", "limit"].includes(key)).map(([key, value]) => `${key}=${value}`).join("&") || "—";
  const file = await exportCaseRows(parsed.query, { format: format.format, locale: await resolveLocale(request, user), filtersDescription, today: new Date().toISOString().slice(0, 10) });
  await logAccess({
    userId: user.id,
    action: "EXPORT",
    resourceType: "cases",
    detail: { format: format.format, filters: filtersDescription, rows: file.rows, total: file.total, personalData: parsed.query.view },
    request,
  });
  return downloadResponse(createReadableStreamFromReadable(file.stream), file.contentType, file.fileName);
}
