import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { WhatIfResult, WhatIfRow } from "~/rules/what-if.server";
import { useI18n } from "~/i18n/i18n-context";
import { useRuleName } from "./rule-pack-labels";
import { WhatIfStateRows } from "./rule-pack-state-overlays";
import { Alert, SimpleTable } from "./ui";

const axisStyle = { fontSize: 12, fill: "#475569" };

function deltaClass(delta: number): string {
  return delta > 0 ? "font-medium text-red-700" : delta < 0 ? "font-medium text-emerald-700" : "text-slate-500";
}

/** What the draft would change: per agency and rule, current vs draft counts, and the deltas by rule as bars. */
export function RulePackWhatIf({ result }: { result: WhatIfResult }) {
  const i18n = useI18n();
  const { t } = i18n;
  const ruleName = useRuleName();
  const byRule = new Map<string, number>();
  for (const row of result.rows) byRule.set(row.ruleCode, (byRule.get(row.ruleCode) ?? 0) + row.delta);
  const chartData = [...byRule].map(([ruleCode, delta]) => ({ rule: ruleName(ruleCode), delta }));
  const signed = (value: number) => (value > 0 ? `+${i18n.number(value)}` : i18n.number(value));
  return (
    <div className="space-y-4" data-testid="whatif-result">
      <p className="text-sm text-slate-600">
        {t("rulePacks.whatIf.summary", {
          customers: i18n.number(result.customersEvaluated),
          events: i18n.number(result.eventsEvaluated),
          agencies: result.agencyCodes.join(", ") || t("common.none"),
          version: result.publishedVersion === null ? t("common.none") : `v${result.publishedVersion}`,
        })}
      </p>
      {result.failures.length > 0 ? <Alert tone="warning">{t("rulePacks.whatIf.failures", { count: result.failures.length })}</Alert> : null}
      {result.rows.length === 0 ? (
        <p className="text-sm text-slate-600" data-testid="whatif-empty">
          {t("rulePacks.whatIf.noFindings")}
        </p>
      ) : (
        <>
          <div style={{ height: Math.max(160, chartData.length * 36 + 40) }} data-testid="whatif-chart">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={chartData} layout="vertical" margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
                <XAxis type="number" tick={axisStyle} allowDecimals={false} />
                <YAxis type="category" dataKey="rule" tick={axisStyle} width={200} />
                <Tooltip formatter={(value) => [signed(Number(value)), t("rulePacks.whatIf.delta")]} />
                <Bar dataKey="delta" isAnimationActive={false}>
                  {chartData.map((entry) => (
                    <Cell key={entry.rule} fill={entry.delta > 0 ? "#c0392b" : entry.delta < 0 ? "#2a9d8f" : "#94a3b8"} />
                  ))}
                </Bar>
              </BarChart>
            </ResponsiveContainer>
          </div>
          <div data-testid="whatif-table">
            <SimpleTable<WhatIfRow>
              rowKey={(row) => `${row.agencyId}:${row.ruleCode}`}
              rows={result.rows}
              columns={[
                { header: t("common.agency"), cell: (row) => row.agencyCode },
                { header: t("rulePacks.rule"), cell: (row) => ruleName(row.ruleCode) },
                { header: t("rulePacks.whatIf.current"), cell: (row) => i18n.number(row.current), align: "right" },
                { header: t("rulePacks.whatIf.draft"), cell: (row) => i18n.number(row.draft), align: "right" },
                { header: t("rulePacks.whatIf.delta"), cell: (row) => <span className={deltaClass(row.delta)}>{signed(row.delta)}</span>, align: "right" },
              ]}
            />
          </div>
          <p className="text-sm font-medium text-slate-800" data-testid="whatif-totals">
            {t("rulePacks.whatIf.totals", { current: i18n.number(result.totals.current), draft: i18n.number(result.totals.draft), delta: signed(result.totals.draft - result.totals.current) })}
          </p>
          <WhatIfStateRows rows={result.stateRows} />
        </>
      )}
    </div>
  );
}
