import { Form, Link, useLoaderData, useSearchParams, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, scopeAgency } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { complaintFilterNames, parseComplaintFilters } from "~/complaints/complaint-grid-query";
import { ComplaintsGrid } from "~/components/complaints-grid";
import { Alert, Button, Field, inputClassName, PageHeader } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";
import { DpdBucketSelect } from "~/components/dashboard/dpd-bucket-select";
import { listAgencyChoices } from "~/violations/filter-options.server";
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
  const filterQuery = new URLSearchParams(complaintFilterNames.flatMap((name) => (searchParams.get(name) ? [[name, searchParams.get(name) ?? ""]] : []))).toString();
  const value = (name: string) => searchParams.get(name) ?? "";
  const created = searchParams.get("created");
  return (
    <div className="space-y-4">
      <PageHeader
        title={t("complaints.title")}
        subtitle={t("complaints.subtitle")}
        actions={
          canCreate ? (
            <Link to="/complaints/new" className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700">
              {t("complaints.new")}
            </Link>
          ) : undefined
        }
      />
      {created ? <Alert tone="success">{t("complaints.created", { ref: created })}</Alert> : null}
      {!filtersValid ? <Alert tone="error">{t("validation.invalidFormat")}</Alert> : null}
      <Form method="get" className="grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-4 lg:grid-cols-9" data-testid="complaint-filters">
        <Field label={t("complaints.source")}>
          <select name="source" defaultValue={value("source")} className={inputClassName}>
            <option value="">{t("complaints.filter.any")}</option>
            {(["DEBTOR", "FAMILY", "THIRD_PARTY", "NON_BORROWER", "REGULATOR", "MEDIA"] as const).map((source) => (
              <option key={source} value={source}>
                {i18n.tEnum("complaintSource", source)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("complaints.filter.category")}>
          <input name="category" defaultValue={value("category")} className={inputClassName} />
        </Field>
        <Field label={t("complaints.severity")}>
          <select name="severity" defaultValue={value("severity")} className={inputClassName}>
            <option value="">{t("complaints.filter.any")}</option>
            {(["HIGH", "MEDIUM", "LOW"] as const).map((severity) => (
              <option key={severity} value={severity}>
                {i18n.tEnum("severity", severity)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("common.status")}>
          <select name="status" defaultValue={value("status")} className={inputClassName}>
            <option value="">{t("complaints.filter.any")}</option>
            {(["OPEN", "INVESTIGATING", "UPHELD", "NOT_UPHELD", "CLOSED"] as const).map((status) => (
              <option key={status} value={status}>
                {i18n.tEnum("complaintStatus", status)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("common.agency")}>
          <select name="agency" defaultValue={value("agency")} className={inputClassName}>
            {agencies.length > 1 ? <option value="">{t("common.allAgencies")}</option> : null}
            {agencies.map((agency) => (
              <option key={agency.id} value={agency.code}>
                {agency.code} · {agency.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("complaints.filter.from")}>
          <input type="date" name="from" defaultValue={value("from")} className={inputClassName} />
        </Field>
        <Field label={t("complaints.filter.to")}>
          <input type="date" name="to" defaultValue={value("to")} className={inputClassName} />
        </Field>
        <Field label={t("dashboard.filters.product")}>
          <input name="product" defaultValue={value("product")} className={inputClassName} />
        </Field>
        <Field label={t("dashboard.filters.dpd")}>
          <DpdBucketSelect defaultValue={value("dpd")} className={inputClassName} />
        </Field>
        <div className="col-span-2 flex items-end gap-2 sm:col-span-4 lg:col-span-9">
          <Button type="submit">{t("complaints.filter.apply")}</Button>
          <a href="/complaints" className="rounded-md px-3 py-2 text-sm text-brand-600 hover:underline">
            {t("complaints.filter.clear")}
          </a>
        </div>
      </Form>
      <ComplaintsGrid key={filterQuery} filterQuery={filterQuery} />
    </div>
  );
}
