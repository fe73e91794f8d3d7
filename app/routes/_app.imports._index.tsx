import { useLoaderData, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, scopeAgency } from "~/auth/guards.server";
import { Badge, EmptyState, PageHeader, SimpleTable, type Column } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";
import { listImportBatches, type ImportBatchListItem } from "~/ingest/list-import-batches.server";

export const meta: MetaFunction = () => [{ title: "Imports · Agency Oversight" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "imports.view");
  return { batches: await listImportBatches({ agencyId: scopeAgency(user), limit: 200 }) };
}

export default function Imports() {
  const { batches } = useLoaderData<typeof loader>();
  const i18n = useI18n();
  const { t } = i18n;
  const columns: Column<ImportBatchListItem>[] = [
    { header: "#", cell: (batch) => batch.id, align: "right" },
    { header: t("common.createdAt"), cell: (batch) => i18n.dateTime(batch.createdAt) },
    { header: t("imports.kind"), cell: (batch) => i18n.tEnum("importKind", batch.kind) },
    { header: t("common.agency"), cell: (batch) => batch.agencyCode ?? t("common.none") },
    { header: t("imports.file"), cell: (batch) => batch.fileName },
    {
      header: t("common.status"),
      cell: (batch) => (
        <Badge tone={batch.status === "COMMITTED" ? "good" : batch.status === "FAILED" ? "bad" : "warn"}>{i18n.tEnum("importStatus", batch.status)}</Badge>
      ),
    },
    { header: t("imports.accepted"), cell: (batch) => i18n.number(batch.acceptedRows), align: "right" },
    { header: t("imports.duplicates"), cell: (batch) => i18n.number(batch.duplicateRows), align: "right" },
    { header: t("imports.rejected"), cell: (batch) => i18n.number(batch.rejectedRows), align: "right" },
  ];
  return (
    <div>
      <PageHeader title={t("imports.title")} subtitle={t("imports.subtitle")} />
      {batches.length === 0 ? (
        <EmptyState title={t("imports.none")} hint={t("imports.noneHint")} />
      ) : (
        <SimpleTable columns={columns} rows={batches} rowKey={(batch) => batch.id} />
      )}
    </div>
  );
}
