import type { RuleParametersByCode } from "../rule-pack";
import type { Outcome } from "../types";
import { isOutboundOf, isThirdParty, listLocalTimes, localLabel, memoByParams, type PreparedEvent, type RuleDefinition } from "./shared";

const compile = memoByParams((params: RuleParametersByCode["THIRD_PARTY_CONTACT"]) => ({
  types: new Set(params.contactTypes),
  failed: new Set(params.failedOutcomes),
  invalid: new Set(params.invalidNumberOutcomes),
}));

/**
 * Contact persons may be approached only when the debtor cannot be reached (GB/T 45251-2025; CBA 2026: an invalid
 * number or 3 consecutive failed attempts), unless the account carries third-party consent.
 *
 * Reachability is judged on the debtor as a person: the latest call attempts to them on any of their accounts by
 * any agency. An attempt is an outbound call to the DEBTOR (or spouse, where the spouse counts as the debtor), or
 * to a number on file when the agency did not record who answered.
 */
export const thirdPartyContact: RuleDefinition<"THIRD_PARTY_CONTACT"> = {
  code: "THIRD_PARTY_CONTACT",
  create(params, context) {
    const { types, failed, invalid } = compile(params);
    const required = params.failedAttemptsRequired;
    const recentAttempts: PreparedEvent[] = [];
    const lastOutcomeByPhone = new Map<string, Outcome | null>();

    const isDebtorAttempt = (event: PreparedEvent): boolean => {
      if (event.type !== "CALL" || event.direction !== "OUTBOUND") return false;
      if (event.party === "DEBTOR" || (event.party === "SPOUSE" && params.spouseCountsAsDebtor)) return true;
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
      if (
        context.owns(event) &&
        isOutboundOf(event, types) &&
        isThirdParty(event.party, params.spouseCountsAsDebtor) &&
        !event.account.thirdPartyConsent
      ) {
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
};
