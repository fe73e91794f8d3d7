import { describe, expect, test } from "vitest";
import { monthsBefore, retentionCutoff, retentionPolicySchema, retentionYearsProblem } from "./retention-policy";

describe("retentionCutoff", () => {
  test.each([
    ["2026-12-05T22:00:00Z", 5, "2021-12-01T00:00:00.000Z"],
    ["2026-12-01T00:00:00Z", 5, "2021-12-01T00:00:00.000Z"],
    ["2026-11-30T23:59:59Z", 5, "2021-11-01T00:00:00.000Z"],
    ["2026-03-01T00:00:00Z", 3, "2023-03-01T00:00:00.000Z"],
    ["2028-02-29T12:00:00Z", 4, "2024-02-01T00:00:00.000Z"],
  ])("now %s, %i years: kept from %s", (now, years, expected) => {
    expect(retentionCutoff(new Date(now), years).toISOString()).toBe(expected);
  });
});

describe("retention period", () => {
  test.each([
    [5, null],
    [3, null],
    [30, null],
    [2, "retention.error.tooShort"],
    [0, "retention.error.tooShort"],
    [31, "retention.error.tooLong"],
    [3.5, "retention.error.notWhole"],
  ])("%s years: %s", (years, problem) => {
    expect(retentionYearsProblem(years)?.key ?? null).toBe(problem);
    expect(retentionPolicySchema.safeParse({ years }).success).toBe(problem === null);
  });

  test("a period under three years is refused citing Regulation F", () => {
    expect(retentionYearsProblem(2)?.text).toMatch(/Regulation F \(12 CFR 1006\.100\).*3 years/);
  });
});

describe("monthsBefore", () => {
  test.each([
    ["2021-10-17T05:00:00Z", "2021-12-01T00:00:00Z", ["2021-10", "2021-11"]],
    ["2021-12-01T00:00:00Z", "2021-12-01T00:00:00Z", []],
    ["2020-12-31T23:00:00Z", "2021-02-01T00:00:00Z", ["2020-12", "2021-01"]],
  ])("from %s to %s", (from, cutoff, months) => {
    expect(monthsBefore(new Date(from), new Date(cutoff)).map((month) => month.month)).toEqual(months);
  });
});
