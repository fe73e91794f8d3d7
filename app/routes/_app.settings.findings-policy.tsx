import { Form, useActionData, useLoaderData, useNavigation, type MetaFunction } from "@remix-run/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/guards.server";
import { Alert, Button, Card, Field, PageHeader, inputClassName } from "~/components/ui";
import { findingPolicySchema } from "~/findings/finding-policy";
import { getFindingPolicy, saveFindingPolicy } from "~/findings/finding-policy.server";
import { formToPolicy, policyRuleCodes, policyToForm } from "~/findings/policy-form";
import { readFormData } from "~/http/read-body.server";
import { useI18n } from "~/i18n/i18n-context";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "findings.policy.title");

// Settings → Findings policy (compliance): the deadlines every finding uses, how verification judges a fix, and the
// clauses that raise DRAFT findings after each month closes (ADR 023).

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "findings.policy");
  return { values: policyToForm(await getFindingPolicy()), ruleCodes: policyRuleCodes };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "findings.policy");
  const form = await readFormData(request, user);
  const parsed = findingPolicySchema.safeParse(formToPolicy(form));
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => (issue.path[0] === "clauses" ? "clauses" : String(issue.path[0]))))];
    return data({ status: "error" as const, fields }, { status: 400 });
  }
  await saveFindingPolicy(parsed.data, user.id);
  return { status: "saved" as const, fields: [] as string[] };
}

export default function FindingsPolicySettings() {
  const { values, ruleCodes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  const invalid = (field: string) => (result?.status === "error" && result.fields.includes(field) ? t("findings.policy.invalidField") : undefined);
  const number = (name: "responseDays" | "dueSoonDays" | "verificationWindowDays" | "minImprovementPercent" | "minOutboundContacts", label: Parameters<typeof t>[0], hint: Parameters<typeof t>[0]) => (
    <Field label={t(label)} hint={t(hint)} error={invalid(name)}>
      <input name={name} type="number" min={0} step="any" required defaultValue={values[name]} className={inputClassName} />
    </Field>
  );
  return (
    <div className="max-w-3xl space-y-6">
      <PageHeader title={t("findings.policy.title")} subtitle={t("findings.policy.subtitle")} />
      {result?.status === "saved" ? <Alert tone="success">{t("common.saved")}</Alert> : null}
      {result?.status === "error" ? <Alert tone="error">{t("findings.policy.invalid")}</Alert> : null}
      <Form method="post" className="space-y-6">
        <Card title={t("findings.policy.deadlines")}>
          <div className="grid gap-4 md:grid-cols-2">
            {number("responseDays", "findings.policy.responseDays", "findings.policy.responseDaysHint")}
            {number("dueSoonDays", "findings.policy.dueSoonDays", "findings.policy.dueSoonDaysHint")}
            {number("verificationWindowDays", "findings.policy.verificationWindowDays", "findings.policy.verificationWindowDaysHint")}
            {number("minImprovementPercent", "findings.policy.minImprovementPercent", "findings.policy.minImprovementPercentHint")}
          </div>
        </Card>
        <Card title={t("findings.policy.automatic")}>
          <p className="mb-4 text-sm text-slate-600">{t("findings.policy.automaticHint")}</p>
          {number("minOutboundContacts", "findings.policy.minOutboundContacts", "findings.policy.minOutboundContactsHint")}
          <table className="mt-4 w-full text-sm">
            <thead>
              <tr className="text-left text-slate-600">
                <th className="py-1">{t("findings.policy.rule")}</th>
                <th className="py-1">{t("findings.policy.rateAbove")}</th>
                <th className="py-1">{t("findings.policy.anyHigh")}</th>
              </tr>
            </thead>
            <tbody>
              {ruleCodes.map((code) => (
                <tr key={code} className="border-t border-slate-100">
                  <td className="py-1 font-mono text-xs">{code}</td>
                  <td className="py-1">
                    <input name={`rate.${code}`} type="number" min={0} step="any" defaultValue={values.rateThresholds[code]} aria-label={`${code} ${t("findings.policy.rateAbove")}`} className={`${inputClassName} max-w-32`} />
                  </td>
                  <td className="py-1">
                    <input name="high" type="checkbox" value={code} defaultChecked={values.highRules.includes(code)} aria-label={`${code} ${t("findings.policy.anyHigh")}`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <label className="mt-4 flex items-center gap-2 text-sm">
            <input name="agentOutlier" type="checkbox" defaultChecked={values.agentOutlier} />
            {t("findings.policy.agentOutlier")}
          </label>
          <Field label={t("findings.policy.noMatchingLogAbove")} hint={t("findings.policy.noMatchingLogAboveHint")}>
            <input name="noMatchingLogAbove" type="number" min={0} step={1} defaultValue={values.noMatchingLogAbove} className={inputClassName} />
          </Field>
          <div className="mt-4 grid gap-4 md:grid-cols-2">
            <Field label={t("findings.policy.unreconciledAmountAbove")} hint={t("findings.policy.unreconciledAmountAboveHint")}>
              <input name="unreconciledAmountAbove" inputMode="decimal" defaultValue={values.unreconciledAmountAbove} className={inputClassName} />
            </Field>
            <Field label={t("findings.policy.lateRemittancesAbove")} hint={t("findings.policy.lateRemittancesAboveHint")}>
              <input name="lateRemittancesAbove" type="number" min={0} step={1} defaultValue={values.lateRemittancesAbove} className={inputClassName} />
            </Field>
          </div>
          {invalid("clauses") ? <p className="mt-2 text-sm text-red-700">{invalid("clauses")}</p> : null}
        </Card>
        <Button type="submit" disabled={navigation.state === "submitting"}>
          {t("common.save")}
        </Button>
      </Form>
    </div>
  );
}
