import { z } from "zod";
import { base } from "./parameters";
import { defineRule, localLabel } from "./shared";

const parameters = z.strictObject({ ...base });

/** A connected outbound call must have a recording: records are the lender's only way to check what was said. */
export const callRecordingMissing = defineRule({
  code: "CALL_RECORDING_MISSING",
  parameters,
  defaults: { cn: { enabled: true, severity: "LOW" }, us: { enabled: false, severity: "LOW" } },
  fields: {},
  explanations: ["rules.CALL_RECORDING_MISSING.explanation"],
  create(_params, context) {
    return (event) => {
      if (event.type !== "CALL" || event.direction !== "OUTBOUND" || event.outcome !== "CONNECTED") return;
      if (event.source.recordingId?.trim() || !context.owns(event)) return;
      context.emit(event, { key: "rules.CALL_RECORDING_MISSING.explanation", params: { time: localLabel(event) } });
    };
  },
});
