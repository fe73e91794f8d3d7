import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatMetric } from "~/dashboard/format-metric";
import { useI18n } from "~/i18n/i18n-context";

export type ViolationRateBar = { agencyCode: string; highViolationsPer1000Contacts: number | null; violationsPer1000Contacts: number | null };

const axisStyle = { fontSize: 12, fill: "#475569" };

/**
 * Violations per 1,000 outbound contacts per agency, the HIGH part stacked under the rest, in the order given (the
 * panel's risk order). Agencies without contacts have no rate and no bar. A click reports the agency.
 */
export function ViolationRatesChart({
  rows,
  onSelect,
  testId = "violation-rates-by-agency",
}: {
  rows: readonly ViolationRateBar[];
  onSelect?: (agencyCode: string) => void;
  testId?: string;
}) {
  const i18n = useI18n();
  const data = rows
    .filter((row) => row.violationsPer1000Contacts !== null)
    .map((row) => {
      const high = row.highViolationsPer1000Contacts ?? 0;
      return { agencyCode: row.agencyCode, high, other: Math.max(0, (row.violationsPer1000Contacts ?? 0) - high), total: row.violationsPer1000Contacts };
    });
  const height = 280;
  if (data.length === 0) {
    return (
      <div
        className="flex items-center justify-center rounded-md border border-dashed border-slate-200 text-sm text-slate-500"
        style={{ height }}
        data-testid={testId}
      >
        {i18n.t("dashboard.chartEmpty")}
      </div>
    );
  }
  const format = (value: unknown) => formatMetric(i18n, "per1000", typeof value === "number" ? value : null, "");
  const click = onSelect ? (entry: { payload?: { agencyCode?: string } }) => entry.payload?.agencyCode && onSelect(entry.payload.agencyCode) : undefined;
  return (
    <div style={{ height }} data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="agencyCode" tick={axisStyle} />
          <YAxis tick={axisStyle} tickFormatter={format} width={56} />
          <Tooltip formatter={(value) => format(value)} cursor={{ fill: "#f1f5f9" }} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar
            dataKey="high"
            stackId="rate"
            name={i18n.t("risk.chartHigh")}
            fill="#c0392b"
            isAnimationActive={false}
            className={onSelect ? "cursor-pointer" : undefined}
            onClick={click}
          />
          <Bar
            dataKey="other"
            stackId="rate"
            name={i18n.t("risk.chartOther")}
            fill="#e8833a"
            isAnimationActive={false}
            className={onSelect ? "cursor-pointer" : undefined}
            onClick={click}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
