import { Form, Link, useActionData, useLoaderData, useNavigation, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { listAgencyChoices } from "~/agencies/agencies.server";
import { requirePermission, scopeAgency } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { InvoiceImportCard } from "~/components/invoice-import-card";
import { AgencyOptions, Alert, Badge, Button, Card, Field, inputClassName, PageHeader, SimpleTable, type Column } from "~/components/ui";
import { readFormData } from "~/http/read-body.server";
import { useI18n } from "~/i18n/i18n-context";
import { resolveLocale } from "~/i18n/locale.server";
import type { MessageKey } from "~/i18n/messages.en";
import { pageTitle } from "~/i18n/page-title";
import { generateStatement, listStatements, StatementError, type StatementSummary } from "~/money/statements.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "pageTitle.statements");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "statements.view");
  const agencyId = scopeAgency(user);
  const canManage = can(user.role, "statements.manage");
  const [statements, agencies] = await Promise.all([listStatements({ agencyId }), canManage ? listAgencyChoices() : Promise.resolve([])]);
  const now = new Date();
  const previous = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return { statements, agencies, canManage, canUploadInvoices: can(user.role, "statements.invoice"), defaultMonth: previous.toISOString().slice(0, 7) };
}

const generateSchema = z.object({ agencyId: z.coerce.number().int().positive(), month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "statements.manage");
  const parsed = generateSchema.safeParse(Object.fromEntries(await readFormData(request, user)));
  if (!parsed.success) return data({ error: "statements.error.month" as MessageKey }, { status: 400 });
  try {
    const statement = await generateStatement({ ...parsed.data, userId: user.id, locale: await resolveLocale(request, user) });
    return redirect(`/statements/${statement.id}`);
  } catch (error) {
    if (error instanceof StatementError) return data({ error: `statements.error.${error.code}` as MessageKey }, { status: 409 });
    throw error;
  }
}

export default function Statements() {
  const { statements, agencies, canManage, canUploadInvoices, defaultMonth } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const i18n = useI18n();
  const { t } = i18n;
  const columns: Column<StatementSummary>[] = [
    { header: t("statements.col.month"), cell: (row) => <Link to={`/statements/${row.id}`} className="text-sky-700 hover:underline">{row.month}</Link> },
    { header: t("statements.col.agency"), cell: (row) => `${row.agencyCode} · ${row.agencyName}` },
    { header: t("statements.col.status"), cell: (row) => <Badge tone={row.status === "FINAL" ? "good" : "neutral"}>{i18n.tEnum("statements.status", row.status)}</Badge> },
    { header: t("statements.paymentsTotal"), cell: (row) => i18n.number(Number(row.paymentsTotal), 2), align: "right" },
    { header: t("statements.totalDue"), cell: (row) => i18n.number(Number(row.totalDue), 2), align: "right" },
    {
      header: t("statements.col.invoice"),
      cell: (row) =>
        row.comparison.status === "NO_INVOICE" ? t("common.none") : row.comparison.status === "MATCHES" ? <Badge tone="good">{row.invoiceTotal}</Badge> : <Badge tone="bad">{`${row.invoiceTotal} (${row.comparison.difference})`}</Badge>,
      align: "right",
    },
  ];
  return (
    <div className="space-y-6">
      <PageHeader title={t("statements.title")} subtitle={t("statements.subtitle")} />
      {result?.error ? <Alert tone="error">{t(result.error)}</Alert> : null}
      {canManage ? (
        <Card title={t("statements.generate.title")}>
          <Form method="post" className="flex flex-wrap items-end gap-3" data-testid="statement-generate-form">
            <Field label={t("statements.generate.agency")}>
              <select name="agencyId" required className={inputClassName}>
                <AgencyOptions agencies={agencies} />
              </select>
            </Field>
            <Field label={t("statements.generate.month")}>
              <input name="month" type="month" required defaultValue={defaultMonth} className={inputClassName} />
            </Field>
            <Button type="submit" disabled={navigation.state === "submitting"}>
              {t("statements.generate.submit")}
            </Button>
          </Form>
        </Card>
      ) : null}
      {canUploadInvoices ? <InvoiceImportCard /> : null}
      <div data-testid="statements-list">{statements.length === 0 ? <p className="text-sm text-slate-600">{t("statements.none")}</p> : <SimpleTable columns={columns} rows={statements} rowKey={(row) => row.id} />}</div>
    </div>
  );
}
