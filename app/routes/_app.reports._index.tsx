import { useLoaderData, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, scopeAgency } from "~/auth/guards.server";
import { EmptyState, PageHeader, SimpleTable, type Column } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";
import { listAuditReports, type AuditReportListItem } from "~/reports/list-audit-reports.server";

export const meta: MetaFunction = () => [{ title: "Reports · Agency Oversight" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "reports.view");
  return { reports: await listAuditReports({ agencyId: scopeAgency(user), limit: 200 }) };
}

export default function Reports() {
  const { reports } = useLoaderData<typeof loader>();
  const i18n = useI18n();
  const { t } = i18n;
  const columns: Column<AuditReportListItem>[] = [
    { header: t("reports.period"), cell: (report) => report.periodMonth },
    { header: t("reports.scope"), cell: (report) => report.agencyCode ?? t("common.allAgencies") },
    { header: t("common.status"), cell: (report) => i18n.tEnum("reportStatus", report.status) },
    { header: t("common.createdAt"), cell: (report) => i18n.dateTime(report.generatedAt) },
    { header: "SHA-256", cell: (report) => <span className="font-mono text-xs">{report.fileSha256 ?? t("common.none")}</span> },
  ];
  return (
    <div>
      <PageHeader title={t("reports.title")} subtitle={t("reports.subtitle")} />
      {reports.length === 0 ? (
        <EmptyState title={t("reports.none")} hint={t("reports.noneHint")} />
      ) : (
        <SimpleTable columns={columns} rows={reports} rowKey={(report) => report.id} />
      )}
    </div>
  );
}
