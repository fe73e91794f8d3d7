import { Form, useLoaderData, useLocation, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useCallback, useState } from "react";
import { requirePermission, scopeAgency } from "~/auth/guards.server";
import { caseSortFromQuery, withCaseSort, type CaseSort } from "~/cases/case-sort";
import { maxCaseExportRows } from "~/cases/case-export-limits";
import { CasesGrid } from "~/components/cases-grid";
import { Alert, Button, PageHeader, inputClassName } from "~/components/ui";
import { listFilterOptions } from "~/dashboard/list-filter-options.server";
import { useI18n } from "~/i18n/i18n-context";
import { MetricFiltersError, parseMetricFilterParams } from "~/metrics/metric-filters";
import { DpdBucketSelect } from "~/components/dashboard/dpd-bucket-select";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.cases");

// The grid loads its rows from /cases.json with the same query string; this loader only checks the filters and
// gives the filter form its choices.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "cases.view");
  const searchParams = new URL(request.url).searchParams;
  const agencyId = scopeAgency(user);
  const options = await listFilterOptions({ agencyId });
  try {
    const params = parseMetricFilterParams(searchParams);
    const search = searchParams.get("q")?.trim().slice(0, 100) ?? "";
    const vintage = /^\d{4}-(0[1-9]|1[0-2])$/.test(searchParams.get("vintage") ?? "") ? searchParams.get("vintage") : null;
    return { options, agencyFixed: agencyId !== undefined, filters: { ...params, q: search, vintage }, error: null };
  } catch (error) {
    if (!(error instanceof MetricFiltersError)) throw error;
    return { options, agencyFixed: agencyId !== undefined, filters: null, error: error.message };
  }
}

export default function Cases() {
  const { options, agencyFixed, filters, error } = useLoaderData<typeof loader>();
  const location = useLocation();
  const { t, number } = useI18n();
  const [total, setTotal] = useState<number | null>(null);
  const onTotal = useCallback((count: number) => setTotal(count), []);
  const filterQuery = location.search.replace(/^\?/, "");
  // The export follows the grid's current sort, which the user may change without a navigation.
  const [sort, setSort] = useState<CaseSort>(() => caseSortFromQuery(filterQuery));
  const exportHref = (format: "csv" | "xlsx") => `/cases/export?${new URLSearchParams([...new URLSearchParams(withCaseSort(filterQuery, sort)), ["format", format]]).toString()}`;
  const selectClassName = `${inputClassName} w-auto`;
  return (
    <div>
      <PageHeader title={t("cases.title")} subtitle={t("caseList.subtitle")} />
      <Form method="get" className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" role="search" key={filterQuery} data-testid="cases-filters">
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">{t("common.search")}</span>
          <input name="q" defaultValue={filters?.q ?? ""} placeholder={t("caseList.searchPlaceholder")} aria-label={t("caseList.searchPlaceholder")} className={`${inputClassName} w-64`} />
        </label>
        {agencyFixed ? null : (
          <label className="text-sm">
            <span className="mb-1 block font-medium text-slate-700">{t("common.agency")}</span>
            <select name="agency" defaultValue={filters?.agency[0] ?? ""} className={selectClassName} data-testid="cases-agency">
              <option value="">{t("common.allAgencies")}</option>
              {options.agencies.map((agency) => (
                <option key={agency.code} value={agency.code}>
                  {agency.code} · {agency.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">{t("dashboard.filters.from")}</span>
          <input type="date" name="from" defaultValue={filters?.from ?? ""} className={selectClassName} />
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">{t("dashboard.filters.to")}</span>
          <input type="date" name="to" defaultValue={filters?.to ?? ""} className={selectClassName} />
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">{t("dashboard.filters.product")}</span>
          <select name="product" defaultValue={filters?.product ?? ""} className={selectClassName}>
            <option value="">{t("dashboard.filters.allProducts")}</option>
            {options.products.map((product) => (
              <option key={product} value={product}>
                {product}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">{t("dashboard.filters.dpd")}</span>
          <DpdBucketSelect defaultValue={filters?.dpd} className={selectClassName} />
        </label>
        {filters?.vintage ? (
          // A vintage curve's drill-down: kept while the other filters change, until removed.
          <span className="flex items-center gap-2 text-sm text-slate-700" data-testid="cases-vintage">
            <input type="hidden" name="vintage" value={filters.vintage} />
            {t("caseList.vintage", { month: filters.vintage })}
            <a href={`/cases?${new URLSearchParams([...new URLSearchParams(filterQuery)].filter(([key]) => key !== "vintage")).toString()}`} className="text-brand-600 hover:underline">
              {t("caseList.vintageRemove")}
            </a>
          </span>
        ) : null}
        <Button type="submit">{t("dashboard.filters.apply")}</Button>
        {total !== null ? (
          <span className="ml-auto text-sm text-slate-600" data-testid="cases-total">
            {t("caseList.count", { count: number(total) })}
          </span>
        ) : null}
        {error ? null : (
          <span className="flex items-center gap-2 text-sm" title={t("caseList.exportHint", { max: number(maxCaseExportRows) })}>
            <span className="text-slate-600">{t("caseList.export")}</span>
            <a href={exportHref("csv")} className="rounded-md border border-slate-300 px-2 py-1 text-brand-600 hover:bg-slate-50" data-testid="cases-export-csv" download>
              {t("caseList.exportCsv")}
            </a>
            <a href={exportHref("xlsx")} className="rounded-md border border-slate-300 px-2 py-1 text-brand-600 hover:bg-slate-50" data-testid="cases-export-xlsx" download>
              {t("caseList.exportXlsx")}
            </a>
          </span>
        )}
      </Form>
      {error ? <Alert tone="error">{t("dashboard.filters.invalid")}</Alert> : <CasesGrid filterQuery={filterQuery} onTotal={onTotal} onSortChange={setSort} />}
    </div>
  );
}
