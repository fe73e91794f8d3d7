import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useEffect } from "react";
import { z } from "zod";
import { listAgencies } from "~/agencies/agencies.server";
import { forbidden, notFound, requirePermission, requireUser } from "~/auth/guards.server";
import { can, type Permission } from "~/auth/permissions";
import { ReportFacts, ReportFinalizeForm } from "~/components/report-facts";
import { ReportProgress } from "~/components/report-progress";
import { ReportSummaryPreview } from "~/components/report-summary-preview";
import { Alert, AgencyOptions, Badge, Button, Card, PageHeader, inputClassName } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";
import { AuditReportError } from "~/reports/audit-report-errors";
import { finalizeAuditReport } from "~/reports/finalize-audit-report.server";
import { regenerateAuditReport, requestAuditReport } from "~/reports/generate-audit-report.server";
import { getAuditReportDetail } from "~/reports/list-audit-reports.server";
import { readFormData } from "~/http/read-body.server";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction<typeof loader> = ({ data: loaded, matches }) =>
  pageTitle(matches, (t) => (loaded ? t("pageTitle.report", { id: loaded.report.id }) : t("nav.reports")));

const paramsSchema = z.object({ id: z.coerce.number().int().positive() });
const POLL_MS = 1000;

function reportId(params: unknown): number {
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw notFound();
  return parsed.data.id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "reports.view");
  const id = reportId(params);
  const canGenerate = can(user.role, "reports.generate");
  const [report, agencies] = await Promise.all([getAuditReportDetail(id, user), canGenerate ? listAgencies({ includeInactive: true }) : Promise.resolve([])]);
  if (!report) throw notFound();
  return {
    report,
    agencies: agencies.map((agency) => ({ id: agency.id, code: agency.code, name: agency.name })),
    canGenerate,
    canFinalize: can(user.role, "reports.finalize"),
  };
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("regenerate") }),
  z.object({ intent: z.literal("finalize"), note: z.string().max(10_000), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  z.object({ intent: z.literal("agencyExport"), agencyId: z.coerce.number().int().positive() }),
]);

const statusOf: Record<AuditReportError["reason"], number> = {
  NOT_FOUND: 404,
  NOT_DRAFT: 409,
  NOT_READY: 409,
  NOTE_REQUIRED: 400,
  NOTE_TOO_LONG: 400,
  STALE: 409,
  INVALID_MONTH: 400,
  UNKNOWN_AGENCY: 404,
  AGENCY_REQUIRED: 400,
  DATA_CHANGED: 409,
};

export async function action({ request, params }: ActionFunctionArgs) {
  // Signed in first; which permission is needed depends on the form, so it is checked once the form is read.
  const user = await requireUser(request);
  const form = actionSchema.safeParse(Object.fromEntries(await readFormData(request, user)));
  const needed: Permission = form.success && form.data.intent === "finalize" ? "reports.finalize" : "reports.generate";
  if (!can(user.role, needed)) throw forbidden();
  const id = reportId(params);
  if (!form.success) return data({ ok: false as const, reason: form.error.issues.some((issue) => issue.path[0] === "note") ? ("NOTE_TOO_LONG" as const) : ("NOT_FOUND" as const) }, { status: 400 });
  const report = await getAuditReportDetail(id, user);
  if (!report) throw notFound();
  try {
    if (form.data.intent === "regenerate") {
      await regenerateAuditReport({ reportId: id, userId: user.id, locale: user.locale });
      return data({ ok: true as const, done: "reports.detail.regenerated" as const });
    }
    if (form.data.intent === "finalize") {
      await finalizeAuditReport({ reportId: id, userId: user.id, note: form.data.note, expectedSha256: form.data.sha256, locale: user.locale });
      return data({ ok: true as const, done: "reports.finalize.done" as const });
    }
    const created = await requestAuditReport({ month: report.periodMonth, agencyId: form.data.agencyId, masked: true, userId: user.id, locale: user.locale });
    return redirect(`/reports/${created.id}`);
  } catch (error) {
    if (error instanceof AuditReportError) return data({ ok: false as const, reason: error.reason }, { status: statusOf[error.reason] });
    throw error;
  }
}

export default function ReportPage() {
  const { report, agencies, canGenerate, canFinalize } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const i18n = useI18n();
  const { t } = i18n;
  const working = report.jobState === "QUEUED" || report.jobState === "RUNNING";
  const busy = navigation.state !== "idle";

  useEffect(() => {
    if (!working) return;
    const timer = window.setInterval(() => {
      if (revalidator.state === "idle" && document.visibilityState === "visible") revalidator.revalidate();
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [working, revalidator]);

  const dataChanged = report.errorMessage?.startsWith("DATA_CHANGED") ?? false;
  return (
    <div className="space-y-6">
      <Link to="/reports" className="text-sm font-medium text-brand-600 hover:underline">
        ← {t("reports.detail.back")}
      </Link>
      <PageHeader
        title={t("reports.detail.title", { id: report.id, period: report.periodMonth, scope: report.agencyCode ?? t("common.allAgencies") })}
        actions={
          <span data-testid="report-status">
            <Badge tone={report.status === "FINAL" ? "good" : "neutral"}>{i18n.tEnum("reportStatus", report.status)}</Badge>
          </span>
        }
      />
      {result?.ok ? <Alert tone="success">{t(result.done)}</Alert> : null}
      {result && !result.ok ? <Alert tone="error">{t(`reports.error.${result.reason}`)}</Alert> : null}
      {report.jobState === "FAILED" ? <Alert tone="error">{t("reports.detail.failed", { message: report.errorMessage ?? "" })}</Alert> : null}
      {dataChanged && report.status === "DRAFT" ? <Alert tone="warning">{t("reports.error.DATA_CHANGED")}</Alert> : null}
      {report.status === "FINAL" && !working ? <Alert tone="info">{t("reports.detail.immutable")}</Alert> : null}

      <Card>
        <ReportProgress jobState={report.jobState} progress={working ? report.progress : report.jobState === "SUCCEEDED" ? 100 : report.progress} />
        <div className="mt-4 flex flex-wrap gap-3">
          {report.jobState === "SUCCEEDED" && report.fileSha256 ? (
            <a href={`/reports/${report.id}/download`} download className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700" data-testid="download-report">
              {t("reports.detail.download")}
            </a>
          ) : null}
          {canGenerate && report.status === "DRAFT" && !working ? (
            <Form method="post">
              <input type="hidden" name="intent" value="regenerate" />
              <Button type="submit" variant="secondary" disabled={busy} data-testid="regenerate-report">
                {t("reports.detail.regenerate")}
              </Button>
            </Form>
          ) : null}
        </div>
      </Card>

      <ReportFacts report={report} />

      {canFinalize && report.status === "DRAFT" && report.jobState === "SUCCEEDED" && report.fileSha256 ? <ReportFinalizeForm sha256={report.fileSha256} busy={busy} /> : null}

      {report.summary ? <ReportSummaryPreview summary={report.summary} /> : <Alert>{t("reports.detail.notReady")}</Alert>}

      {canGenerate && !report.agencyId ? (
        <Card title={t("reports.agencyExport.title")}>
          <p className="mb-3 text-sm text-slate-600">{t("reports.agencyExport.hint")}</p>
          <Form method="post" className="flex flex-wrap items-end gap-3">
            <input type="hidden" name="intent" value="agencyExport" />
            <select name="agencyId" required defaultValue="" aria-label={t("reports.col.agency")} className={`${inputClassName} max-w-xs`}>
              <option value="" disabled>
                {t("reports.col.agency")}
              </option>
              <AgencyOptions agencies={agencies} />
            </select>
            <Button type="submit" variant="secondary" disabled={busy}>
              {t("reports.agencyExport.submit")}
            </Button>
          </Form>
        </Card>
      ) : null}
    </div>
  );
}
