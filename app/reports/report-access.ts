// Who may see which stored report. The file's masking is fixed when it is generated, so a role that may not see
// personal data only ever gets masked files; an AGENCY user only masked files of their own agency (a missing or
// foreign report is "not found" to them, as for every agency-owned record).
import { canSeePersonalData, isAgencyScoped } from "~/auth/permissions";
import type { Role } from "~/generated/prisma/enums";

export type ReportViewer = { role: Role; agencyId: number | null };

export function canSeeReport(viewer: ReportViewer, report: { agencyId: number | null; masked: boolean }): boolean {
  if (isAgencyScoped(viewer.role)) return viewer.agencyId !== null && report.agencyId === viewer.agencyId && report.masked;
  if (!canSeePersonalData(viewer.role)) return report.masked;
  return true;
}

/** The Prisma filter with the same meaning, for lists. */
export function visibleReportsWhere(viewer: ReportViewer): { agencyId?: number; masked?: true } {
  if (isAgencyScoped(viewer.role)) return { agencyId: viewer.agencyId ?? -1, masked: true };
  if (!canSeePersonalData(viewer.role)) return { masked: true };
  return {};
}

/** A generated file's name: period, scope, id and status, ASCII only so every browser keeps it. */
export function reportFileName(report: { id: number; periodMonth: string; agencyCode: string | null; status: "DRAFT" | "FINAL"; masked: boolean }): string {
  const scope = (report.agencyCode ?? "ALL").replace(/[^A-Za-z0-9_-]/g, "_");
  return `audit-${report.periodMonth}-${scope}-r${report.id}-${report.status.toLowerCase()}${report.masked ? "-masked" : ""}.xlsx`;
}
