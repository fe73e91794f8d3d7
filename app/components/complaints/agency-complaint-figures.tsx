import { Card, SimpleTable } from "~/components/ui";
import type { ComplaintCheckFigures } from "~/complaints/complaint-check-figures";
import type { PublicComplaintHistory } from "~/complaints/public-complaint-history.server";
import { useI18n } from "~/i18n/i18n-context";
import type { MetricValues } from "~/metrics/metric-types";

/** The agency's complaint figures of the period beside its public complaint history (ADR 035). */
export function AgencyComplaintFigures({ metrics, checks, history }: { metrics: MetricValues | null; checks: ComplaintCheckFigures; history: PublicComplaintHistory }) {
  const i18n = useI18n();
  const { t } = i18n;
  const per1000 = (value: number | null | undefined) => (value === null || value === undefined ? t("common.none") : i18n.number(value, 2));
  const share = (value: number | null, count: number) => (value === null ? t("common.none") : t("publicComplaints.shareOf", { share: i18n.percent(value, 0), count: i18n.number(count, 0) }));
  const figures: [string, string, string][] = [
    ["complaints-per-1000", t("metrics.complaintsPer1000Accounts.name"), per1000(metrics?.complaintsPer1000Accounts)],
    ["upheld-per-1000", t("metrics.upheldComplaintsPer1000Accounts.name"), per1000(metrics?.upheldComplaintsPer1000Accounts)],
    [
      "no-matching-log",
      t("agencies.noMatchingLogShare"),
      checks.checked === 0
        ? t("complaintFigures.noMatchingLogNone")
        : t("agencies.noMatchingLogOf", { share: i18n.percent(checks.noMatchingLogShare ?? 0, 0), count: i18n.number(checks.noMatchingLog, 0), checked: i18n.number(checks.checked, 0) }),
    ],
  ];
  return (
    <div className="grid gap-6 xl:grid-cols-2">
      <Card title={t("complaintFigures.title")}>
        <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm" data-testid="agency-complaint-figures">
          {figures.map(([id, label, value]) => (
            <div key={id} className="contents">
              <dt className="text-slate-600">{label}</dt>
              <dd className="text-right font-medium tabular-nums" data-testid={`complaint-figure-${id}`}>
                {value}
              </dd>
            </div>
          ))}
        </dl>
        <p className="mt-3 text-xs text-slate-500">{t("agencies.noMatchingLogShareHint")}</p>
      </Card>
      <Card title={t("publicComplaints.title")}>
        <div data-testid="public-complaint-history">
          <p className="-mt-2 mb-3 text-xs text-slate-500">{t("publicComplaints.hint")}</p>
          {history.total === 0 ? (
            <p className="text-sm text-slate-600">{t("publicComplaints.none")}</p>
          ) : (
            <div className="space-y-4">
              <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
                <dt className="text-slate-600">{t("publicComplaints.total")}</dt>
                <dd className="text-right font-medium tabular-nums" data-testid="public-complaints-total">{i18n.number(history.total, 0)}</dd>
                <dt className="text-slate-600">{t("publicComplaints.reliefShare")}</dt>
                <dd className="text-right font-medium tabular-nums" data-testid="public-complaints-relief">{share(history.reliefShare, history.closed)}</dd>
                <dt className="text-slate-600">{t("publicComplaints.untimelyShare")}</dt>
                <dd className="text-right font-medium tabular-nums" data-testid="public-complaints-untimely">{share(history.untimelyShare, history.timelinessKnown)}</dd>
              </dl>
              <div className="grid gap-4 md:grid-cols-2">
                <SimpleTable
                  columns={[
                    { header: t("publicComplaints.month"), cell: (row) => row.month },
                    { header: t("publicComplaints.count"), cell: (row) => i18n.number(row.count, 0) },
                  ]}
                  rows={history.byMonth.slice(-24)}
                  rowKey={(row) => row.month}
                />
                <SimpleTable
                  columns={[
                    { header: t("publicComplaints.issue"), cell: (row) => row.issue },
                    { header: t("publicComplaints.count"), cell: (row) => i18n.number(row.count, 0) },
                  ]}
                  rows={history.byIssue.slice(0, 10)}
                  rowKey={(row) => row.issue}
                />
              </div>
            </div>
          )}
        </div>
      </Card>
    </div>
  );
}
