import { Link } from "@remix-run/react";
import { useMemo } from "react";
import type { ColDef, ICellRendererParams } from "ag-grid-community";
import type { ComplaintCorroboration, ComplaintStatus, Severity } from "~/generated/prisma/enums";
import type { ComplaintGridRow } from "~/complaints/query-complaints.server";
import { ServerGrid } from "~/grid/server-grid";
import { useServerGrid } from "~/grid/use-server-grid";
import { useI18n, type I18n } from "~/i18n/i18n-context";
import { severityTone } from "./violations-grid";
import { Badge } from "./ui";

function SeverityCell({ value }: ICellRendererParams<ComplaintGridRow, Severity>) {
  const i18n = useI18n();
  return value ? <Badge tone={severityTone(value)}>{i18n.tEnum("severity", value)}</Badge> : null;
}

function StatusCell({ value, data }: ICellRendererParams<ComplaintGridRow, ComplaintStatus>) {
  const i18n = useI18n();
  if (!value) return null;
  if (value === "CLOSED" && data?.outcome) return <Badge tone={data.outcome === "NOT_UPHELD" ? "neutral" : "bad"}>{i18n.tEnum("complaintOutcome", data.outcome)}</Badge>;
  return <Badge tone={value === "CLOSED" ? "neutral" : "warn"}>{i18n.tEnum("complaintStatus", value)}</Badge>;
}

export const corroborationTone = (value: ComplaintCorroboration | null): "bad" | "warn" | "good" | "neutral" =>
  value === "CORROBORATED" ? "bad" : value === "NO_MATCHING_LOG" ? "warn" : value === "LOGGED_NO_VIOLATION" ? "good" : "neutral";

function CorroborationCell({ value }: ICellRendererParams<ComplaintGridRow, ComplaintCorroboration | null>) {
  const i18n = useI18n();
  return <Badge tone={corroborationTone(value ?? null)}>{value ? i18n.tEnum("complaintCorroboration", value) : i18n.t("complaintCorroboration.none")}</Badge>;
}

function ReferenceCell({ data }: ICellRendererParams<ComplaintGridRow>) {
  if (!data) return null;
  return (
    <Link to={`/complaints/${data.id}`} className="text-brand-600 hover:underline" data-testid="complaint-link">
      {data.complaintRef}
    </Link>
  );
}

function AccountCell({ data }: ICellRendererParams<ComplaintGridRow>) {
  const i18n = useI18n();
  if (!data) return null;
  if (!data.accountNumber) return <span className="text-slate-400">{i18n.t("common.none")}</span>;
  return (
    <Link to={`/cases/${encodeURIComponent(data.accountNumber)}`} className="font-mono text-xs text-brand-600 hover:underline">
      {data.accountNumber}
    </Link>
  );
}

function columnsFor(i18n: I18n): ColDef<ComplaintGridRow>[] {
  const { t } = i18n;
  return [
    { headerName: t("complaints.receivedAt"), colId: "receivedAt", field: "receivedAt", sort: "desc", minWidth: 150, flex: 1.2, valueFormatter: ({ data }) => (data ? i18n.dateTime(data.receivedAt, data.timeZone ?? undefined) : "") },
    { headerName: t("complaints.reference"), colId: "complaintRef", field: "complaintRef", minWidth: 140, flex: 1.2, cellRenderer: ReferenceCell },
    { headerName: t("complaints.source"), colId: "source", field: "source", minWidth: 110, flex: 1, valueFormatter: ({ value }) => i18n.tEnum("complaintSource", value as string) },
    { headerName: t("complaints.category"), colId: "category", field: "category", minWidth: 140, flex: 1.2 },
    { headerName: t("complaints.severity"), colId: "severity", field: "severity", minWidth: 100, flex: 0.8, cellRenderer: SeverityCell },
    { headerName: t("common.status"), colId: "status", field: "status", minWidth: 120, flex: 1, cellRenderer: StatusCell },
    { headerName: t("complaintWork.corroboration"), colId: "corroboration", field: "corroboration", minWidth: 150, flex: 1.1, cellRenderer: CorroborationCell },
    { headerName: t("common.agency"), colId: "agencyCode", field: "agencyCode", minWidth: 90, flex: 0.8, valueFormatter: ({ value }) => (value as string | null) ?? t("common.none") },
    { headerName: t("complaints.agent"), colId: "agentExternalId", field: "agentExternalId", sortable: false, minWidth: 90, flex: 0.8, valueFormatter: ({ value }) => (value as string | null) ?? t("common.none") },
    { headerName: t("complaints.account"), colId: "accountNumber", field: "accountNumber", minWidth: 130, flex: 1.1, cellRenderer: AccountCell },
    { headerName: t("complaints.description"), colId: "description", field: "description", sortable: false, minWidth: 220, flex: 2.4, tooltipField: "description" },
  ];
}

/** Complaints with server-side paging, sorting and filtering; rows with an account link to the case. */
export function ComplaintsGrid({ filterQuery }: { filterQuery: string }) {
  const i18n = useI18n();
  const grid = useServerGrid<ComplaintGridRow>("/complaints/rows", filterQuery);
  const columnDefs = useMemo(() => columnsFor(i18n), [i18n]);
  return (
    <ServerGrid<ComplaintGridRow>
      grid={grid}
      testId="complaints"
      height={560}
      columnDefs={columnDefs}
      getRowId={({ data }) => String(data.id)}
      labels={{
        loading: i18n.t("violations.grid.loading"),
        error: i18n.t("complaints.grid.error"),
        noRows: i18n.t("complaints.none"),
        count: (count) => i18n.t(count.capped ? "complaints.countAtLeast" : "complaints.count", { count: i18n.number(count.total) }),
      }}
    />
  );
}
