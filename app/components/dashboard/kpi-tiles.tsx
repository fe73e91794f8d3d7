import { KpiTile } from "~/components/ui";
import { kpiChange } from "~/dashboard/chart-data";
import { formatChange, formatMetric, formatTileValue } from "~/dashboard/format-metric";
import { useI18n } from "~/i18n/i18n-context";
import { metricDefinitions } from "~/metrics/definitions";
import type { KpiSummary, MetricKey } from "~/metrics/metric-types";

export const executiveKpis = ["placedBalance", "collected", "recoveryRate", "netBack", "complaints", "openHighViolations"] as const satisfies readonly MetricKey[];

const toneClass = { good: "text-emerald-700", bad: "text-red-700", neutral: "text-slate-500" } as const;

/** KPI tiles, each with its change against the previous period of the same length. */
export function KpiTiles({ summary, metrics, currency }: { summary: KpiSummary; metrics: readonly MetricKey[]; currency: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <div className="grid grid-cols-2 gap-4 md:grid-cols-3 xl:grid-cols-6" data-testid="kpi-tiles">
      {metrics.map((metric) => {
        const definition = metricDefinitions[metric];
        const change = kpiChange(metric, definition.format, summary.current, summary.previous);
        return (
          <div key={metric} title={t(definition.definitionKey)}>
            <KpiTile
              label={t(definition.nameKey)}
              value={formatTileValue(i18n, definition.format, summary.current[metric], currency)}
              exactValue={formatMetric(i18n, definition.format, summary.current[metric], currency)}
              testId={`kpi-${metric}`}
              detail={
                <span className={toneClass[change.tone]}>
                  {formatChange(i18n, change.change, change.kind, definition.format, t("dashboard.points"))}{" "}
                  <span className="text-slate-500">{t("dashboard.vsPrevious", { from: i18n.date(summary.previousPeriod.from), to: i18n.date(summary.previousPeriod.to) })}</span>
                </span>
              }
            />
          </div>
        );
      })}
    </div>
  );
}
