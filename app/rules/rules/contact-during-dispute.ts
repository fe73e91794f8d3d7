import { z } from "zod";
import { normaliseText } from "../text-match";
import { activityType, base, communication, fields, scope, uniqueList } from "./parameters";
import { defineRule, isOutboundOf, localLabel, memoByParams, scopeKey, type PreparedEvent } from "./shared";

const parameters = z.strictObject({
  ...base,
  contactTypes: uniqueList(activityType),
  /**
   * A dispute is closed by an event of one of these types whose messageText contains one of the markers
   * (case-insensitive), e.g. NOTE "DISPUTE_VERIFIED: statement sent" or a LETTER carrying the verification.
   * The closing event itself is not contact during the dispute.
   */
  verificationTypes: uniqueList(activityType),
  verifiedMarkers: uniqueList(z.string().trim().min(1)),
  scope,
});

const shipped = (enabled: boolean): Params => ({
  enabled,
  severity: "HIGH",
  contactTypes: [...communication],
  verificationTypes: ["NOTE", "LETTER"],
  verifiedMarkers: ["DISPUTE_VERIFIED", "VERIFICATION_SENT", "VALIDATION_SENT", "核实完成", "已核实"],
  scope: "ACCOUNT",
});

type Params = z.output<typeof parameters>;

const compile = memoByParams((params: Params) => ({
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
export const contactDuringDispute = defineRule({
  code: "CONTACT_DURING_DISPUTE",
  parameters,
  defaults: { cn: shipped(false), us: shipped(true) },
  fields: { contactTypes: fields.activityList, verificationTypes: fields.activityList, verifiedMarkers: fields.lines, scope: fields.scope },
  explanations: ["rules.CONTACT_DURING_DISPUTE.explanation"],
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
});
