import { describe, expect, test } from "vitest";
import { canonicalTimeZone, isKnownTimeZone } from "./time-zones";

describe("canonicalTimeZone", () => {
  test.each([
    ["Asia/Shanghai", "Asia/Shanghai"],
    ["asia/shanghai", "Asia/Shanghai"],
    ["AMERICA/NEW_YORK", "America/New_York"],
    ["UTC", "UTC"],
    ["Etc/GMT+8", "Etc/GMT+8"],
    ["US/Eastern", "America/New_York"],
    ["Foo/Bar", null],
    ["", null],
    ["Asia/Shanghai ", null],
    ["北京时间", null],
  ])("%j is %j", (name, expected) => {
    expect(canonicalTimeZone(name)).toBe(expected);
    // Asked again, from what was kept: the same answer.
    expect(canonicalTimeZone(name)).toBe(expected);
    expect(isKnownTimeZone(name)).toBe(expected !== null);
  });

  test("names beyond what is kept are still answered", () => {
    for (let index = 0; index < 6_000; index++) expect(canonicalTimeZone(`Nowhere/Zone${index}`)).toBeNull();
    expect(canonicalTimeZone("europe/london")).toBe("Europe/London");
  });
});
