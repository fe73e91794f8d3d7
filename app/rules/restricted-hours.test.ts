import { describe, expect, test } from "vitest";
import { readRestrictedHours, withinHours } from "./restricted-hours";

// A consumer's designated inconvenient times (12 CFR 1006.6(b)(1)(i); comment 6(b)(1)(i)-1 "not before 10").
describe("readRestrictedHours", () => {
  test.each([
    ["00:00-10:00", "00:00-10:00", 0, 36_000],
    ["0:00～10:00", "00:00-10:00", 0, 36_000],
    ["18:00 - 24:00", "18:00-24:00", 64_800, 86_400],
    ["21:00至08:30", "21:00-08:30", 75_600, 30_600],
    ["０９：００－１７：００", "09:00-17:00", 32_400, 61_200],
  ])("%j reads as %s", (text, label, from, until) => {
    expect(readRestrictedHours(text)).toEqual({ label, from, until });
  });

  test.each([["10:00"], ["10-12"], ["25:00-26:00"], ["09:60-10:00"], ["09:00-09:00"], ["00:00-24:00"], ["24:10-01:00"], ["before 10"]])("%j is refused", (text) => {
    expect(readRestrictedHours(text)).toBeNull();
  });
});

describe("withinHours", () => {
  const before10 = readRestrictedHours("00:00-10:00")!;
  const overnight = readRestrictedHours("21:00-08:00")!;
  test.each([
    [before10, 9 * 3600 + 59 * 60, true],
    [before10, 10 * 3600, false],
    [overnight, 22 * 3600, true],
    [overnight, 7 * 3600, true],
    [overnight, 8 * 3600, false],
    [overnight, 20 * 3600 + 59 * 60, false],
  ])("%o at second %i: %s", (hours, second, expected) => {
    expect(withinHours(hours, second)).toBe(expected);
  });
});
