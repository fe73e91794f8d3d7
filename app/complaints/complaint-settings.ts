// The complaint workflow's settings and the category → rule-code table (compliance edits both at Settings →
// Complaints): schemas, defaults and the one normalisation of a category, so "Wrong number", "WRONG_NUMBER" and
// " wrong  number " name the same row. Pure.
import { z } from "zod";

export const COMPLAINT_WORKFLOW_SETTING = "complaints.workflow";
export const COMPLAINT_CATEGORY_RULES_SETTING = "complaints.categoryRules";

/** Root causes offered when closing; the defaults are codes with translated labels, added ones are shown as written. */
export const defaultRootCauses = ["AGENT_CONDUCT", "DIALLER_SETTINGS", "WRONG_CONTACT_DATA", "PROCESS_GAP", "TRAINING", "LENDER_DATA", "NOT_AGENCY_RELATED"] as const;

const rootCause = z.string().trim().min(1).max(80);

export const complaintWorkflowSchema = z.object({
  /** Days the agency has to give its account of events, counted from the day it is asked. */
  replyDueDays: z.coerce.number().int().min(1).max(90),
  /** Days before a complaint's receipt (in the debtor's zone) searched for the agency's contacts. */
  corroborationWindowDays: z.coerce.number().int().min(1).max(365),
  rootCauses: z.array(rootCause).min(1).max(50).refine((list) => new Set(list).size === list.length, { message: "validation.duplicate" }),
});
export type ComplaintWorkflowSettings = z.infer<typeof complaintWorkflowSchema>;

export const defaultComplaintWorkflow = (): ComplaintWorkflowSettings => ({ replyDueDays: 15, corroborationWindowDays: 30, rootCauses: [...defaultRootCauses] });

/** Lower case, underscores and runs of spaces as one space, trimmed. */
export function normaliseCategory(category: string): string {
  return category.trim().toLowerCase().replace(/[\s_]+/g, " ");
}

const ruleCodeSchema = z.string().trim().regex(/^[A-Z][A-Z0-9_]{1,63}$/, "validation.invalidFormat");

export const categoryRuleSchema = z.object({
  category: z.string().trim().min(1).max(200),
  ruleCodes: z.array(ruleCodeSchema).max(16),
  /** Where the default came from (the product's own categories or a regulator's taxonomy); "CUSTOM" for added rows. */
  origin: z.enum(["PRODUCT", "REGULATOR", "CUSTOM"]).default("CUSTOM"),
});
export type CategoryRule = z.infer<typeof categoryRuleSchema>;

export const categoryRulesSchema = z
  .array(categoryRuleSchema)
  .max(500)
  .refine((rows) => new Set(rows.map((row) => normaliseCategory(row.category))).size === rows.length, { message: "complaintWork.validation.duplicateCategory" });

const product = (category: string, ...ruleCodes: string[]): CategoryRule => ({ category, ruleCodes, origin: "PRODUCT" });
const regulator = (category: string, ...ruleCodes: string[]): CategoryRule => ({ category, ruleCodes, origin: "REGULATOR" });

/**
 * The defaults: the categories the product's complaint files and form use (English and Chinese), and the debt
 * collection issues of the CFPB's complaint taxonomy (current and 2013–2017 wording). Categories with no rule a log
 * could show (a payment not credited) map to nothing: their complaints are NOT_CHECKABLE.
 */
export const defaultCategoryRules = (): CategoryRule[] => [
  product("Calls at inconvenient times", "CONTACT_HOURS"),
  product("Harassment", "CALL_FREQUENCY_7IN7", "DAILY_CONNECTED_CALLS", "ABUSIVE_LANGUAGE"),
  product("Third-party disclosure", "THIRD_PARTY_DISCLOSURE", "THIRD_PARTY_CONTACT"),
  product("Wrong number", "WRONG_PARTY_REPEAT"),
  product("Contact after cease request", "CONTACT_AFTER_CEASE"),
  product("Contact during dispute", "CONTACT_DURING_DISPUTE"),
  product("Payment not credited"),
  product("No response"),
  product("频繁致电", "CALL_FREQUENCY_7IN7", "DAILY_CONNECTED_CALLS"),
  product("威胁恐吓", "ABUSIVE_LANGUAGE"),
  product("辱骂", "ABUSIVE_LANGUAGE"),
  product("骚扰家属", "THIRD_PARTY_CONTACT", "THIRD_PARTY_DISCLOSURE"),
  product("透露债务", "THIRD_PARTY_DISCLOSURE"),
  product("错误号码", "WRONG_PARTY_REPEAT"),
  product("非本人骚扰", "WRONG_PARTY_REPEAT"),
  product("要求停催后仍联系", "CONTACT_AFTER_CEASE"),
  product("夜间催收", "CONTACT_HOURS"),
  product("服务态度"),
  product("还款未入账"),
  regulator("Called before 8am or after 9pm", "CONTACT_HOURS"),
  regulator("Called outside of 8am-9pm", "CONTACT_HOURS"),
  regulator("Frequent or repeated calls", "CALL_FREQUENCY_7IN7", "DAILY_CONNECTED_CALLS"),
  regulator("Talked to a third-party about your debt", "THIRD_PARTY_DISCLOSURE"),
  regulator("Talked to a third party about my debt", "THIRD_PARTY_DISCLOSURE"),
  regulator("Contacted you after you asked them to stop", "CONTACT_AFTER_CEASE"),
  regulator("Contacted me after I asked not to", "CONTACT_AFTER_CEASE"),
  regulator("Used obscene, profane, or other abusive language", "ABUSIVE_LANGUAGE"),
  regulator("Threatened to arrest you or take you to jail if you do not pay", "ABUSIVE_LANGUAGE"),
  regulator("Threatened to arrest me or take me to jail if I do not pay", "ABUSIVE_LANGUAGE"),
  regulator("Debt is not yours", "WRONG_PARTY_REPEAT"),
  regulator("Debt is not mine", "WRONG_PARTY_REPEAT"),
  regulator("Not the borrower", "WRONG_PARTY_REPEAT"),
  regulator("Attempted to collect wrong amount"),
  regulator("Didn't receive enough information to verify debt"),
];

/** The rule codes a category maps to (none when it has no row or an empty one). */
export function ruleCodesForCategory(rules: readonly CategoryRule[], category: string): string[] {
  const wanted = normaliseCategory(category);
  return rules.find((row) => normaliseCategory(row.category) === wanted)?.ruleCodes ?? [];
}
