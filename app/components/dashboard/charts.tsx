import { useState } from "react";
import { Bar, BarChart, CartesianGrid, Cell, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { inputClassName } from "~/components/ui";
import { hasPlottableValues, vintageAgencies, vintageLines, type PivotedSeries } from "~/dashboard/chart-data";
import { formatAxisTick, formatMetric } from "~/dashboard/format-metric";
import { useI18n } from "~/i18n/i18n-context";
import type { MetricFormat, VintageCurve, ViolationsByRule } from "~/metrics/metric-types";
import { ruleName } from "~/violations/render-explanation";

// Charts receive already computed figures as props; a click calls back with what was clicked and the page
// decides where that leads (the filtered grid behind the figure).

const palette = ["#1f5fbf", "#e8833a", "#2a9d8f", "#c0392b", "#8e6bbf", "#6c757d", "#d4a017", "#17a2b8", "#5d8c3e", "#b5527a"];
export const seriesColor = (index: number) => palette[index % palette.length] ?? "#1f5fbf";
const severityColor = { HIGH: "#c0392b", MEDIUM: "#e8833a", LOW: "#d4a017" } as const;

const axisStyle = { fontSize: 12, fill: "#475569" };

function useFormatter(format: MetricFormat, currency: string) {
  const i18n = useI18n();
  return (value: unknown) => formatMetric(i18n, format, typeof value === "number" ? value : null, currency);
}

/** Axis ticks: amounts and counts in short form (¥2.4M, 240万) so they fit beside the chart; rates as in tooltips. */
function useTickFormatter(format: MetricFormat, currency: string) {
  const i18n = useI18n();
  const full = useFormatter(format, currency);
  return (value: unknown) => (typeof value === "number" && (format === "money" || format === "count") ? formatAxisTick(i18n.locale, format, value, currency) : full(value));
}

function ChartFrame({ height = 280, testId, children, empty }: { height?: number; testId: string; children: React.ReactElement; empty: boolean }) {
  const { t } = useI18n();
  if (empty) {
    return (
      <div className="flex items-center justify-center rounded-md border border-dashed border-slate-200 text-sm text-slate-500" style={{ height }} data-testid={testId}>
        {t("dashboard.chartEmpty")}
      </div>
    );
  }
  return (
    <div style={{ height }} data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        {children}
      </ResponsiveContainer>
    </div>
  );
}

/** A point of a line that reports its series and month when clicked (a larger dot, so it is easy to hit). */
function clickableDot(series: string, color: string, onSelect: (series: string, month: string) => void) {
  function ClickableDot(props: { cx?: number; cy?: number; payload?: { key?: unknown }; index?: number }) {
    if (props.cx === undefined || props.cy === undefined) return <g key={props.index} />;
    return (
      <circle
        key={props.index}
        cx={props.cx}
        cy={props.cy}
        r={4}
        fill={color}
        stroke="#fff"
        strokeWidth={1}
        className="cursor-pointer"
        data-testid={`line-point-${series}-${String(props.payload?.key ?? "")}`}
        onClick={() => onSelect(series, String(props.payload?.key ?? ""))}
      />
    );
  }
  return ClickableDot;
}

/**
 * One line per series (agency or metric) over months, e.g. the recovery rate of each agency; with `onSelect`,
 * clicking a point reports its series and month.
 */
export function MonthlyLinesChart({
  pivot,
  format,
  currency,
  testId,
  labels,
  onSelect,
}: {
  pivot: PivotedSeries;
  format: MetricFormat;
  currency: string;
  testId: string;
  labels?: Record<string, string>;
  onSelect?: (series: string, month: string) => void;
}) {
  const formatValue = useFormatter(format, currency);
  const formatTick = useTickFormatter(format, currency);
  return (
    <ChartFrame testId={testId} empty={!hasPlottableValues(pivot, "lines")}>
      <LineChart data={pivot.rows} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis dataKey="key" tick={axisStyle} />
        <YAxis tick={axisStyle} tickFormatter={formatTick} allowDecimals={format !== "count"} width={72} />
        <Tooltip formatter={(value) => formatValue(value)} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {pivot.series.map((name, index) => (
          <Line
            key={name}
            type="linear"
            dataKey={name}
            name={labels?.[name] ?? name}
            stroke={seriesColor(index)}
            strokeWidth={2}
            dot={onSelect ? clickableDot(name, seriesColor(index), onSelect) : { r: 2 }}
            activeDot={onSelect ? false : undefined}
            connectNulls
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ChartFrame>
  );
}

/** Stacked bars: one stack per month, one segment per agency; clicking a segment reports its agency and month. */
export function StackedMonthlyBarsChart({
  pivot,
  format,
  currency,
  testId,
  onSelect,
}: {
  pivot: PivotedSeries;
  format: MetricFormat;
  currency: string;
  testId: string;
  onSelect?: (series: string, month: string) => void;
}) {
  const formatValue = useFormatter(format, currency);
  const formatTick = useTickFormatter(format, currency);
  return (
    <ChartFrame testId={testId} empty={!hasPlottableValues(pivot, "bars")}>
      <BarChart data={pivot.rows} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis dataKey="key" tick={axisStyle} />
        <YAxis tick={axisStyle} tickFormatter={formatTick} allowDecimals={format !== "count"} width={84} />
        <Tooltip formatter={(value) => formatValue(value)} cursor={{ fill: "#f1f5f9" }} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {pivot.series.map((name, index) => (
          <Bar
            key={name}
            dataKey={name}
            stackId="stack"
            fill={seriesColor(index)}
            isAnimationActive={false}
            // The series in a class of its own: a test (or a stylesheet) can find one agency's bars.
            className={`series-${name.replace(/[^A-Za-z0-9_-]/g, "_")}${onSelect ? " cursor-pointer" : ""}`}
            onClick={onSelect ? (entry: { payload?: { key?: unknown } }) => onSelect(name, String(entry.payload?.key ?? "")) : undefined}
          />
        ))}
      </BarChart>
    </ChartFrame>
  );
}

/**
 * Cumulative recovery by months since placement, one line per placement month, for the chosen agency; with
 * `onSelect`, clicking a point reports the agency and the placement month (YYYY-MM).
 */
export function VintageCurvesChart({
  curves,
  testId = "vintage-chart",
  onSelect,
}: {
  curves: readonly VintageCurve[];
  testId?: string;
  onSelect?: (agencyCode: string, vintage: string) => void;
}) {
  const { t } = useI18n();
  const agencies = vintageAgencies(curves);
  const [chosen, setChosen] = useState(agencies[0] ?? "");
  const agencyCode = agencies.includes(chosen) ? chosen : (agencies[0] ?? "");
  const lines = vintageLines(curves, agencyCode);
  const formatValue = useFormatter("percent", "CNY");
  const formatTick = formatValue;
  return (
    <div className="space-y-3">
      {agencies.length > 1 ? (
        <label className="flex items-center gap-2 text-sm text-slate-700">
          {t("common.agency")}
          <select className={`${inputClassName} max-w-xs`} value={agencyCode} onChange={(event) => setChosen(event.target.value)} data-testid="vintage-agency">
            {agencies.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <ChartFrame testId={testId} empty={!hasPlottableValues(lines, "lines")}>
        <LineChart data={lines.rows} margin={{ top: 8, right: 16, bottom: 16, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="key" tick={axisStyle} label={{ value: t("dashboard.monthsSincePlacement"), position: "insideBottom", offset: -8, fontSize: 12 }} />
          <YAxis tick={axisStyle} tickFormatter={formatTick} width={64} />
          <Tooltip formatter={(value) => formatValue(value)} labelFormatter={(label) => t("dashboard.monthsSincePlacementValue", { months: String(label) })} />
          <Legend wrapperStyle={{ fontSize: 12, paddingTop: 12 }} />
          {lines.series.map((vintage, index) => (
            <Line
              key={vintage}
              type="linear"
              dataKey={vintage}
              stroke={seriesColor(index)}
              strokeWidth={1.5}
              dot={onSelect ? clickableDot(vintage, seriesColor(index), (series) => onSelect(agencyCode, series)) : false}
              activeDot={onSelect ? false : undefined}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ChartFrame>
    </div>
  );
}

/** Violations per rule, coloured by severity; clicking a bar reports the rule. */
export function ViolationsByRuleChart({ data, onSelect, testId = "violations-by-rule" }: { data: ViolationsByRule; onSelect?: (ruleCode: string) => void; testId?: string }) {
  const i18n = useI18n();
  const rows = data.map((row) => ({ ...row, label: ruleName(row.ruleCode, i18n.t) }));
  return (
    <ChartFrame testId={testId} empty={!rows.some((row) => row.count > 0)} height={Math.max(160, rows.length * 32 + 40)}>
      <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" horizontal={false} />
        <XAxis type="number" tick={axisStyle} allowDecimals={false} tickFormatter={(value: number) => i18n.number(value)} />
        <YAxis type="category" dataKey="label" tick={axisStyle} width={200} />
        <Tooltip
          formatter={(value, _name, item: { payload?: { per1000Contacts?: number | null } }) =>
            item.payload?.per1000Contacts == null
              ? i18n.number(Number(value))
              : i18n.t("dashboard.violationsWithRate", { count: i18n.number(Number(value)), rate: i18n.number(item.payload.per1000Contacts, 2) })
          }
          cursor={{ fill: "#f1f5f9" }}
        />
        <Bar
          dataKey="count"
          name={i18n.t("dashboard.violations")}
          isAnimationActive={false}
          className={onSelect ? "cursor-pointer" : undefined}
          onClick={onSelect ? (entry: { payload?: { ruleCode?: string } }) => entry.payload?.ruleCode && onSelect(entry.payload.ruleCode) : undefined}
        >
          {rows.map((row) => (
            <Cell key={row.ruleCode} fill={severityColor[row.severity]} />
          ))}
        </Bar>
      </BarChart>
    </ChartFrame>
  );
}

/** Side-by-side bars of one figure for a few agencies (the compare view). */
export function ComparisonBarChart({ rows, format, currency, title }: { rows: { code: string; value: number | null }[]; format: MetricFormat; currency: string; title: string }) {
  const formatValue = useFormatter(format, currency);
  const formatTick = useTickFormatter(format, currency);
  return (
    <div>
      <h3 className="mb-2 text-sm font-medium text-slate-700">{title}</h3>
      <ChartFrame testId={`compare-${title}`} empty={!rows.some((row) => row.value !== null && Number.isFinite(row.value))} height={180}>
        <BarChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="code" tick={axisStyle} />
          <YAxis tick={axisStyle} tickFormatter={formatTick} allowDecimals={format !== "count"} width={72} />
          <Tooltip formatter={(value) => formatValue(value)} cursor={{ fill: "#f1f5f9" }} />
          <Bar dataKey="value" name={title} isAnimationActive={false}>
            {rows.map((row, index) => (
              <Cell key={row.code} fill={seriesColor(index)} />
            ))}
          </Bar>
        </BarChart>
      </ChartFrame>
    </div>
  );
}
