import { z } from "zod";
import { amountMatcher, compileLexicon } from "../text-match";
import { activityType, base, fields, lexicon, spouseCountsAsDebtor, uniqueList, type PackFamily } from "./parameters";
import { defineRule, isOutboundOf, isThirdParty, localLabel, memoByParams, quoteTerms } from "./shared";

const parameters = z.strictObject({
  ...base,
  spouseCountsAsDebtor: z.boolean(),
  /** Channels whose messageText is the message itself (add CALL to read voicemail scripts). */
  messageTypes: uniqueList(activityType),
  lexicon,
  /** Also treat a money amount in the text (¥1,200 / 1200元 / $300 / 300 USD) as revealing the debt. */
  detectAmounts: z.boolean(),
  /**
   * A voicemail recorded as REVEALS_DEBT (voicemail_content) left for anyone but the consumer, or on a number not on
   * file for them (a shared or unknown line), is a disclosure; a limited-content message never is (12 CFR 1006.2(j),
   * comment 6(d)(2)). Packs stored before this parameter read false.
   */
  voicemailContent: z.boolean().default(false),
});

// Lexicons are bilingual in both packs: Chinese agencies write English now and then, and US agencies serve
// Chinese-speaking debtors; a missed disclosure costs more than a rare false hit that a reviewer dismisses.
const debtLexicon = [
  "欠款",
  "欠钱",
  "欠费",
  "拖欠",
  "逾期",
  "还款",
  "应还",
  "待还",
  "未还",
  "催收",
  "催款",
  "债务",
  "借款",
  "贷款",
  "违约",
  "debt*",
  "owe",
  "owes",
  "owed",
  "owing",
  "overdue",
  "past due",
  "delinquen*",
  "collection*",
  "arrears",
  "amount due",
  "balance due",
  "outstanding balance",
  "repay*",
  "missed payment*",
  "loan*",
];

const shipped = (family: PackFamily): Params => ({
  enabled: true,
  severity: "HIGH",
  spouseCountsAsDebtor: spouseCountsAsDebtor[family],
  messageTypes: ["SMS", "EMAIL", "LETTER"],
  lexicon: [...debtLexicon],
  detectAmounts: true,
  voicemailContent: true,
});

type Params = z.output<typeof parameters>;

const compile = memoByParams((params: Params) => ({
  types: new Set(params.messageTypes),
  lexicon: compileLexicon(params.lexicon),
}));

/**
 * A message to anyone but the debtor must not reveal the debt (GB/T 45251-2025; Reg F 1006.6(d), 1006.10). The
 * cited terms are the words of the message that gave it away.
 */
export const thirdPartyDisclosure = defineRule({
  code: "THIRD_PARTY_DISCLOSURE",
  parameters,
  defaults: { cn: shipped("cn"), us: shipped("us") },
  fields: { spouseCountsAsDebtor: fields.boolean, messageTypes: fields.activityList, lexicon: fields.lines, detectAmounts: fields.boolean, voicemailContent: fields.boolean },
  explanations: ["rules.THIRD_PARTY_DISCLOSURE.explanation", "rules.THIRD_PARTY_DISCLOSURE.voicemail"],
  create(params, context) {
    const { types, lexicon } = compile(params);
    return (event) => {
      const voicemail = event.type === "CALL" && event.outcome === "VOICEMAIL" ? (event.facts?.voicemailContent ?? null) : null;
      // A limited-content message is not a communication (§1006.2(j)): whatever the note says, nothing was disclosed.
      if (voicemail === "LIMITED_CONTENT") return;
      if (params.voicemailContent && voicemail === "REVEALS_DEBT" && context.owns(event) && event.direction === "OUTBOUND") {
        const notTheConsumers = isThirdParty(event.party, params.spouseCountsAsDebtor) || (event.party === "UNKNOWN" && (event.phone === null || !event.account.phones.has(event.phone)));
        if (notTheConsumers) {
          context.emit(event, { key: "rules.THIRD_PARTY_DISCLOSURE.voicemail", params: { time: localLabel(event), party: event.party } });
          return;
        }
      }
      if (event.text === null || !context.owns(event) || !isOutboundOf(event, types)) return;
      if (!isThirdParty(event.party, params.spouseCountsAsDebtor)) return;
      const terms = lexicon.find(event.text);
      if (params.detectAmounts) terms.push(...amountMatcher.find(event.text));
      if (terms.length === 0) return;
      context.emit(event, {
        key: "rules.THIRD_PARTY_DISCLOSURE.explanation",
        params: { time: localLabel(event), party: event.party, terms: quoteTerms(terms), term: terms[0] ?? "", count: terms.length },
      });
    };
  },
});
