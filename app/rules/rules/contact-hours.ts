import { z } from "zod";
import { secondsOfTimeOfDay } from "../local-time";
import { activityType, base, fields, spouseCountsAsDebtor, timeOfDay, uniqueList } from "./parameters";
import { AgencyConsents, defineRule, isContactWithConsumer, isOutboundOf, localLabel, localLabelIn, memoByParams, secondOfDayIn } from "./shared";

const parameters = z
  .strictObject({
    ...base,
    /** Earliest allowed local time, inclusive. */
    start: timeOfDay,
    /** Latest allowed local time, exclusive: with "22:00", 21:59:59 passes and 22:00:00 fails. */
    end: timeOfDay,
    activityTypes: uniqueList(activityType),
    /**
     * Consent given directly to the agency to a time otherwise inconvenient (ActivityType CONSENT, scope
     * INCONVENIENT_TIME) allows contact with the consumer at that time (12 CFR 1006.6(b)(4)(i)). Packs stored before
     * the fact existed read false.
     */
    consentToTime: z.boolean().default(false),
  })
  .refine((p) => p.start !== p.end, { message: "start and end must differ", path: ["end"] })
  .refine((p) => p.start !== "24:00", { message: "start cannot be 24:00", path: ["start"] });

type Params = z.output<typeof parameters>;

const compile = memoByParams((params: Params) => ({
  types: new Set(params.activityTypes),
  start: secondsOfTimeOfDay(params.start),
  end: secondsOfTimeOfDay(params.end),
}));

const allTypes = ["CALL", "SMS", "EMAIL", "VISIT"] as const;

/**
 * Outbound contact outside the allowed local window [start, end). Seconds matter: 21:59:59 is inside a window
 * ending 22:00. A window with start after end (e.g. 20:00–02:00) wraps past midnight.
 *
 * The window must hold in every zone the consumer may be in (12 CFR 1006.6(b)(1)(i): "local time at the consumer's
 * location"; comment 6(b)(1)(i)-1: with conflicting or ambiguous location information, a time convenient in all of
 * the possible locations): the debtor's zone and Account.possibleTimeZones. When the lender recorded no zone, the
 * agency's stands in and the explanation says so. Consent to an inconvenient time, given directly to the agency
 * before the contact, lifts the window for contacts with the consumer (§1006.6(b)(4)(i), comment 6(b)(4)(i)-1).
 */
export const contactHours = defineRule({
  code: "CONTACT_HOURS",
  parameters,
  defaults: {
    cn: { enabled: true, severity: "MEDIUM", start: "08:00", end: "22:00", activityTypes: [...allTypes], consentToTime: true },
    us: { enabled: true, severity: "MEDIUM", start: "08:00", end: "21:00", activityTypes: [...allTypes], consentToTime: true },
  },
  fields: { start: fields.time, end: fields.time, activityTypes: fields.activityList, consentToTime: fields.boolean },
  explanations: ["rules.CONTACT_HOURS.explanation", "rules.CONTACT_HOURS.otherZone", "rules.CONTACT_HOURS.agencyZone", "rules.CONTACT_HOURS.areaCodeZone", "rules.CONTACT_HOURS.areaCodeFallback"],
  create(params, context) {
    const { types, start, end } = compile(params);
    const wraps = start > end;
    const allowed = (second: number) => (wraps ? second >= start || second < end : second >= start && second < end);
    // Consent is the consumer's (§1006.6(a)); the spouse counts as the consumer wherever Reg F is read.
    const consents = params.consentToTime ? new AgencyConsents(spouseCountsAsDebtor.us) : null;
    return (event) => {
      consents?.observe(event);
      if (!context.owns(event) || !isOutboundOf(event, types)) return;
      const zones = event.account.zones;
      let outside: string | null = null;
      if (!allowed(event.secondOfDay)) outside = event.account.timeZone;
      for (let index = 1; index < zones.length && outside === null; index++) {
        if (!allowed(secondOfDayIn(zones[index]!, event.at))) outside = zones[index]!;
      }
      if (outside === null) return;
      if (consents?.consentAt(event, "INCONVENIENT_TIME") && isContactWithConsumer(event, spouseCountsAsDebtor.us)) return;
      const base = { time: localLabel(event), timeZone: event.account.timeZone, start: params.start, end: params.end };
      if (outside !== event.account.timeZone) {
        const key = event.account.possibleTimeZonesSource === "AREA_CODE" ? "rules.CONTACT_HOURS.areaCodeZone" : "rules.CONTACT_HOURS.otherZone";
        context.emit(event, { key, params: { ...base, otherZone: outside, otherTime: localLabelIn(outside, event.at) } });
      } else if (event.account.timeZoneSource === "AREA_CODE") {
        context.emit(event, { key: "rules.CONTACT_HOURS.areaCodeFallback", params: base });
      } else if (event.account.timeZoneSource === "AGENCY") {
        context.emit(event, { key: "rules.CONTACT_HOURS.agencyZone", params: base });
      } else {
        context.emit(event, { key: "rules.CONTACT_HOURS.explanation", params: base });
      }
    };
  },
});
