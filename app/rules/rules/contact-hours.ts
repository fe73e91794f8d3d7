import { secondsOfTimeOfDay } from "../local-time";
import type { RuleParametersByCode } from "../rule-pack";
import { isOutboundOf, localLabel, memoByParams, type RuleDefinition } from "./shared";

const compile = memoByParams((params: RuleParametersByCode["CONTACT_HOURS"]) => ({
  types: new Set(params.activityTypes),
  start: secondsOfTimeOfDay(params.start),
  end: secondsOfTimeOfDay(params.end),
}));

/**
 * Outbound contact outside the allowed local window [start, end). Seconds matter: 21:59:59 is inside a window
 * ending 22:00. A window with start after end (e.g. 20:00–02:00) wraps past midnight.
 */
export const contactHours: RuleDefinition<"CONTACT_HOURS"> = {
  code: "CONTACT_HOURS",
  create(params, context) {
    const { types, start, end } = compile(params);
    const wraps = start > end;
    return (event) => {
      if (!context.owns(event) || !isOutboundOf(event, types)) return;
      const second = event.secondOfDay;
      const allowed = wraps ? second >= start || second < end : second >= start && second < end;
      if (allowed) return;
      context.emit(event, {
        key: "rules.CONTACT_HOURS.explanation",
        params: { time: localLabel(event), timeZone: event.account.timeZone, start: params.start, end: params.end },
      });
    };
  },
};
