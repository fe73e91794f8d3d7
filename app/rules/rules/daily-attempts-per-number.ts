import { formatDay } from "../local-time";
import type { RuleParametersByCode } from "../rule-pack";
import { lastEvidence, listLocalTimes, maskedPhone, memoByParams, type PreparedEvent, type RuleDefinition } from "./shared";

const compile = memoByParams((params: RuleParametersByCode["DAILY_ATTEMPTS_PER_NUMBER"]) => ({
  outcomes: params.countedOutcomes === null ? null : new Set(params.countedOutcomes),
}));

/**
 * Outbound call attempts to one number per local day, every agency and every account of the customer together:
 * what the person holding that phone experiences.
 */
export const dailyAttemptsPerNumber: RuleDefinition<"DAILY_ATTEMPTS_PER_NUMBER"> = {
  code: "DAILY_ATTEMPTS_PER_NUMBER",
  create(params, context) {
    const { outcomes } = compile(params);
    const attempts = new Map<string, PreparedEvent[]>();
    return (event) => {
      if (event.type !== "CALL" || event.direction !== "OUTBOUND" || event.phone === null) return;
      if (outcomes !== null && (event.outcome === null || !outcomes.has(event.outcome))) return;
      const key = `${event.day}|${event.phone}`;
      let earlier = attempts.get(key);
      if (!earlier) {
        earlier = [];
        attempts.set(key, earlier);
      }
      if (earlier.length >= params.maxPerDay && context.owns(event)) {
        const evidence = lastEvidence(earlier);
        context.emit(
          event,
          {
            key: "rules.DAILY_ATTEMPTS_PER_NUMBER.explanation",
            params: {
              count: earlier.length + 1,
              max: params.maxPerDay,
              phone: maskedPhone(event.phone),
              date: formatDay(event.day),
              times: listLocalTimes([...evidence, event]),
            },
          },
          evidence,
        );
      }
      earlier.push(event);
    };
  },
};
