import { expect, test } from "vitest";
import { US_STATE_CODES, parseUsState, usStateName } from "./us-states";

test.each([
  ["MA", "MA"],
  ["ma", "MA"],
  [" Massachusetts ", "MA"],
  ["马萨诸塞州", "MA"],
  ["马萨诸塞", "MA"],
  ["麻省", "MA"],
  ["US-WA", "WA"],
  ["Washington", "WA"],
  ["华盛顿州", "WA"],
  ["Washington, D.C.", "DC"],
  ["华盛顿特区", "DC"],
  ["N.Y.", "NY"],
  ["new york", "NY"],
  ["纽约", "NY"],
  ["ＮＹ", "NY"],
  ["加州", "CA"],
  ["California", "CA"],
  ["得克萨斯州", "TX"],
  ["Puerto Rico", "PR"],
] as const)("%s is %s", (raw, code) => {
  expect(parseUsState(raw)).toBe(code);
});

test.each(["", "XX", "Mass", "Ontario", "上海", "New"])("%s is no state", (raw) => {
  expect(parseUsState(raw)).toBeNull();
});

test("56 codes, each with both names, each name read back as its code", () => {
  expect(US_STATE_CODES).toHaveLength(56);
  for (const code of US_STATE_CODES) {
    expect(parseUsState(usStateName(code, "en"))).toBe(code);
    expect(parseUsState(usStateName(code, "zh-CN"))).toBe(code);
  }
});
