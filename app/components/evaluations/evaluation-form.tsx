import { Form } from "@remix-run/react";
import { Button, Card, Field, inputClassName } from "~/components/ui";
import { EvaluationDecision } from "~/generated/prisma/enums";
import { answers, MAX_CONDITIONS, questionnaire, sectionKeys, type EvaluationCondition, type EvaluationSections } from "~/evaluations/evaluation-input";
import { useI18n } from "~/i18n/i18n-context";

export type EvaluationFormValues = {
  version: number;
  sections: EvaluationSections;
  overallRating: number | null;
  decision: EvaluationDecision | null;
  conditions: EvaluationCondition[];
  lenderNotes: string;
  notesShared: boolean;
};

const scores = ["1", "2", "3", "4", "5"];

/** A choice the draft may leave unanswered: the empty first option reads "not answered". */
function OptionalChoice({ name, value, options }: { name: string; value: string | number | null | undefined; options: [value: string, label: string][] }) {
  const { t } = useI18n();
  return (
    <select name={name} defaultValue={value ?? ""} className={inputClassName}>
      <option value="">{t("evaluations.answer.none")}</option>
      {options.map(([optionValue, label]) => (
        <option key={optionValue} value={optionValue}>
          {label}
        </option>
      ))}
    </select>
  );
}

/** The draft's sections, rating, decision, conditions and notes, saved as one form; signing is a separate button. */
export function EvaluationForm({ values, ruleCodes, canSign, busy }: { values: EvaluationFormValues; ruleCodes: string[]; canSign: boolean; busy: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const conditionRows = Array.from({ length: Math.min(MAX_CONDITIONS, Math.max(3, values.conditions.length + 1)) }, (_, index) => values.conditions[index] ?? null);
  return (
    <Form method="post" className="space-y-6">
      <input type="hidden" name="version" value={values.version} />
      {sectionKeys.map((key) => (
        <Card key={key} title={t(`evaluations.section.${key}`)}>
          <div className="grid gap-4 md:grid-cols-4">
            <Field label={t("evaluations.score")}>
              <OptionalChoice name={`${key}.score`} value={values.sections[key].score} options={scores.map((score) => [score, score])} />
            </Field>
            <div className="md:col-span-3">
              <Field label={t("evaluations.comment")}>
                <textarea name={`${key}.comment`} defaultValue={values.sections[key].comment} rows={2} className={inputClassName} />
              </Field>
            </div>
          </div>
          {key === "infosec" || key === "operations" ? (
            <div className="mt-4 grid gap-2 md:grid-cols-2">
              {questionnaire[key].map((question) => (
                <Field key={question} label={t(`evaluations.question.${question}`)}>
                  <OptionalChoice
                    name={`${key}.answer.${question}`}
                    value={(values.sections[key].answers as Record<string, string | undefined>)[question]}
                    options={answers.map((answer) => [answer, t(`evaluations.answer.${answer}`)])}
                  />
                </Field>
              ))}
            </div>
          ) : null}
        </Card>
      ))}
      <Card>
        <div className="grid gap-4 md:grid-cols-2">
          <Field label={t("evaluations.overallRating")}>
            <OptionalChoice name="overallRating" value={values.overallRating} options={scores.map((score) => [score, score])} />
          </Field>
          <Field label={t("evaluations.decision")}>
            <OptionalChoice name="decision" value={values.decision} options={Object.values(EvaluationDecision).map((decision) => [decision, t(`evaluations.decision.${decision}`)])} />
          </Field>
        </div>
        <h3 className="mt-4 text-sm font-semibold">{t("evaluations.conditions")}</h3>
        {conditionRows.map((condition, index) => (
          <div key={index} className="mt-2 grid gap-2 md:grid-cols-3">
            <div className="md:col-span-2">
              <input name={`condition.${index}.text`} aria-label={t("evaluations.condition.text")} defaultValue={condition?.text ?? ""} className={inputClassName} />
            </div>
            <select name={`condition.${index}.ruleCode`} aria-label={t("evaluations.condition.rule")} defaultValue={condition?.ruleCode ?? ruleCodes[0] ?? ""} className={inputClassName}>
              {ruleCodes.map((code) => (
                <option key={code} value={code}>
                  {i18n.tEnum("rules", `${code}.name`)}
                </option>
              ))}
            </select>
          </div>
        ))}
        <div className="mt-4">
          <Field label={t("evaluations.lenderNotes")}>
            <textarea name="lenderNotes" defaultValue={values.lenderNotes} rows={3} className={inputClassName} />
          </Field>
          <label className="mt-2 flex items-center gap-2 text-sm">
            <input type="checkbox" name="notesShared" defaultChecked={values.notesShared} />
            {t("evaluations.notesShared")}
          </label>
        </div>
      </Card>
      <div className="flex gap-3">
        <Button type="submit" name="intent" value="save" disabled={busy}>
          {t("evaluations.save")}
        </Button>
        {canSign ? (
          <Button type="submit" name="intent" value="sign" variant="secondary" disabled={busy} data-testid="evaluation-sign">
            {t("evaluations.sign")}
          </Button>
        ) : null}
      </div>
    </Form>
  );
}
