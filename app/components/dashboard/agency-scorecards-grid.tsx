import { Link } from "@remix-run/react";
import { useMemo } from "react";
import type { ColDef, ICellRendererParams, SelectionChangedEvent } from "ag-grid-community";
import { Badge } from "~/components/ui";
import { formatIndexInterval, formatMetric } from "~/dashboard/format-metric";
import { useI18n, type I18n } from "~/i18n/i18n-context";
import type { MessageKey } from "~/i18n/messages.en";
import { metricDefinitions } from "~/metrics/definitions";
import type { AgencyScorecard, Grade, MetricKey } from "~/metrics/metric-types";
import type { RegisterNotice } from "~/agency-register/register-lists.server";
import { conductGateExplanation } from "./conduct-gate-note";
import { GridPlaceholder, gridLocaleText, useGridModules } from "../load-grid";

export const gradeTone: Record<Grade, "good" | "neutral" | "warn" | "bad"> = { A: "good", B: "neutral", C: "warn", D: "bad" };

function AgencyLinkCell({ data }: ICellRendererParams<AgencyScorecard>) {
  if (!data) return null;
  return (
    <Link to={`/agencies/${encodeURIComponent(data.agencyCode)}${typeof window === "undefined" ? "" : window.location.search}`} className="font-mono text-xs font-medium text-brand-600 hover:underline">
      {data.agencyCode}
    </Link>
  );
}

function GradeCell({ data }: ICellRendererParams<AgencyScorecard>) {
  const i18n = useI18n();
  if (!data) return null;
  if (!data.grade) return <span className="text-slate-500">{gradeWithheldText(i18n, data) ?? i18n.t("common.none")}</span>;
  if (!data.conductGate) return <Badge tone={gradeTone[data.grade]}>{data.grade}</Badge>;
  // A capped grade says so in the cell, not only in its tooltip.
  return (
    <span data-testid={`grade-capped-${data.agencyCode}`} aria-label={conductGateExplanation(i18n, data.conductGate)}>
      <Badge tone={gradeTone[data.grade]}>{data.grade}</Badge> <span className="text-xs text-red-700">({data.conductGate.uncappedGrade})</span>
    </span>
  );
}

/** Why an agency with figures has no grade ("not enough activity (fewer than 50 …)"), or null. */
export function gradeWithheldText(i18n: I18n, scorecard: AgencyScorecard): string | null {
  if (!scorecard.gradeWithheld) return null;
  return i18n.t("agencies.notEnoughActivity", { minimum: i18n.number(scorecard.gradeWithheld.minimumOutboundContacts, 0) });
}

/** The grade's make-up for its tooltip: each component's 0–100 score and the total. */
export function gradeExplanation(i18n: I18n, scorecard: AgencyScorecard): string {
  const { gradeScores } = scorecard;
  const scores = i18n.t("agencies.gradeTooltip", {
    recoveryIndex: i18n.number(gradeScores.recoveryIndex, 0),
    violations: i18n.number(gradeScores.violations, 0),
    complaints: i18n.number(gradeScores.complaints, 0),
    upheldComplaints: i18n.number(gradeScores.upheldComplaints, 0),
    total: i18n.number(gradeScores.total, 0),
  });
  const penalty = gradeScores.escalationPenalty > 0 ? `; ${i18n.t("agencyFindings.gradePenalty", { points: i18n.number(gradeScores.escalationPenalty, 0) })}` : "";
  return scorecard.conductGate ? `${scores}${penalty}. ${conductGateExplanation(i18n, scorecard.conductGate)}` : `${scores}${penalty}`;
}

/** Open, overdue, escalated and repeat findings and the median days to close, each a link-free count. */
function findingColumns(i18n: I18n): ColDef<AgencyScorecard>[] {
  const { t } = i18n;
  const count = (key: "open" | "overdue" | "escalated" | "repeats", name: MessageKey, hint: MessageKey): ColDef<AgencyScorecard> => ({
    headerName: t(name),
    headerTooltip: t(hint),
    colId: `findings.${key}`,
    type: "numericColumn",
    minWidth: 120,
    valueGetter: ({ data }) => data?.findings[key] ?? null,
    valueFormatter: ({ value }) => i18n.number(value as number | null, 0),
  });
  return [
    count("open", "agencyFindings.open", "agencyFindings.openHint"),
    count("overdue", "agencyFindings.overdue", "agencyFindings.overdueHint"),
    count("escalated", "agencyFindings.escalated", "agencyFindings.escalatedHint"),
    count("repeats", "agencyFindings.repeats", "agencyFindings.repeatsHint"),
    {
      headerName: t("agencyFindings.medianDaysToClose"),
      headerTooltip: t("agencyFindings.medianDaysToCloseHint"),
      colId: "findings.medianDaysToClose",
      type: "numericColumn",
      minWidth: 130,
      valueGetter: ({ data }) => data?.findings.medianDaysToClose ?? null,
      valueFormatter: ({ value }) => (value === null || value === undefined ? t("common.none") : i18n.number(value as number, 1)),
    },
  ];
}

/** The agency register's status and "action required" (the missing required documents), ADR 030. */
function registerColumns(i18n: I18n, register: Record<string, RegisterNotice>): ColDef<AgencyScorecard>[] {
  const { t } = i18n;
  return [
    {
      headerName: t("register.status"),
      colId: "register.status",
      minWidth: 110,
      valueGetter: ({ data }) => (data && register[data.agencyCode] ? t(`register.status.${register[data.agencyCode]!.status}`) : null),
    },
    {
      headerName: t("register.actionRequired"),
      headerTooltip: t("register.actionRequiredPanelHint"),
      colId: "register.actionRequired",
      minWidth: 150,
      valueGetter: ({ data }) => {
        const missing = data ? (register[data.agencyCode]?.missingTypes ?? []) : [];
        return missing.length === 0 ? "" : `${t("register.actionRequired")}: ${missing.map((type) => t(`register.documentType.${type}` as MessageKey)).join(", ")}`;
      },
      cellClass: ({ value }) => (value ? "text-amber-800" : ""),
    },
  ];
}

/** Open Data health items of the current month (ADR 036); the count links to the agency's Data health page. */
function dataHealthColumn(i18n: I18n, dataHealth: { month: string; byCode: Record<string, number> }): ColDef<AgencyScorecard> {
  return {
    headerName: i18n.t("dataHealth.column"),
    colId: "dataHealth.items",
    type: "numericColumn",
    minWidth: 130,
    valueGetter: ({ data }) => (data ? (dataHealth.byCode[data.agencyCode] ?? 0) : null),
    cellRenderer: ({ data, value }: { data?: AgencyScorecard; value: number | null }) =>
      data ? (
        <a href={`/data-health/${encodeURIComponent(data.agencyCode)}?month=${dataHealth.month}`} className={value ? "text-amber-800 hover:underline" : "text-slate-500 hover:underline"} data-testid={`data-health-count-${data.agencyCode}`}>
          {i18n.number(value ?? 0, 0)}
        </a>
      ) : null,
  };
}

function columnsFor(i18n: I18n, currency: string, metricKeys: readonly MetricKey[], register: Record<string, RegisterNotice> | undefined, dataHealth: { month: string; byCode: Record<string, number> } | undefined): ColDef<AgencyScorecard>[] {
  const { t } = i18n;
  const metricColumn = (metric: MetricKey): ColDef<AgencyScorecard> => {
    const definition = metricDefinitions[metric];
    return {
      headerName: t(definition.nameKey),
      headerTooltip: t(definition.definitionKey),
      colId: metric,
      type: "numericColumn",
      minWidth: 120,
      valueGetter: ({ data }) => data?.metrics[metric] ?? null,
      valueFormatter: ({ value }) => formatMetric(i18n, definition.format, value as number | null, currency),
    };
  };
  return [
    { headerName: t("agencies.code"), field: "agencyCode", pinned: "left", minWidth: 120, cellRenderer: AgencyLinkCell },
    { headerName: t("common.name"), field: "agencyName", minWidth: 180, tooltipField: "agencyName" },
    {
      headerName: t("agencies.grade"),
      colId: "grade",
      minWidth: 90,
      valueGetter: ({ data }) => data?.grade ?? null,
      cellRenderer: GradeCell,
      tooltipValueGetter: ({ data }) => (data ? (gradeWithheldText(i18n, data) ?? gradeExplanation(i18n, data)) : ""),
      comparator: (a: Grade | null, b: Grade | null) => (a ?? "Z").localeCompare(b ?? "Z"),
    },
    {
      headerName: t("agencies.recoveryIndex"),
      headerTooltip: t("agencies.recoveryIndexHint"),
      colId: "recoveryIndex",
      type: "numericColumn",
      minWidth: 140,
      valueGetter: ({ data }) => data?.recoveryIndex?.value ?? null,
      valueFormatter: ({ data }) => formatIndexInterval(i18n, data?.recoveryIndex ?? null),
    },
    {
      headerName: t("agencies.indistinguishable"),
      headerTooltip: t("agencies.indistinguishableHint"),
      colId: "indistinguishableFrom",
      minWidth: 170,
      valueGetter: ({ data }) => (data?.indistinguishableFrom.length ? data.indistinguishableFrom.join(", ") : t("common.none")),
    },
    ...(register ? registerColumns(i18n, register) : []),
    ...findingColumns(i18n),
    ...(dataHealth ? [dataHealthColumn(i18n, dataHealth)] : []),
    {
      headerName: t("agencies.noMatchingLogShare"),
      headerTooltip: t("agencies.noMatchingLogShareHint"),
      colId: "noMatchingLogShare",
      type: "numericColumn",
      minWidth: 150,
      valueGetter: ({ data }) => data?.complaintChecks.noMatchingLogShare ?? null,
      valueFormatter: ({ data }) =>
        data && data.complaintChecks.checked > 0
          ? t("agencies.noMatchingLogOf", { share: i18n.percent(data.complaintChecks.noMatchingLogShare ?? 0, 0), count: i18n.number(data.complaintChecks.noMatchingLog, 0), checked: i18n.number(data.complaintChecks.checked, 0) })
          : t("common.none"),
    },
    {
      headerName: t("agencies.commission"),
      headerTooltip: t("agencies.commissionHint"),
      field: "commissionRate",
      type: "numericColumn",
      minWidth: 110,
      valueFormatter: ({ value }) => (value === null || value === undefined ? t("common.none") : i18n.percent(value as number, 1)),
    },
    ...metricKeys.map(metricColumn),
  ];
}

/** Every agency with every KPI; rows can be ticked to compare them side by side. */
export function AgencyScorecardsGrid({
  scorecards,
  currency,
  metricKeys,
  onSelectionChange,
  register,
  dataHealth,
}: {
  scorecards: AgencyScorecard[];
  currency: string;
  metricKeys: readonly MetricKey[];
  onSelectionChange: (codes: string[]) => void;
  register?: Record<string, RegisterNotice>;
  dataHealth?: { month: string; byCode: Record<string, number> };
}) {
  const i18n = useI18n();
  const modules = useGridModules();
  const columnDefs = useMemo(() => columnsFor(i18n, currency, metricKeys, register, dataHealth), [i18n, currency, metricKeys, register, dataHealth]);
  if (!modules) return <GridPlaceholder rows={scorecards.length} label={i18n.t("agencies.loadingGrid")} testId="agencies-grid-placeholder" />;
  return (
    // A fixed height rather than autoHeight: with a pinned column and a horizontal scrollbar, autoHeight clips the last row.
    <div data-testid="agencies-grid" style={{ height: Math.min(56 + scorecards.length * 42 + 18, 640) }}>
      <modules.AgGridReact<AgencyScorecard>
        theme={modules.theme}
        rowData={scorecards}
        columnDefs={columnDefs}
        defaultColDef={{ sortable: true, resizable: true }}
        getRowId={({ data }) => data.agencyCode}
        rowSelection={{ mode: "multiRow", checkboxes: true, headerCheckbox: true }}
        onSelectionChanged={(event: SelectionChangedEvent<AgencyScorecard>) => onSelectionChange(event.api.getSelectedRows().map((row) => row.agencyCode))}
        tooltipShowDelay={300}
        localeText={gridLocaleText(i18n, i18n.t("agencies.none"))}
      />
    </div>
  );
}
