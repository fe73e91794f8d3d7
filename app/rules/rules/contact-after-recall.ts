import { z } from "zod";
import { formatDay } from "../local-time";
import { formatCents, toCents } from "../money";
import type { ActivityType } from "../types";
import { activityType, base, communication, fields, uniqueList } from "./parameters";
import { defineRule, lastEvidence, localLabel, memoByParams, type PreparedEvent, type PreparedPlacement } from "./shared";

const parameters = z.strictObject({
  ...base,
  /** Communication types count only when OUTBOUND; other listed types (PAYMENT, PROMISE) count either way. */
  activityTypes: uniqueList(activityType),
  /** Local days after the recall date on which activity is still tolerated (the agency learning of the recall). */
  graceDays: z.int().min(0),
  /** Also stop at the moment the agency's payments on the placement reach the placed balance. */
  checkPaidInFull: z.boolean(),
});

const shipped = (): Params => ({
  enabled: true,
  severity: "HIGH",
  activityTypes: [...communication, "PAYMENT", "PROMISE"],
  graceDays: 0,
  checkPaidInFull: true,
});

type Params = z.output<typeof parameters>;

const compile = memoByParams((params: Params) => ({ types: new Set(params.activityTypes) }));

const communicationTypes: ReadonlySet<ActivityType> = new Set(["CALL", "SMS", "EMAIL", "LETTER", "VISIT"]);

interface PaymentState {
  paidCents: bigint;
  payments: PreparedEvent[];
  /** The payment that brought the total to the placed balance; null while short of it. */
  paidInFullBy: PreparedEvent | null;
}

/**
 * Agency activity once its mandate ended: after the placement's recall date (dates are whole local days, so activity
 * on the recall day itself is tolerated), or after its own payments on the placement reached the placed balance.
 * An account re-placed with the same agency is judged by the placement in force on the event's local day.
 * Inbound contact from the debtor is not the agency's doing; a PAYMENT or PROMISE taken after the end is.
 */
export const contactAfterRecall = defineRule({
  code: "CONTACT_AFTER_RECALL",
  parameters,
  defaults: { cn: shipped(), us: shipped() },
  fields: { activityTypes: fields.activityList, graceDays: fields.integer, checkPaidInFull: fields.boolean },
  explanations: ["rules.CONTACT_AFTER_RECALL.explanation", "rules.CONTACT_AFTER_RECALL.paidInFull"],
  create(params, context, inputs) {
    const { types } = compile(params);
    const payments = new Map<PreparedPlacement, PaymentState>();

    return (event) => {
      const placements = inputs.placements.get(event.account.id)?.get(event.agencyId);
      if (!placements) return;
      let placement: PreparedPlacement | undefined;
      for (let index = placements.length - 1; index >= 0; index--) {
        const candidate = placements[index];
        if (candidate && candidate.placedDay <= event.day) {
          placement = candidate;
          break;
        }
      }
      if (!placement) return;
      let state = payments.get(placement);

      const isActivity = types.has(event.type) && (event.direction === "OUTBOUND" || !communicationTypes.has(event.type));
      if (isActivity && context.owns(event)) {
        if (placement.recalledDay !== null && event.day > placement.recalledDay + params.graceDays) {
          context.emit(event, {
            key: "rules.CONTACT_AFTER_RECALL.explanation",
            params: { time: localLabel(event), recalledOn: formatDay(placement.recalledDay) },
          });
        } else if (params.checkPaidInFull && state?.paidInFullBy && state.paidInFullBy.at < event.at) {
          context.emit(
            event,
            {
              key: "rules.CONTACT_AFTER_RECALL.paidInFull",
              params: {
                time: localLabel(event),
                balance: `${formatCents(placement.balanceCents)}${placement.currency ? ` ${placement.currency}` : ""}`,
                paidAt: localLabel(state.paidInFullBy),
              },
            },
            lastEvidence(state.payments),
          );
        }
      }

      if (event.type === "PAYMENT" && event.source.amount !== null && placement.balanceCents > 0n) {
        if (!state) {
          state = { paidCents: 0n, payments: [], paidInFullBy: null };
          payments.set(placement, state);
        }
        state.paidCents += toCents(event.source.amount, `event ${event.id} amount`);
        state.payments.push(event);
        // A reversal (negative payment) can take the placement back below its balance.
        if (state.paidCents < placement.balanceCents) state.paidInFullBy = null;
        else state.paidInFullBy ??= event;
      }
    };
  },
});
