import { Link, useLoaderData, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, scopeAgency } from "~/auth/guards.server";
import { Badge, EmptyState, PageHeader, SimpleTable, type Column } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";
import { listViolations, type ViolationListItem } from "~/violations/list-violations.server";

export const meta: MetaFunction = () => [{ title: "Violations · Agency Oversight" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "violations.view");
  return listViolations({ agencyId: scopeAgency(user), limit: 200 });
}

export default function Violations() {
  const { rows, total } = useLoaderData<typeof loader>();
  const i18n = useI18n();
  const { t } = i18n;
  const columns: Column<ViolationListItem>[] = [
    { header: t("violations.occurredAt"), cell: (row) => i18n.dateTime(row.occurredAt) },
    { header: t("violations.rule"), cell: (row) => <span className="font-mono text-xs">{row.ruleCode}</span> },
    { header: t("violations.severity"), cell: (row) => <Badge tone={row.severity === "HIGH" ? "bad" : row.severity === "MEDIUM" ? "warn" : "neutral"}>{i18n.tEnum("severity", row.severity)}</Badge> },
    { header: t("common.status"), cell: (row) => i18n.tEnum("violationStatus", row.status) },
    { header: t("common.agency"), cell: (row) => `${row.agencyCode}${row.agentExternalId ? ` / ${row.agentExternalId}` : ""}` },
    {
      header: t("cases.accountNumber"),
      cell: (row) => (
        <Link className="font-mono text-xs text-brand-600 hover:underline" to={`/cases/${encodeURIComponent(row.accountNumber)}`}>
          {row.accountNumber}
        </Link>
      ),
    },
  ];
  return (
    <div>
      <PageHeader title={t("violations.title")} subtitle={t("violations.subtitle")} />
      {rows.length === 0 ? (
        <EmptyState title={t("violations.none")} hint={t("violations.noneHint")} />
      ) : (
        <>
          <p className="mb-2 text-xs text-slate-500">{t("common.showing", { count: i18n.number(rows.length), total: i18n.number(total) })}</p>
          <SimpleTable columns={columns} rows={rows} rowKey={(row) => row.id} />
        </>
      )}
    </div>
  );
}
