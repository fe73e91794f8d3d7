// The findings an audit workbook reports: those issued to the report's agencies (one agency for an AGENCY-scoped
// report) whose period touches the report's month, with the accepted plan's actions and the verification's figures,
// read through the findings domain and judged overdue at the report's generation time.
import { getFinding, listFindings } from "~/findings/finding-queries.server";
import { systemActor } from "~/findings/findings.server";
import type { FindingActionRow, FindingListRow, FindingVerification } from "~/findings/finding-types";
import type { ReportPeriod } from "./report-period";

export type ReportFinding = FindingListRow & { plan: FindingActionRow[]; fixDate: string | null; verification: FindingVerification | null };

export async function loadReportFindings(options: { period: ReportPeriod; agencyId: number | null; now: Date }): Promise<ReportFinding[]> {
  const { rows } = await listFindings(systemActor, { agencyId: options.agencyId ?? undefined, from: options.period.from, to: options.period.to, now: options.now });
  const issued = rows.filter((row) => row.issuedAt !== null && row.status !== "DRAFT").sort((left, right) => left.id - right.id);
  const details = await Promise.all(issued.map((row) => getFinding(systemActor, row.id, options.now)));
  return issued.map((row, index) => ({ ...row, plan: details[index]!.plan, fixDate: details[index]!.fixDate, verification: details[index]!.verification }));
}
