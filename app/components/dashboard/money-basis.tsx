import { Link } from "@remix-run/react";
import { Alert, Card } from "~/components/ui";
import { reconciliationUrl } from "~/dashboard/drill-down";
import { useI18n } from "~/i18n/i18n-context";
import { moneyBases, type MoneyBasis, type MoneyBasisChoice } from "~/metrics/money-basis";

// The dashboards' reported/reconciled switch (ADR 044): a select in the filter bar's GET form, so the basis lives in
// the URL like every other filter, and the note that says which basis the figures are on and why.

/**
 * Inside the filter bar's form: choosing a basis submits the form at once. "Default" sends no basis, so the page
 * chooses (reconciled once the ledger has an entry in the period).
 */
export function MoneyBasisSelect({ value, className }: { value: MoneyBasis | undefined; className: string }) {
  const { t } = useI18n();
  return (
    <label className="text-sm">
      <span className="mb-1 block font-medium text-slate-700">{t("dashboard.basis.label")}</span>
      <select name="basis" defaultValue={value ?? ""} className={className} data-testid="money-basis" onChange={(event) => event.currentTarget.form?.requestSubmit()}>
        <option value="">{t("dashboard.basis.default")}</option>
        {moneyBases.map((basis) => (
          <option key={basis} value={basis}>
            {t(`dashboard.basis.${basis}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function MoneyBasisNote({ choice }: { choice: MoneyBasisChoice }) {
  const { t } = useI18n();
  return (
    <div className="space-y-2" data-testid="money-basis-note" data-basis={choice.basis}>
      <p className="text-sm text-slate-700">
        {t(`dashboard.basis.shows.${choice.basis}`)} {t(`dashboard.basis.why.${choice.reason}`)}
      </p>
      <p className="text-xs text-slate-500">{t("dashboard.basis.scope")}</p>
      {choice.basis === "reconciled" && !choice.ledgerInPeriod ? <Alert tone="warning">{t("dashboard.basis.noLedgerWarning")}</Alert> : null}
    </div>
  );
}

export type UnreconciledRow = { agencyCode: string; month: string; reportedNotReceived: number; amountMismatch: number; late: number; total: number };

/** Per agency and month of the period: money reported and not (fully, or not in time) received; each figure opens the reconciliation. */
export function UnreconciledCard({ rows, currency }: { rows: readonly UnreconciledRow[]; currency: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const money = (value: number) => i18n.money(value, currency);
  const cell = (row: UnreconciledRow, value: number, testId?: string) => (
    <td className="px-2 py-1 text-right tabular-nums">
      {value === 0 ? (
        <span className="text-slate-400">{money(0)}</span>
      ) : (
        <Link to={reconciliationUrl(row.agencyCode, row.month)} className="text-brand-600 hover:underline" data-testid={testId}>
          {money(value)}
        </Link>
      )}
    </td>
  );
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(row.agencyCode, (totals.get(row.agencyCode) ?? 0) + row.total);
  return (
    <Card title={t("dashboard.unreconciled.title")}>
      <p className="-mt-2 mb-3 text-xs text-slate-500">{t("dashboard.unreconciled.hint")}</p>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500" data-testid="unreconciled-none">
          {t("dashboard.unreconciled.none")}
        </p>
      ) : (
        <div className="overflow-x-auto">
          <table className="min-w-full text-sm" data-testid="unreconciled-table">
            <thead>
              <tr className="border-b border-slate-200 text-left text-xs text-slate-500">
                <th className="px-2 py-1">{t("dashboard.unreconciled.agency")}</th>
                <th className="px-2 py-1">{t("dashboard.unreconciled.month")}</th>
                <th className="px-2 py-1 text-right">{t("dashboard.unreconciled.notReceived")}</th>
                <th className="px-2 py-1 text-right">{t("dashboard.unreconciled.mismatch")}</th>
                <th className="px-2 py-1 text-right">{t("dashboard.unreconciled.late")}</th>
                <th className="px-2 py-1 text-right">{t("dashboard.unreconciled.total")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => (
                <tr key={`${row.agencyCode}|${row.month}`} className={`border-b border-slate-100 ${rows[index + 1]?.agencyCode !== row.agencyCode ? "border-slate-300" : ""}`}>
                  <td className="px-2 py-1 text-xs">
                    {rows[index - 1]?.agencyCode === row.agencyCode ? null : (
                      <span title={t("dashboard.unreconciled.agencyTotal", { agency: row.agencyCode })}>
                        <span className="font-mono">{row.agencyCode}</span> · <span className="tabular-nums" data-testid={`unreconciled-agency-total-${row.agencyCode}`}>{money(totals.get(row.agencyCode) ?? 0)}</span>
                      </span>
                    )}
                  </td>
                  <td className="px-2 py-1 tabular-nums">{row.month}</td>
                  {cell(row, row.reportedNotReceived)}
                  {cell(row, row.amountMismatch)}
                  {cell(row, row.late)}
                  {cell(row, row.total, `unreconciled-${row.agencyCode}-${row.month}`)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
