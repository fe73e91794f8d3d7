import type { RuleParametersByCode } from "../rule-pack";
import { compileLexicon } from "../text-match";
import { isOutboundOf, localLabel, memoByParams, quoteTerms, type RuleDefinition } from "./shared";

const compile = memoByParams((params: RuleParametersByCode["ABUSIVE_LANGUAGE"]) => ({
  types: new Set(params.messageTypes),
  lexicon: compileLexicon(params.lexicon),
}));

/**
 * Threats, insults and false legal claims (Criminal Law Art. 293-1; Reg F 1006.14, 1006.18), by lexicon. Only
 * what the agency sent or said counts: inbound text is the debtor's, and notes may quote the debtor.
 */
export const abusiveLanguage: RuleDefinition<"ABUSIVE_LANGUAGE"> = {
  code: "ABUSIVE_LANGUAGE",
  create(params, context) {
    const { types, lexicon } = compile(params);
    return (event) => {
      if (event.text === null || !context.owns(event) || !isOutboundOf(event, types)) return;
      const terms = lexicon.find(event.text);
      if (terms.length === 0) return;
      context.emit(event, {
        key: "rules.ABUSIVE_LANGUAGE.explanation",
        params: { time: localLabel(event), terms: quoteTerms(terms), term: terms[0] ?? "", count: terms.length },
      });
    };
  },
};
