import { Form, useActionData, useLoaderData, useSearchParams, type MetaFunction } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { listAgencyChoices } from "~/agencies/agencies.server";
import { requirePermission, scopeAgency } from "~/auth/guards.server";
import { can, isAgencyScoped } from "~/auth/permissions";
import { currentTime } from "~/clock/clock.server";
import { RecallsGrid } from "~/components/recalls-grid";
import { Alert, Button, Field, PageHeader, inputClassName } from "~/components/ui";
import { GridFilterForm } from "~/grid/grid-filter-form";
import { gridFilterQuery } from "~/grid/grid-query";
import { readFormData } from "~/http/read-body.server";
import { useI18n } from "~/i18n/i18n-context";
import { pageTitle } from "~/i18n/page-title";
import { dueReasons } from "~/placements/recall-due";
import { parseRecallDueFilters, recallDueFilterNames } from "~/placements/recall-due-grid-query";
import { readRecallPolicy, recallPolicySchema, recallToday, saveRecallPolicy } from "~/placements/recall-due.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "recalls.title");

// Placements due for recall (ADR 039): every role that sees cases, AGENCY users their own agency's only. The filters
// live in the URL; the grid pages through /recalls/rows, the exports and the recall file come from /recalls/export.
// Administrators set the "not worked" days here.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "cases.view");
  const filters = parseRecallDueFilters(new URL(request.url).searchParams);
  const [agencies, policy, today] = await Promise.all([listAgencyChoices({ agencyId: scopeAgency(user) }), readRecallPolicy(), recallToday(currentTime())]);
  return {
    agencies,
    policy,
    today,
    filtersValid: filters.success,
    canRecall: !isAgencyScoped(user.role) && can(user.role, "imports.upload"),
    canEditPolicy: can(user.role, "settings.agencies"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "settings.agencies");
  const form = Object.fromEntries(await readFormData(request, user));
  const parsed = recallPolicySchema.safeParse(form);
  if (!parsed.success) return { status: "invalid" as const };
  await saveRecallPolicy(parsed.data, user.id);
  return { status: "saved" as const };
}

const linkButton = "rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50";

export default function Recalls() {
  const { agencies, policy, today, filtersValid, canRecall, canEditPolicy } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const i18n = useI18n();
  const { t } = i18n;
  const [searchParams] = useSearchParams();
  const filterQuery = gridFilterQuery(searchParams, recallDueFilterNames);
  const exportQuery = (format: "csv" | "xlsx" | "recall") => new URLSearchParams([["format", format], ...new URLSearchParams(filterQuery)]).toString();
  return (
    <div className="space-y-4">
      <PageHeader
        title={t("recalls.title")}
        subtitle={t("recalls.subtitle", { days: i18n.number(policy.notWorkedDays), today: i18n.date(today) })}
        actions={
          <div className="flex gap-2">
            <a className={linkButton} href={`/recalls/export?${exportQuery("csv")}`} download data-testid="recalls-export-csv">
              {t("recalls.exportCsv")}
            </a>
            <a className={linkButton} href={`/recalls/export?${exportQuery("xlsx")}`} download data-testid="recalls-export-xlsx">
              {t("recalls.exportXlsx")}
            </a>
            {canRecall ? (
              <a className={linkButton} href={`/recalls/export?${exportQuery("recall")}`} download title={t("recalls.recallFileHint")} data-testid="recalls-recall-file">
                {t("recalls.recallFile")}
              </a>
            ) : null}
          </div>
        }
      />
      {!filtersValid ? <Alert tone="error">{t("validation.invalidFormat")}</Alert> : null}
      {result?.status === "saved" ? <Alert tone="success">{t("recalls.policy.saved")}</Alert> : null}
      {result?.status === "invalid" ? <Alert tone="error">{t("recalls.policy.invalid")}</Alert> : null}
      <GridFilterForm
        testId="recall-filters"
        clearHref="/recalls"
        labels={{ apply: t("recalls.filter.apply"), clear: t("recalls.filter.clear") }}
        fields={[
          { name: "agency", label: t("recalls.filter.agency"), kind: "select", any: agencies.length > 1 ? t("common.allAgencies") : undefined, options: agencies.map((agency) => ({ value: agency.code, label: `${agency.code} · ${agency.name}` })) },
          { name: "reason", label: t("recalls.filter.reason"), kind: "select", any: t("recalls.filter.any"), options: dueReasons.map((reason) => ({ value: reason, label: i18n.tEnum("recalls.reason", reason) })) },
        ]}
      />
      <RecallsGrid key={filterQuery} filterQuery={filterQuery} />
      {canEditPolicy ? (
        <Form method="post" className="flex items-end gap-3 rounded-lg border border-slate-200 bg-white p-4" data-testid="recall-policy-form">
          <Field label={t("recalls.policy.notWorkedDays")}>
            <input name="notWorkedDays" type="number" min={1} max={3650} required defaultValue={policy.notWorkedDays} className={inputClassName} />
          </Field>
          <Button type="submit">{t("recalls.policy.save")}</Button>
        </Form>
      ) : null}
    </div>
  );
}
