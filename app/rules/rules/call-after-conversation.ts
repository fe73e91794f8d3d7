import { z } from "zod";
import { base, contactParty, fields, outcome, placedCallOutcomes, scope, uniqueList } from "./parameters";
import { CallConsents, calledPerson, defineRule, isCallToAttorney, localLabel, maskedPhone, memoByParams, partyParam, scopeKey, type PreparedEvent } from "./shared";

const parameters = z.strictObject({
  ...base,
  /** Local calendar days, counting the conversation day as day 1, in which no further call may be placed. */
  quietDays: z.int().min(1).max(366),
  /** Parties with whom a CONNECTED call (either direction) is a telephone conversation. */
  conversationParties: uniqueList(contactParty),
  countedOutcomes: uniqueList(outcome),
  countedParties: uniqueList(contactParty),
  /** Whose calls and conversations count: ACCOUNT_AGENCY = each agency on its own (Reg F); ACCOUNT = all together. */
  scope,
  /**
   * A conversation starts the window of the person spoken with, and only calls to that person fall in it (see
   * `calledPerson`). Absent in packs stored before it existed: any conversation then barred any counted call.
   */
  perPerson: z.boolean().optional(),
  /**
   * Days a person's direct prior consent to more calls takes that person's calls out of the count (1006.14(b)(3)(i):
   * "no more than seven consecutive days"). Absent in packs stored before it existed: consent is not read.
   */
  consentDays: z.int().min(1).max(7).optional(),
});

type Params = z.output<typeof parameters>;

const compile = memoByParams((params: Params) => ({
  conversationParties: new Set(params.conversationParties),
  outcomes: new Set(params.countedOutcomes),
  parties: new Set(params.countedParties),
}));

// The consumer's attorney is no person the presumptions protect (1006.14(b)(3)(iii)): calls to them never count.
const EVERY_PARTY = contactParty.options.filter((party) => party !== "ATTORNEY");

/**
 * Reg F 1006.14(b)(2)(i)(B): after a telephone conversation with a person about a debt, no call to that person about
 * it within 7 consecutive days, the conversation day being day 1. A conversation on Fri 14 Aug therefore bars calls
 * up to Thu 20 Aug. An inbound call that connects is a conversation too. Per person (perPerson): a conversation with
 * the spouse starts the spouse's window, not the debtor's. Per agency by default: each agency is its own debt
 * collector. Only the latest conversation of a person matters: it ends its quiet period no earlier than any before.
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
      perPerson: true,
      consentDays: 7,
    },
    us: {
      enabled: true,
      severity: "MEDIUM",
      quietDays: 7,
      conversationParties: EVERY_PARTY.filter((party) => party !== "UNKNOWN"),
      countedOutcomes: [...placedCallOutcomes],
      countedParties: EVERY_PARTY,
      scope: "ACCOUNT_AGENCY",
      perPerson: true,
      consentDays: 7,
    },
  },
  fields: {
    quietDays: fields.integer,
    conversationParties: fields.partyList,
    countedOutcomes: fields.outcomeList,
    countedParties: fields.partyList,
    scope: fields.collectors,
    perPerson: fields.boolean,
    consentDays: fields.integer,
  },
  explanations: [
    "rules.CALL_AFTER_CONVERSATION.explanation",
    "rules.CALL_AFTER_CONVERSATION.debtor",
    "rules.CALL_AFTER_CONVERSATION.debtorAllAgencies",
    "rules.CALL_AFTER_CONVERSATION.person",
    "rules.CALL_AFTER_CONVERSATION.personAllAgencies",
  ],
  create(params, context, inputs) {
    const { conversationParties, outcomes, parties } = compile(params);
    const lastConversation = new Map<string, PreparedEvent>();
    const allAgencies = params.scope === "ACCOUNT";
    const consents = params.consentDays === undefined ? null : new CallConsents(params.consentDays, inputs.numbersFoundWrong);
    return (event) => {
      const consented = event.type === "CALL" && event.direction === "OUTBOUND" ? (consents?.covering(event) ?? null) : null;
      consents?.observe(event);
      if (event.type !== "CALL" || isCallToAttorney(event)) return;
      const person = params.perPerson === true ? calledPerson(event, inputs.numbersFoundWrong) : null;
      const key = `${scopeKey(event, params.scope)}|${person?.key ?? ""}`;
      if (event.direction === "OUTBOUND" && consented === null && event.outcome !== null && outcomes.has(event.outcome) && parties.has(event.party)) {
        const conversation = lastConversation.get(key);
        if (conversation && conversation.at < event.at && event.day - conversation.day < params.quietDays && context.owns(event)) {
          const common = { time: localLabel(event), conversationTime: localLabel(conversation), days: params.quietDays };
          context.emit(
            event,
            person === null
              ? { key: "rules.CALL_AFTER_CONVERSATION.explanation", params: common }
              : person.isDebtor
                ? { key: allAgencies ? "rules.CALL_AFTER_CONVERSATION.debtorAllAgencies" : "rules.CALL_AFTER_CONVERSATION.debtor", params: common }
                : {
                    key: allAgencies ? "rules.CALL_AFTER_CONVERSATION.personAllAgencies" : "rules.CALL_AFTER_CONVERSATION.person",
                    params: { ...common, party: partyParam(person.party), phone: maskedPhone(person.phone) || "—" },
                  },
            [conversation],
          );
        }
      }
      // A connected call to a number later found to be someone else's was a conversation with that someone.
      if (event.outcome === "CONNECTED" && (conversationParties.has(event.party) || person?.foundWrong === true)) lastConversation.set(key, event);
    };
  },
});
