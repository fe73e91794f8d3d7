// 4. Violations: every violation of the period, read through a database cursor page by page; returns the count.
import { RULE_CODES } from "~/rules/rule-pack";
import { renderViolationExplanation, ruleName } from "~/violations/render-explanation";
import { streamReportViolations } from "../report-rows.server";
import { DATE_TIME_FORMAT, ID_FORMAT, wallClockDate } from "./formats";
import type { SheetContext } from "./sheet-context";
import type { Column } from "./sheet-writer";

export async function writeViolationsSheet(ctx: SheetContext): Promise<number> {
  const { t, tEnum, report } = ctx;
  const columns: Column[] = [
    { header: t("reports.col.id"), width: 10, numFmt: ID_FORMAT },
    { header: t("reports.col.rule"), width: 24 },
    { header: t("reports.col.ruleName"), width: 24 },
    { header: t("reports.col.severity"), width: 10 },
    { header: t("reports.col.status"), width: 11 },
    { header: t("reports.col.reviewNote"), width: 28 },
    { header: t("reports.col.localTime"), width: 19, numFmt: DATE_TIME_FORMAT },
    { header: t("reports.col.timeZone"), width: 16 },
    { header: t("reports.col.agency"), width: 12 },
    { header: t("reports.col.agent"), width: 12 },
    { header: t("reports.col.account"), width: 18 },
    { header: t("reports.col.debtor"), width: 12 },
    { header: t("reports.col.explanation"), width: 70 },
    { header: t("reports.col.evidence"), width: 30 },
    { header: t("reports.col.rulePack"), width: 10 },
  ];
  const sheet = ctx.addSheet(t("reports.sheet.violations"), { frozenRows: 1, columns });
  sheet.header(columns.map((column) => column.header));
  const ruleNames = new Map<string, string>(RULE_CODES.map((code) => [code, ruleName(code, t)]));
  let count = 0;
  for await (const page of streamReportViolations(ctx.scope, { withSubjects: report.masked })) {
    for (const violation of page) {
      sheet.row([
        Number(violation.id),
        violation.ruleCode,
        ruleNames.get(violation.ruleCode) ?? ruleName(violation.ruleCode, t),
        tEnum("severity", violation.severity),
        tEnum("violationStatus", violation.status),
        ctx.freeText(violation.reviewNote, violation),
        wallClockDate(violation.localTime),
        violation.timeZone,
        violation.agencyCode,
        violation.agentExternalId,
        ctx.caseLink(violation.accountNumber),
        ctx.debtor(violation.debtorName),
        renderViolationExplanation(violation.explanation, t, ctx.explanationFormat),
        violation.evidenceEventIds.join(", "),
        `${violation.rulePackCode} v${violation.rulePackVersion}`,
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
