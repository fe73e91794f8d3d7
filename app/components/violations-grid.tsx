import { Link } from "@remix-run/react";
import { useEffect, useMemo, useRef } from "react";
import type { ColDef, GridApi, GridReadyEvent, ICellRendererParams } from "ag-grid-community";
import type { Severity, ViolationStatus } from "~/generated/prisma/enums";
import { useI18n, type I18n } from "~/i18n/i18n-context";
import { explanationFormatFor, renderViolationExplanation, ruleName } from "~/violations/render-explanation";
import type { ViolationGridRow } from "~/violations/query-violations.server";
import { ServerGrid } from "~/grid/server-grid";
import { useServerGrid, type GridKeyset } from "~/grid/use-server-grid";
import { Badge } from "./ui";

export function severityTone(severity: Severity): "bad" | "warn" | "neutral" {
  return severity === "HIGH" ? "bad" : severity === "MEDIUM" ? "warn" : "neutral";
}

/** OPEN is amber: it still waits for someone, which is not good news. */
export function violationStatusTone(status: ViolationStatus): "bad" | "warn" | "neutral" {
  return status === "CONFIRMED" ? "bad" : status === "DISMISSED" ? "neutral" : "warn";
}

/** The zone's short name at that instant in the reader's language (GMT+8, EST/EDT…), so a local time says whose it is. */
export function zoneLabel(isoInstant: string, timeZone: string, locale: string): string {
  try {
    const parts = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: "short" }).formatToParts(new Date(isoInstant));
    return parts.find((part) => part.type === "timeZoneName")?.value ?? timeZone;
  } catch {
    return timeZone;
  }
}

function SeverityCell({ value }: ICellRendererParams<ViolationGridRow, Severity>) {
  const i18n = useI18n();
  return value ? <Badge tone={severityTone(value)}>{i18n.tEnum("severity", value)}</Badge> : null;
}

function StatusCell({ value }: ICellRendererParams<ViolationGridRow, ViolationStatus>) {
  const i18n = useI18n();
  return value ? <Badge tone={violationStatusTone(value)}>{i18n.tEnum("violationStatus", value)}</Badge> : null;
}

function AccountCell({ data }: ICellRendererParams<ViolationGridRow>) {
  if (!data) return null;
  return (
    <Link to={`/cases/${encodeURIComponent(data.accountNumber)}?violation=${data.id}#violation-${data.id}`} className="font-mono text-xs text-brand-600 hover:underline" data-testid="violation-case-link">
      {data.accountNumber}
    </Link>
  );
}

function columnsFor(i18n: I18n): ColDef<ViolationGridRow>[] {
  const { t } = i18n;
  const format = explanationFormatFor(i18n.locale);
  const explain = (row: ViolationGridRow | undefined) => (row ? renderViolationExplanation(row.explanation, t, format) : "");
  const review = (row: ViolationGridRow | undefined) =>
    row?.reviewedAt ? `${t("violations.reviewedOn", { name: row.reviewedByName ?? t("common.none"), date: i18n.dateTime(row.reviewedAt) })} · ${row.reviewNote ?? ""}` : "";
  return [
    {
      headerName: t("violations.localTime"),
      colId: "occurredAt",
      field: "occurredAt",
      sort: "desc",
      minWidth: 210,
      flex: 1.3,
      // The debtor's local time, with its zone: two rows of one agency may be in different zones.
      valueFormatter: ({ data }) => (data ? `${i18n.dateTime(data.occurredAt, data.timeZone)} ${zoneLabel(data.occurredAt, data.timeZone, i18n.locale)}` : ""),
      tooltipValueGetter: ({ data }) => data?.timeZone ?? "",
    },
    { headerName: t("violations.rule"), colId: "ruleCode", field: "ruleCode", minWidth: 220, flex: 1.5, valueFormatter: ({ value }) => ruleName(String(value ?? ""), t), tooltipField: "ruleCode" },
    { headerName: t("violations.severity"), colId: "severity", field: "severity", minWidth: 110, flex: 0.7, cellRenderer: SeverityCell },
    { headerName: t("common.status"), colId: "status", field: "status", minWidth: 120, flex: 0.8, cellRenderer: StatusCell },
    { headerName: t("common.agency"), colId: "agencyCode", field: "agencyCode", minWidth: 110, flex: 0.7 },
    { headerName: t("violations.agent"), colId: "agentExternalId", field: "agentExternalId", minWidth: 110, flex: 0.7, valueFormatter: ({ value }) => (value as string | null) ?? t("common.none") },
    { headerName: t("violations.account"), colId: "accountNumber", field: "accountNumber", minWidth: 160, flex: 1, cellRenderer: AccountCell },
    {
      headerName: t("violations.explanation"),
      colId: "explanation",
      sortable: false,
      minWidth: 420,
      flex: 3,
      valueGetter: ({ data }) => explain(data),
      tooltipValueGetter: ({ data }) => explain(data),
    },
    {
      headerName: t("violations.reviewedBy"),
      colId: "reviewedAt",
      field: "reviewedAt",
      minWidth: 240,
      flex: 1.6,
      valueGetter: ({ data }) => review(data),
      tooltipValueGetter: ({ data }) => review(data),
    },
  ];
}

// Time order is read by keyset after the first block (see the rows route's `after`).
const keyset: GridKeyset<ViolationGridRow> = { column: "occurredAt", defaultSort: "occurredAt:desc", param: "after", cursorOf: (row) => `${row.occurredAt},${row.id}` };

export type ViolationsGridProps = {
  /** The filters as a URL query string (the page's own search params). */
  filterQuery: string;
  canReview: boolean;
  /** Changing it reloads the rows (after a review). */
  reloadKey: number;
  onSelectionChange: (ids: string[]) => void;
};

/** Violations with server-side paging, sorting and filtering; OPEN rows can be selected for bulk review. */
export function ViolationsGrid({ filterQuery, canReview, reloadKey, onSelectionChange }: ViolationsGridProps) {
  const i18n = useI18n();
  const grid = useServerGrid("/violations/rows", filterQuery, keyset);
  const apiRef = useRef<GridApi<ViolationGridRow> | null>(null);
  const columnDefs = useMemo(() => columnsFor(i18n), [i18n]);

  useEffect(() => {
    const api = apiRef.current;
    if (!api) return;
    api.deselectAll();
    api.refreshInfiniteCache();
  }, [reloadKey]);

  return (
    <ServerGrid<ViolationGridRow>
      grid={grid}
      testId="violations"
      height={600}
      columnDefs={columnDefs}
      getRowId={({ data }) => data.id}
      labels={{
        loading: i18n.t("violations.grid.loading"),
        error: i18n.t("violations.grid.error"),
        noRows: i18n.t("violations.none"),
        count: (count) => i18n.t(count.capped ? "violations.countAtLeast" : "violations.count", { count: i18n.number(count.total) }),
      }}
      gridProps={{
        rowSelection: canReview ? { mode: "multiRow", headerCheckbox: false, checkboxes: true, isRowSelectable: (node) => node.data?.status === "OPEN" } : undefined,
        onSelectionChanged: ({ api }) => onSelectionChange(api.getSelectedRows().map((row) => row.id)),
        onGridReady: (event: GridReadyEvent<ViolationGridRow>) => {
          apiRef.current = event.api;
        },
        // Nine readable columns are wider than most screens: all are rendered, so scrolling sideways shows them
        // at once and the review column is always in the page.
        suppressColumnVirtualisation: true,
      }}
    />
  );
}
