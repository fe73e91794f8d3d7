import { expect, test } from "vitest";
import { formatCents, toCents } from "./money";
import { RuleInputError } from "./types";

test.each([
  ["0", 0n],
  ["1234.5", 123_450n],
  ["1234.56", 123_456n],
  ["-0.01", -1n],
  ["+7", 700n],
  ["99999999999999.99", 9_999_999_999_999_999n],
])("toCents(%s)", (text, cents) => {
  expect(toCents(text, "amount")).toBe(cents);
});

test.each([["1.234"], ["1e3"], ["1,234.00"], [""], ["abc"], ["."]])("toCents(%s) refuses", (text) => {
  expect(() => toCents(text, "amount")).toThrow(RuleInputError);
});

test.each([
  [0n, "0.00"],
  [5n, "0.05"],
  [123_450n, "1234.50"],
  [-1n, "-0.01"],
])("formatCents(%s)", (cents, text) => {
  expect(formatCents(cents)).toBe(text);
});

test("sums exactly where floats do not", () => {
  expect(0.1 + 0.2).not.toBe(0.3);
  expect(toCents("0.10", "a") + toCents("0.20", "b")).toBe(toCents("0.30", "c"));
});
