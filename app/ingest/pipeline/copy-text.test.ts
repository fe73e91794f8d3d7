import { expect, test } from "vitest";
import { copyField, copyLine, copyTextArray } from "./copy-text";

test.each([
  [null, "\\N"],
  [undefined, "\\N"],
  [42, "42"],
  [true, "true"],
  ["plain 文本", "plain 文本"],
  ["a\tb", "a\\tb"],
  ["line1\nline2\r\n", "line1\\nline2\\r\\n"],
  ["C:\\path", "C:\\\\path"],
  ["\\N", "\\\\N"],
])("copyField(%j) = %j", (input, expected) => {
  expect(copyField(input)).toBe(expected);
});

test("arrays quote every element and escape quotes and backslashes", () => {
  expect(copyTextArray(["13800001111", 'a"b', "c\\d"])).toBe('{"13800001111","a\\\\"b","c\\\\\\\\d"}');
  expect(copyTextArray([])).toBe("{}");
});

test("a line ends with a newline", () => {
  expect(copyLine(["1", "\\N"])).toBe("1\t\\N\n");
});
