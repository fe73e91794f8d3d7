import { currentTime } from "~/clock/clock.server";
import { Link, useLoaderData, useNavigate, type MetaFunction } from "@remix-run/react";
import { dashboardLinksFor } from "~/components/navigation";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getRegisterNotices } from "~/agency-register/register-lists.server";
import { requirePermission, scopeAgency } from "~/auth/guards.server";
import { ActionRequiredPanel } from "~/components/agency-register/action-required";
import { AgenciesAtRiskPanel } from "~/components/dashboard/agencies-at-risk-panel";
import { MonthlyLinesChart, StackedMonthlyBarsChart, VintageCurvesChart } from "~/components/dashboard/charts";
import { ConductGateLegend } from "~/components/dashboard/conduct-gate-note";
import { FindingTiles } from "~/components/dashboard/finding-tiles";
import { DataHealthTile } from "~/components/data-health/data-health-tile";
import { FilterBar } from "~/components/dashboard/filter-bar";
import { KpiTiles, executiveKpis } from "~/components/dashboard/kpi-tiles";
import { MoneyBasisNote, UnreconciledCard } from "~/components/dashboard/money-basis";
import { MetricDefinitionsSection } from "~/components/dashboard/metric-definitions-section";
import { ViolationRatesChart } from "~/components/dashboard/violation-rates-chart";
import { Alert, Card, EmptyState, NoDataYet, PageHeader } from "~/components/ui";
import { pivotMonthlyByAgency } from "~/dashboard/chart-data";
import { filterValues, loadDashboardContext } from "~/dashboard/dashboard-context.server";
import { figureScopeOf, getDashboardFigures, getDataHealthSummary } from "~/dashboard/page-figures.server";
import { agencyViolationsDrillDownUrl, casesDrillDownUrl, kpiDrillDownUrl, vintageDrillDownUrl } from "~/dashboard/drill-down";
import { useI18n } from "~/i18n/i18n-context";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.dashboard");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "dashboard.view");
  const [context, notices] = await Promise.all([loadDashboardContext(user, new URL(request.url).searchParams), getRegisterNotices(currentTime(), { agencyId: scopeAgency(user) })]);
  const actionRequired = Object.values(notices).filter((notice) => notice.missingTypes.length > 0);
  const links = dashboardLinksFor(user.role).map(({ to, labelKey }) => ({ to, labelKey }));
  if (context.state !== "ready") return { ...context, actionRequired, links, figures: null };
  const scope = figureScopeOf(scopeAgency(user));
  const [figures, dataHealth] = await Promise.all([
    getDashboardFigures(scope, context.filters, currentTime()),
    getDataHealthSummary(scope, context.filters.agencyIds, currentTime()),
  ]);
  const { monthly, ...figuresWithoutMonthly } = figures;
  return {
    state: context.state,
    options: context.options,
    currency: context.currency,
    presetAnchor: context.presetAnchor,
    agencyFixed: context.agencyFixed,
    values: filterValues(context.filters, context.basis),
    basis: context.basis,
    actionRequired,
    links,
    // The two monthly charts pivoted here: the page is sent only the two metrics it draws, not every metric of
    // every agency-month (most of the document's weight otherwise).
    figures: { ...figuresWithoutMonthly, collections: pivotMonthlyByAgency(monthly, "collected"), recoveryTrend: pivotMonthlyByAgency(monthly, "recoveryRate"), dataHealth },
  };
}

export default function Dashboard() {
  const data = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const i18n = useI18n();
  const { t } = i18n;
  if (data.state === "noData") {
    return (
      <div>
        <PageHeader title={t("dashboard.title")} subtitle={t("dashboard.execSubtitle")} />
        <div className="mb-6">
          <ActionRequiredPanel rows={data.actionRequired} />
        </div>
        <NoDataYet />
      </div>
    );
  }
  if (data.state === "invalidFilters" || !("figures" in data) || !data.figures) {
    return (
      <div>
        <PageHeader title={t("dashboard.title")} subtitle={t("dashboard.execSubtitle")} />
        <Alert tone="error">{t("dashboard.filters.invalid")}</Alert>
      </div>
    );
  }
  const { summary, collections, recoveryTrend, vintages, atRisk, gate, findings, dataHealth, unreconciled } = data.figures;
  const { values, currency } = data;
  const empty = summary.current.placedAccounts === 0 && summary.current.accountsWorked === 0 && summary.current.collected === 0;
  return (
    <div className="space-y-6">
      <PageHeader
        title={t("dashboard.title")}
        subtitle={t("dashboard.periodSummary", {
          from: i18n.date(summary.period.from),
          to: i18n.date(summary.period.to),
          previousFrom: i18n.date(summary.previousPeriod.from),
          previousTo: i18n.date(summary.previousPeriod.to),
        })}
      />
      <FilterBar values={values} agencies={data.options.agencies} products={data.options.products} presetAnchor={data.presetAnchor} agencyChoice={!data.agencyFixed} />
      <MoneyBasisNote choice={data.basis} />
      <ActionRequiredPanel rows={data.actionRequired} />
      {empty ? (
        <EmptyState title={t("dashboard.noDataInPeriod")} hint={t("dashboard.noDataInPeriodHint")} />
      ) : (
        <>
          <KpiTiles summary={summary} metrics={executiveKpis} currency={currency} links={Object.fromEntries(executiveKpis.map((metric) => [metric, kpiDrillDownUrl(values, metric)]))} />
          <FindingTiles totals={findings} agencyCode={values.agencyCodes.length === 1 ? (values.agencyCodes[0] ?? null) : null} />
          <nav className="flex flex-wrap gap-x-4 gap-y-1 text-sm" data-testid="dashboard-links">
            {data.links.map((link) => (
              <Link key={link.to} to={link.to} className="text-brand-600 hover:underline">
                {t(link.labelKey)}
              </Link>
            ))}
          </nav>
          <DataHealthTile items={dataHealth.items} agencies={dataHealth.agencies} month={dataHealth.month} />
          <UnreconciledCard rows={unreconciled} currency={currency} />
          <Card title={t("risk.title")}>
            <p className="-mt-2 mb-3 text-xs text-slate-500">{t("risk.hint")}</p>
            <AgenciesAtRiskPanel rows={atRisk} context={values} />
            <div className="mt-3">
              <ConductGateLegend gate={gate} />
            </div>
          </Card>
          <div className="grid gap-6 xl:grid-cols-2">
            <Card title={t("dashboard.collectionsByAgency")}>
              <p className="-mt-2 mb-3 text-xs text-slate-500">{t("dashboard.collectionsHint")}</p>
              <StackedMonthlyBarsChart
                pivot={collections}
                format="money"
                currency={currency}
                testId="collections-by-agency"
                onSelect={(agencyCode, month) => navigate(casesDrillDownUrl(values, agencyCode, month, { sortByCollected: true }))}
              />
            </Card>
            <Card title={t("risk.chartTitle")}>
              <p className="-mt-2 mb-3 text-xs text-slate-500">{t("risk.chartHint")}</p>
              <ViolationRatesChart rows={atRisk} onSelect={(agencyCode) => navigate(agencyViolationsDrillDownUrl(values, agencyCode))} />
            </Card>
          </div>
          <Card title={t("dashboard.recoveryTrend")}>
            <p className="-mt-2 mb-1 text-xs text-slate-500">{t("dashboard.recoveryTrendHint")}</p>
            <p className="mb-3 text-xs text-slate-500" data-testid="recovery-period-note">
              {t("kpiHelp.recoveryPeriod")}
            </p>
            <MonthlyLinesChart
              pivot={recoveryTrend}
              format="percent"
              currency={currency}
              testId="recovery-trend"
              onSelect={(agencyCode, month) => navigate(casesDrillDownUrl(values, agencyCode, month))}
            />
          </Card>
          <Card title={t("dashboard.vintageCurves")}>
            <p className="-mt-2 mb-3 text-xs text-slate-500">{t("dashboard.vintageHint")}</p>
            <VintageCurvesChart curves={vintages} onSelect={(agencyCode, vintage) => navigate(vintageDrillDownUrl(values, agencyCode, vintage))} />
          </Card>
          <MetricDefinitionsSection metrics={[...executiveKpis, "highViolationsPer1000Contacts", "violationsPer1000Contacts", "complaintsPer1000Accounts"]} terms={["grade"]} notes={["recoveryPeriod"]} />
        </>
      )}
    </div>
  );
}
