import { Link, useLoaderData, useSearchParams, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, scopeAgency } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { complaintFilterNames, parseComplaintFilters } from "~/complaints/complaint-grid-query";
import { ComplaintsGrid } from "~/components/complaints-grid";
import { Alert, PageHeader } from "~/components/ui";
import { GridFilterForm } from "~/grid/grid-filter-form";
import { gridFilterQuery } from "~/grid/grid-query";
import { useI18n } from "~/i18n/i18n-context";
import { listAgencyChoices } from "~/agencies/agencies.server";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.complaints");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "complaints.view");
  const filters = parseComplaintFilters(new URL(request.url).searchParams);
  const agencies = await listAgencyChoices({ agencyId: scopeAgency(user) });
  return { agencies, canCreate: can(user.role, "complaints.create"), filtersValid: filters.success };
}

export default function Complaints() {
  const { agencies, canCreate, filtersValid } = useLoaderData<typeof loader>();
  const i18n = useI18n();
  const { t } = i18n;
  const [searchParams] = useSearchParams();
  const filterQuery = gridFilterQuery(searchParams, complaintFilterNames);
  const created = searchParams.get("created");
  return (
    <div className="space-y-4">
      <PageHeader
        title={t("complaints.title")}
        subtitle={t("complaints.subtitle")}
        actions={
          <div className="flex gap-2">
            <a href={`/complaints/export?${filterQuery}`} className="rounded-md border border-slate-300 px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50" data-testid="complaints-export">
              {t("complaintWork.export")}
            </a>
            {canCreate ? (
              <Link to="/complaints/new" className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700">
                {t("complaints.new")}
              </Link>
            ) : null}
          </div>
        }
      />
      {created ? <Alert tone="success">{t("complaints.created", { ref: created })}</Alert> : null}
      {!filtersValid ? <Alert tone="error">{t("validation.invalidFormat")}</Alert> : null}
      <GridFilterForm
        testId="complaint-filters"
        clearHref="/complaints"
        labels={{ apply: t("complaints.filter.apply"), clear: t("complaints.filter.clear") }}
        fields={[
          {
            name: "source",
            label: t("complaints.source"),
            kind: "select",
            any: t("complaints.filter.any"),
            options: (["DEBTOR", "FAMILY", "THIRD_PARTY", "NON_BORROWER", "REGULATOR", "MEDIA"] as const).map((source) => ({ value: source, label: i18n.tEnum("complaintSource", source) })),
          },
          { name: "category", label: t("complaints.filter.category"), kind: "text" },
          { name: "severity", label: t("complaints.severity"), kind: "select", any: t("complaints.filter.any"), options: (["HIGH", "MEDIUM", "LOW"] as const).map((severity) => ({ value: severity, label: i18n.tEnum("severity", severity) })) },
          {
            name: "status",
            label: t("common.status"),
            kind: "select",
            any: t("complaints.filter.any"),
            options: (["RECEIVED", "INVESTIGATING", "RESPONDED", "CLOSED"] as const).map((status) => ({ value: status, label: i18n.tEnum("complaintStatus", status) })),
          },
          { name: "outcome", label: t("complaintWork.outcome"), kind: "select", any: t("complaints.filter.any"), options: (["UPHELD", "PARTLY_UPHELD", "NOT_UPHELD"] as const).map((outcome) => ({ value: outcome, label: i18n.tEnum("complaintOutcome", outcome) })) },
          {
            name: "corroboration",
            label: t("complaints.filter.corroboration"),
            kind: "select",
            any: t("complaints.filter.any"),
            options: (["CORROBORATED", "LOGGED_NO_VIOLATION", "NO_MATCHING_LOG", "NOT_CHECKABLE"] as const).map((value) => ({ value, label: i18n.tEnum("complaintCorroboration", value) })),
          },
          { name: "agency", label: t("common.agency"), kind: "select", any: agencies.length > 1 ? t("common.allAgencies") : undefined, options: agencies.map((agency) => ({ value: agency.code, label: `${agency.code} · ${agency.name}` })) },
          { name: "from", label: t("complaints.filter.from"), kind: "date" },
          { name: "to", label: t("complaints.filter.to"), kind: "date" },
          { name: "product", label: t("dashboard.filters.product"), kind: "text" },
          { name: "dpd", label: t("dashboard.filters.dpd"), kind: "dpd" },
        ]}
      />
      <ComplaintsGrid key={filterQuery} filterQuery={filterQuery} />
    </div>
  );
}
