import { useLoaderData, useSearchParams, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { listAgencyChoices } from "~/agencies/agencies.server";
import { notFound, requirePermission, scopeAgency } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { currentTime } from "~/clock/clock.server";
import { FindingRaiseReconciliationButton } from "~/components/finding-raise-button";
import { ReconciliationGrid } from "~/components/reconciliation-grid";
import { Alert, Card, KpiTile, PageHeader } from "~/components/ui";
import { GridFilterForm } from "~/grid/grid-filter-form";
import { gridFilterQuery } from "~/grid/grid-query";
import { useI18n } from "~/i18n/i18n-context";
import { pageTitle } from "~/i18n/page-title";
import { countRaisableExceptions, reconciliationStatuses } from "~/reconciliation/reconcile";
import { parseReconciliationFilters, reconciliationFilterNames } from "~/reconciliation/reconciliation-grid-query";
import { ReconciliationScopeError, resolveReconciliationScope, summariseReconciliationScope } from "~/reconciliation/reconciliation-page.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reconciliation.title");

// Reconciliation of reported payments against the lender's ledger (ADR 038), per agency and month: the summary of the
// money, and a grid of the exceptions (or any status) paged through /reconciliation/rows, exported by
// /reconciliation/export. AGENCY users see their own agency only; another agency's code is 404.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "reconciliation.view");
  const filters = parseReconciliationFilters(new URL(request.url).searchParams);
  const scopeAgencyId = scopeAgency(user);
  const agencies = await listAgencyChoices({ agencyId: scopeAgencyId });
  const canRaise = can(user.role, "findings.manage");
  if (!filters.success) return { agencies, filtersValid: false, month: null, agencyCode: null, canRaise, summaries: [], raisableExceptions: 0 };
  try {
    const scope = await resolveReconciliationScope(filters.data, scopeAgencyId, currentTime());
    const summaries = await summariseReconciliationScope(scope);
    const raisableExceptions = countRaisableExceptions(summaries.map((summary) => summary.counts), filters.data.status);
    return { agencies, filtersValid: true, month: scope.month, agencyCode: scope.agencyCode, canRaise, summaries, raisableExceptions };
  } catch (error) {
    if (error instanceof ReconciliationScopeError) throw notFound();
    throw error;
  }
}

const linkButton = "rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50";

export default function Reconciliation() {
  const { agencies, filtersValid, month, agencyCode, canRaise, summaries, raisableExceptions } = useLoaderData<typeof loader>();
  const i18n = useI18n();
  const { t } = i18n;
  const [searchParams] = useSearchParams();
  const filterQuery = gridFilterQuery(searchParams, reconciliationFilterNames);
  // The grid and the exports read the month the page shows, also when the URL names none.
  const scopedQuery = new URLSearchParams(filterQuery);
  if (month && !scopedQuery.has("month")) scopedQuery.set("month", month);
  const exportQuery = (format: "csv" | "xlsx") => new URLSearchParams([["format", format], ...scopedQuery]).toString();
  return (
    <div className="space-y-4">
      <PageHeader
        title={t("reconciliation.title")}
        subtitle={month ? t("reconciliation.subtitle", { month }) : undefined}
        actions={
          <div className="flex gap-2">
            <a className={linkButton} href={`/reconciliation/export?${exportQuery("csv")}`} download data-testid="reconciliation-export-csv">
              {t("reconciliation.exportCsv")}
            </a>
            <a className={linkButton} href={`/reconciliation/export?${exportQuery("xlsx")}`} download data-testid="reconciliation-export-xlsx">
              {t("reconciliation.exportXlsx")}
            </a>
          </div>
        }
      />
      {!filtersValid ? <Alert tone="error">{t("validation.invalidFormat")}</Alert> : null}
      <GridFilterForm
        testId="reconciliation-filters"
        clearHref="/reconciliation"
        labels={{ apply: t("reconciliation.filter.apply"), clear: t("reconciliation.filter.clear") }}
        fields={[
          { name: "agency", label: t("reconciliation.filter.agency"), kind: "select", any: agencies.length > 1 ? t("common.allAgencies") : undefined, options: agencies.map((agency) => ({ value: agency.code, label: `${agency.code} · ${agency.name}` })) },
          { name: "month", label: t("reconciliation.filter.month"), kind: "month", defaultValue: month ?? undefined },
          {
            name: "status",
            label: t("reconciliation.filter.status"),
            kind: "select",
            any: t("reconciliation.filter.exceptions"),
            options: [
              ...reconciliationStatuses.map((status) => ({ value: status, label: i18n.tEnum("reconciliation.status", status) })),
              { value: "ALL", label: t("reconciliation.filter.ALL") },
            ],
          },
        ]}
      />
      <div className="grid gap-4 2xl:grid-cols-2" data-testid="reconciliation-summary">
        {summaries.length === 0 && filtersValid ? <Alert>{t("reconciliation.summary.none")}</Alert> : null}
        {summaries.map((summary) => (
          <Card key={`${summary.agencyId}-${summary.currency}`} title={t("reconciliation.summary.title", { agency: summary.agencyCode, currency: summary.currency })}>
            <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
              <KpiTile label={t("reconciliation.summary.reported")} value={i18n.money(summary.reported, summary.currency)} testId={`reconciliation-reported-${summary.agencyCode}`} />
              <KpiTile label={t("reconciliation.summary.reconciled")} value={i18n.money(summary.reconciled, summary.currency)} testId={`reconciliation-reconciled-${summary.agencyCode}`} />
              <KpiTile label={t("reconciliation.summary.unreconciled")} value={i18n.money(summary.unreconciled, summary.currency)} testId={`reconciliation-unreconciled-${summary.agencyCode}`} />
              <KpiTile label={t("reconciliation.summary.unreported")} value={i18n.money(summary.unreported, summary.currency)} testId={`reconciliation-unreported-${summary.agencyCode}`} />
            </div>
            <p className="mt-2 text-xs text-slate-500">{t("reconciliation.summary.remittanceDays", { days: i18n.number(summary.remittanceDays) })}</p>
          </Card>
        ))}
      </div>
      {canRaise ? <FindingRaiseReconciliationButton agencyCode={agencyCode} month={month} status={searchParams.get("status")} exceptions={raisableExceptions} /> : null}
      <ReconciliationGrid key={scopedQuery.toString()} filterQuery={scopedQuery.toString()} />
    </div>
  );
}
