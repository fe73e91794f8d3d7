import { currentTime } from "~/clock/clock.server";
import { useLoaderData, useSearchParams, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, scopeAgency } from "~/auth/guards.server";
import { listAgencyChoices } from "~/agencies/agencies.server";
import { FindingsGrid } from "~/components/findings-grid";
import { Alert, PageHeader } from "~/components/ui";
import { findingActor } from "~/findings/finding-route.server";
import { findingFilterNames, parseFindingFilters } from "~/findings/finding-grid-query";
import { findingStatuses } from "~/findings/finding-state";
import { summariseAgencyInbox } from "~/findings/finding-queries.server";
import { GridFilterForm } from "~/grid/grid-filter-form";
import { gridFilterQuery } from "~/grid/grid-query";
import { useI18n } from "~/i18n/i18n-context";
import { pageTitle } from "~/i18n/page-title";
import { RULE_CODES } from "~/rules/rule-pack";
import { ruleName } from "~/violations/render-explanation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "findings.list.title");

// The findings list for compliance, vendor managers, executives and administrators; for AGENCY users the same page is
// their inbox (the domain scopes the grid's rows and the export to their own agency's issued findings). The filters
// live in the URL; the grid pages through /findings/rows and exports through /findings/export.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "findings.view");
  const filters = parseFindingFilters(new URL(request.url).searchParams);
  const [agencies, inbox] = await Promise.all([
    listAgencyChoices({ agencyId: scopeAgency(user) }),
    user.role === "AGENCY" ? summariseAgencyInbox(findingActor(user, request), currentTime()) : null,
  ]);
  return { agencies, inbox, isAgency: user.role === "AGENCY", ruleCodes: [...RULE_CODES], filtersValid: filters.success };
}

const linkButton = "rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50";

export default function Findings() {
  const { agencies, inbox, isAgency, ruleCodes, filtersValid } = useLoaderData<typeof loader>();
  const i18n = useI18n();
  const { t } = i18n;
  const [searchParams] = useSearchParams();
  const filterQuery = gridFilterQuery(searchParams, findingFilterNames);
  const exportQuery = (format: "csv" | "xlsx") => new URLSearchParams([["format", format], ...new URLSearchParams(filterQuery)]).toString();
  return (
    <div className="space-y-4">
      <PageHeader
        title={t(isAgency ? "findings.list.inboxTitle" : "findings.list.title")}
        subtitle={t(isAgency ? "findings.list.inboxSubtitle" : "findings.list.subtitle")}
        actions={
          <div className="flex gap-2">
            <a className={linkButton} href={`/findings/export?${exportQuery("csv")}`} download data-testid="findings-export-csv">
              {t("findingList.exportCsv")}
            </a>
            <a className={linkButton} href={`/findings/export?${exportQuery("xlsx")}`} download data-testid="findings-export-xlsx">
              {t("findingList.exportXlsx")}
            </a>
          </div>
        }
      />
      {inbox && inbox.awaitingResponse + inbox.openActions > 0 ? (
        <Alert tone={inbox.overdue > 0 ? "warning" : "info"}>{t("findings.list.inboxBadge", { count: i18n.number(inbox.awaitingResponse + inbox.openActions) })}</Alert>
      ) : null}
      {!filtersValid ? <Alert tone="error">{t("validation.invalidFormat")}</Alert> : null}
      <GridFilterForm
        testId="finding-filters"
        clearHref="/findings"
        labels={{ apply: t("findings.list.apply"), clear: t("findings.list.clear") }}
        fields={[
          { name: "status", label: t("findings.list.status"), kind: "select", any: t("findings.list.any"), options: [{ value: "OPEN", label: t("findingList.filter.open") }, ...findingStatuses.map((status) => ({ value: status, label: i18n.tEnum("findings.status", status) }))] },
          { name: "agency", label: t("findings.list.agency"), kind: "select", any: agencies.length > 1 ? t("common.allAgencies") : undefined, options: agencies.map((agency) => ({ value: agency.code, label: `${agency.code} · ${agency.name}` })) },
          { name: "rule", label: t("findingList.filter.rule"), kind: "select", any: t("findingList.filter.allRules"), options: ruleCodes.map((code) => ({ value: code, label: ruleName(code, t) })) },
          { name: "overdue", label: t("findingList.filter.overdue"), kind: "select", any: t("findings.list.any"), options: [{ value: "1", label: t("findingList.filter.onlyOverdue") }] },
          { name: "repeat", label: t("findingList.filter.repeat"), kind: "select", any: t("findings.list.any"), options: [{ value: "1", label: t("findingList.filter.onlyRepeats") }] },
        ]}
      />
      <FindingsGrid key={filterQuery} filterQuery={filterQuery} />
    </div>
  );
}
