import type { RuleParametersByCode } from "../rule-pack";
import { normaliseText } from "../text-match";
import { isOutboundOf, localLabel, memoByParams, scopeKey, type PreparedEvent, type RuleDefinition } from "./shared";

const compile = memoByParams((params: RuleParametersByCode["CONTACT_DURING_DISPUTE"]) => ({
  types: new Set(params.contactTypes),
  verificationTypes: new Set(params.verificationTypes),
  markers: params.verifiedMarkers.map((marker) => normaliseText(marker).toLowerCase()),
}));

/**
 * A dispute stops collection until it is verified (Reg F 1006.34, 1006.38). The data has no verification field,
 * so verification is an agreed marker: an event of a verification type (NOTE, LETTER by default) whose text
 * contains one of the pack's markers, e.g. "DISPUTE_VERIFIED" or "核实完成". It closes every open dispute in its
 * scope and is itself not contact during the dispute. The first unverified dispute is the one cited.
 */
export const contactDuringDispute: RuleDefinition<"CONTACT_DURING_DISPUTE"> = {
  code: "CONTACT_DURING_DISPUTE",
  create(params, context) {
    const { types, verificationTypes, markers } = compile(params);
    const openDisputes = new Map<number | string, PreparedEvent>();

    const isVerification = (event: PreparedEvent): boolean => {
      if (event.text === null || !verificationTypes.has(event.type)) return false;
      const text = normaliseText(event.text).toLowerCase();
      return markers.some((marker) => text.includes(marker));
    };

    return (event) => {
      if (openDisputes.size === 0 && event.type !== "DISPUTE") return;
      const key = scopeKey(event, params.scope);
      if (isVerification(event)) {
        openDisputes.delete(key);
        return;
      }
      const dispute = openDisputes.get(key);
      if (dispute && dispute.at < event.at && context.owns(event) && isOutboundOf(event, types)) {
        context.emit(
          event,
          { key: "rules.CONTACT_DURING_DISPUTE.explanation", params: { time: localLabel(event), disputeTime: localLabel(dispute) } },
          [dispute],
        );
      }
      if (event.type === "DISPUTE" && !dispute) openDisputes.set(key, event);
    };
  },
};
