// The evaluation page's form, flat field names → the domain's edit shape (validated by evaluationEditSchema after).
import { questionnaire, sectionKeys, MAX_CONDITIONS } from "./evaluation-input";

type FormLike = { get(name: string): FormDataEntryValue | null };

const textOf = (form: FormLike, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};
const scoreOf = (form: FormLike, name: string) => {
  const value = textOf(form, name).trim();
  return value === "" ? null : Number(value);
};

export function evaluationEditFromForm(form: FormLike) {
  const sections: Record<string, unknown> = {};
  for (const key of sectionKeys) {
    const section: Record<string, unknown> = { score: scoreOf(form, `${key}.score`), comment: textOf(form, `${key}.comment`) };
    if (key === "infosec" || key === "operations") {
      const answers: Record<string, string> = {};
      for (const question of questionnaire[key]) {
        const answer = textOf(form, `${key}.answer.${question}`);
        if (answer !== "") answers[question] = answer;
      }
      section.answers = answers;
    }
    sections[key] = section;
  }
  const conditions: { text: string; ruleCode: string }[] = [];
  for (let index = 0; index < MAX_CONDITIONS; index++) {
    const text = textOf(form, `condition.${index}.text`).trim();
    if (text !== "") conditions.push({ text, ruleCode: textOf(form, `condition.${index}.ruleCode`) });
  }
  const decision = textOf(form, "decision");
  return {
    sections,
    overallRating: scoreOf(form, "overallRating"),
    decision: decision === "" ? null : decision,
    conditions,
    lenderNotes: textOf(form, "lenderNotes"),
    notesShared: textOf(form, "notesShared") === "on",
  };
}
