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
      ["unreconciledAmountAbove", values.unreconciledAmountAbove],
      ["lateRemittancesAbove", values.lateRemittancesAbove],
    ];
    expect(values).toMatchObject({ unreconciledAmountAbove: "1000.00", lateRemittancesAbove: "10" });
    expect(findingPolicySchema.parse(formToPolicy(formOf(entries)))).toEqual(defaultFindingPolicy);
  });

  test.each([
    ["no clause at all is a valid policy", [["responseDays", "10"], ["dueSoonDays", "2"], ["verificationWindowDays", "60"], ["minImprovementPercent", "25"]], true],
    ["a negative threshold is refused", [["responseDays", "10"], ["dueSoonDays", "2"], ["verificationWindowDays", "60"], ["minImprovementPercent", "0"], ["rate.CONTACT_HOURS", "-1"]], false],
    ["a window shorter than a week is refused", [["responseDays", "10"], ["dueSoonDays", "2"], ["verificationWindowDays", "3"], ["minImprovementPercent", "0"]], false],
    ["an empty response time is refused", [["responseDays", ""], ["dueSoonDays", "2"], ["verificationWindowDays", "30"], ["minImprovementPercent", "0"]], false],
    ["a NO_MATCHING_LOG threshold is a clause", [["responseDays", "10"], ["dueSoonDays", "2"], ["verificationWindowDays", "30"], ["minImprovementPercent", "0"], ["noMatchingLogAbove", "3"]], true],
    ["a negative NO_MATCHING_LOG threshold is refused", [["responseDays", "10"], ["dueSoonDays", "2"], ["verificationWindowDays", "30"], ["minImprovementPercent", "0"], ["noMatchingLogAbove", "-2"]], false],
    ["an unreconciled amount alone is a clause", [["responseDays", "10"], ["dueSoonDays", "2"], ["verificationWindowDays", "30"], ["minImprovementPercent", "0"], ["unreconciledAmountAbove", "2500.50"]], true],
    ["late remittances alone are a clause", [["responseDays", "10"], ["dueSoonDays", "2"], ["verificationWindowDays", "30"], ["minImprovementPercent", "0"], ["lateRemittancesAbove", "4"]], true],
    ["an amount with three decimals is refused", [["responseDays", "10"], ["dueSoonDays", "2"], ["verificationWindowDays", "30"], ["minImprovementPercent", "0"], ["unreconciledAmountAbove", "10.005"]], false],
    ["a negative amount is refused", [["responseDays", "10"], ["dueSoonDays", "2"], ["verificationWindowDays", "30"], ["minImprovementPercent", "0"], ["unreconciledAmountAbove", "-5"]], false],
    ["a fractional count of late remittances is refused", [["responseDays", "10"], ["dueSoonDays", "2"], ["verificationWindowDays", "30"], ["minImprovementPercent", "0"], ["lateRemittancesAbove", "1.5"]], false],
    ["unknown rules ticked are ignored", [["responseDays", "10"], ["dueSoonDays", "2"], ["verificationWindowDays", "30"], ["minImprovementPercent", "0"], ["high", "NOT_A_RULE"]], true],
  ] as [string, [string, string][], boolean][])("%s", (_name, entries, valid) => {
    expect(findingPolicySchema.safeParse(formToPolicy(formOf(entries))).success).toBe(valid);
  });
});

test("the reconciliation thresholds, as the form sends them, become one clause", () => {
  const policy = findingPolicySchema.parse(formToPolicy(formOf([["responseDays", "10"], ["dueSoonDays", "2"], ["verificationWindowDays", "30"], ["minImprovementPercent", "0"], ["unreconciledAmountAbove", " 2500.5 "]])));
  expect(policy.clauses).toEqual([{ kind: "UNRECONCILED_ABOVE", amount: "2500.5", lateRemittances: null }]);
  expect(policyToForm(policy)).toMatchObject({ unreconciledAmountAbove: "2500.5", lateRemittancesAbove: "" });
});
