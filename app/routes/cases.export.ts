import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { logAccess } from "~/audit/log-access.server";
import { requirePermission } from "~/auth/guards.server";
import { parseCaseRowsRequest } from "~/cases/case-rows-request.server";
import { exportCaseRows } from "~/cases/export-case-rows.server";
import { contentDisposition } from "~/dashboard/export-agency-scorecards.server";
import { resolveLocale } from "~/i18n/locale.server";

// Resource route: GET /cases/export?format=csv|xlsx&<the grid's filters and sort> — the cases grid as a file, masked
// as the reader's role requires, logged as an export (with whether names were shown).

const formatSchema = z.enum(["csv", "xlsx"]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "cases.view");
  const searchParams = new URL(request.url).searchParams;
  const format = formatSchema.safeParse(searchParams.get("format"));
  if (!format.success) return new Response("format must be csv or xlsx", { status: 400 });
  const parsed = await parseCaseRowsRequest(user, searchParams);
  if (!parsed.ok) return new Response(parsed.message, { status: 400 });
  const filtersDescription = [...searchParams].filter(([key]) => !["format", "offset", "limit"].includes(key)).map(([key, value]) => `${key}=${value}`).join("&") || "—";
  const file = await exportCaseRows(parsed.query, { format: format.data, locale: await resolveLocale(request, user), filtersDescription, today: new Date().toISOString().slice(0, 10) });
  await logAccess({
    userId: user.id,
    action: "EXPORT",
    resourceType: "cases",
    detail: { format: format.data, filters: filtersDescription, rows: file.rows, total: file.total, personalData: parsed.query.view },
    request,
  });
  return new Response(createReadableStreamFromReadable(file.stream), {
    headers: { "Content-Type": file.contentType, "Content-Disposition": contentDisposition(file.fileName), "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" },
  });
}
