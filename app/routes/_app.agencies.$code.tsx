import { currentTime } from "~/clock/clock.server";
import { Link, useLoaderData, useNavigate, type MetaFunction } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getRegisterNotices } from "~/agency-register/register-lists.server";
import { notFound, requireAgencyAccess, requirePermission, scopeAgency } from "~/auth/guards.server";
import { ActionRequiredNotice } from "~/components/agency-register/action-required";
import { StatusBadge } from "~/components/agency-register/register-status";
import { can } from "~/auth/permissions";
import { gradeExplanation, gradeTone, gradeWithheldText } from "~/components/dashboard/agency-scorecards-grid";
import { AgencyFindingsPanel } from "~/components/dashboard/agency-findings-panel";
import { AgentLeagueGrid } from "~/components/dashboard/agent-league-grid";
import { FindingRaisePanel } from "~/components/finding-raise-button";
import { AgencyPlacementsCard } from "~/components/agency-placements-card";
import { placementTermSchema, setPlacementTerm } from "~/placements/agency-placements.server";
import { readFormData } from "~/http/read-body.server";
import { figureScopeOf, getAgencyPageFigures, getAgencyPlacementFigures } from "~/dashboard/page-figures.server";
import { MonthlyLinesChart, StackedMonthlyBarsChart, ViolationsByRuleChart } from "~/components/dashboard/charts";
import { FilterBar } from "~/components/dashboard/filter-bar";
import { MoneyBasisNote, UnreconciledCard } from "~/components/dashboard/money-basis";
import { KpiTiles } from "~/components/dashboard/kpi-tiles";
import { MetricDefinitionsSection } from "~/components/dashboard/metric-definitions-section";
import { ConductGateNote } from "~/components/dashboard/conduct-gate-note";
import { WeightsLegend } from "~/components/dashboard/weights-legend";
import { Alert, Badge, Card, NoDataYet, PageHeader } from "~/components/ui";
import { pivotMonthlyByAgency, pivotMonthlyMetrics } from "~/dashboard/chart-data";
import { filterValues, loadDashboardContext } from "~/dashboard/dashboard-context.server";
import { casesDrillDownUrl, complaintsDrillDownUrl, violationsDrillDownUrl } from "~/dashboard/drill-down";
import { findAgencyByCode } from "~/dashboard/find-agency.server";
import { formatIndexInterval } from "~/dashboard/format-metric";
import { useI18n } from "~/i18n/i18n-context";
import { metricDefinitions } from "~/metrics/definitions";
import type { MetricKey } from "~/metrics/metric-types";
import { pageTitle } from "~/i18n/page-title";
import { AgencyComplaintFigures } from "~/components/complaints/agency-complaint-figures";
import { emptyComplaintCheckFigures } from "~/complaints/complaint-check-figures";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "pageTitle.agency");

const paramsSchema = z.object({ code: z.string().trim().min(1).max(40) });
export const agencyKpis = ["collected", "recoveryRate", "netBack", "contactRate", "complaints", "openHighViolations"] as const satisfies readonly MetricKey[];
const rateTrends = ["recoveryRate", "contactRate", "rpcRate", "ptpKeptRate"] as const satisfies readonly MetricKey[];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "agencies.view");
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw notFound();
  const agency = await findAgencyByCode(parsed.data.code);
  if (!agency) throw notFound();
  requireAgencyAccess(user, [agency.id]);
  const [context, notices, placements] = await Promise.all([
    loadDashboardContext(user, new URL(request.url).searchParams, { agencyId: agency.id }),
    getRegisterNotices(currentTime(), { agencyId: agency.id }),
    getAgencyPlacementFigures(agency.id, currentTime()),
  ]);
  const register = notices[agency.code] ?? null;
  const lifeCycle = { placements, canEditTerm: can(user.role, "settings.agencies") };
  if (context.state !== "ready") return { ...context, agency, register, lifeCycle, figures: null };
  const filters = { ...context.filters, agencyIds: [agency.id] as [number] };
  const figures = await getAgencyPageFigures(figureScopeOf(scopeAgency(user)), filters, currentTime());
  return {
    state: context.state,
    agency,
    register,
    lifeCycle,
    options: context.options,
    currency: context.currency,
    presetAnchor: context.presetAnchor,
    values: filterValues(context.filters, context.basis),
    basis: context.basis,
    canEditWeights: can(user.role, "settings.scorecard"),
    canRaiseFinding: can(user.role, "findings.manage"),
    figures,
  };
}

/** The placement term of the agency's contract (administrators). */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "settings.agencies");
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw notFound();
  const agency = await findAgencyByCode(parsed.data.code);
  if (!agency) throw notFound();
  const form = placementTermSchema.safeParse(Object.fromEntries(await readFormData(request, user)));
  if (!form.success) return Response.json({ error: "INVALID_TERM" }, { status: 400 });
  await setPlacementTerm(agency.id, form.data.placementTermDays);
  return { saved: true };
}

export default function AgencyPage() {
  const data = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const i18n = useI18n();
  const { t } = i18n;
  const { agency } = data;
  const registerLink = `/agencies/${encodeURIComponent(agency.code)}/register`;
  // The period's effective rate under the fee schedules (the scorecard's), not the agency's flat rate.
  const effectiveRate = "figures" in data && data.figures ? (data.figures.scorecard?.commissionRate ?? null) : null;
  const header = (
    <>
      <PageHeader
        title={`${agency.code} · ${agency.name}`}
        subtitle={t("agencies.agencySubtitle", { name: agency.name, commission: effectiveRate === null ? t("common.none") : i18n.percent(effectiveRate, 1), timeZone: agency.timeZone })}
        actions={
          <>
            {data.register ? <StatusBadge status={data.register.status} /> : null}
            <Link to={registerLink} className="text-sm text-brand-600 hover:underline" data-testid="register-link">
              {t("register.open")}
            </Link>
          </>
        }
      />
      <ActionRequiredNotice missingTypes={data.register?.missingTypes ?? []} registerLink={registerLink} />
      <AgencyPlacementsCard agencyCode={agency.code} summary={data.lifeCycle.placements} canEditTerm={data.lifeCycle.canEditTerm} />
    </>
  );
  if (data.state === "noData") return <div>{header}<NoDataYet /></div>;
  if (data.state === "invalidFilters" || !("figures" in data) || !data.figures) return <div>{header}<Alert tone="error">{t("dashboard.filters.invalid")}</Alert></div>;
  const { summary, monthly, violationsByRule, agents, scorecard, weights, gate, findings, publicHistory, unreconciled } = data.figures;
  const { values, currency } = data;
  const labels = Object.fromEntries(rateTrends.map((metric) => [metric, t(metricDefinitions[metric].nameKey)]));
  return (
    <div className="space-y-6">
      {header}
      <FilterBar values={values} agencies={data.options.agencies} products={data.options.products} presetAnchor={data.presetAnchor} agencyChoice={false} />
      <MoneyBasisNote choice={data.basis} />
      <KpiTiles summary={summary} metrics={agencyKpis} currency={currency} />
      <UnreconciledCard rows={unreconciled} currency={currency} />
      <Card title={t("agencies.scorecard")}>
        <div className="flex flex-wrap items-center gap-6 text-sm" data-testid="agency-scorecard">
          <div>
            <span className="mr-2 text-slate-600">{t("agencies.grade")}</span>
            {scorecard?.grade ? (
              <span title={gradeExplanation(i18n, scorecard)}>
                <Badge tone={gradeTone[scorecard.grade]}>{scorecard.grade}</Badge>
              </span>
            ) : (
              <span data-testid="grade-withheld">{(scorecard && gradeWithheldText(i18n, scorecard)) ?? t("common.none")}</span>
            )}
            {scorecard ? (
              <span className="ml-2">
                <ConductGateNote scorecard={scorecard} />
              </span>
            ) : null}
          </div>
          <div>
            <span className="mr-2 text-slate-600">{t("agencies.recoveryIndex")}</span>
            <span className="font-medium tabular-nums">{formatIndexInterval(i18n, scorecard?.recoveryIndex ?? null)}</span>
          </div>
          <div>
            <span className="mr-2 text-slate-600">{t("agencies.indistinguishable")}</span>
            {scorecard?.indistinguishableFrom.length ? scorecard.indistinguishableFrom.join(", ") : t("common.none")}
          </div>
          <WeightsLegend weights={weights} gate={gate} canEdit={data.canEditWeights} />
        </div>
      </Card>
      <AgencyFindingsPanel agencyCode={agency.code} findings={findings} />
      {data.canRaiseFinding ? <FindingRaisePanel agencyCode={agency.code} period={values} rules={violationsByRule} agents={agents} /> : null}
      <div className="grid gap-6 xl:grid-cols-2">
        <Card title={t("agencies.monthlyRates")}>
          <MonthlyLinesChart pivot={pivotMonthlyMetrics(monthly, rateTrends)} labels={labels} format="percent" currency={currency} testId="agency-rates" />
        </Card>
        <Card title={t("agencies.collectedByMonth")}>
          <StackedMonthlyBarsChart
            pivot={pivotMonthlyByAgency(monthly, "collected")}
            format="money"
            currency={currency}
            testId="agency-collected"
            onSelect={(_series, month) => navigate(casesDrillDownUrl(values, agency.code, month, { sortByCollected: true }))}
          />
        </Card>
        <Card title={t("dashboard.violationsByRule")}>
          <p className="-mt-2 mb-3 text-xs text-slate-500">{t("dashboard.violationsByRuleHint")}</p>
          <ViolationsByRuleChart data={violationsByRule} onSelect={(ruleCode) => navigate(violationsDrillDownUrl(values, ruleCode, { agencyCode: agency.code }))} />
        </Card>
        <Card title={t("agencies.complaintsByMonth")}>
          <StackedMonthlyBarsChart
            pivot={pivotMonthlyByAgency(monthly, "complaints")}
            format="count"
            currency={currency}
            testId="agency-complaints"
            onSelect={(_series, month) => navigate(complaintsDrillDownUrl(values, agency.code, month))}
          />
        </Card>
      </div>
      <AgencyComplaintFigures metrics={scorecard?.metrics ?? null} checks={scorecard?.complaintChecks ?? emptyComplaintCheckFigures} history={publicHistory} />
      <Card title={t("agencies.agentLeague")}>
        <p className="-mt-2 mb-3 text-xs text-slate-500">{t("agencies.agentLeagueHint")}</p>
        <AgentLeagueGrid agents={agents} currency={currency} />
      </Card>
      <MetricDefinitionsSection metrics={[...agencyKpis, ...rateTrends, "highViolationsPer1000Contacts", "violationsPer1000Contacts", "complaintsPer1000Accounts", "upheldComplaintsPer1000Accounts"]} terms={["recoveryIndex", "grade"]} notes={["recoveryPeriod", "agentBasis"]} />
    </div>
  );
}
