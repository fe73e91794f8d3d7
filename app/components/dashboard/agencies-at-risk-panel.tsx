import { Link } from "@remix-run/react";
import { Badge } from "~/components/ui";
import { agencyPageUrl, agencyViolationsDrillDownUrl, complaintsDrillDownUrl, findingsListUrl, type DrillDownContext } from "~/dashboard/drill-down";
import { useI18n } from "~/i18n/i18n-context";
import type { AgencyRiskRow, RateTrend, RiskRates } from "~/metrics/risk-order";
import { gradeTone } from "./agency-scorecards-grid";
import { ConductGateNote } from "./conduct-gate-note";

const trendTone = { worse: "text-red-700", better: "text-emerald-700", unchanged: "text-slate-500", new: "text-slate-500" } as const;
const trendArrow = { worse: "▲", better: "▼", unchanged: "＝", new: "" } as const;

function Trend({ trend }: { trend: RateTrend }) {
  const i18n = useI18n();
  if (trend.direction === "new") return <span className="block text-xs text-slate-500">{i18n.t("risk.newRate")}</span>;
  if (trend.change === null) return null;
  const sign = trend.change > 0 ? "+" : "";
  return (
    <span className={`block text-xs ${trendTone[trend.direction]}`}>
      {trendArrow[trend.direction]}{" "}
      {i18n.t("risk.change", {
        change: `${sign}${i18n.number(trend.change, 1)}`,
        direction: i18n.t(`risk.${trend.direction}`),
        previous: i18n.number(trend.previous, 1),
      })}
    </span>
  );
}

/** One rate: the number links to the grid behind it; the counts it was made of on hover; its trend below. */
function RateCell({
  row,
  rate,
  href,
  label,
  count,
  base,
  testId,
}: {
  row: AgencyRiskRow;
  rate: keyof RiskRates;
  href: string;
  label: "risk.openHighViolations" | "risk.openViolations" | "risk.openComplaints";
  count: number;
  base: number;
  testId: string;
}) {
  const i18n = useI18n();
  const value = i18n.number(row[rate], 1);
  return (
    <td className="px-3 py-2 text-right tabular-nums">
      <Link
        to={href}
        className="font-medium text-brand-600 hover:underline"
        data-testid={testId}
        aria-label={i18n.t(label, { rate: value })}
        title={i18n.t("risk.counts", { count: i18n.number(count), base: i18n.number(base) })}
      >
        {value}
      </Link>
      <Trend trend={row.trend[rate]} />
    </td>
  );
}

/** The dashboard's agencies at risk, riskiest first (the order the metrics module gives). */
export function AgenciesAtRiskPanel({ rows, context }: { rows: readonly AgencyRiskRow[]; context: DrillDownContext }) {
  const i18n = useI18n();
  const { t } = i18n;
  if (rows.length === 0) return <p className="text-sm text-slate-500">{t("risk.none")}</p>;
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-sm" data-testid="agencies-at-risk">
        <thead>
          <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
            <th className="px-3 py-2">{t("risk.agency")}</th>
            <th className="px-3 py-2 text-right" title={t("metrics.highViolationsPer1000Contacts.definition")}>
              {t("risk.high")}
            </th>
            <th className="px-3 py-2 text-right" title={t("metrics.violationsPer1000Contacts.definition")}>
              {t("risk.violations")}
            </th>
            <th className="px-3 py-2 text-right" title={t("metrics.complaintsPer1000Accounts.definition")}>
              {t("risk.complaints")}
            </th>
            <th className="px-3 py-2" title={t("metrics.grade.definition")}>
              {t("risk.grade")}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.agencyCode} className="border-b border-slate-100 align-top" data-testid={`risk-row-${row.agencyCode}`}>
              <td className="px-3 py-2">
                <Link to={agencyPageUrl(context, row.agencyCode)} className="font-mono text-xs font-medium text-brand-600 hover:underline">
                  {row.agencyCode}
                </Link>
                <span className="block text-xs text-slate-500">{row.agencyName}</span>
              </td>
              <RateCell
                row={row}
                rate="highViolationsPer1000Contacts"
                href={agencyViolationsDrillDownUrl(context, row.agencyCode, "HIGH")}
                label="risk.openHighViolations"
                count={row.violationsHigh}
                base={row.outboundContacts}
                testId={`risk-high-${row.agencyCode}`}
              />
              <RateCell
                row={row}
                rate="violationsPer1000Contacts"
                href={agencyViolationsDrillDownUrl(context, row.agencyCode)}
                label="risk.openViolations"
                count={row.violations}
                base={row.outboundContacts}
                testId={`risk-violations-${row.agencyCode}`}
              />
              <RateCell
                row={row}
                rate="complaintsPer1000Accounts"
                href={complaintsDrillDownUrl(context, row.agencyCode)}
                label="risk.openComplaints"
                count={row.complaints}
                base={row.placedAccounts}
                testId={`risk-complaints-${row.agencyCode}`}
              />
              <td className="px-3 py-2">
                {row.grade ? <Badge tone={gradeTone[row.grade]}>{row.grade}</Badge> : <span className="text-slate-500">{t("common.none")}</span>}
                <span className="block max-w-56">
                  <ConductGateNote scorecard={row} />
                </span>
                {row.escalatedFindings > 0 ? (
                  <Link to={findingsListUrl(row.agencyCode, "ESCALATED")} className="mt-1 block" title={t("agencyFindings.escalatedHint")} data-testid={`risk-escalated-${row.agencyCode}`}>
                    <Badge tone="bad">{t("agencyFindings.escalatedBadge", { count: i18n.number(row.escalatedFindings, 0) })}</Badge>
                  </Link>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
