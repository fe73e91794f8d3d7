import { describe, expect, test } from "vitest";
import { escapeCsvCell, toCsvLine } from "./write-csv";

describe("escapeCsvCell", () => {
  test.each<[string, Parameters<typeof escapeCsvCell>[0], string]>([
    ["a DDE payload", "-1+cmd|' /C calc'!A0", `'-1+cmd|' /C calc'!A0`],
    ["an equals sign", "=1+1", "'=1+1"],
    ["a HYPERLINK formula (quoted for its comma and quotes)", '=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ["a plus sign", "+1+1", "'+1+1"],
    ["a phone number with a plus", "+8613812345678", "'+8613812345678"],
    ["an at sign", "@SUM(A1)", "'@SUM(A1)"],
    ["a leading tab", "\t=1+1", "'\t=1+1"],
    ["a leading carriage return", "\r=1+1", `"'\r=1+1"`],
    ["a minus before text", "-cmd", "'-cmd"],
    ["a lone equals sign", "=", "'="],
    ["a negative number as text", "-12", "-12"],
    ["a negative decimal as text", "-0.5", "-0.5"],
    ["a negative number", -12.5, "-12.5"],
    ["a bigint", 12345678901234567890n, "12345678901234567890"],
    ["plain text", "plain", "plain"],
    ["Chinese text", "催收短信", "催收短信"],
    ["an equals sign inside", "a=b", "a=b"],
    ["a comma", "a,b", '"a,b"'],
    ["quotes", 'say "hi"', '"say ""hi"""'],
    ["a line break", "two\nlines", '"two\nlines"'],
    ["surrounding spaces", " padded ", '" padded "'],
    ["null", null, ""],
    ["undefined", undefined, ""],
    ["an empty string", "", ""],
  ])("%s", (_label, value, expected) => {
    expect(escapeCsvCell(value)).toBe(expected);
  });
});

test("toCsvLine joins escaped cells and ends in CRLF", () => {
  expect(toCsvLine(["E1", -5, "=cmd", null, "a,b"])).toBe(`E1,-5,'=cmd,,"a,b"\r\n`);
});
