import { z } from "zod";
import { base, contactParty, fields, outcome, placedCallOutcomes, scope, uniqueList } from "./parameters";
import { defineRule, lastEvidence, listLocalTimes, memoByParams, scopeKey, type PreparedEvent } from "./shared";

const parameters = z.strictObject({
  ...base,
  /** Calls allowed within the window; the next one is the violation. */
  maxCalls: z.int().min(1),
  /** Length of the rolling window in consecutive local calendar days. */
  windowDays: z.int().min(1).max(366),
  countedOutcomes: uniqueList(outcome),
  countedParties: uniqueList(contactParty),
  scope,
});

type Params = z.output<typeof parameters>;

const compile = memoByParams((params: Params) => ({
  outcomes: new Set(params.countedOutcomes),
  parties: new Set(params.countedParties),
}));

/** Counted calls of one account in time order; `head` moves forward as days leave the window (amortised O(1)). */
interface SlidingWindow {
  calls: PreparedEvent[];
  head: number;
}

/**
 * Reg F 1006.14(b)(2)(i): more than `maxCalls` calls within `windowDays` consecutive local days, per debt (account).
 * Only calls that reach the line count (ring unanswered, voicemail, connected): busy and not-in-service do not.
 * The window of a call on day D is D-6..D: every 7-day window containing the call holds at most the calls of
 * that one, since nothing later has been placed yet.
 */
export const callFrequency7in7 = defineRule({
  code: "CALL_FREQUENCY_7IN7",
  parameters,
  defaults: {
    cn: {
      enabled: false,
      severity: "MEDIUM",
      maxCalls: 7,
      windowDays: 7,
      countedOutcomes: [...placedCallOutcomes],
      countedParties: ["DEBTOR", "UNKNOWN"],
      scope: "ACCOUNT",
    },
    us: {
      enabled: true,
      severity: "MEDIUM",
      maxCalls: 7,
      windowDays: 7,
      countedOutcomes: [...placedCallOutcomes],
      countedParties: ["DEBTOR", "UNKNOWN"],
      scope: "ACCOUNT",
    },
  },
  fields: {
    maxCalls: fields.integer,
    windowDays: fields.integer,
    countedOutcomes: fields.outcomeList,
    countedParties: fields.partyList,
    scope: fields.scope,
  },
  explanations: ["rules.CALL_FREQUENCY_7IN7.explanation"],
  create(params, context) {
    const { outcomes, parties } = compile(params);
    const windows = new Map<number | string, SlidingWindow>();
    return (event) => {
      if (event.type !== "CALL" || event.direction !== "OUTBOUND") return;
      if (event.outcome === null || !outcomes.has(event.outcome) || !parties.has(event.party)) return;
      const key = scopeKey(event, params.scope);
      let window = windows.get(key);
      if (!window) {
        window = { calls: [], head: 0 };
        windows.set(key, window);
      }
      const firstDay = event.day - params.windowDays + 1;
      for (let oldest = window.calls[window.head]; oldest !== undefined && oldest.day < firstDay; oldest = window.calls[window.head]) {
        window.head++;
      }
      if (window.head > 256 && window.head * 2 > window.calls.length) {
        window.calls = window.calls.slice(window.head);
        window.head = 0;
      }
      const inWindow = window.calls.length - window.head;
      if (inWindow >= params.maxCalls && context.owns(event)) {
        const evidence = lastEvidence(window.calls.slice(window.head));
        context.emit(
          event,
          {
            key: "rules.CALL_FREQUENCY_7IN7.explanation",
            params: { count: inWindow + 1, max: params.maxCalls, days: params.windowDays, times: listLocalTimes([...evidence, event]) },
          },
          evidence,
        );
      }
      window.calls.push(event);
    };
  },
});
