import type { MetricFormat } from "~/metrics/metric-types";
import type { AuditSummary } from "~/reports/audit-summary";
import { useI18n } from "~/i18n/i18n-context";
import { Badge, Card, SimpleTable, type Column } from "./ui";

type Kpi = AuditSummary["kpis"][number];

/** The workbook's Summary sheet, from the figures stored with the report: the same numbers the file holds. */
export function ReportSummaryPreview({ summary }: { summary: AuditSummary }) {
  const i18n = useI18n();
  const { t } = i18n;
  const format = (value: number | null, kind: MetricFormat) => {
    if (value === null) return t("common.none");
    if (kind === "percent") return i18n.percent(value, 1);
    if (kind === "money") return i18n.number(value, 2);
    if (kind === "per1000") return i18n.number(value, 2);
    if (kind === "index") return i18n.number(value, 1);
    return i18n.number(value);
  };
  const label = (key: string) => i18n.tEnum("metrics", `${key}.name`);
  const kpiColumns: Column<Kpi>[] = [
    { header: t("reports.summary.metric"), cell: (kpi) => label(kpi.key) },
    { header: t("reports.summary.current"), cell: (kpi) => format(kpi.current, kpi.format), align: "right" },
    { header: t("reports.summary.previous"), cell: (kpi) => format(kpi.previous, kpi.format), align: "right" },
  ];
  const gradeColumns: Column<AuditSummary["grades"][number]>[] = [
    { header: t("reports.col.agency"), cell: (row) => row.agencyCode },
    { header: t("reports.col.agencyName"), cell: (row) => row.agencyName },
    { header: t("reports.summary.grade"), cell: (row) => <Badge tone={row.grade === "A" || row.grade === "B" ? "good" : row.grade ? "bad" : "neutral"}>{row.grade ?? t("common.none")}</Badge> },
    { header: t("reports.col.recoveryIndex"), cell: (row) => format(row.recoveryIndex, "index"), align: "right" },
  ];
  return (
    <div className="space-y-4" data-testid="report-summary-preview">
      <Card title={t("reports.detail.preview")}>
        <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
          <Fact label={t("reports.summary.period")} value={t("reports.summary.periodRange", { month: summary.month, from: summary.from, to: summary.to, timeZone: summary.timeZone })} />
          <Fact label={t("reports.summary.scope")} value={summary.scope ? `${summary.scope.agencyCode} · ${summary.scope.agencyName}` : t("common.allAgencies")} />
          <Fact label={t("reports.summary.rulePacks")} value={summary.rulePacks.map((pack) => `${pack.agencyCode}: ${pack.packCode} v${pack.version ?? "?"}`).join("; ") || t("common.none")} />
          <Fact label={t("reports.summary.personalData")} value={summary.masked ? t("reports.summary.masked") : t("reports.summary.unmasked")} />
          <Fact label={t("reports.summary.wrongParty")} value={i18n.number(summary.wrongPartyContacts)} testId="preview-wrong-party" />
          <Fact label={t("reports.summary.thirdParty")} value={i18n.number(summary.thirdPartyContacts)} />
          <Fact label={t("reports.sheet.violations")} value={i18n.number(summary.rowCounts.violations)} testId="preview-violations" />
          <Fact label={t("reports.sheet.complaints")} value={i18n.number(summary.rowCounts.complaints)} />
          <Fact label={t("reports.sheet.sample")} value={i18n.number(summary.rowCounts.sample)} />
        </dl>
      </Card>
      <Card title={t("reports.summary.kpis")}>
        <SimpleTable columns={kpiColumns} rows={summary.kpis} rowKey={(kpi) => kpi.key} />
      </Card>
      {summary.grades.length > 0 ? (
        <Card title={t("reports.summary.grades")}>
          <SimpleTable columns={gradeColumns} rows={summary.grades} rowKey={(row) => row.agencyCode} />
        </Card>
      ) : null}
      <Card title={t("reports.summary.topFindings")}>
        <div className="grid gap-4 text-sm sm:grid-cols-2">
          <div>
            <p className="font-medium text-slate-800">{t("reports.summary.topRules")}</p>
            {summary.topRules.length === 0 ? (
              <p className="text-slate-500">{t("reports.summary.noHighViolations")}</p>
            ) : (
              <ul className="mt-1 list-inside list-disc">
                {summary.topRules.map((rule) => (
                  <li key={rule.ruleCode}>
                    {i18n.tEnum("rules", `${rule.ruleCode}.name`)}: {i18n.number(rule.count)}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div>
            <p className="font-medium text-slate-800">{t("reports.summary.outliers")}</p>
            {summary.outliers.length === 0 ? (
              <p className="text-slate-500">{t("reports.summary.noOutliers")}</p>
            ) : (
              <ul className="mt-1 list-inside list-disc">
                {summary.outliers.map((agent) => (
                  <li key={`${agent.agencyCode}:${agent.agentExternalId}`}>
                    {agent.agencyCode} · {agent.agentExternalId}
                    {agent.agentName ? ` (${agent.agentName})` : ""}: {i18n.number(agent.violations)}
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
      </Card>
    </div>
  );
}

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <dt className="text-slate-500">{label}</dt>
      <dd className="font-medium text-slate-900" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}
