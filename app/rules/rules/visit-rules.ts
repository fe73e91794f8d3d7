import { z } from "zod";
import { base, fields } from "./parameters";
import { defineRule, localLabel } from "./shared";

const parameters = z.strictObject({
  ...base,
  minVisitors: z.int().min(1),
  recordingRequired: z.boolean(),
});

const explanations = [
  "rules.VISIT_RULES.explanation",
  "rules.VISIT_RULES.visitorsMissing",
  "rules.VISIT_RULES.recording",
  "rules.VISIT_RULES.visitorsAndRecording",
  "rules.VISIT_RULES.visitorsMissingAndRecording",
] as const;

/**
 * Home visits: at least `minVisitors` collectors (CBA 2026) and a full recording (2018 self-regulation convention).
 * A visit without a visitor count fails the minimum: the agency has to be able to show it was met.
 */
export const visitRules = defineRule({
  code: "VISIT_RULES",
  parameters,
  defaults: {
    cn: { enabled: true, severity: "MEDIUM", minVisitors: 2, recordingRequired: true },
    us: { enabled: false, severity: "MEDIUM", minVisitors: 2, recordingRequired: true },
  },
  fields: { minVisitors: fields.integer, recordingRequired: fields.boolean },
  explanations,
  create(params, context) {
    return (event) => {
      if (event.type !== "VISIT" || event.direction !== "OUTBOUND" || !context.owns(event)) return;
      const visitors = event.source.visitors;
      const visitorsMissing = visitors === null;
      const tooFew = visitors !== null && visitors < params.minVisitors;
      const noRecording = params.recordingRequired && !event.source.recordingId?.trim();
      if (!visitorsMissing && !tooFew && !noRecording) return;
      let key: (typeof explanations)[number];
      if (visitorsMissing) key = noRecording ? "rules.VISIT_RULES.visitorsMissingAndRecording" : "rules.VISIT_RULES.visitorsMissing";
      else if (tooFew) key = noRecording ? "rules.VISIT_RULES.visitorsAndRecording" : "rules.VISIT_RULES.explanation";
      else key = "rules.VISIT_RULES.recording";
      context.emit(event, { key, params: { time: localLabel(event), visitors: visitors ?? "", minVisitors: params.minVisitors } });
    };
  },
});
