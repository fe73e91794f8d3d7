import type { LoaderFunctionArgs } from "@remix-run/node";
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
    return new Response(new Uint8Array(file.bytes), {
      headers: {
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Content-Disposition": `attachment; filename="${file.fileName}"`,
        "Content-Length": String(file.bytes.length),
        "Cache-Control": "private, no-store",
        "X-Content-SHA256": file.sha256,
      },
    });
  } catch (error) {
    if (error instanceof AuditReportError && error.reason === "NOT_READY") throw new Response("The report is still being generated.", { status: 409 });
    throw error;
  }
}
