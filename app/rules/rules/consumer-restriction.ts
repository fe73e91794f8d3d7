import { z } from "zod";
import { withinHours } from "../restricted-hours";
import { compilePatterns, normaliseText } from "../text-match";
import type { ActivityType, ConsentScope, ContactPlace } from "../types";
import { activityType, base, communication, fields, lexicon, regexSource, spouseCountsAsDebtor, uniqueList, type PackFamily } from "./parameters";
import {
  AgencyConsents,
  defineRule,
  isConsumerParty,
  isContactWithConsumer,
  isOutboundOf,
  localLabel,
  memoByParams,
  secondOfDayIn,
  type PreparedEvent,
} from "./shared";

const parameters = z.strictObject({
  ...base,
  spouseCountsAsDebtor: z.boolean(),
  contactTypes: uniqueList(activityType),
  /** An inbound SMS from the consumer that reads exactly one of these (ignoring case and spaces) opts that number out of texts. */
  stopWords: lexicon,
  /**
   * §1006.14(h)(2)(i): after an opt-out of texts or e-mail the agency may send one electronic confirmation that
   * "contains no information other than a statement confirming the person's request and that the debt collector
   * will honor it". A message through the opted-out medium counts as that confirmation when its text matches one of
   * these and is at most CONFIRMATION_MAX_CHARS long. Absent in packs stored before it existed: none is allowed.
   */
  optOutConfirmations: z.array(regexSource).optional(),
});

/** A confirmation says one thing; a longer message carries more than §1006.14(h)(2)(i) allows. */
const CONFIRMATION_MAX_CHARS = 160;

type Params = z.output<typeof parameters>;

const shipped = (family: PackFamily): Params => ({
  enabled: family === "us",
  severity: "HIGH",
  spouseCountsAsDebtor: spouseCountsAsDebtor[family],
  contactTypes: [...communication],
  stopWords: ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "退订", "TD", "停止"],
  optOutConfirmations: [
    "\\b(?:you have been|you've been|you are|you're)\\s+(?:unsubscribed|opted out|removed)\\b",
    "\\b(?:we|you) will (?:not|no longer) (?:send|receive)\\b",
    "\\bno (?:more|further) (?:texts|text messages|messages|e-?mails)\\b",
    "退订成功|已退订|已为您退订|不再(?:向您)?发送",
  ],
});

const compile = memoByParams((params: Params) => ({
  types: new Set(params.contactTypes),
  stopWords: new Set(params.stopWords.map((word) => normaliseText(word).replace(/\s+/g, "").toLowerCase())),
  confirmation: params.optOutConfirmations === undefined || params.optOutConfirmations.length === 0 ? null : compilePatterns(params.optOutConfirmations),
}));

/** Consent that lifts a restriction of that kind when the consumer gives it after the restriction (§1006.6(b)(4)(i)). */
const liftingScope: Record<"TIME" | "PLACE", ConsentScope> = { TIME: "INCONVENIENT_TIME", PLACE: "INCONVENIENT_PLACE" };
const mediumConsent: Partial<Record<ActivityType, ConsentScope>> = { SMS: "TEXT_NUMBER", EMAIL: "EMAIL_ADDRESS", CALL: "CALLS_ABOUT_DEBT" };

type Restriction =
  | { kind: "TIME"; event: PreparedEvent; until: number }
  | { kind: "PLACE"; event: PreparedEvent; until: number; place: ContactPlace }
  | { kind: "MEDIUM"; event: PreparedEvent; until: number; medium: ActivityType; phone: string | null; address: string | null; stop: boolean; confirmed: boolean };

/**
 * What the consumer told the agency not to do (ActivityType CONTACT_RESTRICTION, and a STOP reply to a text):
 *  - a time designated inconvenient ("don't call me before 10"): no communication or attempt at that time in any zone
 *    the consumer may be in (12 CFR 1006.6(b)(1)(i); comment 6(b)(1)-1);
 *  - a place designated inconvenient, work included ("not at work"): no communication there (§1006.6(b)(1)(ii),
 *    §1006.6(b)(3) where the employer prohibits it);
 *  - a medium, or one number or address of it ("stop calling", STOP): not used again (§1006.14(h)(1)).
 * Each binds the agency that was told, about this account, from then on until its end. Exceptions: the consumer's
 * later consent given directly to the agency (§1006.6(b)(4)(i)); a single response, through the same medium, to a
 * communication the consumer initiated (comment 6(b)(1)-2; §1006.14(h)(2)(ii): "the debt collector may respond
 * once through the same medium of communication used by the person"); after an opt-out of texts or e-mail, one
 * electronic confirmation of it (§1006.14(h)(2)(i), `optOutConfirmations`).
 */
/** Whether an electronic message reads as nothing but the confirmation of an opt-out (§1006.14(h)(2)(i)). */
function isConfirmation(event: PreparedEvent, confirmation: RegExp | null): boolean {
  if (confirmation === null || (event.type !== "SMS" && event.type !== "EMAIL") || event.text === null) return false;
  const text = normaliseText(event.text);
  return text.length <= CONFIRMATION_MAX_CHARS && confirmation.test(text);
}

export const consumerRestriction = defineRule({
  code: "CONSUMER_RESTRICTION",
  parameters,
  defaults: { cn: shipped("cn"), us: shipped("us") },
  fields: { spouseCountsAsDebtor: fields.boolean, contactTypes: fields.activityList, stopWords: fields.lines, optOutConfirmations: fields.lines },
  explanations: ["rules.CONSUMER_RESTRICTION.time", "rules.CONSUMER_RESTRICTION.place", "rules.CONSUMER_RESTRICTION.medium", "rules.CONSUMER_RESTRICTION.stop"],
  create(params, context) {
    const { types, stopWords, confirmation } = compile(params);
    const restrictions = new Map<string, Restriction[]>();
    const consents = new AgencyConsents(params.spouseCountsAsDebtor);
    /** Per account and agency: the medium of the consumer's latest own communication, not yet answered. */
    const awaitingResponse = new Map<string, ActivityType>();

    const add = (key: string, restriction: Restriction) => {
      const list = restrictions.get(key) ?? [];
      list.push(restriction);
      restrictions.set(key, list);
    };

    const breached = (event: PreparedEvent, restriction: Restriction): boolean => {
      if (restriction.event.at >= event.at || event.at >= restriction.until) return false;
      switch (restriction.kind) {
        case "TIME": {
          const hours = restriction.event.facts?.restrictedHours;
          if (!hours || consents.consentSince(event, liftingScope.TIME, restriction.event.at)) return false;
          return event.account.zones.some((zone, index) => withinHours(hours, index === 0 ? event.secondOfDay : secondOfDayIn(zone, event.at)));
        }
        case "PLACE":
          return (event.facts?.place ?? null) === restriction.place && !consents.consentSince(event, liftingScope.PLACE, restriction.event.at);
        case "MEDIUM": {
          if (event.type !== restriction.medium) return false;
          if (restriction.phone !== null && event.phone !== restriction.phone) return false;
          if (restriction.address !== null && normaliseText(event.facts?.address ?? "").toLowerCase() !== restriction.address) return false;
          const scope = mediumConsent[restriction.medium];
          return !(scope && consents.consentSince(event, scope, restriction.event.at));
        }
      }
    };

    return (event) => {
      consents.observe(event);
      const key = `${event.account.id}:${event.agencyId}`;
      const facts = event.facts;
      if (event.type === "CONTACT_RESTRICTION" && facts) {
        const until = facts.endsAt ?? Number.POSITIVE_INFINITY;
        if (facts.restriction === "INCONVENIENT_TIME" && facts.restrictedHours) add(key, { kind: "TIME", event, until });
        else if (facts.restriction === "INCONVENIENT_PLACE" && facts.place) add(key, { kind: "PLACE", event, until, place: facts.place });
        else if (facts.restriction === "MEDIUM" && facts.restrictedMedium) {
          const address = facts.address ? normaliseText(facts.address).toLowerCase() : null;
          add(key, { kind: "MEDIUM", event, until, medium: facts.restrictedMedium, phone: event.phone, address, stop: false, confirmed: false });
        }
        return;
      }
      if (event.direction === "INBOUND" && isConsumerParty(event.party === "UNKNOWN" ? "DEBTOR" : event.party, params.spouseCountsAsDebtor)) {
        if (event.type === "SMS" && event.text !== null && stopWords.has(normaliseText(event.text).replace(/\s+/g, "").toLowerCase())) {
          add(key, { kind: "MEDIUM", event, until: Number.POSITIVE_INFINITY, medium: "SMS", phone: event.phone, address: null, stop: true, confirmed: false });
          return;
        }
        if (types.has(event.type)) awaitingResponse.set(key, event.type);
        return;
      }
      if (!isOutboundOf(event, types) || !isContactWithConsumer(event, params.spouseCountsAsDebtor)) return;
      const list = restrictions.get(key);
      if (!list) return;
      // One response through the medium the consumer used is allowed, then the restrictions hold again.
      if (awaitingResponse.get(key) === event.type) {
        awaitingResponse.delete(key);
        return;
      }
      if (!context.owns(event)) return;
      for (let index = list.length - 1; index >= 0; index--) {
        const restriction = list[index]!;
        if (!breached(event, restriction)) continue;
        if (restriction.kind === "MEDIUM" && !restriction.confirmed && isConfirmation(event, confirmation)) {
          restriction.confirmed = true;
          continue;
        }
        const common = { time: localLabel(event), restrictionTime: localLabel(restriction.event) };
        if (restriction.kind === "TIME") {
          context.emit(event, { key: "rules.CONSUMER_RESTRICTION.time", params: { ...common, hours: restriction.event.facts?.restrictedHours?.label ?? "" } }, [restriction.event]);
        } else if (restriction.kind === "PLACE") {
          context.emit(event, { key: "rules.CONSUMER_RESTRICTION.place", params: { ...common, place: restriction.place } }, [restriction.event]);
        } else {
          context.emit(event, { key: restriction.stop ? "rules.CONSUMER_RESTRICTION.stop" : "rules.CONSUMER_RESTRICTION.medium", params: { ...common, medium: event.type } }, [restriction.event]);
        }
        return;
      }
    };
  },
});
