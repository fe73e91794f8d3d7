// Reads and stores the complaint workflow settings and the category → rule-code table through app/settings (one
// validate-or-fall-back path). Rule codes are checked against the rule registry when stored.
import { RULE_CODES } from "~/rules/rule-pack";
import { readOwnSetting, writeOwnSetting } from "~/settings/settings.server";
import {
  COMPLAINT_CATEGORY_RULES_SETTING,
  COMPLAINT_WORKFLOW_SETTING,
  categoryRulesSchema,
  complaintWorkflowSchema,
  defaultCategoryRules,
  defaultComplaintWorkflow,
  type CategoryRule,
  type ComplaintWorkflowSettings,
} from "./complaint-settings";

export function getComplaintWorkflow(): Promise<ComplaintWorkflowSettings> {
  return readOwnSetting(COMPLAINT_WORKFLOW_SETTING, complaintWorkflowSchema, defaultComplaintWorkflow);
}

export function saveComplaintWorkflow(value: unknown, userId: number | null): Promise<ComplaintWorkflowSettings> {
  return writeOwnSetting(COMPLAINT_WORKFLOW_SETTING, complaintWorkflowSchema, value, userId);
}

export function getCategoryRules(): Promise<CategoryRule[]> {
  return readOwnSetting(COMPLAINT_CATEGORY_RULES_SETTING, categoryRulesSchema, defaultCategoryRules);
}

export class UnknownRuleCodeError extends Error {
  constructor(readonly codes: string[]) {
    super(`Unknown rule code${codes.length === 1 ? "" : "s"}: ${codes.join(", ")}.`);
  }
}

/** Validates (shape, one row per category, known rule codes) and stores the table. */
export async function saveCategoryRules(value: unknown, userId: number | null): Promise<CategoryRule[]> {
  const parsed = categoryRulesSchema.parse(value);
  const known = new Set<string>(RULE_CODES);
  const unknown = [...new Set(parsed.flatMap((row) => row.ruleCodes).filter((code) => !known.has(code)))];
  if (unknown.length > 0) throw new UnknownRuleCodeError(unknown);
  return writeOwnSetting(COMPLAINT_CATEGORY_RULES_SETTING, categoryRulesSchema, parsed, userId);
}
