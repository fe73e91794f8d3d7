import { z } from "zod";
import { secondsOfTimeOfDay } from "../local-time";
import { activityType, base, fields, timeOfDay, uniqueList } from "./parameters";
import { AgreedConsent } from "./agreed-consent";
import { defineRule, isOutboundOf, localLabel, memoByParams } from "./shared";

const parameters = z
  .strictObject({
    ...base,
    /** Earliest allowed local time, inclusive. */
    start: timeOfDay,
    /** Latest allowed local time, exclusive: with "22:00", 21:59:59 passes and 22:00:00 fails. */
    end: timeOfDay,
    activityTypes: uniqueList(activityType),
    /**
     * Contact outside the hours is allowed while the debtor's agreement to it, given to the agency (a CONSENT of
     * scope INCONVENIENT_TIME), lasts: GB/T 45251-2025 (NIFA summary: "no collection between 22:00 and 08:00 unless
     * agreed") and CBA 2026 ("without consent"), docs/domain/DOMAIN.md.
     * Absent from packs stored before it existed: those keep judging every contact outside the hours.
     */
    agreedConsent: z.boolean().default(false),
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
    cn: { enabled: true, severity: "MEDIUM", start: "08:00", end: "22:00", activityTypes: ["CALL", "SMS", "EMAIL", "VISIT"], agreedConsent: true },
    us: { enabled: true, severity: "MEDIUM", start: "08:00", end: "21:00", activityTypes: ["CALL", "SMS", "EMAIL", "VISIT"], agreedConsent: false },
  },
  fields: { start: fields.time, end: fields.time, activityTypes: fields.activityList, agreedConsent: fields.boolean },
  explanations: ["rules.CONTACT_HOURS.explanation"],
  create(params, context) {
    const { types, start, end } = compile(params);
    const wraps = start > end;
    // Only the debtor agrees for themself; whether a spouse may is the pack's reading of who the debtor is, which
    // this rule does not carry, so a spouse's word is not taken.
    const consent = params.agreedConsent ? new AgreedConsent("INCONVENIENT_TIME", false) : null;
    return (event) => {
      consent?.observe(event);
      if (!context.owns(event) || !isOutboundOf(event, types)) return;
      if (consent?.covers(event)) return;
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
