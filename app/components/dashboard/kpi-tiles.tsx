import { Link } from "@remix-run/react";
import { useId } from "react";
import { KpiTile } from "~/components/ui";
import { kpiChange } from "~/dashboard/chart-data";
import { formatChange, formatMetric, formatTileValue } from "~/dashboard/format-metric";
import { useI18n } from "~/i18n/i18n-context";
import { metricDefinitions } from "~/metrics/definitions";
import type { KpiSummary, MetricKey } from "~/metrics/metric-types";

export const executiveKpis = [
  "placedBalance",
  "collected",
  "recoveryRate",
  "netBack",
  "complaints",
  "openHighViolations",
] as const satisfies readonly MetricKey[];

const toneClass = { good: "text-emerald-700", bad: "text-red-700", neutral: "text-slate-500" } as const;

/**
 * KPI tiles, each with its change against the previous period of the same length and its definition (on hover, and
 * for assistive technology through aria-describedby); a tile with a link opens the grid behind its figure.
 */
export function KpiTiles({
  summary,
  metrics,
  currency,
  links = {},
}: {
  summary: KpiSummary;
  metrics: readonly MetricKey[];
  currency: string;
  links?: Partial<Record<MetricKey, string | null>>;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const idPrefix = useId();
  return (
    <div className="grid grid-cols-2 gap-4 md:grid-cols-3 xl:grid-cols-6" data-testid="kpi-tiles">
      {metrics.map((metric) => {
        const definition = metricDefinitions[metric];
        const change = kpiChange(metric, definition.format, summary.current, summary.previous);
        const definitionId = `${idPrefix}-${metric}-definition`;
        const href = links[metric];
        const tile = (
          <KpiTile
            label={t(definition.nameKey)}
            value={formatTileValue(i18n, definition.format, summary.current[metric], currency)}
            exactValue={formatMetric(i18n, definition.format, summary.current[metric], currency)}
            testId={`kpi-${metric}`}
            detail={
              <span className={toneClass[change.tone]}>
                {formatChange(i18n, change.change, change.kind, definition.format, t("dashboard.points"))}{" "}
                <span className="text-slate-500">
                  {t("dashboard.vsPrevious", { from: i18n.date(summary.previousPeriod.from), to: i18n.date(summary.previousPeriod.to) })}
                </span>
              </span>
            }
          />
        );
        return (
          <div key={metric} title={t(definition.definitionKey)}>
            <span id={definitionId} className="sr-only">
              {t(definition.definitionKey)}
            </span>
            {href ? (
              <Link
                to={href}
                className="block rounded-lg hover:ring-2 hover:ring-brand-200 focus:outline-none focus:ring-2 focus:ring-brand-400"
                aria-describedby={definitionId}
                data-testid={`kpi-link-${metric}`}
              >
                {tile}
              </Link>
            ) : (
              <div role="group" aria-label={t(definition.nameKey)} aria-describedby={definitionId}>
                {tile}
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}
