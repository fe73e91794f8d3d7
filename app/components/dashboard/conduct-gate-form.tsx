import { Form } from "@remix-run/react";
import { Button, Card, Field, inputClassName } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";
import type { ConductGate } from "~/metrics/conduct-gate";

/** The conduct gate's settings (Settings → Scorecard weights), posted with intent=conductGate. */
export function ConductGateForm({ gate, submitting, submitted }: { gate: ConductGate; submitting: boolean; submitted?: Record<string, string> | null }) {
  const { t } = useI18n();
  const threshold = submitted?.threshold ?? String(gate.highViolationsPer1000Contacts);
  const capGrade = submitted?.capGrade ?? gate.capGrade;
  const enabled = submitted ? submitted.enabled === "on" : gate.enabled;
  return (
    <Card title={t("conductGate.title")}>
      <p className="-mt-2 mb-4 text-sm text-slate-600">{t("conductGate.subtitle")}</p>
      <Form method="post" className="space-y-4" data-testid="conduct-gate-form">
        <input type="hidden" name="intent" value="conductGate" />
        <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
          <input type="checkbox" name="enabled" defaultChecked={enabled} />
          {t("conductGate.enabled")}
        </label>
        <Field label={t("conductGate.threshold")} hint={t("conductGate.thresholdHint")}>
          <input name="threshold" type="number" min={0} max={1000} step={0.1} required defaultValue={threshold} className={inputClassName} />
        </Field>
        <Field label={t("conductGate.capGrade")}>
          <select name="capGrade" defaultValue={capGrade} className={inputClassName}>
            {(["A", "B", "C", "D"] as const).map((grade) => (
              <option key={grade} value={grade}>
                {grade}
              </option>
            ))}
          </select>
        </Field>
        <Button type="submit" disabled={submitting}>
          {t("common.save")}
        </Button>
      </Form>
    </Card>
  );
}
