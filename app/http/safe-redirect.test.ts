import { describe, expect, test } from "vitest";
import { safeRedirectPath } from "./safe-redirect";

describe("safeRedirectPath", () => {
  test.each([
    ["/", "/"],
    ["/cases", "/cases"],
    ["/cases?agency=A&from=2026-01-01", "/cases?agency=A&from=2026-01-01"],
    ["/violations?rule=CN-01#top", "/violations?rule=CN-01#top"],
    ["/agencies/%E4%B8%AD", "/agencies/%E4%B8%AD"],
  ])("keeps the same-origin path %s", (value, expected) => {
    expect(safeRedirectPath(value, "/fallback")).toBe(expected);
  });

  test.each([
    ["a tab after the slash", "/%09/evil.example"],
    ["a raw tab after the slash", "/\t/evil.example"],
    ["a scheme-relative URL", "//evil.example"],
    ["a backslash after the slash", "/\\evil.example"],
    ["a percent-encoded backslash", "/%5Cevil.example"],
    ["an absolute URL", "https://evil.example"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["a percent-encoded newline", "/%0A/evil.example"],
    ["a percent-encoded carriage return in the path", "/cases%0D%0ASet-Cookie:x=1"],
    ["a raw newline", "/\n/evil.example"],
    ["a percent-encoded second slash", "/%2F/evil.example"],
    ["a relative path", "cases"],
    ["an empty value", ""],
    ["malformed percent-encoding", "/%E0%A4%A"],
  ])("refuses %s", (_label, value) => {
    expect(safeRedirectPath(value, "/fallback")).toBe("/fallback");
  });

  test.each([[null], [undefined], [42], [{}]])("refuses a non-string (%s)", (value) => {
    expect(safeRedirectPath(value)).toBe("/");
  });
});
