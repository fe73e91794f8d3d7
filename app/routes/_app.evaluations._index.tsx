import { Form, Link, useActionData, useLoaderData, useNavigation, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { listAgencyChoices } from "~/agencies/agencies.server";
import { requirePermission } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { currentTime } from "~/clock/clock.server";
import { ProblemList } from "~/components/evaluations/problem-list";
import { AgencyOptions, Badge, Button, Card, EmptyState, Field, inputClassName, PageHeader, SimpleTable, type Column } from "~/components/ui";
import { EvaluationError, createEvaluation, listAgenciesDue, listEvaluations, type AgencyDueRow, type EvaluationSummary } from "~/evaluations/evaluations.server";
import { readFormData } from "~/http/read-body.server";
import { useI18n, type I18n } from "~/i18n/i18n-context";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.evaluations");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "evaluations.view");
  const canManage = can(user.role, "evaluations.manage");
  const now = currentTime();
  const [evaluations, due, agencies] = await Promise.all([
    listEvaluations(user),
    canManage ? listAgenciesDue(user, now) : Promise.resolve([]),
    canManage ? listAgencyChoices() : Promise.resolve([]),
  ]);
  const year = now.getUTCFullYear();
  return { evaluations, due, agencies, canManage, defaultFrom: `${year - 1}-${String(now.getUTCMonth() + 1).padStart(2, "0")}-01`, defaultTo: now.toISOString().slice(0, 10) };
}

const createSchema = z.object({
  agencyId: z.coerce.number().int().positive(),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "evaluations.manage");
  const parsed = createSchema.safeParse(Object.fromEntries(await readFormData(request, user)));
  if (!parsed.success) return data({ problems: ["validation.invalidFormat"] }, { status: 400 });
  try {
    const id = await createEvaluation(parsed.data, user, currentTime());
    return redirect(`/evaluations/${id}`);
  } catch (error) {
    if (error instanceof EvaluationError && error.code === "INVALID") return data({ problems: error.problems }, { status: 400 });
    throw error;
  }
}

/** Each reason with its own date: the annual date, or the contract's end and the notice period it is within. */
function dueReasonText(row: AgencyDueRow, i18n: I18n): string {
  return row.reasons
    .map((reason) => {
      if (reason === "ANNUAL" && row.annualDueOn) return i18n.t("evaluations.due.detail.ANNUAL", { date: i18n.date(row.annualDueOn) });
      if (reason === "CONTRACT_ENDING" && row.contract) {
        return i18n.t("evaluations.due.detail.CONTRACT_ENDING", { endsOn: i18n.date(row.contract.endsOn), noticeDays: row.contract.noticeDays, noticeFrom: i18n.date(row.contract.noticeFrom) });
      }
      return i18n.tEnum("evaluations.due.reason", reason);
    })
    .join("; ");
}

export default function Evaluations() {
  const { evaluations, due, agencies, canManage, defaultFrom, defaultTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const i18n = useI18n();
  const { t } = i18n;
  const dueColumns: Column<AgencyDueRow>[] = [
    { header: t("common.agency"), cell: (row) => `${row.agencyCode} · ${row.agencyName}` },
    { header: t("evaluations.due.reasonColumn"), cell: (row) => <span data-testid={`evaluation-due-${row.agencyCode}`}>{dueReasonText(row, i18n)}</span> },
    { header: t("evaluations.due.lastSigned"), cell: (row) => (row.lastSignedOn ? i18n.date(row.lastSignedOn) : t("common.none")) },
    { header: t("evaluations.due.since"), cell: (row) => (row.dueSince ? i18n.date(row.dueSince) : t("common.none")) },
  ];
  const columns: Column<EvaluationSummary>[] = [
    {
      header: "#",
      cell: (row) => (
        <Link to={`/evaluations/${row.id}`} className="font-medium text-brand-600 hover:underline" data-testid={`evaluation-link-${row.id}`}>
          {row.id}
        </Link>
      ),
    },
    { header: t("common.agency"), cell: (row) => row.agencyCode },
    { header: t("evaluations.period"), cell: (row) => `${row.periodFrom} – ${row.periodTo}` },
    { header: t("common.status"), cell: (row) => <Badge tone={row.status === "SIGNED" ? "good" : "neutral"}>{i18n.tEnum("evaluations.status", row.status)}</Badge> },
    { header: t("evaluations.overallRating"), cell: (row) => (row.overallRating === null ? t("common.none") : String(row.overallRating)) },
    { header: t("evaluations.decision"), cell: (row) => i18n.tEnum("evaluations.decision", row.decision) },
  ];
  return (
    <div className="space-y-6">
      <PageHeader title={t("evaluations.title")} subtitle={t("evaluations.subtitle")} />
      {canManage ? (
        <>
          <Card title={t("evaluations.due.title")}>
            {due.length === 0 ? <p className="text-sm text-slate-600">{t("evaluations.due.none")}</p> : <SimpleTable columns={dueColumns} rows={due} rowKey={(row) => row.agencyId} />}
          </Card>
          <Card title={t("evaluations.create.title")}>
            {result ? <ProblemList problems={result.problems} /> : null}
            <Form method="post" className="grid gap-4 md:grid-cols-4">
              <Field label={t("common.agency")}>
                <select name="agencyId" required className={inputClassName} defaultValue={due[0]?.agencyId ?? ""}>
                  <AgencyOptions agencies={agencies} />
                </select>
              </Field>
              <Field label={t("evaluations.from")}>
                <input type="date" name="from" required defaultValue={defaultFrom} className={inputClassName} />
              </Field>
              <Field label={t("evaluations.to")}>
                <input type="date" name="to" required defaultValue={defaultTo} className={inputClassName} />
              </Field>
              <div className="flex items-end">
                <Button type="submit" disabled={navigation.state !== "idle"}>
                  {t("evaluations.create.submit")}
                </Button>
              </div>
            </Form>
          </Card>
        </>
      ) : null}
      {evaluations.length === 0 ? <EmptyState title={t("evaluations.none")} hint={t("evaluations.noneHint")} /> : <SimpleTable columns={columns} rows={evaluations} rowKey={(row) => row.id} />}
    </div>
  );
}
