import { describe, expect, test } from "vitest";
import { matchPreset, presetRange, type PeriodPreset } from "./period-presets";

describe("presetRange", () => {
  test.each<[PeriodPreset, string, string, string]>([
    ["lastMonth", "2026-11-23", "2026-10-01", "2026-10-31"],
    ["lastMonth", "2026-03-01", "2026-02-01", "2026-02-28"],
    ["lastMonth", "2028-03-15", "2028-02-01", "2028-02-29"],
    ["lastMonth", "2027-01-10", "2026-12-01", "2026-12-31"],
    ["last3Months", "2026-11-23", "2026-08-01", "2026-10-31"],
    ["last6Months", "2026-02-05", "2025-08-01", "2026-01-31"],
    ["last12Months", "2026-11-23", "2025-11-01", "2026-10-31"],
  ])("%s on %s is %s – %s", (preset, today, from, to) => {
    expect(presetRange(preset, today)).toEqual({ from, to });
  });
});

describe("matchPreset", () => {
  test.each([
    [{ from: "2026-08-01", to: "2026-10-31" }, "last3Months"],
    [{ from: "2026-10-01", to: "2026-10-31" }, "lastMonth"],
    [{ from: "2026-10-01", to: "2026-10-30" }, "custom"],
    [{ from: "2026-01-01", to: "2026-11-23" }, "custom"],
  ])("%j → %s", (range, expected) => {
    expect(matchPreset(range, "2026-11-23")).toBe(expected);
  });
});
