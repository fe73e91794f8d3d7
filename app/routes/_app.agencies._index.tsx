import { currentTime } from "~/clock/clock.server";
import { Link, useLoaderData, useNavigate, useSearchParams, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useState } from "react";
import { getRegisterNotices } from "~/agency-register/register-lists.server";
import { requirePermission, scopeAgency } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { AgencyScorecardsGrid } from "~/components/dashboard/agency-scorecards-grid";
import { ComparisonBarChart, MonthlyLinesChart } from "~/components/dashboard/charts";
import { FilterBar } from "~/components/dashboard/filter-bar";
import { MoneyBasisNote } from "~/components/dashboard/money-basis";
import { WeightsLegend } from "~/components/dashboard/weights-legend";
import { Alert, Button, Card, NoDataYet, PageHeader } from "~/components/ui";
import { pivotMonthlyByAgency } from "~/dashboard/chart-data";
import { filterValues, loadDashboardContext } from "~/dashboard/dashboard-context.server";
import { figureScopeOf, getAgenciesFigures, getComparisonFigures, getDataHealthCounts } from "~/dashboard/page-figures.server";
import { useI18n } from "~/i18n/i18n-context";
import { metricDefinitions } from "~/metrics/definitions";
import { filtersToSearchParams } from "~/metrics/metric-filters";
import type { MetricKey } from "~/metrics/metric-types";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.agencies");

const comparedMetrics = ["recoveryRate", "collected", "netBack", "contactRate", "rpcRate", "ptpKeptRate", "violationsPer1000Contacts", "complaintsPer1000Accounts", "upheldComplaintsPer1000Accounts"] as const satisfies readonly MetricKey[];
const allMetricKeys = Object.keys(metricDefinitions) as MetricKey[];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "agencies.view");
  const searchParams = new URL(request.url).searchParams;
  const context = await loadDashboardContext(user, searchParams);
  if (context.state !== "ready") return { ...context, figures: null };
  const { filters } = context;
  const scope = figureScopeOf(scopeAgency(user));
  const [{ scorecards, weights, gate }, register, dataHealth] = await Promise.all([
    getAgenciesFigures(scope, filters),
    getRegisterNotices(currentTime(), { agencyId: scopeAgency(user) }),
    getDataHealthCounts(scope, filters.agencyIds, currentTime()),
  ]);
  // Agencies to compare: codes from the URL, kept only when they are rows of this (already scoped) grid.
  const compareCodes = (searchParams.get("compare") ?? "").split(",").filter((code) => scorecards.some((row) => row.agencyCode === code));
  const compareIds = scorecards.filter((row) => compareCodes.includes(row.agencyCode)).map((row) => row.agencyId);
  const compareMonthly = compareIds.length >= 2 ? await getComparisonFigures(scope, filters, compareIds) : [];
  return {
    state: context.state,
    options: context.options,
    currency: context.currency,
    presetAnchor: context.presetAnchor,
    agencyFixed: context.agencyFixed,
    values: filterValues(filters, context.basis),
    basis: context.basis,
    canEditWeights: can(user.role, "settings.scorecard"),
    figures: { scorecards, weights, gate, register, dataHealth, compareCodes: compareIds.length >= 2 ? compareCodes : [], compareMonthly },
  };
}

export default function Agencies() {
  const data = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const [selected, setSelected] = useState<string[]>([]);
  const i18n = useI18n();
  const { t } = i18n;
  const header = (
    <PageHeader
      title={t("agencies.title")}
      subtitle={t("agencies.comparisonSubtitle")}
      actions={
        <Link to="/approved-agencies" className="text-sm text-brand-600 hover:underline">
          {t("approved.open")}
        </Link>
      }
    />
  );
  if (data.state === "noData") return <div>{header}<NoDataYet /></div>;
  if (data.state === "invalidFilters" || !("figures" in data) || !data.figures) return <div>{header}<Alert tone="error">{t("dashboard.filters.invalid")}</Alert></div>;
  const { scorecards, weights, gate, register, dataHealth, compareCodes, compareMonthly } = data.figures;
  const { values, currency } = data;
  const exportQuery = filtersToSearchParams(values).toString();
  const openCompare = (codes: string[]) => {
    const next = new URLSearchParams(searchParams);
    if (codes.length >= 2) next.set("compare", codes.join(","));
    else next.delete("compare");
    navigate(`?${next.toString()}`);
  };
  const compared = scorecards.filter((row) => compareCodes.includes(row.agencyCode));
  return (
    <div className="space-y-6">
      {header}
      <FilterBar values={values} agencies={data.options.agencies} products={data.options.products} presetAnchor={data.presetAnchor} agencyChoice={!data.agencyFixed} />
      <MoneyBasisNote choice={data.basis} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <WeightsLegend weights={weights} gate={gate} canEdit={data.canEditWeights} />
        <div className="flex items-center gap-2">
          <Button type="button" disabled={selected.length < 2} onClick={() => openCompare(selected)} data-testid="compare-button" title={t("agencies.selectHint")}>
            {t("agencies.compare", { count: i18n.number(selected.length) })}
          </Button>
          <a className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50" href={`/agencies/export.csv?${exportQuery}`} download>
            {t("agencies.exportCsv")}
          </a>
          <a className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50" href={`/agencies/export.xlsx?${exportQuery}`} download>
            {t("agencies.exportXlsx")}
          </a>
        </div>
      </div>
      <AgencyScorecardsGrid scorecards={scorecards} currency={currency} metricKeys={allMetricKeys} onSelectionChange={setSelected} register={register} dataHealth={dataHealth} />
      {compared.length >= 2 ? (
        <Card title={t("agencies.compareTitle")}>
          <div className="mb-4 flex justify-end">
            <Link to={`?${filtersToSearchParams(values).toString()}`} className="text-sm text-brand-600 hover:underline">
              {t("agencies.closeCompare")}
            </Link>
          </div>
          <div className="grid gap-6 md:grid-cols-2 xl:grid-cols-4" data-testid="compare-view">
            <ComparisonBarChart title={t("agencies.recoveryIndex")} format="index" currency={currency} rows={compared.map((row) => ({ code: row.agencyCode, value: row.recoveryIndex?.value ?? null }))} />
            {comparedMetrics.map((metric) => (
              <ComparisonBarChart
                key={metric}
                title={t(metricDefinitions[metric].nameKey)}
                format={metricDefinitions[metric].format}
                currency={currency}
                rows={compared.map((row) => ({ code: row.agencyCode, value: row.metrics[metric] }))}
              />
            ))}
          </div>
          <h3 className="mb-2 mt-6 text-sm font-medium text-slate-700">{t("dashboard.recoveryTrend")}</h3>
          <MonthlyLinesChart pivot={pivotMonthlyByAgency(compareMonthly, "recoveryRate")} format="percent" currency={currency} testId="compare-trend" />
        </Card>
      ) : null}
    </div>
  );
}
