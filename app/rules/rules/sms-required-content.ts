import type { RuleParametersByCode } from "../rule-pack";
import { compilePatterns, normaliseText } from "../text-match";
import { isThirdParty, localLabel, memoByParams, type RuleDefinition } from "./shared";

const compile = memoByParams((params: RuleParametersByCode["SMS_REQUIRED_CONTENT"]) =>
  params.requirements.map((requirement) => ({ label: requirement.label, pattern: compilePatterns(requirement.patterns) })),
);

/**
 * Content every collection SMS to the debtor must carry: a contact number and a way to repay (China), or a simple
 * opt-out (Reg F 1006.6(e)). An SMS recorded without its text is not judged: there is nothing to read.
 */
export const smsRequiredContent: RuleDefinition<"SMS_REQUIRED_CONTENT"> = {
  code: "SMS_REQUIRED_CONTENT",
  create(params, context) {
    const requirements = compile(params);
    return (event) => {
      if (event.type !== "SMS" || event.direction !== "OUTBOUND" || event.text === null || event.text.trim() === "") return;
      if (isThirdParty(event.party, params.spouseCountsAsDebtor) || !context.owns(event)) return;
      const text = normaliseText(event.text);
      const missing = requirements.filter((requirement) => !requirement.pattern.test(text)).map((requirement) => requirement.label);
      if (missing.length === 0) return;
      context.emit(event, {
        key: "rules.SMS_REQUIRED_CONTENT.explanation",
        params: { time: localLabel(event), missing: missing.join("; "), count: missing.length },
      });
    };
  },
};
