import { Link } from "@remix-run/react";
import type { FindingCriteria } from "~/findings/finding-types";
import { useI18n } from "~/i18n/i18n-context";
import { Card } from "./ui";

type ReconciliationCriteria = Extract<FindingCriteria, { kind: "reconciliation" }>;

/**
 * A reconciliation finding's evidence (ADR 045): the exceptions as they were when it was raised, each with its case,
 * and the month on the reconciliation page (which shows them as they are now).
 */
export function ReconciliationEvidence({ agencyCode, criteria }: { agencyCode: string; criteria: ReconciliationCriteria }) {
  const i18n = useI18n();
  const { t, tEnum } = i18n;
  const money = (value: string | null, currency: string) => (value === null ? t("common.none") : i18n.money(value, currency));
  const figures = Object.entries(criteria.figures).filter(([name]) => name.startsWith("unreconciled"));
  const reconciliationHref = `/reconciliation?${new URLSearchParams({ agency: agencyCode, month: criteria.month, ...(criteria.statuses.length === 1 ? { status: criteria.statuses[0]! } : {}) }).toString()}`;
  const headers = ["account", "day", "status", "rule", "reported", "received", "ledgerRefs"] as const;
  return (
    <Card title={t("findings.page.evidence")}>
      <p className="mb-3 text-sm text-slate-600" data-testid="reconciliation-evidence-summary" data-total={criteria.totalItems}>
        {t("reconciliation.evidence.summary", { month: criteria.month, count: i18n.number(criteria.totalItems), late: i18n.number(Number(criteria.figures.lateRemittances ?? 0)) })}
        {figures.map(([name, value]) => ` ${t("reconciliation.evidence.unreconciled", { amount: i18n.money(String(value), name.slice("unreconciled".length)) })}`).join("")}
      </p>
      {criteria.items.length < criteria.totalItems ? <p className="mb-2 text-xs text-slate-500">{t("reconciliation.evidence.cut", { shown: i18n.number(criteria.items.length), total: i18n.number(criteria.totalItems) })}</p> : null}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="reconciliation-evidence">
          <thead className="bg-slate-50">
            <tr>
              {headers.map((header) => (
                <th key={header} scope="col" className="px-3 py-2 text-left font-medium text-slate-600">
                  {t(`reconciliation.evidence.col.${header}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {criteria.items.map((item) => (
              <tr key={item.itemId} data-testid="reconciliation-evidence-row" data-status={item.status}>
                <td className="px-3 py-2">
                  <Link to={`/cases/${encodeURIComponent(item.accountNumber)}`} className="text-brand-600 hover:underline">
                    {item.accountNumber}
                  </Link>
                </td>
                <td className="px-3 py-2 whitespace-nowrap">{i18n.date(item.day)}</td>
                <td className="px-3 py-2">{tEnum("reconciliation.status", item.status)}</td>
                <td className="px-3 py-2">{tEnum("reconciliation.rule", item.rule)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{money(item.reportedAmount, item.currency)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{money(item.receivedAmount, item.currency)}</td>
                <td className="px-3 py-2 font-mono text-xs">{item.ledgerRefs.join(", ") || t("common.none")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Link to={reconciliationHref} className="mt-3 inline-block text-sm text-brand-600 hover:underline" data-testid="reconciliation-evidence-link">
        {t("reconciliation.evidence.open")}
      </Link>
    </Card>
  );
}
