import { Form, useActionData, useLoaderData, useNavigation, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { notFound, requirePermission, scopeAgency } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { Alert, Badge, Button, Card, Field, inputClassName, PageHeader, SimpleTable, type Column } from "~/components/ui";
import { readFormData } from "~/http/read-body.server";
import { useI18n } from "~/i18n/i18n-context";
import { resolveLocale } from "~/i18n/locale.server";
import type { MessageKey } from "~/i18n/messages.en";
import { pageTitle } from "~/i18n/page-title";
import { enterInvoice, finalizeStatement, generateStatement, getStatement, StatementError, type StatementDetail } from "~/money/statements.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data: loaded }) => pageTitle(matches, (t) => (loaded ? t("pageTitle.statement", { id: loaded.statement.id }) : t("pageTitle.statements")));

const paramsSchema = z.object({ id: z.coerce.number().int().positive() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "statements.view");
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw notFound();
  const statement = await getStatement(parsed.data.id, { agencyId: scopeAgency(user) });
  if (!statement) throw notFound();
  return { statement, canManage: can(user.role, "statements.manage") };
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("finalize"), contentSha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  z.object({ intent: z.literal("regenerate") }),
  z.object({ intent: z.literal("invoice"), total: z.string().max(20), reference: z.string().max(100).optional() }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "statements.manage");
  const id = paramsSchema.safeParse(params);
  if (!id.success) throw notFound();
  const parsed = actionSchema.safeParse(Object.fromEntries(await readFormData(request, user)));
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  const current = await getStatement(id.data.id);
  if (!current) throw notFound();
  const locale = await resolveLocale(request, user);
  try {
    if (parsed.data.intent === "finalize") await finalizeStatement({ id: current.id, expectedContentSha256: parsed.data.contentSha256, userId: user.id, locale });
    else if (parsed.data.intent === "regenerate") {
      const again = await generateStatement({ agencyId: current.agencyId, month: current.month, userId: user.id, locale });
      return redirect(`/statements/${again.id}`);
    } else await enterInvoice({ id: current.id, total: parsed.data.total, reference: parsed.data.reference ?? null, userId: user.id, locale });
    return { ok: true as const };
  } catch (error) {
    if (error instanceof StatementError) return data({ ok: false as const, error: `statements.error.${error.code}` as MessageKey }, { status: 409 });
    throw error;
  }
}

type Line = StatementDetail["lines"][number];

export default function Statement() {
  const { statement, canManage } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const i18n = useI18n();
  const { t } = i18n;
  const explaining = new Set(statement.comparison.status === "DIFFERS" ? statement.comparison.explaining : []);
  const money = (value: string | null) => (value === null ? t("common.none") : i18n.number(Number(value), 2));
  const columns: Column<Line>[] = [
    { header: t("statements.col.kind"), cell: (line) => (explaining.has(line.position) ? <Badge tone="bad">{i18n.tEnum("statements.kind", line.kind)}</Badge> : i18n.tEnum("statements.kind", line.kind)) },
    { header: t("statements.col.account"), cell: (line) => line.accountNumber },
    { header: t("statements.col.day"), cell: (line) => line.day },
    { header: t("statements.col.amount"), cell: (line) => money(line.amount), align: "right" },
    { header: t("statements.col.tier"), cell: (line) => line.tierLabel ?? t("common.none") },
    { header: t("statements.col.rate"), cell: (line) => (line.rate === null ? t("common.none") : i18n.percent(Number(line.rate), 2)), align: "right" },
    { header: t("statements.col.commission"), cell: (line) => money(line.commission), align: "right" },
    { header: t("statements.col.adjustsMonth"), cell: (line) => line.adjustsMonth?.slice(0, 7) ?? t("common.none") },
    { header: t("statements.col.previously"), cell: (line) => money(line.previously), align: "right" },
  ];
  const comparison = statement.comparison;
  return (
    <div className="space-y-6">
      <PageHeader
        title={`${t("statements.title")} · ${statement.agencyCode} · ${statement.month}`}
        subtitle={`${i18n.tEnum("statements.status", statement.status)} · ${i18n.tEnum("statements.basis", statement.basis)}`}
        actions={
          <a href={`/statements/${statement.id}/download`} className="text-sm text-sky-700 hover:underline">
            {t("statements.download")}
          </a>
        }
      />
      {result && !result.ok ? <Alert tone="error">{t(result.error)}</Alert> : null}
      {result?.ok ? <Alert tone="success">{t("common.saved")}</Alert> : null}
      <Card>
        <dl className="grid gap-2 text-sm sm:grid-cols-5">
          {(["paymentsTotal", "commissionTotal", "adjustmentsTotal", "flatFeesTotal", "totalDue"] as const).map((key) => (
            <div key={key}>
              <dt className="text-slate-500">{t(`statements.${key}`)}</dt>
              <dd className="text-lg font-semibold tabular-nums" data-testid={`statement-${key}`}>
                {money(statement[key])}
              </dd>
            </div>
          ))}
        </dl>
        {statement.fileSha256 ? <p className="mt-2 break-all text-xs text-slate-500">{t("statements.sha", { sha: statement.fileSha256 })}</p> : null}
      </Card>
      <Card title={t("statements.invoice.title")}>
        {comparison.status === "DIFFERS" ? (
          <Alert tone="warning">
            {t("statements.invoice.DIFFERS", { difference: comparison.difference })} {t(comparison.explaining.length > 0 ? "statements.invoice.explained" : "statements.invoice.unexplained")}
          </Alert>
        ) : (
          <p className="text-sm">{t(`statements.invoice.${comparison.status}`)}</p>
        )}
        {comparison.status === "DIFFERS" && comparison.explaining.length > 0 ? (
          <div className="mt-3" data-testid="invoice-explaining">
            <h3 className="mb-1 text-sm font-medium">{t("statements.invoice.explainingTitle")}</h3>
            <SimpleTable columns={columns} rows={comparison.explaining.map((index) => statement.lines[index]!).filter(Boolean)} rowKey={(line) => line.position} />
          </div>
        ) : null}
        {statement.status === "FINAL" && statement.invoiceTotal !== null ? (
          <a href={`/statements/${statement.id}/download?invoice=1`} className="mt-3 inline-block text-sm text-sky-700 hover:underline" data-testid="invoice-comparison-download">
            {t("statements.invoice.comparisonDownload")}
          </a>
        ) : null}
        {canManage ? (
          <Form method="post" className="mt-3 flex flex-wrap items-end gap-3">
            <input type="hidden" name="intent" value="invoice" />
            <Field label={t("statements.invoice.total")}>
              <input name="total" inputMode="decimal" required defaultValue={statement.invoiceTotal ?? ""} className={inputClassName} />
            </Field>
            <Field label={t("statements.invoice.reference")}>
              <input name="reference" maxLength={100} defaultValue={statement.invoiceReference ?? ""} className={inputClassName} />
            </Field>
            <Button type="submit" variant="secondary" disabled={navigation.state === "submitting"}>
              {t("statements.invoice.submit")}
            </Button>
          </Form>
        ) : null}
      </Card>
      {canManage && statement.status === "DRAFT" ? (
        <Card>
          <p className="mb-3 text-sm text-slate-600">{t("statements.finalizeHint")}</p>
          <div className="flex gap-3">
            <Form method="post">
              <input type="hidden" name="intent" value="finalize" />
              <input type="hidden" name="contentSha256" value={statement.contentSha256} />
              <Button type="submit" disabled={navigation.state === "submitting"}>
                {t("statements.finalize")}
              </Button>
            </Form>
            <Form method="post">
              <input type="hidden" name="intent" value="regenerate" />
              <Button type="submit" variant="secondary" disabled={navigation.state === "submitting"}>
                {t("statements.regenerate")}
              </Button>
            </Form>
          </div>
        </Card>
      ) : null}
      <h2 className="text-lg font-semibold">{t("statements.lines")}</h2>
      <SimpleTable columns={columns} rows={statement.lines} rowKey={(line) => line.position} />
    </div>
  );
}
