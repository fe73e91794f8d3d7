import { getPrisma } from "~/db/client.server";
import type { JobState, ReportStatus } from "~/generated/prisma/enums";
import { parseAuditSummary, type AuditSummary } from "./audit-summary";
import { canSeeReport, visibleReportsWhere, type ReportViewer } from "./report-access";

export type AuditReportListItem = {
  id: number;
  periodMonth: string;
  agencyCode: string | null;
  status: ReportStatus;
  masked: boolean;
  jobState: JobState;
  progress: number;
  generatedAt: string | null;
  fileSha256: string | null;
};

/** The reports the viewer may see (report-access.ts), newest month first. */
export async function listAuditReports(options: { viewer: ReportViewer; limit: number }): Promise<AuditReportListItem[]> {
  const reports = await getPrisma().auditReport.findMany({
    where: visibleReportsWhere(options.viewer),
    orderBy: [{ periodMonth: "desc" }, { id: "desc" }],
    take: options.limit,
    select: { id: true, periodMonth: true, status: true, masked: true, jobState: true, progress: true, generatedAt: true, fileSha256: true, agency: { select: { code: true } } },
  });
  return reports.map((report) => ({
    id: report.id,
    periodMonth: report.periodMonth.toISOString().slice(0, 7),
    agencyCode: report.agency?.code ?? null,
    status: report.status,
    masked: report.masked,
    jobState: report.jobState,
    progress: report.progress,
    generatedAt: report.generatedAt?.toISOString() ?? null,
    fileSha256: report.fileSha256,
  }));
}

export type AuditReportDetail = AuditReportListItem & {
  agencyId: number | null;
  agencyName: string | null;
  fileSize: number | null;
  errorMessage: string | null;
  generatedByName: string | null;
  finalizedByName: string | null;
  finalizedAt: string | null;
  signOffNote: string | null;
  summary: AuditSummary | null;
};

/** One report with its stored Summary, or null when missing or not the viewer's (404). */
export async function getAuditReportDetail(reportId: number, viewer: ReportViewer): Promise<AuditReportDetail | null> {
  const report = await getPrisma().auditReport.findUnique({
    where: { id: reportId },
    omit: { fileBytes: true },
    include: { agency: { select: { code: true, name: true } }, generatedBy: { select: { name: true } }, finalizedBy: { select: { name: true } } },
  });
  if (!report || !canSeeReport(viewer, report)) return null;
  return {
    id: report.id,
    periodMonth: report.periodMonth.toISOString().slice(0, 7),
    agencyId: report.agencyId,
    agencyCode: report.agency?.code ?? null,
    agencyName: report.agency?.name ?? null,
    status: report.status,
    masked: report.masked,
    jobState: report.jobState,
    progress: report.progress,
    generatedAt: report.generatedAt?.toISOString() ?? null,
    fileSha256: report.fileSha256,
    fileSize: report.fileSize,
    errorMessage: report.errorMessage,
    generatedByName: report.generatedBy?.name ?? null,
    finalizedByName: report.finalizedBy?.name ?? null,
    finalizedAt: report.finalizedAt?.toISOString() ?? null,
    signOffNote: report.signOffNote,
    summary: parseAuditSummary(report.summary),
  };
}
