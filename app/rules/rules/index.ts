// The registry: one line per rule. Everything else about a rule (schema, defaults, editor fields, explanation
// keys, behaviour) is in its own file; RULE_CODES, the pack schema, the default packs and the editor are derived
// from this list, in this order.
import { abusiveLanguage } from "./abusive-language";
import { attorneyRepresented } from "./attorney-represented";
import { callAfterConversation } from "./call-after-conversation";
import { callFrequency7in7 } from "./call-frequency";
import { callRecordingMissing } from "./call-recording-missing";
import { contactAfterCease } from "./contact-after-cease";
import { contactAfterRecall } from "./contact-after-recall";
import { contactDuringDispute } from "./contact-during-dispute";
import { consumerRestriction } from "./consumer-restriction";
import { contactHours } from "./contact-hours";
import { dailyAttemptsPerNumber } from "./daily-attempts-per-number";
import { dailyConnectedCalls } from "./daily-connected-calls";
import { smsRequiredContent } from "./sms-required-content";
import { thirdPartyContact } from "./third-party-contact";
import { thirdPartyDisclosure } from "./third-party-disclosure";
import { untrainedAgent } from "./untrained-agent";
import { visitRules } from "./visit-rules";
import { wrongPartyRepeat } from "./wrong-party-repeat";

/** In the order the editor, the differences between versions and the audit workbook list them. */
const rules = [
  contactHours,
  consumerRestriction,
  attorneyRepresented,
  dailyConnectedCalls,
  dailyAttemptsPerNumber,
  callFrequency7in7,
  callAfterConversation,
  thirdPartyContact,
  thirdPartyDisclosure,
  wrongPartyRepeat,
  abusiveLanguage,
  contactAfterCease,
  contactDuringDispute,
  contactAfterRecall,
  visitRules,
  callRecordingMissing,
  smsRequiredContent,
  untrainedAgent,
] as const;

type RegisteredRule = (typeof rules)[number];

export type RuleCode = RegisteredRule["code"];

/** Rule code → its definition; keyed by each rule's own `code`, so a code and its implementation cannot disagree. */
export type RuleDefinitions = { readonly [R in RegisteredRule as R["code"]]: R };

export const ruleDefinitions = Object.freeze(Object.fromEntries(rules.map((rule) => [rule.code, rule]))) as RuleDefinitions;

export const RULE_CODES: readonly RuleCode[] = Object.freeze(rules.map((rule) => rule.code));
