import { currentTime } from "~/clock/clock.server";
import { Link, useLoaderData, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { listApprovedAgencies } from "~/agency-register/register-lists.server";
import { registerToday } from "~/agency-register/register.server";
import { requirePermission, scopeAgency } from "~/auth/guards.server";
import { useDocumentTypeLabel } from "~/components/agency-register/action-required";
import { ExpiryNote } from "~/components/agency-register/register-licences";
import { StatusBadge } from "~/components/agency-register/register-status";
import { PageHeader, SimpleTable } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "approved.title");

// /approved-agencies: every agency's register status, licences with their expiry, what it lacks and its last
// evaluation (ADR 030); exported as CSV and Excel. AGENCY users see their own row.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "agencies.view");
  const now = currentTime();
  const [rows, today] = await Promise.all([listApprovedAgencies(now, { agencyId: scopeAgency(user) }), registerToday(now)]);
  return { rows, today };
}

const exportLink = "rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50";

export default function ApprovedAgencies() {
  const { rows, today } = useLoaderData<typeof loader>();
  const i18n = useI18n();
  const { t } = i18n;
  const label = useDocumentTypeLabel();
  return (
    <div className="space-y-6">
      <PageHeader
        title={t("approved.title")}
        subtitle={t("approved.subtitle")}
        actions={
          <>
            <a className={exportLink} href="/approved-agencies/export.csv" download>
              {t("approved.exportCsv")}
            </a>
            <a className={exportLink} href="/approved-agencies/export.xlsx" download>
              {t("approved.exportXlsx")}
            </a>
          </>
        }
      />
      <div data-testid="approved-agencies">
        <SimpleTable
          rowKey={(row) => row.code}
          rows={rows}
          columns={[
            {
              header: t("approved.agency"),
              cell: (row) => (
                <Link to={`/agencies/${encodeURIComponent(row.code)}/register`} className="font-medium text-brand-600 hover:underline">
                  {row.code} · {row.name}
                </Link>
              ),
            },
            { header: t("register.status"), cell: (row) => <StatusBadge status={row.status} /> },
            {
              header: t("approved.licences"),
              cell: (row) =>
                row.licences.length === 0
                  ? t("common.none")
                  : row.licences.map((licence) => (
                      <div key={licence.number} className="flex items-center gap-2">
                        {licence.number} · {licence.validTo ? i18n.date(licence.validTo) : t("approved.noExpiry")} <ExpiryNote expiresOn={licence.validTo} today={today} />
                      </div>
                    )),
            },
            { header: t("register.actionRequired"), cell: (row) => (row.actionRequired.length === 0 ? t("common.none") : <span className="text-amber-800">{row.actionRequired.map(label).join(", ")}</span>) },
            { header: t("approved.lastEvaluation"), cell: (row) => (row.lastEvaluatedOn ? i18n.date(row.lastEvaluatedOn) : "—") },
            { header: t("approved.rating"), cell: (row) => row.rating ?? "—" },
          ]}
        />
      </div>
    </div>
  );
}
