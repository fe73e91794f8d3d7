import { describe, expect, test } from "vitest";
import { shouldAnalyseKeys } from "./key-statistics";

describe("analysing the key table inside an import", () => {
  test.each([
    { written: 0, counted: 0, analyse: false, why: "nothing written yet" },
    { written: 5_000, counted: -1, analyse: true, why: "never analysed" },
    { written: 5_000, counted: 0, analyse: true, why: "an empty table" },
    { written: 20_000, counted: 20_000, analyse: true, why: "the table doubled" },
    { written: 10_001, counted: 20_000, analyse: true, why: "half as many again" },
    { written: 10_000, counted: 20_000, analyse: false, why: "exactly half: within the statistics' reach" },
    { written: 40_000, counted: 500_000, analyse: false, why: "a month's file into a year of keys" },
    { written: 1_000_000, counted: 500_000, analyse: true, why: "a huge file into a smaller table" },
  ])("$why: $analyse", ({ written, counted, analyse }) => {
    expect(shouldAnalyseKeys(written, counted)).toBe(analyse);
  });
});
