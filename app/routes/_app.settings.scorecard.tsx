import { Form, useActionData, useLoaderData, useNavigation, type MetaFunction } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requirePermission } from "~/auth/guards.server";
import { ConductGateForm } from "~/components/dashboard/conduct-gate-form";
import { Alert, Button, Card, Field, PageHeader, inputClassName } from "~/components/ui";
import { weightsAsPercentages } from "~/dashboard/scorecard-table";
import { useI18n } from "~/i18n/i18n-context";
import { getConductGate, saveConductGate } from "~/metrics/conduct-gate.server";
import { getScorecardWeights, saveScorecardWeights } from "~/metrics/scorecard-weights.server";
import { readFormData } from "~/http/read-body.server";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "agencies.weights.title");

// Percent fields, whole numbers adding up to 100: what people mean by "weights", and what the legend shows.
const percent = z.coerce.number().int().min(0).max(100);
// Escalated findings are points off the total, outside the 100 %; a form without the field keeps the saved points.
const weightsFormSchema = z.object({ recoveryIndex: percent, violations: percent, complaints: percent, upheldComplaints: percent.default(0), escalatedFindings: z.coerce.number().min(0).max(100).optional() });
// An unticked checkbox is absent from the form.
const gateFormSchema = z.object({ enabled: z.literal("on").optional(), threshold: z.coerce.number().min(0).max(1000), capGrade: z.enum(["A", "B", "C", "D"]) });

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "settings.scorecard");
  const [weights, gate] = await Promise.all([getScorecardWeights(), getConductGate()]);
  return { shares: { ...weightsAsPercentages(weights), escalatedFindings: weights.escalatedFindings }, gate };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "settings.scorecard");
  const form = Object.fromEntries(await readFormData(request, user));
  if (form.intent === "conductGate") {
    const gate = gateFormSchema.safeParse(form);
    if (!gate.success) return { status: "error" as const, error: "gate" as const, total: null, submitted: form as Record<string, string>, form: "gate" as const };
    await saveConductGate({ enabled: gate.data.enabled === "on", highViolationsPer1000Contacts: gate.data.threshold, capGrade: gate.data.capGrade }, user.id);
    return { status: "saved" as const, error: null, total: null, submitted: null, form: "gate" as const };
  }
  const parsed = weightsFormSchema.safeParse(form);
  if (!parsed.success) return { status: "error" as const, error: "invalid" as const, total: null, submitted: form as Record<string, string>, form: "weights" as const };
  const { recoveryIndex, violations, complaints, upheldComplaints, escalatedFindings } = parsed.data;
  const total = recoveryIndex + violations + complaints + upheldComplaints;
  if (total !== 100) return { status: "error" as const, error: "sum" as const, total, submitted: form as Record<string, string>, form: "weights" as const };
  await saveScorecardWeights({ recoveryIndex: recoveryIndex / 100, violationsPer1000Contacts: violations / 100, complaintsPer1000Accounts: complaints / 100, upheldComplaintsPer1000Accounts: upheldComplaints / 100, escalatedFindings: escalatedFindings ?? (await getScorecardWeights()).escalatedFindings }, user.id);
  return { status: "saved" as const, error: null, total, submitted: null, form: "weights" as const };
}

export default function ScorecardSettings() {
  const { shares, gate } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, number } = useI18n();
  const weightsResult = result?.form === "weights" ? result : undefined;
  const gateResult = result?.form === "gate" ? result : undefined;
  const value = (name: "recoveryIndex" | "violations" | "complaints" | "upheldComplaints" | "escalatedFindings") => weightsResult?.submitted?.[name] ?? String(shares[name]);
  return (
    <div className="max-w-xl space-y-6">
      <PageHeader title={t("agencies.weights.title")} subtitle={t("agencies.weights.subtitle")} />
      {weightsResult?.status === "saved" ? <Alert tone="success">{t("agencies.weights.saved")}</Alert> : null}
      {weightsResult?.status === "error" ? (
        <Alert tone="error">{weightsResult.error === "sum" ? t("agencies.weights.mustSumTo100", { total: number(weightsResult.total) }) : t("agencies.weights.invalid")}</Alert>
      ) : null}
      {gateResult?.status === "saved" ? <Alert tone="success">{t("conductGate.saved")}</Alert> : null}
      {gateResult?.status === "error" ? <Alert tone="error">{t("conductGate.invalid")}</Alert> : null}
      <Card>
        <Form method="post" className="space-y-4" key={weightsResult?.status === "saved" ? "saved" : "editing"}>
          <Field label={t("agencies.weights.recoveryIndex")}>
            <input name="recoveryIndex" type="number" min={0} max={100} step={1} required defaultValue={value("recoveryIndex")} className={inputClassName} />
          </Field>
          <Field label={t("agencies.weights.violations")}>
            <input name="violations" type="number" min={0} max={100} step={1} required defaultValue={value("violations")} className={inputClassName} />
          </Field>
          <Field label={t("agencies.weights.complaints")}>
            <input name="complaints" type="number" min={0} max={100} step={1} required defaultValue={value("complaints")} className={inputClassName} />
          </Field>
          <Field label={t("agencies.weights.upheldComplaints")} hint={t("agencies.weights.hint")}>
            <input name="upheldComplaints" type="number" min={0} max={100} step={1} required defaultValue={value("upheldComplaints")} className={inputClassName} />
          </Field>
          <Field label={t("agencyFindings.weight")} hint={t("agencyFindings.weightHint")}>
            <input name="escalatedFindings" type="number" min={0} max={100} step={1} required defaultValue={value("escalatedFindings")} className={inputClassName} />
          </Field>
          <Button type="submit" disabled={navigation.state === "submitting"}>
            {t("common.save")}
          </Button>
        </Form>
      </Card>
      <ConductGateForm gate={gate} submitting={navigation.state === "submitting"} submitted={gateResult?.submitted} key={gateResult?.status === "saved" ? "gate-saved" : "gate-editing"} />
    </div>
  );
}
