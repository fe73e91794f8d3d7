import { Form, Link, useLoaderData, useSearchParams, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requirePermission, scopeAgency } from "~/auth/guards.server";
import { listAgencyChoices } from "~/agencies/agencies.server";
import { FindingStatusBadges } from "~/components/finding-badges";
import { Alert, Button, EmptyState, PageHeader, SimpleTable, inputClassName } from "~/components/ui";
import { findingActor } from "~/findings/finding-route.server";
import { findingStatuses } from "~/findings/finding-state";
import { listFindings, summariseAgencyInbox } from "~/findings/finding-queries.server";
import type { FindingListRow } from "~/findings/finding-types";
import { useI18n } from "~/i18n/i18n-context";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "findings.list.title");

// The findings list for compliance, vendor managers, executives and administrators; for AGENCY users the same page is
// their inbox (the domain scopes it to their own agency's issued findings). Filters by agency and status in the URL.
const querySchema = z.object({
  agency: z.string().trim().toUpperCase().max(64).optional().catch(undefined),
  status: z.enum(findingStatuses).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "findings.view");
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const agencies = await listAgencyChoices({ agencyId: scopeAgency(user) });
  const agency = query.agency ? agencies.find((choice) => choice.code === query.agency) : undefined;
  const viewer = findingActor(user, request);
  const now = new Date();
  // An unknown agency code matches nothing rather than everything.
  const agencyId = query.agency ? (agency?.id ?? -1) : undefined;
  const [list, inbox] = await Promise.all([
    listFindings(viewer, { agencyId, statuses: query.status ? [query.status] : undefined, now }),
    user.role === "AGENCY" ? summariseAgencyInbox(viewer, now) : null,
  ]);
  return { rows: list.rows, total: list.total, agencies, inbox, isAgency: user.role === "AGENCY", unknownAgency: Boolean(query.agency && !agency) };
}

export default function Findings() {
  const { rows, total, agencies, inbox, isAgency, unknownAgency } = useLoaderData<typeof loader>();
  const i18n = useI18n();
  const { t } = i18n;
  const [searchParams] = useSearchParams();
  const columns = [
    { header: t("findings.col.id"), cell: (row: FindingListRow) => <span className="tabular-nums">#{row.id}</span> },
    {
      header: t("findings.col.title"),
      cell: (row: FindingListRow) => (
        <Link to={`/findings/${row.id}`} className="font-medium text-brand-600 hover:underline" data-testid="finding-link">
          {row.title}
        </Link>
      ),
    },
    { header: t("findings.list.agency"), cell: (row: FindingListRow) => <span className="font-mono text-xs">{row.agencyCode}</span> },
    { header: t("findings.col.rules"), cell: (row: FindingListRow) => <span className="font-mono text-xs">{[...row.ruleCodes, ...row.complaintCategories].join(", ")}</span> },
    { header: t("findings.col.period"), cell: (row: FindingListRow) => `${i18n.date(row.periodFrom)} – ${i18n.date(row.periodTo)}` },
    { header: t("findings.col.severity"), cell: (row: FindingListRow) => i18n.tEnum("severity", row.severity) },
    { header: t("findings.list.status"), cell: (row: FindingListRow) => <FindingStatusBadges status={row.status} overdue={row.overdue} repeatOfId={row.repeatOfId} /> },
    { header: t("findings.col.due"), cell: (row: FindingListRow) => i18n.date(row.responseDueOn) },
    { header: t("findings.col.violations"), align: "right" as const, cell: (row: FindingListRow) => i18n.number(row.violationCount) },
  ];
  return (
    <div className="space-y-4">
      <PageHeader title={t(isAgency ? "findings.list.inboxTitle" : "findings.list.title")} subtitle={t(isAgency ? "findings.list.inboxSubtitle" : "findings.list.subtitle")} />
      {inbox && inbox.awaitingResponse + inbox.openActions > 0 ? <Alert tone={inbox.overdue > 0 ? "warning" : "info"}>{t("findings.list.inboxBadge", { count: i18n.number(inbox.awaitingResponse + inbox.openActions) })}</Alert> : null}
      <Form method="get" className="flex flex-wrap items-end gap-3" data-testid="finding-filters">
        {agencies.length > 1 ? (
          <label className="text-sm">
            <span className="block text-slate-600">{t("findings.list.agency")}</span>
            <select name="agency" defaultValue={searchParams.get("agency") ?? ""} className={inputClassName}>
              <option value="">{t("common.allAgencies")}</option>
              {agencies.map((agency) => (
                <option key={agency.id} value={agency.code}>{`${agency.code} · ${agency.name}`}</option>
              ))}
            </select>
          </label>
        ) : null}
        <label className="text-sm">
          <span className="block text-slate-600">{t("findings.list.status")}</span>
          <select name="status" defaultValue={searchParams.get("status") ?? ""} className={inputClassName}>
            <option value="">{t("findings.list.any")}</option>
            {findingStatuses.map((status) => (
              <option key={status} value={status}>
                {i18n.tEnum("findings.status", status)}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit">{t("findings.list.apply")}</Button>
        <Link to="/findings" className="text-sm text-brand-600 hover:underline">
          {t("findings.list.clear")}
        </Link>
      </Form>
      {unknownAgency ? <Alert tone="error">{t("validation.invalidChoice")}</Alert> : null}
      <p className="text-sm text-slate-600">{t("findings.list.count", { count: i18n.number(total) })}</p>
      {rows.length === 0 ? <EmptyState title={t("findings.list.empty")} /> : <SimpleTable columns={columns} rows={rows} rowKey={(row) => row.id} />}
    </div>
  );
}
