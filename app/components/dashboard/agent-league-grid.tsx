import { Link } from "@remix-run/react";
import { useMemo } from "react";
import type { ColDef, ICellRendererParams } from "ag-grid-community";
import { Badge } from "~/components/ui";
import { formatMetric } from "~/dashboard/format-metric";
import { useI18n, type I18n } from "~/i18n/i18n-context";
import { metricDefinitions } from "~/metrics/definitions";
import type { AgentMetricsRow, MetricKey } from "~/metrics/metric-types";
import { GridPlaceholder, gridLocaleText, useGridModules } from "../load-grid";

const leagueMetrics = [
  "accountsWorked",
  "outboundContacts",
  "collected",
  "contactRate",
  "rpcRate",
  "ptpRate",
  "ptpKeptRate",
  "complaints",
  "upheldComplaints",
  "violations",
  "violationsHigh",
  "violationsPer1000Contacts",
  "wrongPartyRate",
] as const satisfies readonly MetricKey[];

function AgentCell({ data, value }: ICellRendererParams<AgentMetricsRow>) {
  if (!data) return null;
  const search = typeof window === "undefined" ? "" : window.location.search;
  return (
    <Link to={`/agencies/${encodeURIComponent(data.agencyCode)}/agents/${data.agentId}${search}`} className="font-mono text-xs font-medium text-brand-600 hover:underline">
      {String(value)}
    </Link>
  );
}

function OutlierCell({ data }: ICellRendererParams<AgentMetricsRow>) {
  const { t, number } = useI18n();
  if (!data) return null;
  if (data.violationOutlier) return <Badge tone="bad">{t("agencies.outlier")}</Badge>;
  return <span className="text-slate-500 tabular-nums">{number(data.violationZScore, 1)}</span>;
}

function columnsFor(i18n: I18n, currency: string): ColDef<AgentMetricsRow>[] {
  const { t } = i18n;
  return [
    { headerName: t("agencies.agent"), field: "externalId", pinned: "left", minWidth: 110, cellRenderer: AgentCell },
    { headerName: t("common.name"), field: "agentName", minWidth: 120, valueFormatter: ({ value }) => (value as string | null) ?? t("common.none") },
    {
      headerName: t("agencies.violationFlag"),
      headerTooltip: t("agencies.violationFlagHint"),
      colId: "outlier",
      minWidth: 130,
      sort: "desc",
      valueGetter: ({ data }) => data?.violationZScore ?? null,
      cellRenderer: OutlierCell,
    },
    ...leagueMetrics.map((metric): ColDef<AgentMetricsRow> => {
      const definition = metricDefinitions[metric];
      return {
        headerName: t(definition.nameKey),
        headerTooltip: t(definition.definitionKey),
        colId: metric,
        type: "numericColumn",
        minWidth: 110,
        valueGetter: ({ data }) => data?.metrics[metric] ?? null,
        valueFormatter: ({ value }) => formatMetric(i18n, definition.format, value as number | null, currency),
      };
    }),
  ];
}

/** The agents of an agency, with the ones whose violation rate is far above the agency's flagged. */
export function AgentLeagueGrid({ agents, currency }: { agents: AgentMetricsRow[]; currency: string }) {
  const i18n = useI18n();
  const modules = useGridModules();
  const columnDefs = useMemo(() => columnsFor(i18n, currency), [i18n, currency]);
  if (!modules) return <GridPlaceholder rows={agents.length} label={i18n.t("agencies.loadingGrid")} />;
  return (
    <div data-testid="agent-league">
      <modules.AgGridReact<AgentMetricsRow>
        theme={modules.theme}
        rowData={agents}
        columnDefs={columnDefs}
        defaultColDef={{ sortable: true, resizable: true }}
        getRowId={({ data }) => String(data.agentId)}
        rowClassRules={{ "bg-red-50": ({ data }) => data?.violationOutlier === true }}
        domLayout="autoHeight"
        pagination={agents.length > 25}
        paginationPageSize={25}
        paginationPageSizeSelector={[25, 50, 100]}
        tooltipShowDelay={300}
        localeText={gridLocaleText(i18n, i18n.t("agencies.noAgents"))}
      />
    </div>
  );
}
