import { Form, useActionData, useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z, ZodError } from "zod";
import { requirePermission } from "~/auth/guards.server";
import { corroborateAllComplaints } from "~/complaints/corroborate-complaints.server";
import { formToCategoryRules, formToWorkflow, withMissingDefaults } from "~/complaints/complaint-settings-form";
import { getCategoryRules, getComplaintWorkflow, saveCategoryRules, saveComplaintWorkflow, UnknownRuleCodeError } from "~/complaints/complaint-settings.server";
import { Alert, Button, Card, Field, PageHeader, inputClassName } from "~/components/ui";
import { readFormData } from "~/http/read-body.server";
import { useI18n } from "~/i18n/i18n-context";
import { pageTitle } from "~/i18n/page-title";
import { RULE_CODES } from "~/rules/rule-pack";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "pageTitle.settingsComplaints");

// Settings → Complaints (compliance): the agency's reply deadline, the corroboration window, the root causes offered
// when closing, and the one table of complaint categories → rule codes the corroboration reads (ADR 032).
const EMPTY_ROWS = 5;

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "complaints.manage");
  const [workflow, rules] = await Promise.all([getComplaintWorkflow(), getCategoryRules()]);
  return { workflow, rules: withMissingDefaults(rules), ruleCodes: RULE_CODES };
}

const intentSchema = z.enum(["workflow", "mapping", "recheck"]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "complaints.manage");
  const form = await readFormData(request, user);
  const intent = intentSchema.safeParse(form.get("intent"));
  if (!intent.success) return data({ status: "error" as const, message: "intent" }, { status: 400 });
  try {
    if (intent.data === "workflow") await saveComplaintWorkflow(formToWorkflow(form), user.id);
    if (intent.data === "mapping") await saveCategoryRules(formToCategoryRules(form), user.id);
    if (intent.data === "recheck") {
      return { status: "rechecked" as const, count: (await corroborateAllComplaints()).checked };
    }
    return { status: "saved" as const };
  } catch (error) {
    if (error instanceof UnknownRuleCodeError) return data({ status: "unknownCodes" as const, codes: error.codes.join(", ") }, { status: 400 });
    if (error instanceof ZodError) return data({ status: "error" as const, message: error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ") }, { status: 400 });
    throw error;
  }
}

export default function ComplaintSettings() {
  const { workflow, rules, ruleCodes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, tEnum, number } = useI18n();
  const rows = [...rules, ...Array.from({ length: EMPTY_ROWS }, () => ({ category: "", ruleCodes: [] as string[], origin: "CUSTOM" as const }))];
  return (
    <div className="max-w-5xl space-y-6">
      <PageHeader title={t("complaintWork.settings.title")} subtitle={t("complaintWork.settings.subtitle")} />
      {result?.status === "saved" ? <Alert tone="success">{t("complaintWork.settings.saved")}</Alert> : null}
      {result?.status === "rechecked" ? <Alert tone="success">{t("complaintWork.settings.rechecked", { count: number(result.count) })}</Alert> : null}
      {result?.status === "unknownCodes" ? <Alert tone="error">{t("complaintWork.settings.unknownCodes", { codes: result.codes })}</Alert> : null}
      {result?.status === "error" ? <Alert tone="error">{t("validation.invalidFormat")} {result.message}</Alert> : null}
      <Card>
        <Form method="post" className="grid gap-4 md:grid-cols-2">
          <input type="hidden" name="intent" value="workflow" />
          <Field label={t("complaintWork.settings.replyDueDays")}>
            <input name="replyDueDays" type="number" min={1} max={90} required defaultValue={workflow.replyDueDays} className={inputClassName} />
          </Field>
          <Field label={t("complaintWork.settings.windowDays")}>
            <input name="corroborationWindowDays" type="number" min={1} max={365} required defaultValue={workflow.corroborationWindowDays} className={inputClassName} />
          </Field>
          <Field label={t("complaintWork.settings.rootCauses")}>
            <textarea name="rootCauses" rows={7} defaultValue={workflow.rootCauses.join("\n")} className={inputClassName} />
          </Field>
          <div className="flex items-end">
            <Button type="submit">{t("complaintWork.settings.saveWorkflow")}</Button>
          </div>
        </Form>
      </Card>
      <Card title={t("complaintWork.settings.mapping")}>
        <p className="mb-3 text-sm text-slate-600">{t("complaintWork.settings.mappingHint")}</p>
        <p className="mb-3 font-mono text-xs text-slate-500">{ruleCodes.join(" · ")}</p>
        <Form method="post" className="space-y-3">
          <input type="hidden" name="intent" value="mapping" />
          <table className="min-w-full text-sm" data-testid="category-rules">
            <thead>
              <tr className="text-left text-slate-600">
                <th className="py-1 pr-2 font-medium">{t("complaintWork.settings.category")}</th>
                <th className="py-1 pr-2 font-medium">{t("complaintWork.settings.ruleCodes")}</th>
                <th className="py-1 font-medium">{t("complaintWork.settings.origin")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => (
                <tr key={`${index}-${row.category}`}>
                  <td className="py-1 pr-2">
                    <input name="category" defaultValue={row.category} maxLength={200} className={inputClassName} aria-label={t("complaintWork.settings.category")} />
                  </td>
                  <td className="py-1 pr-2">
                    <input name="ruleCodes" defaultValue={row.ruleCodes.join(", ")} className={`${inputClassName} font-mono`} aria-label={t("complaintWork.settings.ruleCodes")} />
                  </td>
                  <td className="py-1 text-slate-500">
                    <input type="hidden" name="origin" value={row.origin} />
                    {tEnum("complaintWork.settings.origin", row.origin)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Button type="submit">{t("complaintWork.settings.saveMapping")}</Button>
        </Form>
      </Card>
      <Form method="post">
        <input type="hidden" name="intent" value="recheck" />
        <Button type="submit" variant="secondary">
          {t("complaintWork.settings.recheckAll")}
        </Button>
      </Form>
    </div>
  );
}
