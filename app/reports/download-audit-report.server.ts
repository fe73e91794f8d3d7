// The stored file, exactly as stored: a FINAL report's bytes are returned unchanged however often it is downloaded,
// whatever was imported since. Every download is an EXPORT in the access log.
import { logAccess } from "~/audit/log-access.server";
import { getPrisma } from "~/db/client.server";
import { AuditReportError } from "./audit-report-errors";
import { canSeeReport, reportFileName, type ReportViewer } from "./report-access";

export type AuditReportDownload = { bytes: Buffer; fileName: string; sha256: string; status: "DRAFT" | "FINAL"; masked: boolean };

/** null when the report does not exist or is not the viewer's to see (the route answers 404 either way). */
export async function downloadAuditReport(input: { reportId: number; viewer: ReportViewer & { userId: number | null }; request?: Request; via?: string }): Promise<AuditReportDownload | null> {
  const report = await getPrisma().auditReport.findUnique({
    where: { id: input.reportId },
    select: { id: true, periodMonth: true, agencyId: true, masked: true, status: true, jobState: true, fileBytes: true, fileSha256: true, agency: { select: { code: true } } },
  });
  if (!report || !canSeeReport(input.viewer, report)) return null;
  if (report.jobState !== "SUCCEEDED" || !report.fileBytes || !report.fileSha256) throw new AuditReportError("NOT_READY", `Report ${report.id} has no file yet.`);
  const periodMonth = report.periodMonth.toISOString().slice(0, 7);
  await logAccess({
    userId: input.viewer.userId,
    action: "EXPORT",
    resourceType: "AuditReport",
    resourceId: report.id,
    detail: { via: input.via ?? "UI", periodMonth, agencyCode: report.agency?.code ?? null, status: report.status, masked: report.masked, sha256: report.fileSha256 },
    request: input.request,
  });
  return {
    bytes: Buffer.from(report.fileBytes),
    fileName: reportFileName({ id: report.id, periodMonth, agencyCode: report.agency?.code ?? null, status: report.status, masked: report.masked }),
    sha256: report.fileSha256,
    status: report.status,
    masked: report.masked,
  };
}
