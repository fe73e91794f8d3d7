import { z } from "zod";
import { compileLexicon } from "../text-match";
import { activityType, base, communication, fields, lexicon, uniqueList } from "./parameters";
import { defineRule, isOutboundOf, localLabel, memoByParams, quoteTerms } from "./shared";

const parameters = z.strictObject({
  ...base,
  messageTypes: uniqueList(activityType),
  lexicon,
});

// Bilingual in both packs, like the disclosure lexicon: a missed threat costs more than a rare false hit.
const abusiveLexicon = [
  "坐牢",
  "拘留",
  "逮捕",
  "抓捕",
  "抓你",
  "公安",
  "警察",
  "通缉",
  "爆通讯录",
  "通讯录轰炸",
  "曝光",
  "老赖",
  "骗子",
  "诈骗罪",
  "判刑",
  "刑事责任",
  "后果自负",
  "去死",
  "不得好死",
  "废物",
  "arrest*",
  "jail",
  "prison",
  "police",
  "warrant",
  "criminal",
  "sue you today",
  "lawsuit today",
  "deadbeat",
  "scumbag",
  "idiot",
  "loser",
  "thief",
  "liar",
  "we know where you live",
];

const shipped = (): Params => ({ enabled: true, severity: "HIGH", messageTypes: [...communication], lexicon: [...abusiveLexicon] });

type Params = z.output<typeof parameters>;

const compile = memoByParams((params: Params) => ({
  types: new Set(params.messageTypes),
  lexicon: compileLexicon(params.lexicon),
}));

/**
 * Threats, insults and false legal claims (Criminal Law Art. 293-1; Reg F 1006.14, 1006.18), by lexicon. Only
 * what the agency sent or said counts: inbound text is the debtor's, and notes may quote the debtor.
 */
export const abusiveLanguage = defineRule({
  code: "ABUSIVE_LANGUAGE",
  parameters,
  defaults: { cn: shipped(), us: shipped() },
  fields: { messageTypes: fields.activityList, lexicon: fields.lines },
  explanations: ["rules.ABUSIVE_LANGUAGE.explanation"],
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
});
