import { expect, test } from "vitest";
import { rulesEn, rulesZh, type RulesMessageKey } from "./explanations";
import { RULE_CODES } from "./rule-pack";

const keys = Object.keys(rulesEn) as RulesMessageKey[];
const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();

test("Chinese has exactly the English keys, none empty", () => {
  expect(Object.keys(rulesZh).sort()).toEqual([...keys].sort());
  for (const key of keys) {
    expect(rulesEn[key].trim(), key).not.toBe("");
    expect(rulesZh[key].trim(), key).not.toBe("");
  }
});

test.each(keys)("%s has the same placeholders in both languages", (key) => {
  expect(placeholders(rulesZh[key])).toEqual(placeholders(rulesEn[key]));
});

test.each([...RULE_CODES])("%s has a name and an explanation", (code) => {
  expect(keys).toContain(`rules.${code}.name`);
  expect(keys.some((key) => key.startsWith(`rules.${code}.`) && !key.endsWith(".name"))).toBe(true);
});

test("every key lives under rules.", () => {
  for (const key of keys) expect(key.startsWith("rules.")).toBe(true);
});
