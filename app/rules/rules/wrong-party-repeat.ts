import { z } from "zod";
import { activityType, base, fields, uniqueList } from "./parameters";
import {
  defineRule,
  isOutboundOf,
  localLabel,
  localLabelAt,
  maskedPhone,
  memoByParams,
  type EvidenceRef,
} from "./shared";

const parameters = z.strictObject({
  ...base,
  contactTypes: uniqueList(activityType),
  /** Whether NON_BORROWER complaint reports (passed in by the adapter) mark numbers as wrong. */
  includeComplaints: z.boolean(),
  /** A later CONNECTED contact with the DEBTOR on the number (either direction) proves it is theirs again. */
  clearedByRightPartyContact: z.boolean(),
});

const shipped = (): Params => ({
  enabled: true,
  severity: "HIGH",
  contactTypes: ["CALL", "SMS"],
  includeComplaints: true,
  clearedByRightPartyContact: true,
});

type Params = z.output<typeof parameters>;

const compile = memoByParams((params: Params) => ({ types: new Set(params.contactTypes) }));

interface WrongNumberMark {
  at: number;
  source: "EVENT" | "COMPLAINT";
  /** The reporting event, when there is one. */
  evidence: EvidenceRef | null;
  complaintRef: string | null;
}

/**
 * Contact with a number after any agency recorded it as a wrong number, or a non-borrower complained about it:
 * the cross-agency check no single agency can run on itself. The earliest report is cited. A later connected
 * contact with the debtor on that number shows it is theirs after all and lifts the mark, when the pack says so.
 */
export const wrongPartyRepeat = defineRule({
  code: "WRONG_PARTY_REPEAT",
  parameters,
  defaults: { cn: shipped(), us: shipped() },
  fields: { contactTypes: fields.activityList, includeComplaints: fields.boolean, clearedByRightPartyContact: fields.boolean },
  explanations: ["rules.WRONG_PARTY_REPEAT.explanation", "rules.WRONG_PARTY_REPEAT.complaint"],
  create(params, context, inputs) {
    const { types } = compile(params);
    const marks = new Map<string, WrongNumberMark>();
    const external = params.includeComplaints
      ? inputs.wrongNumberReports
      : inputs.wrongNumberReports.filter((report) => report.source !== "COMPLAINT");
    let nextExternal = 0;

    return (event) => {
      for (let report = external[nextExternal]; report !== undefined && report.at < event.at; report = external[++nextExternal]) {
        if (!marks.has(report.phone)) {
          marks.set(report.phone, {
            at: report.at,
            source: report.source,
            evidence: report.activityEventId === null ? null : { id: report.activityEventId, at: report.at },
            complaintRef: report.complaintRef,
          });
        }
      }
      if (event.phone === null) return;

      const mark = marks.get(event.phone);
      if (mark && mark.at < event.at && context.owns(event) && isOutboundOf(event, types)) {
        const common = { time: localLabel(event), phone: maskedPhone(event.phone), reportedAt: localLabelAt(event.account, mark.at) };
        context.emit(
          event,
          mark.source === "COMPLAINT"
            ? { key: "rules.WRONG_PARTY_REPEAT.complaint", params: { ...common, complaintRef: mark.complaintRef ?? "" } }
            : { key: "rules.WRONG_PARTY_REPEAT.explanation", params: common },
          mark.evidence ? [mark.evidence] : [],
        );
      }

      if (params.clearedByRightPartyContact && event.outcome === "CONNECTED" && event.party === "DEBTOR") {
        marks.delete(event.phone);
      } else if (event.outcome === "WRONG_NUMBER" && !marks.has(event.phone)) {
        marks.set(event.phone, { at: event.at, source: "EVENT", evidence: event, complaintRef: null });
      }
    };
  },
});
