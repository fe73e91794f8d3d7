import { Form, Link, useLoaderData, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/guards.server";
import { currentTime } from "~/clock/clock.server";
import { Button, Card, PageHeader, SimpleTable, inputClassName } from "~/components/ui";
import { computeDataHealth } from "~/data-health/data-health.server";
import { dataHealthItemKinds } from "~/data-health/data-health-kinds";
import { agencyIdsFor, monthOfRequest } from "~/data-health/data-health-route.server";
import { useI18n } from "~/i18n/i18n-context";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "dataHealth.title");

// /data-health?month=YYYY-MM: every agency's open data-health items for the month, by kind (ADR 036); each agency's
// page lists them. AGENCY users see their own agency only.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "agencies.view");
  const now = currentTime();
  const month = await monthOfRequest(new URL(request.url).searchParams, now);
  const report = await computeDataHealth({ month, agencyIds: agencyIdsFor(user), now });
  const rows = report.agencies.map((agency) => ({
    code: agency.code,
    name: agency.name,
    total: agency.items.length,
    byKind: Object.fromEntries(dataHealthItemKinds.map((kind) => [kind, agency.items.filter((item) => item.kind === kind).length])) as Record<(typeof dataHealthItemKinds)[number], number>,
  }));
  return { month, rows };
}

const exportLink = "rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50";

export default function DataHealthIndex() {
  const { month, rows } = useLoaderData<typeof loader>();
  const { t, tEnum, number } = useI18n();
  return (
    <div className="space-y-6">
      <PageHeader
        title={t("dataHealth.title")}
        subtitle={t("dataHealth.subtitle")}
        actions={
          <>
            <a className={exportLink} href={`/data-health/export?format=csv&month=${month}`} download>
              {t("dataHealth.exportCsv")}
            </a>
            <a className={exportLink} href={`/data-health/export?format=xlsx&month=${month}`} download>
              {t("dataHealth.exportXlsx")}
            </a>
          </>
        }
      />
      <Form method="get" className="flex items-end gap-3" data-testid="data-health-month">
        <label className="text-sm">
          {t("dataHealth.month")}
          <input type="month" name="month" defaultValue={month} className={inputClassName} />
        </label>
        <Button type="submit" variant="secondary">
          {t("dataHealth.show")}
        </Button>
      </Form>
      <Card>
        <div data-testid="data-health-agencies">
          <SimpleTable
            rowKey={(row) => row.code}
            rows={rows}
            columns={[
              {
                header: t("dataHealth.agency"),
                cell: (row) => (
                  <Link to={`/data-health/${encodeURIComponent(row.code)}?month=${month}`} className="font-medium text-brand-600 hover:underline" data-testid={`data-health-agency-${row.code}`}>
                    {row.code} · {row.name}
                  </Link>
                ),
              },
              { header: t("dataHealth.openItems"), cell: (row) => number(row.total) },
              ...dataHealthItemKinds.map((kind) => ({ header: tEnum("dataHealth.kind", kind), cell: (row: (typeof rows)[number]) => (row.byKind[kind] === 0 ? "—" : number(row.byKind[kind])) })),
            ]}
          />
        </div>
      </Card>
    </div>
  );
}
