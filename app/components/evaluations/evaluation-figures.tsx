import { Card, SimpleTable } from "~/components/ui";
import type { EvaluationFigures } from "~/evaluations/evaluation-input";
import { useI18n } from "~/i18n/i18n-context";

/** The figures an evaluation was drawn up on (frozen with it once signed). */
export function EvaluationFiguresCard({ figures }: { figures: EvaluationFigures }) {
  const i18n = useI18n();
  const { t } = i18n;
  const percent = (value: number | null) => (value === null ? t("common.none") : `${i18n.number(value * 100, 1)}%`);
  const rate = (value: number | null) => (value === null ? t("common.none") : i18n.number(value, 2));
  const { performance, compliance } = figures;
  const index = performance.recoveryIndex;
  const rows: [string, string][] = [
    [t("evaluations.figures.collected"), i18n.number(performance.collected, 2)],
    [t("evaluations.figures.recoveryRate"), percent(performance.recoveryRate)],
    [t("evaluations.figures.netBack"), i18n.number(performance.netBack, 2)],
    [t("evaluations.figures.recoveryIndex"), index ? `${i18n.number(index.value, 1)} (${i18n.number(index.low, 1)}–${i18n.number(index.high, 1)})` : t("common.none")],
    [t("evaluations.figures.grade"), performance.grade ?? t("common.none")],
    [t("evaluations.figures.outboundContacts"), i18n.number(compliance.outboundContacts)],
    [t("evaluations.figures.violationsPer1000"), rate(compliance.violationsPer1000Contacts)],
    [t("evaluations.figures.findingsOpened"), i18n.number(compliance.findingsOpened)],
    [t("evaluations.figures.findingsOverdue"), i18n.number(compliance.findingsOverdue)],
    [t("evaluations.figures.findingsEscalated"), i18n.number(compliance.findingsEscalated)],
    [t("evaluations.figures.complaintsPer1000"), rate(compliance.complaintsPer1000Accounts)],
    [t("evaluations.figures.untrained"), i18n.number(compliance.untrainedAgentContacts)],
    ...(compliance.upheldComplaintsPer1000Accounts !== undefined ? [[t("evaluations.figures.upheldPer1000"), rate(compliance.upheldComplaintsPer1000Accounts)] as [string, string]] : []),
    ...(compliance.noMatchingLogShare !== undefined ? [[t("agencies.noMatchingLogShare"), percent(compliance.noMatchingLogShare)] as [string, string]] : []),
    ...(compliance.publicComplaints
      ? ([
          [t("publicComplaints.total"), i18n.number(compliance.publicComplaints.total)],
          [t("publicComplaints.reliefShare"), percent(compliance.publicComplaints.reliefShare)],
          [t("publicComplaints.untimelyShare"), percent(compliance.publicComplaints.untimelyShare)],
          [t("publicComplaints.topIssues"), compliance.publicComplaints.topIssues.map((row) => `${row.issue} (${i18n.number(row.count)})`).join("; ") || t("common.none")],
        ] as [string, string][])
      : []),
  ];
  return (
    <Card title={t("evaluations.figures.title")}>
      <div className="grid gap-6 lg:grid-cols-3">
        <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm" data-testid="evaluation-figures">
          {rows.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-slate-600">{label}</dt>
              <dd className="text-right font-medium">{value}</dd>
            </div>
          ))}
        </dl>
        <div>
          <h3 className="mb-2 text-sm font-semibold">{t("evaluations.figures.byRule")}</h3>
          <SimpleTable
            columns={[
              { header: t("evaluations.condition.rule"), cell: (row) => i18n.tEnum("rules", `${row.ruleCode}.name`) },
              { header: t("evaluations.figures.count"), cell: (row) => i18n.number(row.count) },
              { header: t("evaluations.figures.violationsPer1000"), cell: (row) => rate(row.per1000Contacts) },
            ]}
            rows={compliance.byRule}
            rowKey={(row) => row.ruleCode}
          />
        </div>
        <div>
          <h3 className="mb-2 text-sm font-semibold">{t("evaluations.figures.trend")}</h3>
          <SimpleTable
            columns={[
              { header: t("evaluations.figures.month"), cell: (row) => row.month },
              { header: t("evaluations.figures.recoveryRate"), cell: (row) => percent(row.recoveryRate) },
              { header: t("evaluations.figures.violationsPer1000"), cell: (row) => rate(row.violationsPer1000Contacts) },
            ]}
            rows={performance.trend}
            rowKey={(row) => row.month}
          />
        </div>
      </div>
    </Card>
  );
}
