import { expect, test } from "vitest";
import { chinaPack } from "../rule-pack";
import { events, evaluate, onlyRule } from "../../../test/support/rule-fixtures";
import type { RuleEvent } from "../types";

const pack = onlyRule(chinaPack, "CALL_RECORDING_MISSING");
const call = events();

test.each<[string, Partial<RuleEvent>, number]>([
  ["connected outbound call without recording", { outcome: "CONNECTED", recordingId: null }, 1],
  ["... with a blank recording id", { outcome: "CONNECTED", recordingId: " " }, 1],
  ["connected call with a recording", { outcome: "CONNECTED", recordingId: "rec-1" }, 0],
  ["unanswered call without recording", { outcome: "NO_ANSWER", recordingId: null }, 0],
  ["inbound connected call without recording", { direction: "INBOUND", outcome: "CONNECTED", recordingId: null }, 0],
  ["connected call to family without recording", { contactParty: "FAMILY", outcome: "CONNECTED", recordingId: null }, 1],
])("%s: %s violation(s)", (_name, overrides, expected) => {
  const event = call("2026-04-01 10:00", overrides);
  const found = evaluate([event], pack);
  expect(found).toHaveLength(expected);
  if (expected) {
    expect(found[0]).toMatchObject({
      severity: "LOW",
      explanation: { key: "rules.CALL_RECORDING_MISSING.explanation", params: { time: "2026-04-01 10:00" } },
    });
  }
});
