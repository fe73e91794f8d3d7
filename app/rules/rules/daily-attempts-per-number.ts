import { z } from "zod";
import { formatDay } from "../local-time";
import { base, fields, outcome, uniqueList } from "./parameters";
import { defineRule, lastEvidence, listLocalTimes, maskedPhone, memoByParams, type PreparedEvent } from "./shared";

const parameters = z.strictObject({
  ...base,
  maxPerDay: z.int().min(1),
  /** null: every attempt counts whatever its outcome, including attempts recorded without one. */
  countedOutcomes: uniqueList(outcome).nullable(),
});

type Params = z.output<typeof parameters>;

const compile = memoByParams((params: Params) => ({
  outcomes: params.countedOutcomes === null ? null : new Set(params.countedOutcomes),
}));

/**
 * Outbound call attempts to one number per local day, every agency and every account of the customer together:
 * what the person holding that phone experiences.
 */
export const dailyAttemptsPerNumber = defineRule({
  code: "DAILY_ATTEMPTS_PER_NUMBER",
  parameters,
  defaults: {
    cn: { enabled: true, severity: "MEDIUM", maxPerDay: 6, countedOutcomes: null },
    us: { enabled: false, severity: "MEDIUM", maxPerDay: 6, countedOutcomes: null },
  },
  fields: { maxPerDay: fields.integer, countedOutcomes: { ...fields.outcomeList, nullable: true } },
  explanations: ["rules.DAILY_ATTEMPTS_PER_NUMBER.explanation"],
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
});
