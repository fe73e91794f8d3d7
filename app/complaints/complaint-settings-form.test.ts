import { describe, expect, test } from "vitest";
import { categoryRulesSchema, defaultCategoryRules, ruleCodesForCategory } from "./complaint-settings";
import { formToCategoryRules, formToWorkflow, withMissingDefaults } from "./complaint-settings-form";

function form(entries: [string, string][]): FormData {
  const data = new FormData();
  for (const [key, value] of entries) data.append(key, value);
  return data;
}

describe("the category table's form", () => {
  test("rows in order, codes split and upper-cased, cleared categories removed, unknown origins CUSTOM", () => {
    const rows = formToCategoryRules(
      form([
        ["category", "Wrong number"], ["ruleCodes", "wrong_party_repeat"], ["origin", "PRODUCT"],
        ["category", ""], ["ruleCodes", "CONTACT_HOURS"], ["origin", "PRODUCT"],
        ["category", " 夜间催收 "], ["ruleCodes", "CONTACT_HOURS, CALL_FREQUENCY_7IN7"], ["origin", "HACKED"],
        ["category", "No rule"], ["ruleCodes", ""], ["origin", "REGULATOR"],
      ]),
    );
    expect(rows).toEqual([
      { category: "Wrong number", ruleCodes: ["WRONG_PARTY_REPEAT"], origin: "PRODUCT" },
      { category: "夜间催收", ruleCodes: ["CONTACT_HOURS", "CALL_FREQUENCY_7IN7"], origin: "CUSTOM" },
      { category: "No rule", ruleCodes: [], origin: "REGULATOR" },
    ]);
  });

  test("a category given twice (in any spelling) is refused", () => {
    expect(categoryRulesSchema.safeParse([{ category: "Wrong number", ruleCodes: [] }, { category: "WRONG_NUMBER", ruleCodes: [] }]).success).toBe(false);
    expect(categoryRulesSchema.safeParse(defaultCategoryRules()).success).toBe(true);
  });

  test("root causes one a line", () => {
    expect(formToWorkflow(form([["replyDueDays", "10"], ["corroborationWindowDays", "30"], ["rootCauses", "TRAINING\r\n\n  Script error  \n"]]))).toEqual({ replyDueDays: "10", corroborationWindowDays: "30", rootCauses: ["TRAINING", "Script error"] });
  });

  test("defaults missing from a stored table are offered again", () => {
    const stored = [{ category: "wrong_number", ruleCodes: [], origin: "CUSTOM" as const }];
    const merged = withMissingDefaults(stored);
    expect(merged[0]).toEqual(stored[0]);
    expect(merged.filter((row) => row.category.toLowerCase().replace("_", " ") === "wrong number")).toHaveLength(1);
    expect(merged.length).toBe(defaultCategoryRules().length);
  });
});

describe("ruleCodesForCategory: the defaults the issue names", () => {
  test.each([
    ["Called outside of 8am-9pm", ["CONTACT_HOURS"]],
    ["Frequent or repeated calls", ["CALL_FREQUENCY_7IN7", "DAILY_CONNECTED_CALLS"]],
    ["Talked to a third party about my debt", ["THIRD_PARTY_DISCLOSURE"]],
    ["Contacted me after I asked not to", ["CONTACT_AFTER_CEASE"]],
    ["Threatened to arrest me or take me to jail if I do not pay", ["ABUSIVE_LANGUAGE"]],
    ["Used obscene, profane, or other abusive language", ["ABUSIVE_LANGUAGE"]],
    ["Not the borrower", ["WRONG_PARTY_REPEAT"]],
    ["WRONG_NUMBER", ["WRONG_PARTY_REPEAT"]],
    ["  wrong   number ", ["WRONG_PARTY_REPEAT"]],
    ["错误号码", ["WRONG_PARTY_REPEAT"]],
    ["Payment not credited", []],
    ["Something else entirely", []],
  ])("%s → %j", (category, codes) => {
    expect(ruleCodesForCategory(defaultCategoryRules(), category)).toEqual(codes);
  });
});
