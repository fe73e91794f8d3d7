// The figures of the Summary and KPI sheets, all from the metrics module (the same functions the dashboards call),
// so the workbook never disagrees with the pages. Labels and definitions in the workbook's language.
import type { Locale } from "~/i18n/locales";
import type { MessageKey } from "~/i18n/messages.en";
import { getMessages, translateDynamic } from "~/i18n/translate";
import { metricDefinitions } from "~/metrics/definitions";
import { loadReportFindings } from "./load-report-findings.server";
import { getAgencyScorecards } from "~/metrics/get-agency-scorecards.server";
import { getAgentLeague, getKpiSummary, getViolationsByRule } from "~/metrics/metrics.server";
import type { MetricFilters, MetricKey } from "~/metrics/metric-types";
import { hasLedgerInPeriod, queryReconciledMoney } from "~/metrics/query-reconciled-money.server";
import type { ReportMetricDefinition, ReportMetrics } from "./build-audit-workbook.server";
import type { ReportPeriod } from "./report-period";

// Rates where more is worse: their conditional formatting runs from green (low) to red (high).
const lowerIsBetter: ReadonlySet<MetricKey> = new Set(["complaintsPer1000Accounts", "upheldComplaintsPer1000Accounts", "violationsPer1000Contacts", "highViolationsPer1000Contacts", "wrongPartyRate", "thirdPartyShare"]);

export function reportMetricDefinitions(locale: Locale): ReportMetricDefinition[] {
  const messages = getMessages(locale);
  return (Object.keys(metricDefinitions) as MetricKey[]).map((key) => {
    const definition = metricDefinitions[key];
    return {
      key,
      format: definition.format,
      label: translateDynamic(messages, definition.nameKey as MessageKey, key),
      definition: translateDynamic(messages, definition.definitionKey as MessageKey, ""),
      lowerIsBetter: lowerIsBetter.has(key),
    };
  });
}

/** `now`: when the workbook is generated (findings are judged overdue on its reporting day; scorecards count escalations). */
export async function loadReportMetrics(options: { period: ReportPeriod; agencyId: number | null; locale: Locale; now: Date }): Promise<ReportMetrics> {
  const filters: MetricFilters = { from: options.period.from, to: options.period.to, ...(options.agencyId === null ? {} : { agencyIds: [options.agencyId] }) };
  const [kpis, scorecards, agents, violationsByRule, findings, reconciled] = await Promise.all([
    getKpiSummary(filters),
    getAgencyScorecards(filters, { now: options.now }),
    getAgentLeague(filters),
    getViolationsByRule(filters),
    loadReportFindings({ period: options.period, agencyId: options.agencyId, now: options.now }),
    loadReconciledByAgency(filters),
  ]);
  return { definitions: reportMetricDefinitions(options.locale), kpis, scorecards, agents, violationsByRule, findings, reconciled };
}

/** The agencies' reconciled collected and commission beside the reported ones, when the ledger covers the period. */
async function loadReconciledByAgency(filters: MetricFilters): Promise<Record<number, { collected: number; commission: number }> | null> {
  if (!(await hasLedgerInPeriod(filters))) return null;
  const money = await queryReconciledMoney({ ...filters, basis: "reconciled" }, "agency");
  return Object.fromEntries([...money].map(([agencyId, figures]) => [Number(agencyId), figures]));
}
