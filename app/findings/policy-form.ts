// The findings policy page's form ↔ the policy setting: the deadlines as numbers, one threshold per rule (empty: no
// clause), a tick per rule for "any HIGH violation", one tick for the outlier clause, the reconciliation thresholds. Pure: the page (client and
// server) and the tests use it; the setting's own schema validates the result.
import { RULE_CODES } from "~/rules/rule-pack";
import type { FindingPolicy, PolicyClause } from "./finding-policy";

export const policyRuleCodes: readonly string[] = RULE_CODES;

export type PolicyFormValues = {
  responseDays: string;
  dueSoonDays: string;
  verificationWindowDays: string;
  minImprovementPercent: string;
  minOutboundContacts: string;
  /** Rule code → threshold per 1,000 contacts ("" = no clause). */
  rateThresholds: Record<string, string>;
  highRules: string[];
  agentOutlier: boolean;
  /** Complaints with no matching log a month above which a finding is raised ("" = no clause). */
  noMatchingLogAbove: string;
  /** Money reported and not received a month (per agency and currency) above which a finding is raised ("" = off). */
  unreconciledAmountAbove: string;
  /** Late remittances a month above which a finding is raised ("" = off; both empty: no clause). */
  lateRemittancesAbove: string;
};

export function policyToForm(policy: FindingPolicy): PolicyFormValues {
  const rates = policy.clauses.filter((clause): clause is Extract<PolicyClause, { kind: "RATE_ABOVE" }> => clause.kind === "RATE_ABOVE");
  const high = policy.clauses.find((clause): clause is Extract<PolicyClause, { kind: "ANY_HIGH" }> => clause.kind === "ANY_HIGH");
  const unreconciled = policy.clauses.find((clause): clause is Extract<PolicyClause, { kind: "UNRECONCILED_ABOVE" }> => clause.kind === "UNRECONCILED_ABOVE");
  return {
    responseDays: String(policy.responseDays),
    dueSoonDays: String(policy.dueSoonDays),
    verificationWindowDays: String(policy.verificationWindowDays),
    minImprovementPercent: String(policy.minImprovementPercent),
    minOutboundContacts: String(rates[0]?.minOutboundContacts ?? 200),
    rateThresholds: Object.fromEntries(policyRuleCodes.map((code) => [code, String(rates.find((clause) => clause.ruleCode === code)?.per1000Contacts ?? "")])),
    highRules: high?.ruleCodes ?? [],
    agentOutlier: policy.clauses.some((clause) => clause.kind === "AGENT_OUTLIER_TWO_MONTHS"),
    noMatchingLogAbove: String(policy.clauses.find((clause): clause is Extract<PolicyClause, { kind: "NO_MATCHING_LOG_ABOVE" }> => clause.kind === "NO_MATCHING_LOG_ABOVE")?.perMonth ?? ""),
    unreconciledAmountAbove: unreconciled?.amount ?? "",
    lateRemittancesAbove: unreconciled?.lateRemittances === null || unreconciled === undefined ? "" : String(unreconciled.lateRemittances),
  };
}

/** Form fields (rate.<RULE>, high=<RULE> repeated, agentOutlier=on) → the policy to validate and store. */
export function formToPolicy(form: { get: (name: string) => unknown; getAll: (name: string) => unknown[] }): unknown {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value.trim() : "";
  };
  const clauses: unknown[] = [];
  for (const code of policyRuleCodes) {
    const threshold = text(`rate.${code}`);
    if (threshold !== "") clauses.push({ kind: "RATE_ABOVE", ruleCode: code, per1000Contacts: threshold, minOutboundContacts: text("minOutboundContacts") || "0" });
  }
  const high = form.getAll("high").filter((code): code is string => typeof code === "string" && policyRuleCodes.includes(code));
  if (high.length > 0) clauses.push({ kind: "ANY_HIGH", ruleCodes: [...new Set(high)] });
  if (form.get("agentOutlier") === "on") clauses.push({ kind: "AGENT_OUTLIER_TWO_MONTHS" });
  if (text("noMatchingLogAbove") !== "") clauses.push({ kind: "NO_MATCHING_LOG_ABOVE", perMonth: text("noMatchingLogAbove") });
  if (text("unreconciledAmountAbove") !== "" || text("lateRemittancesAbove") !== "") {
    clauses.push({ kind: "UNRECONCILED_ABOVE", amount: text("unreconciledAmountAbove"), lateRemittances: text("lateRemittancesAbove") });
  }
  return {
    responseDays: text("responseDays"),
    dueSoonDays: text("dueSoonDays"),
    verificationWindowDays: text("verificationWindowDays"),
    minImprovementPercent: text("minImprovementPercent"),
    clauses,
  };
}
