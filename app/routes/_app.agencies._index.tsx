import { useLoaderData, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { listAgencies, type AgencySummary } from "~/agencies/agencies.server";
import { requirePermission, scopeAgency } from "~/auth/guards.server";
import { EmptyState, PageHeader, SimpleTable, type Column } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";

export const meta: MetaFunction = () => [{ title: "Agencies · Agency Oversight" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "agencies.view");
  return { agencies: await listAgencies({ agencyId: scopeAgency(user) }) };
}

export default function Agencies() {
  const { agencies } = useLoaderData<typeof loader>();
  const i18n = useI18n();
  const { t } = i18n;
  const columns: Column<AgencySummary>[] = [
    { header: t("agencies.code"), cell: (agency) => <span className="font-mono text-xs">{agency.code}</span> },
    { header: t("common.name"), cell: (agency) => agency.name },
    { header: t("agencies.timeZone"), cell: (agency) => agency.timeZone },
    { header: t("agencies.commission"), cell: (agency) => i18n.percent(Number(agency.commissionRate)), align: "right" },
    { header: t("agencies.contract"), cell: (agency) => `${i18n.date(agency.contractStart)} – ${i18n.date(agency.contractEnd)}` },
    { header: t("agencies.agents"), cell: (agency) => i18n.number(agency.agentCount), align: "right" },
    { header: t("agencies.placements"), cell: (agency) => i18n.number(agency.placementCount), align: "right" },
  ];
  return (
    <div>
      <PageHeader title={t("agencies.title")} subtitle={t("agencies.subtitle")} />
      {agencies.length === 0 ? (
        <EmptyState title={t("agencies.none")} hint={t("agencies.noneHint")} />
      ) : (
        <SimpleTable columns={columns} rows={agencies} rowKey={(agency) => agency.id} />
      )}
    </div>
  );
}
