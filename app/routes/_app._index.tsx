import { useLoaderData, useNavigate, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/guards.server";
import { MonthlyLinesChart, StackedMonthlyBarsChart, VintageCurvesChart } from "~/components/dashboard/charts";
import { FilterBar } from "~/components/dashboard/filter-bar";
import { KpiTiles, executiveKpis } from "~/components/dashboard/kpi-tiles";
import { Alert, Card, EmptyState, NoDataYet, PageHeader } from "~/components/ui";
import { pivotMonthlyByAgency } from "~/dashboard/chart-data";
import { filterValues, loadDashboardContext } from "~/dashboard/dashboard-context.server";
import { casesDrillDownUrl, vintageDrillDownUrl } from "~/dashboard/drill-down";
import { useI18n } from "~/i18n/i18n-context";
import { getKpiSummary, getMonthlyMetrics, getVintageCurves } from "~/metrics/metrics.server";

export const meta: MetaFunction = () => [{ title: "Dashboard · Agency Oversight" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "dashboard.view");
  const context = await loadDashboardContext(user, new URL(request.url).searchParams);
  if (context.state !== "ready") return { ...context, figures: null };
  const { filters } = context;
  const [summary, monthly, vintages] = await Promise.all([getKpiSummary(filters), getMonthlyMetrics({ ...filters, by: "agency" }), getVintageCurves(filters)]);
  return {
    state: context.state,
    options: context.options,
    currency: context.currency,
    presetAnchor: context.presetAnchor,
    agencyFixed: context.agencyFixed,
    values: filterValues(filters),
    figures: { summary, monthly, vintages },
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
  const { summary, monthly, vintages } = data.figures;
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
      {empty ? (
        <EmptyState title={t("dashboard.noDataInPeriod")} hint={t("dashboard.noDataInPeriodHint")} />
      ) : (
        <>
          <KpiTiles summary={summary} metrics={executiveKpis} currency={currency} />
          <div className="grid gap-6 xl:grid-cols-2">
            <Card title={t("dashboard.recoveryTrend")}>
              <p className="-mt-2 mb-3 text-xs text-slate-500">{t("dashboard.recoveryTrendHint")}</p>
              <MonthlyLinesChart
                pivot={pivotMonthlyByAgency(monthly, "recoveryRate")}
                format="percent"
                currency={currency}
                testId="recovery-trend"
                onSelect={(agencyCode, month) => navigate(casesDrillDownUrl(values, agencyCode, month))}
              />
            </Card>
            <Card title={t("dashboard.collectionsByAgency")}>
              <p className="-mt-2 mb-3 text-xs text-slate-500">{t("dashboard.collectionsHint")}</p>
              <StackedMonthlyBarsChart
                pivot={pivotMonthlyByAgency(monthly, "collected")}
                format="money"
                currency={currency}
                testId="collections-by-agency"
                onSelect={(agencyCode, month) => navigate(casesDrillDownUrl(values, agencyCode, month, { sortByCollected: true }))}
              />
            </Card>
          </div>
          <Card title={t("dashboard.vintageCurves")}>
            <p className="-mt-2 mb-3 text-xs text-slate-500">{t("dashboard.vintageHint")}</p>
            <VintageCurvesChart curves={vintages} onSelect={(agencyCode, vintage) => navigate(vintageDrillDownUrl(values, agencyCode, vintage))} />
          </Card>
        </>
      )}
    </div>
  );
}
