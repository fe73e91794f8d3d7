import { z } from "zod";
import { activityType, base, communication, fields, scope, uniqueList } from "./parameters";
import { defineRule, isOutboundOf, localLabel, scopeKey, memoByParams, type PreparedEvent } from "./shared";

const parameters = z.preprocess(
  // Packs stored before ADR 027 closed disputes by text markers; those parameters are read and dropped.
  (value) => {
    if (value === null || typeof value !== "object") return value;
    const { verificationTypes: _types, verifiedMarkers: _markers, ...rest } = value as Record<string, unknown>;
    return rest;
  },
  z.strictObject({
    ...base,
    contactTypes: uniqueList(activityType),
    /**
     * An oral dispute stops collection too. Regulation F attaches the duty to stop to a dispute submitted in writing
     * within the validation period (12 CFR 1006.38(d)(2)), so the US pack says no. Packs stored before this
     * parameter read true, as they behaved.
     */
    oralDisputesStop: z.boolean().default(true),
    /**
     * Only a dispute made by the end of the validation period stops collection (§1006.38(d)(2), the period of
     * §1006.34(b)(5) given by the VALIDATION_NOTICE's ends_at). Without a known period every dispute counts.
     */
    validationPeriodOnly: z.boolean().default(false),
    scope,
  }),
);

type Params = z.output<typeof parameters>;

const shipped = (enabled: boolean, us: boolean): Params => ({
  enabled,
  severity: "HIGH",
  contactTypes: [...communication],
  oralDisputesStop: !us,
  validationPeriodOnly: us,
  scope: "ACCOUNT",
});

const compile = memoByParams((params: Params) => ({ types: new Set(params.contactTypes) }));

/**
 * A dispute stops collection until verification is sent (Reg F 12 CFR 1006.38(d)(2)(i)): after a DISPUTE, outbound
 * contact of the listed types is a violation until a VERIFICATION_SENT event in the same scope, which is itself not
 * contact during the dispute. Where the pack says so, only written disputes (a blank dispute_form is read as written)
 * made within the validation period count (§1006.38(d)(2), §1006.34(b)(5)). The first unverified dispute is the one
 * cited. This replaces the undocumented text markers ("DISPUTE_VERIFIED", "核实完成") that closed disputes before.
 */
export const contactDuringDispute = defineRule({
  code: "CONTACT_DURING_DISPUTE",
  parameters,
  defaults: { cn: shipped(false, false), us: shipped(true, true) },
  fields: { contactTypes: fields.activityList, oralDisputesStop: fields.boolean, validationPeriodOnly: fields.boolean, scope: fields.scope },
  explanations: ["rules.CONTACT_DURING_DISPUTE.explanation"],
  create(params, context) {
    const { types } = compile(params);
    const openDisputes = new Map<number | string, PreparedEvent>();
    /** Per account: the end of the latest validation period known (epoch ms). */
    const periodEnds = new Map<number, number>();

    const stops = (dispute: PreparedEvent): boolean => {
      if (!params.oralDisputesStop && dispute.facts?.disputeForm === "ORAL") return false;
      if (!params.validationPeriodOnly) return true;
      const end = periodEnds.get(dispute.account.id);
      return end === undefined || dispute.at < end;
    };

    return (event) => {
      if (event.type === "VALIDATION_NOTICE") {
        if (event.facts?.endsAt != null) periodEnds.set(event.account.id, event.facts.endsAt);
        return;
      }
      if (openDisputes.size === 0 && event.type !== "DISPUTE") return;
      const key = scopeKey(event, params.scope);
      if (event.type === "VERIFICATION_SENT") {
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
      if (event.type === "DISPUTE" && !dispute && stops(event)) openDisputes.set(key, event);
    };
  },
});
