import { localLabel, type RuleDefinition } from "./shared";

/** A connected outbound call must have a recording: records are the lender's only way to check what was said. */
export const callRecordingMissing: RuleDefinition<"CALL_RECORDING_MISSING"> = {
  code: "CALL_RECORDING_MISSING",
  create(_params, context) {
    return (event) => {
      if (event.type !== "CALL" || event.direction !== "OUTBOUND" || event.outcome !== "CONNECTED") return;
      if (event.source.recordingId?.trim() || !context.owns(event)) return;
      context.emit(event, { key: "rules.CALL_RECORDING_MISSING.explanation", params: { time: localLabel(event) } });
    };
  },
};
