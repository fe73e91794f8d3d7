import { useActionData, useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { agencyInputSchema } from "~/agencies/agency-input";
import { listAgencies, upsertAgency } from "~/agencies/agencies.server";
import { logAccess } from "~/audit/log-access.server";
import { requirePermission } from "~/auth/guards.server";
import { AgencyForm } from "~/components/agency-form";
import { AgencyPackForm, DefaultPackForm } from "~/components/rule-pack-assignment";
import { RulePackRunProgress } from "~/components/rule-pack-run-progress";
import { Alert, Card, PageHeader } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";
import { fieldMessages } from "~/i18n/validation";
import { getLatestRuleEvaluationRun } from "~/rules/rule-evaluation-runs.server";
import { applyRulePackAssignmentForm, isAssignmentIntent } from "~/rules/rule-pack-changes.server";
import { getRulePackOverview } from "~/rules/rule-packs.server";
import { readFormData } from "~/http/read-body.server";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "pageTitle.settingsAgencies");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "settings.agencies");
  const [agencies, packs, latestRun] = await Promise.all([listAgencies({ includeInactive: true }), getRulePackOverview(), getLatestRuleEvaluationRun()]);
  const assignable = packs.families.filter((family) => family.publishedVersion !== null).map(({ code, name }) => ({ code, name }));
  return { agencies, packs: assignable, defaultPackCode: packs.defaultPackCode, latestRun };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "settings.agencies");
  const form = Object.fromEntries(await readFormData(request, admin));
  // Rule-pack assignment (default pack, an agency's pack): logged and followed by a full re-evaluation.
  if (isAssignmentIntent(form.intent)) {
    const result = await applyRulePackAssignmentForm(form, { userId: admin.id, request });
    return data({ ok: result.ok, pack: result }, { status: result.ok ? 200 : 400 });
  }
  const parsed = agencyInputSchema.safeParse({ ...form, active: form.active !== "false" });
  if (!parsed.success) return data({ ok: false as const, errors: fieldMessages(parsed.error), code: String(form.code ?? "") }, { status: 400 });
  const result = await upsertAgency(parsed.data, { userId: admin.id });
  await logAccess({ userId: admin.id, action: "AGENCY_SAVED", resourceType: "agency", resourceId: parsed.data.code, detail: { created: result.created }, request });
  return { ok: true as const, code: parsed.data.code };
}

export default function AgencySettings() {
  const { agencies, packs, defaultPackCode, latestRun } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useI18n();
  const packResult = result && "pack" in result ? result.pack : undefined;
  const failed = result && !result.ok && "errors" in result ? result : undefined;
  const run = packResult?.ok && packResult.run ? packResult.run : latestRun;
  const translatedErrors = failed ? Object.fromEntries(Object.entries(failed.errors).map(([field, message]) => [field, t(message.key, message.params)])) : undefined;
  const failedCode = failed?.code.toUpperCase();
  const isExisting = agencies.some((agency) => agency.code === failedCode);
  return (
    <div className="space-y-6">
      <PageHeader title={t("agencyForm.title")} />
      {result?.ok && "code" in result ? <Alert tone="success">{t("agencyForm.saved", { code: result.code })}</Alert> : null}
      {packResult?.ok ? <Alert tone="success">{packResult.changed ? t("rulePacks.assign.saved") : t("rulePacks.assign.unchanged")}</Alert> : null}
      {packResult && !packResult.ok ? <Alert tone="error">{t(`rulePacks.error.${packResult.reason}`)}</Alert> : null}
      <Card title={t("rulePacks.assign.settingsTitle")}>
        <p className="mb-4 text-sm text-slate-600">{t("rulePacks.assign.hint")}</p>
        <DefaultPackForm packs={packs} defaultPackCode={defaultPackCode} />
        {run ? (
          <div className="mt-4 border-t border-slate-100 pt-4">
            <RulePackRunProgress key={run.id} run={run} />
          </div>
        ) : null}
      </Card>
      {translatedErrors ? <Alert tone="error">{Object.values(translatedErrors).join(" ")}</Alert> : null}
      <Card title={t("agencyForm.new")}>
        <AgencyForm errors={isExisting ? undefined : translatedErrors} />
      </Card>
      {agencies.map((agency) => (
        <Card key={agency.id} title={`${agency.code} · ${agency.name}`}>
          <AgencyForm agency={agency} errors={agency.code === failedCode ? translatedErrors : undefined} />
          <div className="mt-4 border-t border-slate-100 pt-4">
            <AgencyPackForm agency={agency} packs={packs} defaultPackCode={defaultPackCode} />
          </div>
        </Card>
      ))}
    </div>
  );
}
