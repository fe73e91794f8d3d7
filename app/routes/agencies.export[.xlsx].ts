import type { LoaderFunctionArgs } from "@remix-run/node";
import { logAccess } from "~/audit/log-access.server";
import { requirePermission } from "~/auth/guards.server";
import { prepareAgencyExport } from "~/dashboard/export-agency-scorecards.server";
import { exportTableResponse } from "~/grid/export-response.server";
import { resolveLocale } from "~/i18n/locale.server";

// Resource route: GET /agencies/export.xlsx?from=…&to=… — the agencies grid as an Excel workbook (numbers stay
// numbers with formats), logged as an export.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "agencies.view");
  const prepared = await prepareAgencyExport(user, new URL(request.url).searchParams, await resolveLocale(request, user));
  if ("error" in prepared) return new Response(prepared.error, { status: 400 });
  await logAccess({ userId: user.id, action: "EXPORT", resourceType: "agency-scorecards", detail: { format: "xlsx", ...prepared.filters }, request });
  return exportTableResponse("xlsx", prepared.table, prepared);
}
