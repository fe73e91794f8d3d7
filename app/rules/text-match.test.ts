import { describe, expect, test } from "vitest";
import { amountMatcher, compileLexicon, compilePatterns } from "./text-match";

describe("lexicon", () => {
  const lexicon = compileLexicon(["欠款", "逾期", "owe", "debt*", "sue you today", "sue", "C++", "past due"]);

  test.each([
    ["您的欠款已逾期", ["欠款", "逾期"]],
    ["你还欠款吗？欠款！", ["欠款"]],
    ["You OWE us", ["OWE"]],
    ["power towel owed", []],
    ["Debts and debtors", ["Debts", "debtors"]],
    ["indebted", []],
    ["We will sue you today.", ["sue you today"]],
    ["We will sue  you\ntoday.", ["sue you today"]],
    ["we may sue", ["sue"]],
    ["您的debt已逾期", ["debt", "逾期"]],
    ["ＤＥＢＴ", ["DEBT"]],
    ["learn C++ now", ["C++"]],
    ["account is PAST   DUE", ["PAST DUE"]],
    ["", []],
  ])("%s → %j", (text, expected) => {
    expect(lexicon.find(text)).toEqual(expected);
  });

  test("an empty lexicon matches nothing", () => {
    expect(compileLexicon([]).find("anything")).toEqual([]);
  });

  test("compiled lexicons are reused", () => {
    expect(compileLexicon(["a", "b"])).toBe(compileLexicon(["a", "b"]));
  });
});

test.each([
  ["欠款 5,000.00元 请还", ["5,000.00元"]],
  ["欠款5000元", ["5000元"]],
  ["￥1,200 due", ["¥1,200"]],
  ["You owe $300.50 today", ["$300.50"]],
  ["RMB 800 and 300 USD", ["RMB 800", "300 USD"]],
  ["1.2万元", ["1.2万元"]],
  ["call 13800000001 on 2026-04-01", []],
  ["500 dollarsign", []],
])("amounts in %s", (text, expected) => {
  expect(amountMatcher.find(text)).toEqual(expected);
});

test("patterns are case-insensitive alternatives", () => {
  const pattern = compilePatterns(["reply\\s+stop", "opt[\\s-]?out"]);
  expect(pattern.test("Reply STOP to end")).toBe(true);
  expect(pattern.test("To OPT-OUT text us")).toBe(true);
  expect(pattern.test("stop by our office")).toBe(false);
});
