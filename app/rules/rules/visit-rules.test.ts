import { expect, test } from "vitest";
import { chinaPack, usRegFPack } from "../rule-pack";
import { events, evaluate, onlyRule } from "../../../test/support/rule-fixtures";

const pack = onlyRule(chinaPack, "VISIT_RULES");
const visit = events(undefined, { type: "VISIT", outcome: null, phoneNumber: null });

test.each([
  [2, "rec-9", null, {}],
  [3, "rec-9", null, {}],
  [1, "rec-9", "rules.VISIT_RULES.explanation", { visitors: 1, minVisitors: 2 }],
  [0, "rec-9", "rules.VISIT_RULES.explanation", { visitors: 0, minVisitors: 2 }],
  [null, "rec-9", "rules.VISIT_RULES.visitorsMissing", { minVisitors: 2 }],
  [2, null, "rules.VISIT_RULES.recording", {}],
  [2, "  ", "rules.VISIT_RULES.recording", {}],
  [1, null, "rules.VISIT_RULES.visitorsAndRecording", { visitors: 1, minVisitors: 2 }],
  [null, null, "rules.VISIT_RULES.visitorsMissingAndRecording", { minVisitors: 2 }],
])("%s visitors, recording %j → %s", (visitors, recordingId, key, params) => {
  const event = visit("2026-04-01 10:00", { visitors, recordingId });
  const found = evaluate([event], pack);
  if (key === null) expect(found).toEqual([]);
  else
    expect(found).toEqual([
      expect.objectContaining({
        ruleCode: "VISIT_RULES",
        severity: "MEDIUM",
        evidenceEventIds: [event.id],
        explanation: { key, params: expect.objectContaining({ time: "2026-04-01 10:00", ...params }) },
      }),
    ]);
});

test("recording can be made optional", () => {
  expect(evaluate([visit("2026-04-01 10:00", { visitors: 2, recordingId: null })], onlyRule(chinaPack, "VISIT_RULES", { recordingRequired: false }))).toEqual([]);
});

test("the debtor visiting the agency is not a home visit", () => {
  expect(evaluate([visit("2026-04-01 10:00", { direction: "INBOUND", visitors: 1, recordingId: null })], pack)).toEqual([]);
});

test("off in the US pack", () => {
  expect(evaluate([visit("2026-04-01 10:00", { visitors: 1, recordingId: null })], { ...usRegFPack, CONTACT_HOURS: undefined })).toEqual([]);
});
