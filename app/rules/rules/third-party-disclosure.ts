import type { RuleParametersByCode } from "../rule-pack";
import { amountMatcher, compileLexicon } from "../text-match";
import { isOutboundOf, isThirdParty, localLabel, memoByParams, quoteTerms, type RuleDefinition } from "./shared";

const compile = memoByParams((params: RuleParametersByCode["THIRD_PARTY_DISCLOSURE"]) => ({
  types: new Set(params.messageTypes),
  lexicon: compileLexicon(params.lexicon),
}));

/**
 * A message to anyone but the debtor must not reveal the debt (GB/T 45251-2025; Reg F 1006.6(d), 1006.10). The
 * cited terms are the words of the message that gave it away.
 */
export const thirdPartyDisclosure: RuleDefinition<"THIRD_PARTY_DISCLOSURE"> = {
  code: "THIRD_PARTY_DISCLOSURE",
  create(params, context) {
    const { types, lexicon } = compile(params);
    return (event) => {
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
};
