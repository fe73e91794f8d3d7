import { Link, useActionData, useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { AgencyPackForm, DefaultPackForm } from "~/components/rule-pack-assignment";
import { RulePackRunProgress } from "~/components/rule-pack-run-progress";
import { Alert, Badge, Card, PageHeader, SimpleTable } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";
import { applyRulePackAssignmentForm } from "~/rules/rule-pack-changes.server";
import { getLatestRuleEvaluationRun } from "~/rules/rule-evaluation-runs.server";
import { getRulePackOverview, type RulePackFamily } from "~/rules/rule-packs.server";
import { readFormData } from "~/http/read-body.server";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.rules");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "rulePacks.view");
  const [overview, latestRun] = await Promise.all([getRulePackOverview(), getLatestRuleEvaluationRun()]);
  return { ...overview, latestRun, canEdit: can(user.role, "rulePacks.edit") };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "rulePacks.edit");
  const result = await applyRulePackAssignmentForm(Object.fromEntries(await readFormData(request, user)), { userId: user.id, request });
  return data(result, { status: result.ok ? 200 : 400 });
}

export default function RulesOverview() {
  const { families, defaultPackCode, agencies, latestRun, canEdit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const i18n = useI18n();
  const { t } = i18n;
  const packs = families.filter((family) => family.publishedVersion !== null).map(({ code, name }) => ({ code, name }));
  const run = result?.ok && result.run ? result.run : latestRun;
  return (
    <div className="space-y-6">
      <PageHeader title={t("rulePacks.title")} subtitle={t("rulePacks.subtitle")} />
      {result?.ok ? <Alert tone="success">{result.changed ? t("rulePacks.assign.saved") : t("rulePacks.assign.unchanged")}</Alert> : null}
      {result && !result.ok ? <Alert tone="error">{t(`rulePacks.error.${result.reason}`)}</Alert> : null}
      <Card title={t("rulePacks.families")}>
        <SimpleTable<RulePackFamily>
          rowKey={(family) => family.code}
          rows={families}
          columns={[
            {
              header: t("rulePacks.pack"),
              cell: (family) => (
                <div data-testid={`pack-${family.code}`}>
                  <Link to={`/rules/${family.code}`} className="font-medium text-brand-600 hover:underline">
                    {family.code}
                  </Link>{" "}
                  {family.isDefault ? <Badge tone="good">{t("rulePacks.default")}</Badge> : null}
                  <div className="text-xs text-slate-500">{family.name}</div>
                </div>
              ),
            },
            {
              header: t("rulePacks.published"),
              cell: (family) =>
                family.publishedVersion === null ? (
                  t("rulePacks.neverPublished")
                ) : (
                  <div>
                    <span className="font-medium">v{family.publishedVersion}</span>
                    <div className="text-xs text-slate-500">
                      {i18n.dateTime(family.publishedAt)}
                      {family.publishedByName ? ` · ${family.publishedByName}` : ` · ${t("rulePacks.builtIn")}`}
                    </div>
                  </div>
                ),
            },
            { header: t("rulePacks.draft"), cell: (family) => (family.draftVersion === null ? t("common.none") : <Badge tone="warn">v{family.draftVersion}</Badge>) },
            {
              header: t("rulePacks.usedBy"),
              cell: (family) =>
                family.agencies.length === 0 ? (
                  t("common.none")
                ) : (
                  <span className="text-sm">{family.agencies.map((agency) => `${agency.code}${agency.explicit ? "" : ` (${t("rulePacks.viaDefault")})`}`).join(", ")}</span>
                ),
            },
            {
              header: t("common.actions"),
              cell: (family) => (
                <div className="flex gap-3 text-sm">
                  <Link to={`/rules/${family.code}`} className="text-brand-600 hover:underline">
                    {t("rulePacks.history")}
                  </Link>
                  {canEdit ? (
                    <Link to={`/rules/${family.code}/draft`} className="text-brand-600 hover:underline" data-testid={`edit-${family.code}`}>
                      {t("rulePacks.editDraft")}
                    </Link>
                  ) : null}
                </div>
              ),
            },
          ]}
        />
      </Card>
      {canEdit ? (
        <Card title={t("rulePacks.assign.title")}>
          <p className="mb-4 text-sm text-slate-600">{t("rulePacks.assign.hint")}</p>
          <div className="space-y-4">
            <DefaultPackForm packs={packs} defaultPackCode={defaultPackCode} />
            {agencies.map((agency) => (
              <div key={agency.id} className="flex flex-wrap items-end gap-4 border-t border-slate-100 pt-4">
                <div className="w-64 text-sm">
                  <div className="font-medium text-slate-800">{agency.code}</div>
                  <div className="text-xs text-slate-500">{agency.name}</div>
                </div>
                <AgencyPackForm agency={agency} packs={packs} defaultPackCode={defaultPackCode} />
              </div>
            ))}
          </div>
        </Card>
      ) : null}
      <Card title={t("rulePacks.run.latest")}>{run ? <RulePackRunProgress key={run.id} run={run} /> : <p className="text-sm text-slate-600">{t("rulePacks.run.none")}</p>}</Card>
    </div>
  );
}
