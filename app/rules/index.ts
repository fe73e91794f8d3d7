// Public surface of the rule engine: pure functions and data, no database. The DB adapter loads a customer's
// events, accounts, placements and wrong-number reports, calls evaluateRules, and stores the violations.
export { evaluateRules, compareIds } from "./evaluate";
export { rulesEn, rulesZh, type RulesMessageKey } from "./explanations";
export { resolveTimeZone } from "./local-time";
export {
  RULE_CODES,
  RulePackError,
  chinaPack,
  defaultRulePacks,
  parseRulePackParameters,
  ruleParametersSchemas,
  rulePackParametersSchema,
  safeParseRulePackParameters,
  usRegFPack,
  type RuleCode,
  type RulePackIssue,
  type RulePackParameters,
  type RulePackParseResult,
  type RuleParametersByCode,
} from "./rule-pack";
export {
  RuleInputError,
  type CalendarDate,
  type EvaluateRulesInput,
  type EvaluationPack,
  type Instant,
  type RuleAccount,
  type RuleEvent,
  type RuleExplanation,
  type RulePlacement,
  type RuleViolation,
  type RuleWrongNumberReport,
} from "./types";
