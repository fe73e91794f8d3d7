import { useLoaderData, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, scopeAgency } from "~/auth/guards.server";
import { getPortfolioOverview } from "~/dashboard/get-portfolio-overview.server";
import { Alert, KpiTile, NoDataYet, PageHeader } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";

export const meta: MetaFunction = () => [{ title: "Dashboard · Agency Oversight" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "dashboard.view");
  return { overview: await getPortfolioOverview({ agencyId: scopeAgency(user) }) };
}

export default function Dashboard() {
  const { overview } = useLoaderData<typeof loader>();
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <div>
      <PageHeader title={t("dashboard.title")} subtitle={t("dashboard.subtitle")} />
      {overview.hasData ? (
        <div className="space-y-6">
          <div className="grid grid-cols-2 gap-4 md:grid-cols-3 lg:grid-cols-6">
            <KpiTile label={t("dashboard.agencies")} value={i18n.number(overview.agencyCount)} testId="kpi-agencies" />
            <KpiTile label={t("dashboard.accountsPlaced")} value={i18n.number(overview.accountsPlaced)} testId="kpi-accounts" />
            {overview.placedBalances.map((balance) => (
              <KpiTile key={balance.currency} label={`${t("dashboard.placedBalance")} (${balance.currency})`} value={i18n.money(balance.amount, balance.currency)} />
            ))}
            <KpiTile label={t("dashboard.activityEvents")} value={i18n.number(overview.activityEvents)} testId="kpi-events" />
            <KpiTile label={t("dashboard.openViolations")} value={i18n.number(overview.openViolations)} testId="kpi-violations" />
            <KpiTile label={t("dashboard.complaints")} value={i18n.number(overview.complaints)} testId="kpi-complaints" />
          </div>
          <Alert tone="info">{t("dashboard.metricsPending")}</Alert>
        </div>
      ) : (
        <NoDataYet />
      )}
    </div>
  );
}
