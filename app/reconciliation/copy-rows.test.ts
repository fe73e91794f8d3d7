import { describe, expect, test } from "vitest";
import { CopyRowReader, unescapeCopy } from "./copy-rows";

type Parsed = { number: number | null; text: string | null; rest: string | null };

function read(chunks: readonly string[], end = true): Parsed[] {
  const rows: Parsed[] = [];
  const reader = new CopyRowReader((row) => rows.push({ number: row.integerOrNull(0), text: row.textOrNull(1), rest: row.textOrNull(2) }));
  for (const chunk of chunks) reader.push(Buffer.from(chunk, "utf8"));
  if (end) reader.end();
  return rows;
}

describe("COPY text rows from bytes", () => {
  test.each([
    ["one chunk", ["1\ta\tb\n2\tc\td\n"], [{ number: 1, text: "a", rest: "b" }, { number: 2, text: "c", rest: "d" }]],
    ["a row split across chunks, inside a field and at a tab", ["12", "3\tab", "c\t", "d\n-45\tx\ty\n"], [{ number: 123, text: "abc", rest: "d" }, { number: -45, text: "x", rest: "y" }]],
    ["NULLs", ["\\N\t\\N\tz\n"], [{ number: null, text: null, rest: "z" }]],
    ["escapes in text", ["7\tL\\t1\\\\x\ta\\nb\n"], [{ number: 7, text: "L\t1\\x", rest: "a\nb" }]],
    ["a last row without its newline", ["9\tlast\tone"], [{ number: 9, text: "last", rest: "one" }]],
    ["a bigint beyond 2^31", ["9007199254740991\tt\tu\n"], [{ number: 9_007_199_254_740_991, text: "t", rest: "u" }]],
  ] as const)("%s", (_name, chunks, expected) => {
    expect(read(chunks)).toEqual(expected);
  });

  test("a character split between two chunks is decoded whole", () => {
    const bytes = Buffer.from("8\t账-1\tq\n", "utf8");
    const rows: Parsed[] = [];
    const reader = new CopyRowReader((row) => rows.push({ number: row.integer(0), text: row.text(1), rest: row.text(2) }));
    reader.push(bytes.subarray(0, 3));
    reader.push(bytes.subarray(3));
    reader.end();
    expect(rows).toEqual([{ number: 8, text: "账-1", rest: "q" }]);
  });

  test("a field that is not an integer is an error naming it", () => {
    expect(() => read(["1x\ta\tb\n"])).toThrow("COPY field 0 is not an integer: '1x'");
  });

  test.each([
    ["plain", "plain"],
    ["a\\tb", "a\tb"],
    ["a\\\\b", "a\\b"],
    ["a\\nb\\rc", "a\nb\rc"],
  ])("unescapeCopy(%j) = %j", (field, expected) => {
    expect(unescapeCopy(field)).toEqual(expected);
  });
});
