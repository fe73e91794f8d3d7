import { describe, expect, test } from "vitest";
import { compareRisk, rateTrend, type RiskRates } from "./risk-order";

const agency = (agencyCode: string, high: number | null, all: number | null, complaints: number | null): RiskRates & { agencyCode: string } => ({
  agencyCode,
  highViolationsPer1000Contacts: high,
  violationsPer1000Contacts: all,
  complaintsPer1000Accounts: complaints,
});

describe("compareRisk", () => {
  test.each([
    ["more HIGH violations per contact is riskier, whatever the rest", [agency("A", 1, 300, 90), agency("B", 2, 5, 0)], ["B", "A"]],
    ["equal HIGH rates: all violations decide", [agency("A", 1, 10, 90), agency("B", 1, 20, 0)], ["B", "A"]],
    ["equal violation rates: complaints decide", [agency("A", 0, 0, 3), agency("B", 0, 0, 7)], ["B", "A"]],
    ["all equal: by code", [agency("B", 0, 0, 0), agency("A", 0, 0, 0)], ["A", "B"]],
    ["no contacts (null) after a measured zero", [agency("A", null, null, 0), agency("B", 0, 0, 0)], ["B", "A"]],
    ["no placements: complaints rate null after zero", [agency("A", 0, 0, null), agency("B", 0, 0, 0)], ["B", "A"]],
    [
      "the demo's shape: threats and disclosures above occasional breaches above clean",
      [agency("ANCHOR", 0, 0, 0), agency("MERIDIAN", 1.9, 34, 0), agency("BLITZ", 44, 287, 110), agency("CROSSLINE", 208, 232, 118), agency("IDLEWOOD", 0.7, 0.7, 0)],
      ["CROSSLINE", "BLITZ", "MERIDIAN", "IDLEWOOD", "ANCHOR"],
    ],
  ])("%s", (_name, rows, expected) => {
    expect([...rows].sort(compareRisk).map((row) => row.agencyCode)).toEqual(expected);
  });
});

describe("rateTrend", () => {
  test.each([
    [3, 1, "worse", 2],
    [1, 3, "better", -2],
    [2, 2.04, "unchanged", -0.04],
    [2, null, "new", null],
    [null, 2, "unchanged", null],
    [null, null, "unchanged", null],
  ] as const)("%s now against %s before → %s", (current, previous, direction, change) => {
    const trend = rateTrend(current, previous);
    expect(trend.direction).toBe(direction);
    if (change === null) expect(trend.change).toBeNull();
    else expect(trend.change).toBeCloseTo(change, 10);
    expect(trend.previous).toBe(previous);
  });
});
