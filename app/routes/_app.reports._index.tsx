import { Link, useActionData, useLoaderData, useNavigation, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { listAgencies } from "~/agencies/agencies.server";
import { requirePermission } from "~/auth/guards.server";
import { can, canSeePersonalData } from "~/auth/permissions";
import { ReportGenerateForm } from "~/components/report-generate-form";
import { Alert, Badge, Card, EmptyState, PageHeader, SimpleTable, type Column } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";
import { AuditReportError } from "~/reports/audit-report-errors";
import { requestAuditReport } from "~/reports/generate-audit-report.server";
import { listAuditReports, type AuditReportListItem } from "~/reports/list-audit-reports.server";
import { readFormData } from "~/http/read-body.server";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.reports");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "reports.view");
  const canGenerate = can(user.role, "reports.generate");
  const [reports, agencies] = await Promise.all([
    listAuditReports({ viewer: user, limit: 200 }),
    canGenerate ? listAgencies({ includeInactive: true }) : Promise.resolve([]),
  ]);
  const now = new Date();
  const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
  return {
    reports,
    agencies: agencies.map((agency) => ({ id: agency.id, code: agency.code, name: agency.name })),
    canGenerate,
    mustMask: !canSeePersonalData(user.role),
    defaultMonth: lastMonth,
  };
}

const generateSchema = z.object({
  month: z.string().regex(/^\d{4}-\d{2}$/),
  agencyId: z.union([z.literal("").transform(() => null), z.coerce.number().int().positive()]),
  masked: z.literal("on").optional(),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "reports.generate");
  const parsed = generateSchema.safeParse(Object.fromEntries(await readFormData(request, user)));
  if (!parsed.success) return data({ reason: "INVALID_MONTH" as const }, { status: 400 });
  try {
    const { id } = await requestAuditReport({
      month: parsed.data.month,
      agencyId: parsed.data.agencyId,
      masked: parsed.data.masked === "on" || !canSeePersonalData(user.role),
      userId: user.id,
      locale: user.locale,
    });
    return redirect(`/reports/${id}`);
  } catch (error) {
    if (error instanceof AuditReportError) return data({ reason: error.reason }, { status: error.reason === "UNKNOWN_AGENCY" ? 404 : 400 });
    throw error;
  }
}

export default function Reports() {
  const { reports, agencies, canGenerate, mustMask, defaultMonth } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const i18n = useI18n();
  const { t } = i18n;
  const columns: Column<AuditReportListItem>[] = [
    {
      header: t("reports.period"),
      cell: (report) => (
        <Link to={`/reports/${report.id}`} className="font-medium text-brand-600 hover:underline" data-testid={`report-link-${report.id}`}>
          {report.periodMonth}
        </Link>
      ),
    },
    { header: t("reports.scope"), cell: (report) => report.agencyCode ?? t("common.allAgencies") },
    { header: t("common.status"), cell: (report) => <Badge tone={report.status === "FINAL" ? "good" : "neutral"}>{i18n.tEnum("reportStatus", report.status)}</Badge> },
    { header: t("reports.list.masked"), cell: (report) => (report.masked ? t("common.yes") : t("common.no")) },
    { header: t("reports.list.progress"), cell: (report) => (report.jobState === "SUCCEEDED" ? i18n.tEnum("jobState", report.jobState) : `${i18n.tEnum("jobState", report.jobState)} ${report.progress}%`) },
    { header: t("reports.detail.generatedAt"), cell: (report) => i18n.dateTime(report.generatedAt) },
    { header: "SHA-256", cell: (report) => <span className="font-mono text-xs">{report.fileSha256 ? `${report.fileSha256.slice(0, 16)}…` : t("common.none")}</span> },
  ];
  return (
    <div className="space-y-6">
      <PageHeader title={t("reports.title")} subtitle={t("reports.subtitle")} />
      {canGenerate ? (
        <Card title={t("reports.generate.title")}>
          {result ? <Alert tone="error">{t(`reports.error.${result.reason}`)}</Alert> : null}
          <ReportGenerateForm agencies={agencies} defaultMonth={defaultMonth} mustMask={mustMask} busy={navigation.state !== "idle"} />
        </Card>
      ) : (
        <Alert>{t("reports.generate.noPermission")}</Alert>
      )}
      {reports.length === 0 ? (
        <EmptyState title={t("reports.none")} hint={t("reports.noneHint")} />
      ) : (
        <SimpleTable columns={columns} rows={reports} rowKey={(report) => report.id} />
      )}
    </div>
  );
}
