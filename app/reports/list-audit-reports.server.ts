import { getPrisma } from "~/db/client.server";
import type { ReportStatus } from "~/generated/prisma/enums";

export type AuditReportListItem = {
  id: number;
  periodMonth: string;
  agencyCode: string | null;
  status: ReportStatus;
  generatedAt: string | null;
  fileSha256: string | null;
};

/** AGENCY users see only reports scoped to their own agency, never the all-agency ones. */
export async function listAuditReports(options: { agencyId?: number; limit: number }): Promise<AuditReportListItem[]> {
  const reports = await getPrisma().auditReport.findMany({
    where: options.agencyId === undefined ? {} : { agencyId: options.agencyId },
    orderBy: [{ periodMonth: "desc" }, { id: "desc" }],
    take: options.limit,
    include: { agency: { select: { code: true } } },
  });
  return reports.map((report) => ({
    id: report.id,
    periodMonth: report.periodMonth.toISOString().slice(0, 7),
    agencyCode: report.agency?.code ?? null,
    status: report.status,
    generatedAt: report.generatedAt?.toISOString() ?? null,
    fileSha256: report.fileSha256,
  }));
}
