import { currentTime } from "~/clock/clock.server";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { prepareApprovedExport } from "~/agency-register/approved-export.server";
import { logAccess } from "~/audit/log-access.server";
import { requirePermission } from "~/auth/guards.server";
import { exportTableResponse } from "~/grid/export-response.server";
import { resolveLocale } from "~/i18n/locale.server";

// Resource route: GET /approved-agencies/export.csv — the approved-agency list (an AGENCY user: their own row), logged as an export.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "agencies.view");
  const prepared = await prepareApprovedExport(user, await resolveLocale(request, user), currentTime());
  await logAccess({ userId: user.id, action: "EXPORT", resourceType: "approved-agencies", detail: { format: "csv", rows: prepared.table.rows.length }, request });
  return exportTableResponse("csv", prepared.table, prepared);
}
