import type { LoaderFunctionArgs } from "@remix-run/node";
import { storedFileResponse } from "~/files/file-download.server";
import { xlsxContentType } from "~/grid/export-table.server";
import { z } from "zod";
import { notFound, requirePermission } from "~/auth/guards.server";
import { AuditReportError } from "~/reports/audit-report-errors";
import { downloadAuditReport } from "~/reports/download-audit-report.server";

// The stored workbook, byte for byte (a FINAL report never changes); logged as an EXPORT.
const paramsSchema = z.object({ id: z.coerce.number().int().positive() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "reports.view");
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw notFound();
  try {
    const file = await downloadAuditReport({ reportId: parsed.data.id, viewer: { role: user.role, agencyId: user.agencyId, userId: user.id }, request });
    if (!file) throw notFound();
    return storedFileResponse({ ...file, contentType: xlsxContentType });
  } catch (error) {
    if (error instanceof AuditReportError && error.reason === "NOT_READY") throw new Response("The report is still being generated.", { status: 409 });
    throw error;
  }
}
