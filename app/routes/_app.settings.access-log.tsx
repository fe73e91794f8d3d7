import { Link, useLoaderData, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { accessActions, listAccessLog, type AccessLogRow } from "~/audit/log-access.server";
import { requirePermission } from "~/auth/guards.server";
import { EmptyState, PageHeader, SimpleTable, type Column } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "accessLog.title");

const pageSize = 100;
const searchSchema = z.object({ page: z.coerce.number().int().min(1).max(100_000).default(1), action: z.enum(accessActions).optional() });

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "accessLog.view");
  const parsed = searchSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw new Response("Invalid page or action", { status: 400 });
  const log = await listAccessLog({ page: parsed.data.page, pageSize, action: parsed.data.action });
  return { ...log, page: parsed.data.page, pageCount: Math.max(1, Math.ceil(log.total / pageSize)) };
}

export default function AccessLog() {
  const { rows, total, page, pageCount } = useLoaderData<typeof loader>();
  const i18n = useI18n();
  const { t } = i18n;
  const columns: Column<AccessLogRow>[] = [
    { header: t("common.time"), cell: (row) => i18n.dateTime(row.createdAt) },
    { header: t("accessLog.user"), cell: (row) => (row.userEmail ? `${row.userName} <${row.userEmail}>` : t("common.none")) },
    { header: t("accessLog.action"), cell: (row) => i18n.tEnum("accessLog.action", row.action) },
    { header: t("accessLog.resource"), cell: (row) => `${row.resourceType}${row.resourceId ? ` ${row.resourceId}` : ""}` },
    { header: t("accessLog.address"), cell: (row) => row.ipAddress ?? t("common.none") },
  ];
  return (
    <div>
      <PageHeader title={t("accessLog.title")} subtitle={t("common.showing", { count: i18n.number(rows.length), total: i18n.number(total) })} />
      {rows.length === 0 ? <EmptyState title={t("accessLog.none")} /> : <SimpleTable columns={columns} rows={rows} rowKey={(row) => row.id} />}
      <nav className="mt-4 flex gap-4 text-sm">
        {page > 1 ? <Link to={`?page=${page - 1}`}>←</Link> : null}
        <span>
          {page} / {pageCount}
        </span>
        {page < pageCount ? <Link to={`?page=${page + 1}`}>→</Link> : null}
      </nav>
    </div>
  );
}
