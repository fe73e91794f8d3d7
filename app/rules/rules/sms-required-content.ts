import { z } from "zod";
import { compilePatterns, normaliseText } from "../text-match";
import { activityType, base, fields, regexSource, spouseCountsAsDebtor } from "./parameters";
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
  /** Every requirement must be met; a message recorded without text is not judged (nothing to read). */
  requirements: z.array(smsRequirement).min(1),
  /** Which outbound messages are read. Absent in packs stored before it existed: SMS only, as then. */
  messageTypes: z.array(activityType).min(1).optional(),
  /**
   * Content that makes the message fail even when every requirement is met (Reg F 1006.6(e): an opt-out that
   * charges a fee or asks for more than contact details is not "reasonable and simple"). Absent: none.
   */
  disqualifiers: z.array(smsRequirement).optional(),
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

// A link: a URL with a scheme, a www. address, or a domain with a path ("acme.com/u", which phones and mail
// readers turn into a link). "Visit our website" without an address is not a link.
const link = "(?:https?://\\S+|www\\.\\S+|\\b[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.[a-z]{2,}/\\S*)";

/**
 * Reg F 1006.6(e): a clear and conspicuous statement of a reasonable and simple way to opt out. Replying with a
 * keyword (STOP) or following a link qualifies; "call us", "write to us" or a website without a link do not, so a
 * bare "opt out"/"unsubscribe" with no method matches nothing here. Chinese messages to US consumers: 回复TD/STOP
 * 退订, or a link beside 退订.
 */
const usOptOut = {
  label: "reasonable and simple opt-out method (reply STOP, or an opt-out link)",
  patterns: [
    "\\b(?:reply|text|send|respond)\\b[^.\\n]{0,30}\\b(?:stop|stopall|unsubscribe|end|quit|cancel)\\b",
    "\\bstop\\b\\s+to\\s+(?:end|cancel|opt|unsubscribe|quit)",
    `\\b(?:opt[\\s-]?out|unsubscribe|stop (?:receiving|getting))\\b[^\\n]{0,60}${link}`,
    `${link}[^\\n]{0,20}\\b(?:opt[\\s-]?out|unsubscribe)\\b`,
    "回复\\s*[\"“「]?\\s*(?:(?:TD|T|N|STOP)(?![A-Za-z])|退订|取消)",
    "退订[^。\\n]{0,10}回复?\\s*[\"“「]?\\s*(?:TD|T|N|STOP)(?![A-Za-z])",
    `退订[^\\n]{0,40}${link}`,
    `${link}[^\\n]{0,10}退订`,
  ],
};

const usFee = {
  label: "the opt-out charges a fee",
  patterns: [
    // "no charge", "at no cost", "free of charge" and "without a fee" say the opposite.
    "\\b(?:opt[\\s-]?out|unsubscribe|stop)\\b[^.\\n]{0,60}(?<!\\bno |\\bof |\\bwithout |\\bwithout a |\\bwithout any )\\b(?:fee|charge[sd]?|costs?)\\b",
    "(?<!\\bno |\\bwithout |\\bwithout a |\\bwithout any )\\b(?:fee|charge)\\b[^.\\n]{0,40}\\b(?:to\\s+)?(?:opt[\\s-]?out|unsubscribe)\\b",
    "退订[^。\\n]{0,20}(?:收费|收取|费用|手续费|\\d+\\s*元)",
  ],
};

const usMoreThanContactDetails = {
  label: "the opt-out asks for more than the consumer's contact details",
  patterns: [
    "\\b(?:opt[\\s-]?out|unsubscribe|stop)\\b[^.\\n]{0,80}\\b(?:account (?:number|no)|date of birth|birth ?date|social security|SSN|PIN|password|last four)\\b",
    "退订[^。\\n]{0,40}(?:身份证|出生日期|账号|卡号|社保号|密码|后四位)",
  ],
};

type Params = z.output<typeof parameters>;

const compile = memoByParams((params: Params) => ({
  types: new Set(params.messageTypes ?? ["SMS"]),
  requirements: params.requirements.map((requirement) => ({ label: requirement.label, pattern: compilePatterns(requirement.patterns) })),
  disqualifiers: (params.disqualifiers ?? []).map((entry) => ({ label: entry.label, pattern: compilePatterns(entry.patterns) })),
}));

/**
 * Content every collection text or email to the debtor must carry: a contact number and a way to repay (China), or
 * a reasonable and simple opt-out (Reg F 1006.6(e), which covers every electronic communication: emails are read as
 * texts are). A message recorded without its text is not judged: there is nothing to read.
 */
export const smsRequiredContent = defineRule({
  code: "SMS_REQUIRED_CONTENT",
  parameters,
  defaults: {
    cn: {
      enabled: true,
      severity: "LOW",
      spouseCountsAsDebtor: spouseCountsAsDebtor.cn,
      requirements: [chinaContactNumber, chinaRepaymentMethod],
      messageTypes: ["SMS"],
      disqualifiers: [],
    },
    us: {
      enabled: true,
      severity: "MEDIUM",
      spouseCountsAsDebtor: spouseCountsAsDebtor.us,
      requirements: [usOptOut],
      messageTypes: ["SMS", "EMAIL"],
      disqualifiers: [usFee, usMoreThanContactDetails],
    },
  },
  fields: {
    spouseCountsAsDebtor: fields.boolean,
    requirements: { type: "smsRequirements" },
    messageTypes: fields.activityList,
    disqualifiers: { type: "smsRequirements" },
  },
  explanations: ["rules.SMS_REQUIRED_CONTENT.explanation", "rules.SMS_REQUIRED_CONTENT.notSimple"],
  create(params, context) {
    const { types, requirements, disqualifiers } = compile(params);
    return (event) => {
      if (!types.has(event.type) || event.direction !== "OUTBOUND" || event.text === null || event.text.trim() === "") return;
      if (isThirdParty(event.party, params.spouseCountsAsDebtor) || !context.owns(event)) return;
      const text = normaliseText(event.text);
      const missing = requirements.filter((requirement) => !requirement.pattern.test(text)).map((requirement) => requirement.label);
      if (missing.length > 0) {
        context.emit(event, {
          key: "rules.SMS_REQUIRED_CONTENT.explanation",
          params: { time: localLabel(event), missing: missing.join("; "), count: missing.length },
        });
        return;
      }
      const reasons = disqualifiers.filter((entry) => entry.pattern.test(text)).map((entry) => entry.label);
      if (reasons.length > 0) {
        context.emit(event, { key: "rules.SMS_REQUIRED_CONTENT.notSimple", params: { time: localLabel(event), reasons: reasons.join("; ") } });
      }
    };
  },
});
