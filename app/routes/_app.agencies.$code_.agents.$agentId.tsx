import { Link, useLoaderData, useNavigate, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { notFound, requirePermission, scopeAgency } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { FindingRaisePanel } from "~/components/finding-raise-button";
import { MonthlyLinesChart, StackedMonthlyBarsChart, ViolationsByRuleChart } from "~/components/dashboard/charts";
import { FilterBar } from "~/components/dashboard/filter-bar";
import { KpiTiles } from "~/components/dashboard/kpi-tiles";
import { MetricDefinitionsSection } from "~/components/dashboard/metric-definitions-section";
import { Alert, Card, NoDataYet, PageHeader } from "~/components/ui";
import { pivotMonthlyByAgency, pivotMonthlyMetrics } from "~/dashboard/chart-data";
import { filterValues, loadDashboardContext } from "~/dashboard/dashboard-context.server";
import { agencyPageUrl, violationsDrillDownUrl } from "~/dashboard/drill-down";
import { requireVisibleAgency, findAgentOfAgency } from "~/dashboard/find-agency.server";
import { figureScopeOf, getAgentPageFigures } from "~/dashboard/page-figures.server";
import { useI18n } from "~/i18n/i18n-context";
import { metricDefinitions } from "~/metrics/definitions";
import type { MetricKey } from "~/metrics/metric-types";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "agencies.agent");

const agentIdSchema = z.coerce.number().int().positive();
const agentKpis = ["accountsWorked", "collected", "contactRate", "rpcRate", "complaints", "violationsPer1000Contacts"] as const satisfies readonly MetricKey[];
const rateTrends = ["contactRate", "rpcRate", "ptpRate", "wrongPartyRate"] as const satisfies readonly MetricKey[];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "agencies.view");
  const agentId = agentIdSchema.safeParse(params.agentId);
  if (!agentId.success) throw notFound();
  const agency = await requireVisibleAgency(user, params.code);
  const agent = await findAgentOfAgency(agency.id, agentId.data);
  if (!agent) throw notFound();
  const searchParams = new URL(request.url).searchParams;
  searchParams.set("agent", String(agent.id));
  const context = await loadDashboardContext(user, searchParams, { agencyId: agency.id });
  if (context.state !== "ready") return { ...context, agency, agent, figures: null };
  const figures = await getAgentPageFigures(figureScopeOf(scopeAgency(user)), { ...context.filters, agencyIds: [agency.id], agentId: agent.id });
  return {
    state: context.state,
    agency,
    agent,
    options: context.options,
    currency: context.currency,
    presetAnchor: context.presetAnchor,
    values: filterValues(context.filters, context.basis),
    canRaiseFinding: can(user.role, "findings.manage"),
    figures,
  };
}

export default function AgentPage() {
  const data = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const i18n = useI18n();
  const { t } = i18n;
  const { agency, agent } = data;
  const header = <PageHeader title={t("agencies.agentTitle", { id: agent.externalId })} subtitle={t("agencies.agentSubtitle", { name: agent.name ?? t("common.none"), agency: `${agency.code} · ${agency.name}` })} />;
  if (data.state === "noData") return <div>{header}<NoDataYet /></div>;
  if (data.state === "invalidFilters" || !("figures" in data) || !data.figures) return <div>{header}<Alert tone="error">{t("dashboard.filters.invalid")}</Alert></div>;
  const { summary, monthly, violationsByRule, standing } = data.figures;
  const { values, currency } = data;
  const labels = Object.fromEntries(rateTrends.map((metric) => [metric, t(metricDefinitions[metric].nameKey)]));
  return (
    <div className="space-y-6">
      {header}
      <Link to={agencyPageUrl(values, agency.code)} className="text-sm text-brand-600 hover:underline">
        {t("agencies.backToAgency", { agency: agency.code })}
      </Link>
      <FilterBar values={values} agencies={data.options.agencies} products={data.options.products} presetAnchor={data.presetAnchor} agencyChoice={false} />
      {standing?.violationOutlier ? <Alert tone="warning">{t("agencies.agentFlagged", { z: i18n.number(standing.violationZScore, 1) })}</Alert> : null}
      <KpiTiles summary={summary} metrics={agentKpis} currency={currency} />
      {data.canRaiseFinding ? <FindingRaisePanel agencyCode={agency.code} period={values} rules={violationsByRule} agent={{ id: agent.id, externalId: agent.externalId }} /> : null}
      <p className="text-xs text-slate-600" data-testid="agent-basis-note">
        {t("kpiHelp.agentBasis")}
      </p>
      <div className="grid gap-6 xl:grid-cols-2">
        <Card title={t("agencies.monthlyRates")}>
          <MonthlyLinesChart pivot={pivotMonthlyMetrics(monthly, rateTrends)} labels={labels} format="percent" currency={currency} testId="agent-rates" />
        </Card>
        <Card title={t("agencies.collectedByMonth")}>
          <StackedMonthlyBarsChart pivot={pivotMonthlyByAgency(monthly, "collected")} format="money" currency={currency} testId="agent-collected" />
        </Card>
        <Card title={t("dashboard.violationsByRule")}>
          <ViolationsByRuleChart data={violationsByRule} onSelect={(ruleCode) => navigate(violationsDrillDownUrl(values, ruleCode, { agencyCode: agency.code, agentExternalId: agent.externalId }))} />
        </Card>
        <Card title={t("agencies.complaintsByMonth")}>
          <StackedMonthlyBarsChart pivot={pivotMonthlyByAgency(monthly, "complaints")} format="count" currency={currency} testId="agent-complaints" />
        </Card>
      </div>
      <MetricDefinitionsSection metrics={[...agentKpis, ...rateTrends]} notes={["agentBasis"]} />
    </div>
  );
}
