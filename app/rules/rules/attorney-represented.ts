import { z } from "zod";
import { DAY_MS } from "../local-time";
import { activityType, base, communication, fields, spouseCountsAsDebtor, uniqueList, type PackFamily } from "./parameters";
import { AgencyConsents, defineRule, isContactWithConsumer, isOutboundOf, localLabel, memoByParams, type PreparedEvent } from "./shared";

const parameters = z.strictObject({
  ...base,
  spouseCountsAsDebtor: z.boolean(),
  contactTypes: uniqueList(activityType),
  /**
   * The lender's reading of "a reasonable period of time" (12 CFR 1006.6(b)(2)): after a communication to the
   * attorney that goes unanswered this many days, the agency may communicate with the consumer.
   */
  attorneyResponseDays: z.int().min(1).max(365),
});

type Params = z.output<typeof parameters>;

const shipped = (family: PackFamily): Params => ({
  enabled: family === "us",
  severity: "HIGH",
  spouseCountsAsDebtor: spouseCountsAsDebtor[family],
  contactTypes: [...communication],
  attorneyResponseDays: 30,
});

const compile = memoByParams((params: Params) => ({ types: new Set(params.contactTypes) }));

interface Representation {
  notice: PreparedEvent;
  /** The agency's latest communication to the attorney still unanswered, if any. */
  unanswered: PreparedEvent | null;
}

/**
 * Once the agency knows the consumer is represented by an attorney about the debt (ActivityType ATTORNEY_NOTICE, from
 * its occurred_at), it must not communicate or attempt to communicate with the consumer (§1006.6(a): the spouse,
 * executor, guardian, successor too) — 12 CFR 1006.6(b)(2) — unless:
 *  - the attorney consents to direct communication with the consumer (§1006.6(b)(2)), or the consumer gives consent
 *    directly to the agency (§1006.6(b)(4)(i)): a CONSENT of scope DIRECT_CONTACT;
 *  - the attorney fails to respond within a reasonable period to a communication from the agency (§1006.6(b)(2)):
 *    an outbound communication to the ATTORNEY with nothing back from them for `attorneyResponseDays`.
 * Communications with the attorney are never violations (§1006.6(d)(1)(ii)). The knowledge is the agency's: another
 * agency that was not told is not bound by it.
 */
export const attorneyRepresented = defineRule({
  code: "ATTORNEY_REPRESENTED",
  parameters,
  defaults: { cn: shipped("cn"), us: shipped("us") },
  fields: { spouseCountsAsDebtor: fields.boolean, contactTypes: fields.activityList, attorneyResponseDays: fields.integer },
  explanations: ["rules.ATTORNEY_REPRESENTED.explanation"],
  create(params, context) {
    const { types } = compile(params);
    const represented = new Map<string, Representation>();
    const consents = new AgencyConsents(params.spouseCountsAsDebtor);
    const grace = params.attorneyResponseDays * DAY_MS;

    return (event) => {
      consents.observe(event);
      const key = `${event.account.id}:${event.agencyId}`;
      if (event.type === "ATTORNEY_NOTICE") {
        if (!represented.has(key)) represented.set(key, { notice: event, unanswered: null });
        return;
      }
      const representation = represented.get(key);
      if (!representation) return;
      if (event.party === "ATTORNEY") {
        if (event.direction === "INBOUND") representation.unanswered = null;
        else if (types.has(event.type) && representation.unanswered === null) representation.unanswered = event;
        return;
      }
      if (!context.owns(event) || !isOutboundOf(event, types) || !isContactWithConsumer(event, params.spouseCountsAsDebtor)) return;
      if (consents.consentSince(event, "DIRECT_CONTACT", representation.notice.at)) return;
      if (representation.unanswered !== null && event.at - representation.unanswered.at >= grace) return;
      context.emit(
        event,
        { key: "rules.ATTORNEY_REPRESENTED.explanation", params: { time: localLabel(event), noticeTime: localLabel(representation.notice) } },
        [representation.notice],
      );
    };
  },
});
