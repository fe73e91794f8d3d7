import { describe, expect, test } from "vitest";
import { defaultFindingPolicy, findingPolicySchema } from "./finding-policy";
import { formToPolicy, policyToForm } from "./policy-form";

function formOf(entries: [string, string][]) {
  const params = new URLSearchParams(entries);
  return { get: (name: string) => params.get(name), getAll: (name: string) => params.getAll(name) };
}

describe("the findings policy form", () => {
  test("the defaults shown in the form and sent back unchanged give the defaults", () => {
    const values = policyToForm(defaultFindingPolicy);
    expect(values).toMatchObject({ responseDays: "14", dueSoonDays: "3", verificationWindowDays: "30", minImprovementPercent: "0", minOutboundContacts: "200", agentOutlier: true });
    expect(values.rateThresholds.CONTACT_HOURS).toBe("5");
    expect(values.rateThresholds.VISIT_RULES).toBe("");
    const entries: [string, string][] = [
      ["responseDays", values.responseDays],
      ["dueSoonDays", values.dueSoonDays],
      ["verificationWindowDays", values.verificationWindowDays],
      ["minImprovementPercent", values.minImprovementPercent],
      ["minOutboundContacts", values.minOutboundContacts],
      ...Object.entries(values.rateThresholds).map(([code, threshold]): [string, string] => [`rate.${code}`, threshold]),
      ...values.highRules.map((code): [string, string] => ["high", code]),
      ["agentOutlier", "on"],
    ];
    expect(findingPolicySchema.parse(formToPolicy(formOf(entries)))).toEqual(defaultFindingPolicy);
  });

  test.each([
    ["no clause at all is a valid policy", [["responseDays", "10"], ["dueSoonDays", "2"], ["verificationWindowDays", "60"], ["minImprovementPercent", "25"]], true],
    ["a negative threshold is refused", [["responseDays", "10"], ["dueSoonDays", "2"], ["verificationWindowDays", "60"], ["minImprovementPercent", "0"], ["rate.CONTACT_HOURS", "-1"]], false],
    ["a window shorter than a week is refused", [["responseDays", "10"], ["dueSoonDays", "2"], ["verificationWindowDays", "3"], ["minImprovementPercent", "0"]], false],
    ["an empty response time is refused", [["responseDays", ""], ["dueSoonDays", "2"], ["verificationWindowDays", "30"], ["minImprovementPercent", "0"]], false],
    ["a NO_MATCHING_LOG threshold is a clause", [["responseDays", "10"], ["dueSoonDays", "2"], ["verificationWindowDays", "30"], ["minImprovementPercent", "0"], ["noMatchingLogAbove", "3"]], true],
    ["a negative NO_MATCHING_LOG threshold is refused", [["responseDays", "10"], ["dueSoonDays", "2"], ["verificationWindowDays", "30"], ["minImprovementPercent", "0"], ["noMatchingLogAbove", "-2"]], false],
    ["unknown rules ticked are ignored", [["responseDays", "10"], ["dueSoonDays", "2"], ["verificationWindowDays", "30"], ["minImprovementPercent", "0"], ["high", "NOT_A_RULE"]], true],
  ] as [string, [string, string][], boolean][])("%s", (_name, entries, valid) => {
    expect(findingPolicySchema.safeParse(formToPolicy(formOf(entries))).success).toBe(valid);
  });
});
