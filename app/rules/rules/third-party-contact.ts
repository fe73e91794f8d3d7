import { z } from "zod";
import type { Outcome } from "../types";
import { activityType, base, communication, fields, outcome, spouseCountsAsDebtor, uniqueList, type PackFamily } from "./parameters";
import { AgencyConsents, defineRule, isConsumerParty, isOutboundOf, isThirdParty, listLocalTimes, localLabel, memoByParams, type PreparedEvent } from "./shared";

const parameters = z.strictObject({
  ...base,
  /** Reg F 1006.6(d): the spouse is the consumer. In China the spouse is family, hence a third party. */
  spouseCountsAsDebtor: z.boolean(),
  contactTypes: uniqueList(activityType),
  /** How many of the latest call attempts to the debtor must all have failed before third parties may be contacted. */
  failedAttemptsRequired: z.int().min(1),
  failedOutcomes: uniqueList(outcome),
  /**
   * The debtor also counts as unreachable when every number on file has its latest attempt ending in one of these
   * (the number is invalid), however few attempts that took.
   */
  invalidNumberOutcomes: z.array(outcome),
  /**
   * The lender's placement-file flag (Account.thirdPartyConsent) counts as consent. Regulation F counts only consent
   * given directly to the debt collector (12 CFR 1006.6(d)(2)(ii); comment 6(b)(4)(i)-2: consent given to the
   * creditor is not), so the US pack says no. Packs stored before this parameter read true, as they behaved.
   */
  placementConsent: z.boolean().default(true),
  /** A CONSENT of scope THIRD_PARTY_CONTACT given directly to the agency before the contact counts (§1006.6(d)(2)(ii)). */
  agencyConsent: z.boolean().default(false),
});

const shipped = (family: PackFamily): Params => ({
  enabled: true,
  severity: "MEDIUM",
  spouseCountsAsDebtor: spouseCountsAsDebtor[family],
  contactTypes: [...communication],
  failedAttemptsRequired: 3,
  failedOutcomes: ["NO_ANSWER", "VOICEMAIL", "BUSY", "NOT_IN_SERVICE", "WRONG_NUMBER", "FAILED"],
  invalidNumberOutcomes: ["NOT_IN_SERVICE", "WRONG_NUMBER"],
  placementConsent: family === "cn",
  // The China pack's "unless agreed" reads consent given to the agency too, beside the lender's record.
  agencyConsent: true,
});

type Params = z.output<typeof parameters>;

const compile = memoByParams((params: Params) => ({
  types: new Set(params.contactTypes),
  failed: new Set(params.failedOutcomes),
  invalid: new Set(params.invalidNumberOutcomes),
}));

/**
 * Contact persons may be approached only when the debtor cannot be reached (GB/T 45251-2025; CBA 2026: an invalid
 * number or 3 consecutive failed attempts), unless the account carries third-party consent: the lender's placement
 * flag where the pack reads it (China), consent given directly to the agency where it reads that (Reg F
 * §1006.6(d)(2)(ii)). The consumer's attorney, executor, guardian and confirmed successor are not third parties
 * (§1006.6(a), §1006.6(d)(1)).
 *
 * Reachability is judged on the debtor as a person: the latest call attempts to them on any of their accounts by
 * any agency. An attempt is an outbound call to the DEBTOR (or spouse, where the spouse counts as the debtor), or
 * to a number on file when the agency did not record who answered.
 */
export const thirdPartyContact = defineRule({
  code: "THIRD_PARTY_CONTACT",
  parameters,
  defaults: { cn: shipped("cn"), us: shipped("us") },
  fields: {
    spouseCountsAsDebtor: fields.boolean,
    contactTypes: fields.activityList,
    failedAttemptsRequired: fields.integer,
    failedOutcomes: fields.outcomeList,
    invalidNumberOutcomes: fields.outcomeList,
    placementConsent: fields.boolean,
    agencyConsent: fields.boolean,
  },
  explanations: ["rules.THIRD_PARTY_CONTACT.explanation", "rules.THIRD_PARTY_CONTACT.noAttempts"],
  create(params, context) {
    const { types, failed, invalid } = compile(params);
    const required = params.failedAttemptsRequired;
    const recentAttempts: PreparedEvent[] = [];
    const lastOutcomeByPhone = new Map<string, Outcome | null>();
    const consents = params.agencyConsent ? new AgencyConsents(params.spouseCountsAsDebtor) : null;
    const consented = (event: PreparedEvent) =>
      (params.placementConsent && event.account.thirdPartyConsent) || (consents?.consentAt(event, "THIRD_PARTY_CONTACT") ?? null) !== null;

    const isDebtorAttempt = (event: PreparedEvent): boolean => {
      if (event.type !== "CALL" || event.direction !== "OUTBOUND") return false;
      if (isConsumerParty(event.party, params.spouseCountsAsDebtor)) return true;
      return event.party === "UNKNOWN" && event.phone !== null && event.account.phones.has(event.phone);
    };

    const allNumbersInvalid = (event: PreparedEvent): boolean => {
      const phones = event.account.phones;
      if (phones.size === 0 || invalid.size === 0) return false;
      for (const phone of phones) {
        const outcome = lastOutcomeByPhone.get(phone);
        if (outcome == null || !invalid.has(outcome)) return false;
      }
      return true;
    };

    return (event) => {
      consents?.observe(event);
      if (context.owns(event) && isOutboundOf(event, types) && isThirdParty(event.party, params.spouseCountsAsDebtor) && !consented(event)) {
        const failedCount = recentAttempts.filter((attempt) => attempt.outcome !== null && failed.has(attempt.outcome)).length;
        const unreachable = (recentAttempts.length >= required && failedCount === recentAttempts.length) || allNumbersInvalid(event);
        if (!unreachable) {
          context.emit(
            event,
            recentAttempts.length === 0
              ? { key: "rules.THIRD_PARTY_CONTACT.noAttempts", params: { time: localLabel(event), party: event.party } }
              : {
                  key: "rules.THIRD_PARTY_CONTACT.explanation",
                  params: {
                    time: localLabel(event),
                    party: event.party,
                    failed: failedCount,
                    considered: recentAttempts.length,
                    required,
                    attempts: listLocalTimes(recentAttempts),
                  },
                },
            recentAttempts,
          );
        }
      }
      if (isDebtorAttempt(event)) {
        recentAttempts.push(event);
        if (recentAttempts.length > required) recentAttempts.shift();
        if (event.phone !== null) lastOutcomeByPhone.set(event.phone, event.outcome);
      }
    };
  },
});
