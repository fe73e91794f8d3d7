import { Link } from "@remix-run/react";
import { useMemo } from "react";
import type { ColDef, ICellRendererParams } from "ag-grid-community";
import type { FindingListRow } from "~/findings/finding-types";
import { ServerGrid } from "~/grid/server-grid";
import { useServerGrid } from "~/grid/use-server-grid";
import { useI18n, type I18n } from "~/i18n/i18n-context";
import { FindingStatusBadges } from "./finding-badges";
import { severityTone } from "./violations-grid";
import { Badge } from "./ui";

function TitleCell({ data }: ICellRendererParams<FindingListRow>) {
  if (!data) return null;
  return (
    <Link to={`/findings/${data.id}`} className="font-medium text-brand-600 hover:underline" data-testid="finding-link">
      {data.title}
    </Link>
  );
}

function StatusCell({ data }: ICellRendererParams<FindingListRow>) {
  return data ? <FindingStatusBadges status={data.status} overdue={data.overdue} repeatOfId={data.repeatOfId} /> : null;
}

function SeverityCell({ data }: ICellRendererParams<FindingListRow>) {
  const i18n = useI18n();
  return data ? <Badge tone={severityTone(data.severity)}>{i18n.tEnum("severity", data.severity)}</Badge> : null;
}

function columnsFor(i18n: I18n): ColDef<FindingListRow>[] {
  const { t } = i18n;
  return [
    { headerName: t("findings.col.id"), colId: "id", field: "id", sort: "desc", width: 90, valueFormatter: ({ value }) => (value ? `#${String(value)}` : "") },
    { headerName: t("findings.col.title"), colId: "title", field: "title", minWidth: 240, flex: 2.4, cellRenderer: TitleCell, tooltipField: "title" },
    { headerName: t("findings.list.agency"), colId: "agencyCode", field: "agencyCode", minWidth: 100, flex: 0.8 },
    { headerName: t("findingList.col.agent"), colId: "agentExternalId", field: "agentExternalId", sortable: false, minWidth: 90, flex: 0.7, valueFormatter: ({ value }) => (value as string | null) ?? "" },
    { headerName: t("findings.col.rules"), colId: "ruleCodes", sortable: false, minWidth: 150, flex: 1.3, valueGetter: ({ data }) => (data ? [...data.ruleCodes, ...data.complaintCategories].join(", ") : "") },
    { headerName: t("findings.col.period"), colId: "period", sortable: false, minWidth: 170, flex: 1.2, valueGetter: ({ data }) => (data ? `${i18n.date(data.periodFrom)} – ${i18n.date(data.periodTo)}` : "") },
    { headerName: t("findings.col.severity"), colId: "severity", field: "severity", minWidth: 100, flex: 0.7, cellRenderer: SeverityCell },
    { headerName: t("findings.list.status"), colId: "status", field: "status", minWidth: 190, flex: 1.4, cellRenderer: StatusCell },
    { headerName: t("findings.col.due"), colId: "responseDueOn", field: "responseDueOn", minWidth: 120, flex: 0.9, valueFormatter: ({ value }) => (value ? i18n.date(value as string) : "") },
    { headerName: t("findings.col.violations"), colId: "violationCount", field: "violationCount", type: "rightAligned", minWidth: 100, flex: 0.7, valueFormatter: ({ value }) => (typeof value === "number" ? i18n.number(value) : "") },
    { headerName: t("findingList.col.issuedOn"), colId: "issuedAt", field: "issuedAt", minWidth: 150, flex: 1, valueFormatter: ({ value }) => (value ? i18n.dateTime(value as string) : "") },
  ];
}

/** Findings with server-side paging, sorting and filtering; each title opens the finding. */
export function FindingsGrid({ filterQuery }: { filterQuery: string }) {
  const i18n = useI18n();
  const grid = useServerGrid<FindingListRow>("/findings/rows", filterQuery);
  const columnDefs = useMemo(() => columnsFor(i18n), [i18n]);
  return (
    <ServerGrid<FindingListRow>
      grid={grid}
      testId="findings"
      height={560}
      columnDefs={columnDefs}
      getRowId={({ data }) => String(data.id)}
      labels={{
        loading: i18n.t("violations.grid.loading"),
        error: i18n.t("findingList.grid.error"),
        noRows: i18n.t("findings.list.empty"),
        count: (count) => i18n.t("findingList.grid.count", { count: i18n.number(count.total) }),
      }}
    />
  );
}
