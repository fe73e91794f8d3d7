// 6. Findings: each finding issued about the month — status, dates, rules, severity, evidence count, the accepted
// plan's actions with owners and due days, the verification's before and after figures, and a link to its page.
import type { ReportFinding } from "../load-report-findings.server";
import { ID_FORMAT } from "./formats";
import type { SheetContext } from "./sheet-context";
import type { CellInput, Column } from "./sheet-writer";

const PER1000_FORMAT = "0.00";

/** /findings/:id on the app's origin, built like the case links. */
export function findingLink(baseUrl: string, id: number): { text: string; hyperlink: string } {
  return { text: String(id), hyperlink: `${baseUrl.replace(/\/+$/, "")}/findings/${id}` };
}

/** Reporting day (YYYY-MM-DD) of an ISO instant in the lender's zone, as the page shows it. */
const dayOf = (iso: string | null, timeZone: string) => (iso === null ? null : new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(iso)));

export function writeFindingsSheet(ctx: SheetContext): number {
  const { t, tEnum, period, input } = ctx;
  const findings: ReportFinding[] = ctx.metrics.findings;
  const columns: Column[] = [
    { header: t("reports.findings.col.id"), width: 8 },
    { header: t("reports.col.agency"), width: 12 },
    { header: t("reports.col.agent"), width: 10 },
    { header: t("reports.findings.col.title"), width: 36 },
    { header: t("reports.findings.col.rules"), width: 22 },
    { header: t("reports.col.severity"), width: 10 },
    { header: t("reports.col.status"), width: 14 },
    { header: t("reports.findings.col.periodFrom"), width: 12 },
    { header: t("reports.findings.col.periodTo"), width: 12 },
    { header: t("reports.findings.col.issuedOn"), width: 12 },
    { header: t("reports.findings.col.responseDue"), width: 12 },
    { header: t("reports.findings.col.overdue"), width: 9 },
    { header: t("reports.findings.col.repeatOf"), width: 10 },
    { header: t("reports.findings.col.violations"), width: 11 },
    { header: t("reports.findings.col.actions"), width: 60 },
    { header: t("reports.findings.col.fixDate"), width: 12 },
    { header: t("reports.findings.col.before"), width: 12 },
    { header: t("reports.findings.col.after"), width: 12 },
    { header: t("reports.findings.col.outcome"), width: 16 },
    { header: t("reports.findings.col.escalation"), width: 18 },
    { header: t("reports.findings.col.closedOn"), width: 12 },
  ];
  const sheet = ctx.addSheet(t("reports.sheet.findings"), { frozenRows: 1, columns });
  sheet.header(columns.map((column) => column.header));
  const yesNo = (value: boolean) => (value ? t("common.yes") : t("common.no"));
  for (const finding of findings) {
    const actions = finding.plan
      .map((action) => `${ctx.freeText(action.description, {}) ?? ""} — ${ctx.freeText(action.owner, {}) ?? ""} — ${action.dueOn} (${tEnum("reports.findings.action", action.status)}${action.overdue ? `, ${t("reports.findings.col.overdue")}` : ""})`)
      .join("\n");
    const cells: CellInput[] = [
      findingLink(input.baseUrl, finding.id),
      finding.agencyCode,
      finding.agentExternalId,
      ctx.freeText(finding.title, {}),
      [...finding.ruleCodes, ...finding.complaintCategories].join(", "),
      tEnum("severity", finding.severity),
      tEnum("findings.status", finding.status),
      finding.periodFrom,
      finding.periodTo,
      dayOf(finding.issuedAt, period.timeZone),
      finding.responseDueOn,
      yesNo(finding.overdue),
      finding.repeatOfId,
      finding.violationCount,
      actions || null,
      finding.fixDate,
      finding.verification?.before.per1000Contacts ?? null,
      finding.verification?.after?.per1000Contacts ?? null,
      finding.verification ? tEnum("findings.verification", finding.verification.outcome) : null,
      finding.escalationReason ? tEnum("findings.escalationReason", finding.escalationReason) : null,
      dayOf(finding.closedAt, period.timeZone),
    ];
    sheet.row(cells, {
      cellStyles: [{ numFmt: ID_FORMAT }, ...Array(11).fill(undefined), { numFmt: ID_FORMAT }, { numFmt: "#,##0" }, { alignment: { wrapText: true, vertical: "top" } }, undefined, { numFmt: PER1000_FORMAT }, { numFmt: PER1000_FORMAT }],
    });
  }
  sheet.autoFilter(columns.length);
  sheet.commit();
  return findings.length;
}
