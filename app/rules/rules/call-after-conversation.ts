import { z } from "zod";
import { base, contactParty, fields, outcome, placedCallOutcomes, scope, uniqueList } from "./parameters";
import { defineRule, localLabel, memoByParams, scopeKey, type PreparedEvent } from "./shared";

const parameters = z.strictObject({
  ...base,
  /** Local calendar days, counting the conversation day as day 1, in which no further call may be placed. */
  quietDays: z.int().min(1).max(366),
  /** Parties with whom a CONNECTED call (either direction) is a telephone conversation with the debtor. */
  conversationParties: uniqueList(contactParty),
  countedOutcomes: uniqueList(outcome),
  countedParties: uniqueList(contactParty),
  scope,
});

type Params = z.output<typeof parameters>;

const compile = memoByParams((params: Params) => ({
  conversationParties: new Set(params.conversationParties),
  outcomes: new Set(params.countedOutcomes),
  parties: new Set(params.countedParties),
}));

/**
 * Reg F 1006.14(b)(2)(i)(B): after a telephone conversation about a debt, no call about it within 7 consecutive
 * days, the conversation day being day 1. A conversation on Fri 14 Aug therefore bars calls up to Thu 20 Aug.
 * An inbound call from the debtor that connects is a conversation too. Only the latest conversation matters:
 * it always ends its quiet period no earlier than any before it.
 */
export const callAfterConversation = defineRule({
  code: "CALL_AFTER_CONVERSATION",
  parameters,
  defaults: {
    cn: {
      enabled: false,
      severity: "MEDIUM",
      quietDays: 7,
      conversationParties: ["DEBTOR"],
      countedOutcomes: [...placedCallOutcomes],
      countedParties: ["DEBTOR", "UNKNOWN"],
      scope: "ACCOUNT",
    },
    us: {
      enabled: true,
      severity: "MEDIUM",
      quietDays: 7,
      conversationParties: ["DEBTOR"],
      countedOutcomes: [...placedCallOutcomes],
      countedParties: ["DEBTOR", "UNKNOWN"],
      scope: "ACCOUNT",
    },
  },
  fields: {
    quietDays: fields.integer,
    conversationParties: fields.partyList,
    countedOutcomes: fields.outcomeList,
    countedParties: fields.partyList,
    scope: fields.scope,
  },
  explanations: ["rules.CALL_AFTER_CONVERSATION.explanation"],
  create(params, context) {
    const { conversationParties, outcomes, parties } = compile(params);
    const lastConversation = new Map<number | string, PreparedEvent>();
    return (event) => {
      if (event.type !== "CALL") return;
      const key = scopeKey(event, params.scope);
      if (event.direction === "OUTBOUND" && event.outcome !== null && outcomes.has(event.outcome) && parties.has(event.party)) {
        const conversation = lastConversation.get(key);
        if (conversation && conversation.at < event.at && event.day - conversation.day < params.quietDays && context.owns(event)) {
          context.emit(
            event,
            {
              key: "rules.CALL_AFTER_CONVERSATION.explanation",
              params: { time: localLabel(event), conversationTime: localLabel(conversation), days: params.quietDays },
            },
            [conversation],
          );
        }
      }
      if (event.outcome === "CONNECTED" && conversationParties.has(event.party)) lastConversation.set(key, event);
    };
  },
});
