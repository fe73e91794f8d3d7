import { expect, test } from "vitest";
import { EXCEL_CELL_LIMIT, escapeCellText, escapeOptionalCellText, looksLikeFormula } from "./escape-cell";

test.each([
  ["=HYPERLINK(\"http://evil.example\",\"click\")", "'=HYPERLINK(\"http://evil.example\",\"click\")"],
  ["+86 138 0000 0000", "'+86 138 0000 0000"],
  ["-1+2", "'-1+2"],
  ["-5", "'-5"],
  ["@SUM(A1:A2)", "'@SUM(A1:A2)"],
  ["\tcmd", "'\tcmd"],
  ["\r=1+1", "'\r=1+1"],
  ["您好，请尽快还款", "您好，请尽快还款"],
  ["a=b", "a=b"],
  [" =1+1", " =1+1"],
  ["'already quoted", "'already quoted"],
  ["", ""],
  ["bad \uD800 surrogate", "bad \uFFFD surrogate"],
  ["pair 😀 kept", "pair 😀 kept"],
])("%j is written as %j", (input, expected) => {
  expect(escapeCellText(input)).toBe(expected);
});

test.each([
  ["=1", true],
  ["+1", true],
  ["-1", true],
  ["@x", true],
  ["\tx", true],
  ["\rx", true],
  ["x=1", false],
  ["\nx", false],
  ["", false],
])("looksLikeFormula(%j) is %s", (input, expected) => {
  expect(looksLikeFormula(input)).toBe(expected);
});

test("text longer than a cell holds is cut at Excel's limit, never inside a surrogate pair", () => {
  const long = "x".repeat(EXCEL_CELL_LIMIT + 10);
  const cut = escapeCellText(long);
  expect(cut.length).toBe(EXCEL_CELL_LIMIT);
  expect(cut.endsWith("…")).toBe(true);
  const emoji = `${"x".repeat(EXCEL_CELL_LIMIT - 2)}😀😀😀`;
  const cutEmoji = escapeCellText(emoji);
  expect(cutEmoji.length).toBeLessThanOrEqual(EXCEL_CELL_LIMIT);
  expect(cutEmoji).not.toMatch(/[\uD800-\uDBFF]…$/);
});

test.each([
  [null, null],
  [undefined, null],
  ["=1", "'=1"],
])("escapeOptionalCellText(%j) is %j", (input, expected) => {
  expect(escapeOptionalCellText(input)).toBe(expected);
});
