import { z } from "zod";
import { secondsOfTimeOfDay } from "../local-time";
import { activityType, base, fields, timeOfDay, uniqueList } from "./parameters";
import { defineRule, isOutboundOf, localLabel, memoByParams } from "./shared";

const parameters = z
  .strictObject({
    ...base,
    /** Earliest allowed local time, inclusive. */
    start: timeOfDay,
    /** Latest allowed local time, exclusive: with "22:00", 21:59:59 passes and 22:00:00 fails. */
    end: timeOfDay,
    activityTypes: uniqueList(activityType),
  })
  .refine((p) => p.start !== p.end, { message: "start and end must differ", path: ["end"] })
  .refine((p) => p.start !== "24:00", { message: "start cannot be 24:00", path: ["start"] });

type Params = z.output<typeof parameters>;

const compile = memoByParams((params: Params) => ({
  types: new Set(params.activityTypes),
  start: secondsOfTimeOfDay(params.start),
  end: secondsOfTimeOfDay(params.end),
}));

/**
 * Outbound contact outside the allowed local window [start, end). Seconds matter: 21:59:59 is inside a window
 * ending 22:00. A window with start after end (e.g. 20:00–02:00) wraps past midnight.
 */
export const contactHours = defineRule({
  code: "CONTACT_HOURS",
  parameters,
  defaults: {
    cn: { enabled: true, severity: "MEDIUM", start: "08:00", end: "22:00", activityTypes: ["CALL", "SMS", "EMAIL", "VISIT"] },
    us: { enabled: true, severity: "MEDIUM", start: "08:00", end: "21:00", activityTypes: ["CALL", "SMS", "EMAIL", "VISIT"] },
  },
  fields: { start: fields.time, end: fields.time, activityTypes: fields.activityList },
  explanations: ["rules.CONTACT_HOURS.explanation"],
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
});
