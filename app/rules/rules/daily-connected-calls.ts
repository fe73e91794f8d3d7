import { z } from "zod";
import { formatDay } from "../local-time";
import { base, contactParty, fields, outcome, uniqueList } from "./parameters";
import { defineRule, lastEvidence, listLocalTimes, memoByParams, type PreparedEvent } from "./shared";

const parameters = z.strictObject({
  ...base,
  maxPerDay: z.int().min(1),
  /** Outcomes that make a call "effective" (connected, interactive). */
  countedOutcomes: uniqueList(outcome),
  /** Who must have been reached for the call to count as a call to the debtor; null contactParty reads as UNKNOWN. */
  countedParties: uniqueList(contactParty),
});

type Params = z.output<typeof parameters>;

const compile = memoByParams((params: Params) => ({
  outcomes: new Set(params.countedOutcomes),
  parties: new Set(params.countedParties),
}));

/**
 * Effective (connected) calls to the debtor per local day, counted per customer across all accounts and all
 * agencies: the cap protects the person, and only the lender sees every agency's calls. Each agency's pack sets
 * the threshold its own calls are judged by.
 */
export const dailyConnectedCalls = defineRule({
  code: "DAILY_CONNECTED_CALLS",
  parameters,
  defaults: {
    cn: { enabled: true, severity: "MEDIUM", maxPerDay: 3, countedOutcomes: ["CONNECTED"], countedParties: ["DEBTOR", "UNKNOWN"] },
    us: { enabled: false, severity: "MEDIUM", maxPerDay: 3, countedOutcomes: ["CONNECTED"], countedParties: ["DEBTOR", "UNKNOWN"] },
  },
  fields: { maxPerDay: fields.integer, countedOutcomes: fields.outcomeList, countedParties: fields.partyList },
  explanations: ["rules.DAILY_CONNECTED_CALLS.explanation"],
  create(params, context) {
    const { outcomes, parties } = compile(params);
    // Keyed by local day: accounts of one customer normally share a zone, and where they do not, each call
    // belongs to the day the debtor of that account was living.
    const callsByDay = new Map<number, PreparedEvent[]>();
    return (event) => {
      if (event.type !== "CALL" || event.direction !== "OUTBOUND") return;
      if (event.outcome === null || !outcomes.has(event.outcome) || !parties.has(event.party)) return;
      let calls = callsByDay.get(event.day);
      if (!calls) {
        calls = [];
        callsByDay.set(event.day, calls);
      }
      if (calls.length >= params.maxPerDay && context.owns(event)) {
        const evidence = lastEvidence(calls);
        context.emit(
          event,
          {
            key: "rules.DAILY_CONNECTED_CALLS.explanation",
            params: { count: calls.length + 1, max: params.maxPerDay, date: formatDay(event.day), times: listLocalTimes([...evidence, event]) },
          },
          evidence,
        );
      }
      calls.push(event);
    };
  },
});
