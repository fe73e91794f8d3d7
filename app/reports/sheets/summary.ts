// 1. Summary: the period, scope and authorship, the KPIs against the previous month, the grades, and the top
// findings (high-severity rules, outlier agents). Status and sign-off rows are lifecycle rows, outside the digest.
import type { MessageKey } from "~/i18n/messages.en";
import type { AgentMetricsRow, ViolationsByRule } from "~/metrics/metric-types";
import { ruleName } from "~/violations/render-explanation";
import { DATE_TIME_FORMAT, ID_FORMAT, changeFormats, metricValue, numberFormats, wallClockIn } from "./formats";
import type { ReportMetrics, SheetContext } from "./sheet-context";
import { findingLink } from "./findings";
import { labelFont, type CellInput, type SheetWriter } from "./sheet-writer";

export type TopFindings = { highByRule: ViolationsByRule; outliers: AgentMetricsRow[] };

/** The five rules with the most high-severity violations and the ten agents furthest above their peers. */
export function topFindings(metrics: ReportMetrics): TopFindings {
  const highByRule = metrics.violationsByRule
    .filter((entry) => entry.severity === "HIGH" && entry.count > 0)
    .sort((a, b) => b.count - a.count || (a.ruleCode < b.ruleCode ? -1 : 1))
    .slice(0, 5);
  const outliers = metrics.agents
    .filter((agent) => agent.violationOutlier)
    .sort((a, b) => (b.violationZScore ?? 0) - (a.violationZScore ?? 0))
    .slice(0, 10);
  return { highByRule, outliers };
}

export function writeSummarySheet(ctx: SheetContext): TopFindings {
  const { t, report, period, metrics, input } = ctx;
  const definitions = metrics.definitions;
  const { highByRule, outliers } = topFindings(metrics);
  const scopeText = report.scope ? `${report.scope.agencyCode} ${report.scope.agencyName}` : t("common.allAgencies");
  const packsText = input.packs.agencies.map((pack) => `${pack.agencyCode}: ${pack.packCode} v${pack.version ?? "?"}`).join("; ");
  const statusText = ctx.tEnum("reportStatus", report.status);

  const summary = ctx.addSheet(t("reports.sheet.summary"), { columns: [{ width: 34 }, { width: 30 }, { width: 18 }, { width: 18 }, { width: 16 }, { width: 14 }] });
  summary.row([t("reports.summary.title")], { style: { font: { bold: true, size: 16 } } });
  summary.blank();
  const fact = (label: MessageKey, value: CellInput, options: { lifecycle?: boolean; numFmt?: string } = {}) =>
    summary.row([t(label), value], { lifecycle: options.lifecycle, cellStyles: [{ font: labelFont }, options.numFmt ? { numFmt: options.numFmt, alignment: { horizontal: "left" } } : { alignment: { wrapText: true, vertical: "top" } }] });
  fact("reports.summary.period", t("reports.summary.periodRange", { month: period.month, from: period.from, to: period.to, timeZone: period.timeZone }));
  fact("reports.summary.scope", scopeText);
  fact("reports.summary.rulePacks", packsText || t("common.none"));
  fact("reports.summary.generatedBy", report.generatedByName ?? t("reports.summary.system"));
  fact("reports.summary.generatedAt", wallClockIn(report.generatedAt, period.timeZone), { numFmt: DATE_TIME_FORMAT });
  fact("reports.summary.reportId", report.id, { numFmt: ID_FORMAT });
  fact("reports.summary.personalData", report.masked ? t("reports.summary.masked") : t("reports.summary.unmasked"));
  fact("reports.summary.status", statusText, { lifecycle: true });
  if (report.status === "FINAL") {
    fact("reports.summary.finalizedBy", report.finalizedByName ?? t("common.none"), { lifecycle: true });
    fact("reports.summary.finalizedAt", report.finalizedAt ? wallClockIn(report.finalizedAt, period.timeZone) : null, { lifecycle: true, numFmt: DATE_TIME_FORMAT });
    fact("reports.summary.signOffNote", report.signOffNote ?? "", { lifecycle: true });
  }
  summary.blank();
  summary.heading(t("reports.summary.kpis"));
  summary.header([t("reports.summary.metric"), t("reports.summary.current"), t("reports.summary.previous"), t("reports.summary.change")]);
  for (const definition of definitions) {
    const current = metricValue(metrics.kpis.current, definition.key);
    const previous = metricValue(metrics.kpis.previous, definition.key);
    const change = current !== null && previous !== null ? current - previous : null;
    summary.row([definition.label, current, previous, change], {
      cellStyles: [undefined, { numFmt: numberFormats[definition.format] }, { numFmt: numberFormats[definition.format] }, { numFmt: changeFormats[definition.format] }],
    });
  }
  summary.blank();
  summary.heading(t("reports.summary.grades"));
  summary.header([t("reports.col.agency"), t("reports.col.agencyName"), t("reports.summary.grade"), t("reports.col.recoveryIndex"), t("reports.col.gradeScore")]);
  for (const card of metrics.scorecards) {
    summary.row([card.agencyCode, card.agencyName, card.grade ?? t("common.none"), card.recoveryIndex?.value ?? null, card.gradeScores.total], {
      cellStyles: [undefined, undefined, { alignment: { horizontal: "center" }, font: { bold: true } }, { numFmt: numberFormats.index }, { numFmt: "0" }],
    });
  }
  summary.blank();
  summary.heading(t("reports.summary.topFindings"));
  summary.row([t("reports.summary.topRules")], { style: { font: labelFont } });
  if (highByRule.length === 0) summary.row([t("reports.summary.noHighViolations")]);
  else {
    summary.header([t("reports.col.rule"), t("reports.col.ruleName"), t("reports.summary.highCount")]);
    for (const entry of highByRule) summary.row([entry.ruleCode, ruleName(entry.ruleCode, t), entry.count], { cellStyles: [undefined, undefined, { numFmt: numberFormats.count }] });
  }
  summary.blank();
  summary.row([t("reports.summary.outliers")], { style: { font: labelFont } });
  if (outliers.length === 0) summary.row([t("reports.summary.noOutliers")]);
  else {
    summary.header([t("reports.col.agency"), t("reports.col.agent"), t("reports.col.agentName"), t("reports.col.violations"), t("reports.col.zScore")]);
    for (const agent of outliers) {
      summary.row([agent.agencyCode, agent.externalId, agent.agentName, agent.metrics.violations, agent.violationZScore], {
        cellStyles: [undefined, undefined, undefined, { numFmt: numberFormats.count }, { numFmt: "0.00" }],
      });
    }
  }
  writeFindingsSummary(ctx, summary);
  summary.blank();
  summary.row([t("reports.summary.wrongParty"), metrics.kpis.current.wrongPartyContacts], { cellStyles: [{ font: labelFont }, { numFmt: numberFormats.count }] });
  summary.row([t("reports.summary.thirdParty"), metrics.kpis.current.thirdPartyContacts], { cellStyles: [{ font: labelFont }, { numFmt: numberFormats.count }] });
  summary.commit();
  return { highByRule, outliers };
}

/** The findings that need attention: counts of overdue and escalated ones, then each with its link, status and due day. */
function writeFindingsSummary(ctx: SheetContext, summary: SheetWriter): void {
  const { t } = ctx;
  const pressing = ctx.metrics.findings.filter((finding) => finding.overdue || finding.status === "ESCALATED");
  summary.blank();
  summary.heading(t("reports.summary.findings"));
  const count = (label: MessageKey, value: number) => summary.row([t(label), value], { cellStyles: [{ font: labelFont }, { numFmt: numberFormats.count }] });
  count("reports.summary.findingsOverdue", ctx.metrics.findings.filter((finding) => finding.overdue).length);
  count("reports.summary.findingsEscalated", ctx.metrics.findings.filter((finding) => finding.status === "ESCALATED").length);
  if (pressing.length === 0) {
    summary.row([t("reports.summary.noOpenFindingIssues")]);
    return;
  }
  summary.header([t("reports.findings.col.id"), t("reports.col.agency"), t("reports.findings.col.title"), t("reports.col.status"), t("reports.findings.col.responseDue"), t("reports.findings.col.overdue")]);
  for (const finding of pressing) {
    summary.row(
      [findingLink(ctx.input.baseUrl, finding.id), finding.agencyCode, ctx.freeText(finding.title, {}), ctx.tEnum("findings.status", finding.status), finding.responseDueOn, finding.overdue ? t("common.yes") : t("common.no")],
      { cellStyles: [{ numFmt: ID_FORMAT }] },
    );
  }
}
