import type { RuleCode } from "../rule-pack";
import { abusiveLanguage } from "./abusive-language";
import { callAfterConversation } from "./call-after-conversation";
import { callFrequency7in7 } from "./call-frequency";
import { callRecordingMissing } from "./call-recording-missing";
import { contactAfterCease } from "./contact-after-cease";
import { contactAfterRecall } from "./contact-after-recall";
import { contactDuringDispute } from "./contact-during-dispute";
import { contactHours } from "./contact-hours";
import { dailyAttemptsPerNumber } from "./daily-attempts-per-number";
import { dailyConnectedCalls } from "./daily-connected-calls";
import type { RuleDefinition } from "./shared";
import { smsRequiredContent } from "./sms-required-content";
import { thirdPartyContact } from "./third-party-contact";
import { thirdPartyDisclosure } from "./third-party-disclosure";
import { visitRules } from "./visit-rules";
import { wrongPartyRepeat } from "./wrong-party-repeat";

/** Every rule code has exactly one implementation: the mapped type fails to compile if one is missing. */
export const ruleDefinitions: { readonly [C in RuleCode]: RuleDefinition<C> } = {
  CONTACT_HOURS: contactHours,
  DAILY_CONNECTED_CALLS: dailyConnectedCalls,
  DAILY_ATTEMPTS_PER_NUMBER: dailyAttemptsPerNumber,
  CALL_FREQUENCY_7IN7: callFrequency7in7,
  CALL_AFTER_CONVERSATION: callAfterConversation,
  THIRD_PARTY_CONTACT: thirdPartyContact,
  THIRD_PARTY_DISCLOSURE: thirdPartyDisclosure,
  WRONG_PARTY_REPEAT: wrongPartyRepeat,
  ABUSIVE_LANGUAGE: abusiveLanguage,
  CONTACT_AFTER_CEASE: contactAfterCease,
  CONTACT_DURING_DISPUTE: contactDuringDispute,
  CONTACT_AFTER_RECALL: contactAfterRecall,
  VISIT_RULES: visitRules,
  CALL_RECORDING_MISSING: callRecordingMissing,
  SMS_REQUIRED_CONTENT: smsRequiredContent,
};
