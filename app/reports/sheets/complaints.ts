// 5. Complaints: every complaint received in the period, read through a database cursor; returns the count.
import { streamReportComplaints } from "../report-rows.server";
import { DATE_TIME_FORMAT, wallClockDate } from "./formats";
import type { SheetContext } from "./sheet-context";
import type { Column } from "./sheet-writer";

export async function writeComplaintsSheet(ctx: SheetContext): Promise<number> {
  const { t, tEnum, report } = ctx;
  const columns: Column[] = [
    { header: t("reports.col.complaintRef"), width: 16 },
    { header: t("reports.col.receivedAt"), width: 19, numFmt: DATE_TIME_FORMAT },
    { header: t("reports.col.timeZone"), width: 16 },
    { header: t("reports.col.source"), width: 12 },
    { header: t("reports.col.category"), width: 16 },
    { header: t("reports.col.severity"), width: 10 },
    { header: t("reports.col.status"), width: 12 },
    { header: t("complaintWork.outcome"), width: 14 },
    { header: t("complaintWork.corroboration"), width: 20 },
    { header: t("reports.col.agency"), width: 12 },
    { header: t("reports.col.agent"), width: 12 },
    { header: t("reports.col.account"), width: 18 },
    { header: t("reports.col.debtor"), width: 12 },
    { header: t("reports.col.phone"), width: 15 },
    { header: t("reports.col.description"), width: 50 },
    { header: t("reports.col.resolution"), width: 30 },
    { header: t("reports.col.linkedEvents"), width: 24 },
  ];
  const sheet = ctx.addSheet(t("reports.sheet.complaints"), { frozenRows: 1, columns });
  sheet.header(columns.map((column) => column.header));
  let count = 0;
  for await (const page of streamReportComplaints(ctx.scope, { withSubjects: report.masked })) {
    for (const complaint of page) {
      sheet.row([
        complaint.complaintRef,
        wallClockDate(complaint.localTime),
        complaint.timeZone,
        tEnum("complaintSource", complaint.source),
        complaint.category,
        tEnum("severity", complaint.severity),
        tEnum("complaintStatus", complaint.status),
        complaint.outcome ? tEnum("complaintOutcome", complaint.outcome) : null,
        complaint.corroboration ? tEnum("complaintCorroboration", complaint.corroboration) : null,
        complaint.agencyCode,
        complaint.agentExternalId,
        complaint.accountNumber ? ctx.caseLink(complaint.accountNumber) : null,
        ctx.debtor(complaint.debtorName),
        ctx.phone(complaint.phoneNumber),
        ctx.freeText(complaint.description, complaint, [complaint.phoneNumber]),
        ctx.freeText(complaint.resolution, complaint, [complaint.phoneNumber]),
        complaint.linkedEventIds.join(", "),
      ]);
    }
    count += page.length;
    await sheet.drain(ctx.finished);
    await ctx.detailRowsWritten(page.length);
  }
  sheet.autoFilter(columns.length);
  sheet.commit();
  return count;
}
