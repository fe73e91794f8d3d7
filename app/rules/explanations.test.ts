import { expect, test } from "vitest";
import { rulesEn, rulesZh, type RulesMessageKey } from "./explanations";
import { RULE_CODES } from "./rule-pack";
import { ruleDefinitions } from "./rules";

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

test.each([...RULE_CODES])("%s has a name, and its sentences are exactly the explanation keys its file names", (code) => {
  expect(keys).toContain(`rules.${code}.name`);
  const declared = ruleDefinitions[code].explanations;
  expect(declared.length).toBeGreaterThan(0);
  expect(new Set(declared).size).toBe(declared.length);
  const inDictionary = keys.filter((key) => key.startsWith(`rules.${code}.`) && key !== `rules.${code}.name`);
  expect([...declared].sort()).toEqual(inDictionary.sort());
});

test("every registered rule has its own code", () => {
  expect(new Set(RULE_CODES).size).toBe(RULE_CODES.length);
  for (const code of RULE_CODES) expect(ruleDefinitions[code].code).toBe(code);
});

test("every key lives under rules.", () => {
  for (const key of keys) expect(key.startsWith("rules.")).toBe(true);
});
