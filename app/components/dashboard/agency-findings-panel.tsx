import { Link } from "@remix-run/react";
import { Card } from "~/components/ui";
import { findingsListUrl, type FindingsListFilter } from "~/dashboard/drill-down";
import { useI18n } from "~/i18n/i18n-context";
import type { MessageKey } from "~/i18n/messages.en";
import type { AgencyFindingCounts } from "~/findings/finding-types";

const counts: { key: "open" | "overdue" | "escalated" | "repeats"; label: MessageKey; hint: MessageKey; filter?: FindingsListFilter; alarm?: boolean }[] = [
  { key: "open", label: "agencyFindings.open", hint: "agencyFindings.openHint", filter: "OPEN" },
  { key: "overdue", label: "agencyFindings.overdue", hint: "agencyFindings.overdueHint", filter: "OVERDUE", alarm: true },
  { key: "escalated", label: "agencyFindings.escalated", hint: "agencyFindings.escalatedHint", filter: "ESCALATED", alarm: true },
  { key: "repeats", label: "agencyFindings.repeats", hint: "agencyFindings.repeatsHint" },
];

/** The agency page's findings panel: each count opens the findings list filtered to it. */
export function AgencyFindingsPanel({ agencyCode, findings }: { agencyCode: string; findings: AgencyFindingCounts }) {
  const i18n = useI18n();
  const { t } = i18n;
  const none = findings.open === 0 && findings.medianDaysToClose === null;
  return (
    <Card title={t("agencyFindings.panelTitle")}>
      <div className="flex flex-wrap items-center gap-6 text-sm" data-testid="agency-findings">
        {none ? <span className="text-slate-500">{t("agencyFindings.noneIssued")}</span> : null}
        {none
          ? null
          : counts.map(({ key, label, hint, filter, alarm }) => {
              const value = <span className={`font-medium tabular-nums ${alarm && findings[key] > 0 ? "text-red-700" : ""}`}>{i18n.number(findings[key], 0)}</span>;
              return (
                <div key={key} title={t(hint)} data-testid={`agency-findings-${key}`}>
                  <span className="mr-2 text-slate-600">{t(label)}</span>
                  {filter ? (
                    <Link to={findingsListUrl(agencyCode, filter)} className="text-brand-600 hover:underline">
                      {value}
                    </Link>
                  ) : (
                    value
                  )}
                </div>
              );
            })}
        {none ? null : (
          <div title={t("agencyFindings.medianDaysToCloseHint")} data-testid="agency-findings-median">
            <span className="mr-2 text-slate-600">{t("agencyFindings.medianDaysToClose")}</span>
            <span className="font-medium tabular-nums">{findings.medianDaysToClose === null ? t("common.none") : i18n.number(findings.medianDaysToClose, 1)}</span>
          </div>
        )}
        <Link to={findingsListUrl(agencyCode)} className="text-brand-600 hover:underline">
          {t("agencyFindings.viewAll")}
        </Link>
      </div>
    </Card>
  );
}
