import { z } from "zod";
import { compilePatterns, normaliseText } from "../text-match";
import { base, fields, regexSource, spouseCountsAsDebtor } from "./parameters";
import { defineRule, isThirdParty, localLabel, memoByParams } from "./shared";

const smsRequirement = z.strictObject({
  /** Cited in the explanation when missing; written in the language of the pack's readers. */
  label: z.string().trim().min(1),
  /** The requirement is met when any pattern matches. */
  patterns: z.array(regexSource).min(1),
});

const parameters = z.strictObject({
  ...base,
  spouseCountsAsDebtor: z.boolean(),
  /** Every requirement must be met; an SMS recorded without text is not judged (nothing to read). */
  requirements: z.array(smsRequirement).min(1),
});

const chinaContactNumber = {
  label: "联系电话 (contact number)",
  patterns: [
    "(?<!\\d)(?:\\+?86[\\s-]?)?1[3-9]\\d(?:[\\s-]?\\d){8}(?!\\d)",
    "(?<!\\d)[48]00[\\s-]?\\d{3}[\\s-]?\\d{4}(?!\\d)",
    "(?<!\\d)0\\d{2,3}[\\s-]?\\d{7,8}(?!\\d)",
    "(?<!\\d)95\\d{3,4}(?!\\d)",
  ],
};

const chinaRepaymentMethod = {
  label: "还款方式 (way to repay)",
  patterns: [
    "还款(?:方式|渠道|账户|账号|入口|链接|路径)",
    "支付宝|微信|银行卡|对公账户|转账|小程序|公众号|官网|\\bAPP\\b",
    "https?://",
    "www\\.",
    "\\brepay\\b.{0,20}\\b(?:via|at|through|online|app)\\b",
  ],
};

const usOptOut = {
  label: "opt-out instruction (e.g. Reply STOP)",
  patterns: [
    "\\b(?:reply|text|send|respond)\\b[^.\\n]{0,20}\\bstop\\b",
    "\\bstop\\b\\s+to\\s+(?:end|cancel|opt|unsubscribe|quit)",
    "\\bopt[\\s-]?out\\b",
    "\\bunsubscribe\\b",
  ],
};

type Params = z.output<typeof parameters>;

const compile = memoByParams((params: Params) =>
  params.requirements.map((requirement) => ({ label: requirement.label, pattern: compilePatterns(requirement.patterns) })),
);

/**
 * Content every collection SMS to the debtor must carry: a contact number and a way to repay (China), or a simple
 * opt-out (Reg F 1006.6(e)). An SMS recorded without its text is not judged: there is nothing to read.
 */
export const smsRequiredContent = defineRule({
  code: "SMS_REQUIRED_CONTENT",
  parameters,
  defaults: {
    cn: { enabled: true, severity: "LOW", spouseCountsAsDebtor: spouseCountsAsDebtor.cn, requirements: [chinaContactNumber, chinaRepaymentMethod] },
    us: { enabled: true, severity: "MEDIUM", spouseCountsAsDebtor: spouseCountsAsDebtor.us, requirements: [usOptOut] },
  },
  fields: { spouseCountsAsDebtor: fields.boolean, requirements: { type: "smsRequirements" } },
  explanations: ["rules.SMS_REQUIRED_CONTENT.explanation"],
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
});
