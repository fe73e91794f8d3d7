import { Form, Link, useLoaderData, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requirePermission, scopeAgency } from "~/auth/guards.server";
import { canSeePersonalData } from "~/auth/permissions";
import { findCases, type CaseListItem } from "~/cases/cases.server";
import { Button, EmptyState, NoDataYet, PageHeader, SimpleTable, inputClassName, type Column } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";

export const meta: MetaFunction = () => [{ title: "Cases · Agency Oversight" }];

const searchParamsSchema = z.object({ q: z.string().trim().max(100).optional() });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "cases.view");
  const { q } = searchParamsSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  // A list shows names masked for everyone: unmasked data is only shown (and logged) on a single case.
  const cases = await findCases({ query: q, agencyId: scopeAgency(user), view: canSeePersonalData(user.role) ? "unmasked" : "masked" });
  return { cases, query: q ?? "" };
}

export default function Cases() {
  const { cases, query } = useLoaderData<typeof loader>();
  const i18n = useI18n();
  const { t } = i18n;
  const columns: Column<CaseListItem>[] = [
    {
      header: t("cases.accountNumber"),
      cell: (item) => (
        <Link className="font-mono text-xs text-brand-600 hover:underline" to={`/cases/${encodeURIComponent(item.accountNumber)}`}>
          {item.accountNumber}
        </Link>
      ),
    },
    { header: t("cases.customer"), cell: (item) => <span className="font-mono text-xs">{item.customerRef}</span> },
    { header: t("cases.debtor"), cell: (item) => item.debtorName ?? t("common.none") },
    { header: t("cases.product"), cell: (item) => item.product ?? t("common.none") },
    { header: t("common.agency"), cell: (item) => item.agencyCode },
    { header: t("cases.placedAt"), cell: (item) => i18n.date(item.placedAt) },
    { header: t("cases.placedBalance"), cell: (item) => i18n.money(item.placedBalance, item.currency), align: "right" },
  ];
  return (
    <div>
      <PageHeader title={t("cases.title")} subtitle={t("cases.subtitle")} />
      <Form method="get" className="mb-6 flex max-w-xl gap-2" role="search">
        <input name="q" defaultValue={query} placeholder={t("cases.searchPlaceholder")} aria-label={t("cases.searchPlaceholder")} className={inputClassName} />
        <Button type="submit">{t("common.search")}</Button>
      </Form>
      {cases.length > 0 ? (
        <>
          {!query ? <h2 className="mb-2 text-sm font-medium text-slate-600">{t("cases.recent")}</h2> : null}
          <SimpleTable columns={columns} rows={cases} rowKey={(item) => `${item.accountNumber}-${item.agencyCode}-${item.placedAt}`} />
        </>
      ) : query ? (
        <EmptyState title={t("cases.noResults", { query })} />
      ) : (
        <NoDataYet />
      )}
    </div>
  );
}
