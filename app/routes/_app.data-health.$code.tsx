import { Form, useLoaderData, useSearchParams, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { currentTime } from "~/clock/clock.server";
import { DataHealthItemsTable, FeedCalendar } from "~/components/data-health/data-health-items";
import { Alert, Button, Card, EmptyState, PageHeader, inputClassName } from "~/components/ui";
import { requireVisibleAgency } from "~/dashboard/find-agency.server";
import { computeDataHealth } from "~/data-health/data-health.server";
import { monthOfRequest } from "~/data-health/data-health-route.server";
import { useI18n } from "~/i18n/i18n-context";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, (t) => t("pageTitle.dataHealthAgency", { code: data?.agency.code ?? "" }));

// /data-health/:code?month=YYYY-MM: one agency's daily feed for the month and its open items, each of which compliance
// can raise as a finding (ADR 036). AGENCY users see their own agency's page only.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "agencies.view");
  const agency = await requireVisibleAgency(user, params.code);
  const now = currentTime();
  const month = await monthOfRequest(new URL(request.url).searchParams, now);
  const report = await computeDataHealth({ month, agencyIds: [agency.id], now });
  const health = report.agencies[0]!;
  return { month, agency: { code: health.code, name: health.name }, health, settings: report.settings, canRaise: can(user.role, "findings.manage") };
}

const exportLink = "rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50";

export default function AgencyDataHealth() {
  const { month, agency, health, settings, canRaise } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const { t } = useI18n();
  const exportQuery = `month=${month}&agency=${encodeURIComponent(agency.code)}`;
  return (
    <div className="space-y-6">
      <PageHeader
        title={t("dataHealth.agencyTitle", { code: agency.code })}
        subtitle={agency.name}
        actions={
          <>
            <a className={exportLink} href={`/data-health/export?format=csv&${exportQuery}`} download>
              {t("dataHealth.exportCsv")}
            </a>
            <a className={exportLink} href={`/data-health/export?format=xlsx&${exportQuery}`} download>
              {t("dataHealth.exportXlsx")}
            </a>
          </>
        }
      />
      {searchParams.get("gone") ? <Alert tone="warning">{t("dataHealth.itemGone")}</Alert> : null}
      <Form method="get" className="flex items-end gap-3">
        <label className="text-sm">
          {t("dataHealth.month")}
          <input type="month" name="month" defaultValue={month} className={inputClassName} />
        </label>
        <Button type="submit" variant="secondary">
          {t("dataHealth.show")}
        </Button>
      </Form>
      <Card title={t("dataHealth.feed")}>
        {health.expectsDailyFeed ? (
          <>
            <p className="mb-2 text-sm text-slate-600">
              {t("dataHealth.feedHint", { deadline: settings.feedDeadline, zone: health.timeZone })}
              {health.arrivalTrackedFrom ? ` ${t("dataHealth.feedTrackedFrom", { day: health.arrivalTrackedFrom })}` : ""}
            </p>
            <FeedCalendar days={health.feedDays} />
          </>
        ) : (
          <p className="text-sm text-slate-600">{t("dataHealth.feedNotExpected")}</p>
        )}
      </Card>
      <Card title={t("dataHealth.items")}>
        {health.items.length === 0 ? <EmptyState title={t("dataHealth.noItems")} /> : <DataHealthItemsTable items={health.items} month={month} timeZone={health.timeZone} canRaise={canRaise} />}
      </Card>
    </div>
  );
}
