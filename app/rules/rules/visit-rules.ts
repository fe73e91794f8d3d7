import type { RulesMessageKey } from "../explanations";
import { localLabel, type RuleDefinition } from "./shared";

/**
 * Home visits: at least `minVisitors` collectors (CBA 2026) and a full recording (2018 self-regulation convention).
 * A visit without a visitor count fails the minimum: the agency has to be able to show it was met.
 */
export const visitRules: RuleDefinition<"VISIT_RULES"> = {
  code: "VISIT_RULES",
  create(params, context) {
    return (event) => {
      if (event.type !== "VISIT" || event.direction !== "OUTBOUND" || !context.owns(event)) return;
      const visitors = event.source.visitors;
      const visitorsMissing = visitors === null;
      const tooFew = visitors !== null && visitors < params.minVisitors;
      const noRecording = params.recordingRequired && !event.source.recordingId?.trim();
      if (!visitorsMissing && !tooFew && !noRecording) return;
      let key: RulesMessageKey;
      if (visitorsMissing) key = noRecording ? "rules.VISIT_RULES.visitorsMissingAndRecording" : "rules.VISIT_RULES.visitorsMissing";
      else if (tooFew) key = noRecording ? "rules.VISIT_RULES.visitorsAndRecording" : "rules.VISIT_RULES.explanation";
      else key = "rules.VISIT_RULES.recording";
      context.emit(event, { key, params: { time: localLabel(event), visitors: visitors ?? "", minVisitors: params.minVisitors } });
    };
  },
};
