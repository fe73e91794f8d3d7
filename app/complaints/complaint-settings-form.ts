// Settings → Complaints' forms read into the settings' shapes: the workflow numbers and root causes (one a line), and
// the category table's rows (category[i], ruleCodes[i], origin[i]; a row whose category is cleared is removed). Pure.
import { defaultCategoryRules, normaliseCategory, type CategoryRule } from "./complaint-settings";

export function formToWorkflow(form: FormData): { replyDueDays: string; corroborationWindowDays: string; rootCauses: string[] } {
  const text = (name: string) => (typeof form.get(name) === "string" ? String(form.get(name)) : "");
  return {
    replyDueDays: text("replyDueDays"),
    corroborationWindowDays: text("corroborationWindowDays"),
    rootCauses: text("rootCauses").split(/\r?\n/).map((line) => line.trim()).filter(Boolean),
  };
}

export function formToCategoryRules(form: FormData): { category: string; ruleCodes: string[]; origin: CategoryRule["origin"] }[] {
  const categories = form.getAll("category").map(String);
  const codes = form.getAll("ruleCodes").map(String);
  const origins = form.getAll("origin").map(String);
  return categories.flatMap((category, index) => {
    if (category.trim() === "") return [];
    const origin = origins[index] === "PRODUCT" || origins[index] === "REGULATOR" ? origins[index] : "CUSTOM";
    const ruleCodes = (codes[index] ?? "").split(/[,;\s]+/).map((code) => code.trim().toUpperCase()).filter(Boolean);
    return [{ category: category.trim(), ruleCodes, origin }];
  });
}

/** The defaults a stored table lacks (after an upgrade added some), appended so compliance sees and may keep them. */
export function withMissingDefaults(rules: readonly CategoryRule[]): CategoryRule[] {
  const known = new Set(rules.map((row) => normaliseCategory(row.category)));
  return [...rules, ...defaultCategoryRules().filter((row) => !known.has(normaliseCategory(row.category)))];
}
