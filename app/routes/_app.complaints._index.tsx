import { Link, useLoaderData, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, scopeAgency } from "~/auth/guards.server";
import { listComplaints, type ComplaintListItem } from "~/complaints/list-complaints.server";
import { EmptyState, PageHeader, SimpleTable, type Column } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";

export const meta: MetaFunction = () => [{ title: "Complaints · Agency Oversight" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "complaints.view");
  return listComplaints({ agencyId: scopeAgency(user), limit: 200 });
}

export default function Complaints() {
  const { rows, total } = useLoaderData<typeof loader>();
  const i18n = useI18n();
  const { t } = i18n;
  const columns: Column<ComplaintListItem>[] = [
    { header: t("complaints.reference"), cell: (row) => <span className="font-mono text-xs">{row.complaintRef}</span> },
    { header: t("complaints.receivedAt"), cell: (row) => i18n.dateTime(row.receivedAt) },
    { header: t("complaints.source"), cell: (row) => i18n.tEnum("complaintSource", row.source) },
    { header: t("complaints.category"), cell: (row) => row.category },
    { header: t("violations.severity"), cell: (row) => i18n.tEnum("severity", row.severity) },
    { header: t("common.status"), cell: (row) => i18n.tEnum("complaintStatus", row.status) },
    { header: t("common.agency"), cell: (row) => row.agencyCode ?? t("common.none") },
    {
      header: t("cases.accountNumber"),
      cell: (row) =>
        row.accountNumber ? (
          <Link className="font-mono text-xs text-brand-600 hover:underline" to={`/cases/${encodeURIComponent(row.accountNumber)}`}>
            {row.accountNumber}
          </Link>
        ) : (
          t("common.none")
        ),
    },
  ];
  return (
    <div>
      <PageHeader title={t("complaints.title")} subtitle={t("complaints.subtitle")} />
      {rows.length === 0 ? (
        <EmptyState title={t("complaints.none")} hint={t("complaints.noneHint")} />
      ) : (
        <>
          <p className="mb-2 text-xs text-slate-500">{t("common.showing", { count: i18n.number(rows.length), total: i18n.number(total) })}</p>
          <SimpleTable columns={columns} rows={rows} rowKey={(row) => row.id} />
        </>
      )}
    </div>
  );
}
