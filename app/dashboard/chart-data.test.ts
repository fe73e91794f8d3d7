import { describe, expect, test } from "vitest";
import type { MetricValues, MonthlyMetricsPoint, VintageCurve } from "~/metrics/metric-types";
import { hasPlottableValues, kpiChange, pivotMonthlyByAgency, pivotMonthlyMetrics, vintageAgencies, vintageLines, type PivotedSeries } from "./chart-data";

const zero: MetricValues = {
  placedAccounts: 0, placedBalance: 0, collected: 0, recoveryRate: null, commission: 0, netBack: 0, accountsWorked: 0,
  accountsContacted: 0, accountsRightParty: 0, contactRate: null, rpcRate: null, accountsWithPromise: 0, ptpRate: null,
  promisesDue: 0, promisesKept: 0, ptpKeptRate: null, outboundContacts: 0, complaints: 0, complaintsPer1000Accounts: null, upheldComplaints: 0, upheldComplaintsPer1000Accounts: null,
  violations: 0, violationsHigh: 0, openHighViolations: 0, violationsPer1000Contacts: null, highViolationsPer1000Contacts: null,
  wrongPartyContacts: 0,
  wrongPartyRate: null, thirdPartyContacts: 0, thirdPartyShare: null,
};
const values = (overrides: Partial<MetricValues>): MetricValues => ({ ...zero, ...overrides });
const point = (month: string, agencyCode: string, overrides: Partial<MetricValues>): MonthlyMetricsPoint => ({ month, agencyId: agencyCode.length, agencyCode, metrics: values(overrides) });

describe("pivotMonthlyByAgency", () => {
  test("one row per month in order, one column per agency, missing months null", () => {
    const pivot = pivotMonthlyByAgency(
      [point("2026-10", "BLITZ", { collected: 30 }), point("2026-09", "ACME", { collected: 10 }), point("2026-09", "BLITZ", { collected: 20 }), point("2026-10", "ACME", { collected: 0 })],
      "collected",
    );
    expect(pivot.series).toEqual(["ACME", "BLITZ"]);
    expect(pivot.rows).toEqual([
      { key: "2026-09", ACME: 10, BLITZ: 20 },
      { key: "2026-10", ACME: 0, BLITZ: 30 },
    ]);
  });

  test("a month only one agency worked leaves the other null, and a null rate stays null", () => {
    const pivot = pivotMonthlyByAgency([point("2026-08", "ACME", { recoveryRate: 0.05 }), point("2026-09", "BLITZ", { recoveryRate: null })], "recoveryRate");
    expect(pivot.rows).toEqual([
      { key: "2026-08", ACME: 0.05, BLITZ: null },
      { key: "2026-09", ACME: null, BLITZ: null },
    ]);
  });

  test("no points, no rows", () => {
    expect(pivotMonthlyByAgency([], "collected")).toEqual({ rows: [], series: [] });
  });
});

describe("vintageLines", () => {
  const curve = (agencyCode: string, vintage: string, rates: number[]): VintageCurve => ({
    agencyId: 1,
    agencyCode,
    vintage,
    placedBalance: 1000,
    points: rates.map((cumulativeRecoveryRate, monthsSincePlacement) => ({ monthsSincePlacement, cumulativeRecoveryRate })),
  });
  const curves = [curve("ACME", "2026-02", [0.01, 0.03, 0.05]), curve("ACME", "2026-01", [0.02, 0.04]), curve("BLITZ", "2026-01", [0.1])];

  test("rows by months since placement, one column per vintage of that agency only", () => {
    expect(vintageLines(curves, "ACME")).toEqual({
      series: ["2026-01", "2026-02"],
      rows: [
        { key: 0, "2026-01": 0.02, "2026-02": 0.01 },
        { key: 1, "2026-01": 0.04, "2026-02": 0.03 },
        { key: 2, "2026-01": null, "2026-02": 0.05 },
      ],
    });
  });

  test("agencies with vintages", () => {
    expect(vintageAgencies(curves)).toEqual(["ACME", "BLITZ"]);
  });
});

describe("kpiChange", () => {
  test.each([
    ["collected", "money", { collected: 110 }, { collected: 100 }, 0.1, "relative", "good"],
    ["collected", "money", { collected: 90 }, { collected: 100 }, -0.1, "relative", "bad"],
    ["complaints", "count", { complaints: 12 }, { complaints: 10 }, 0.2, "relative", "bad"],
    ["openHighViolations", "count", { openHighViolations: 1 }, { openHighViolations: 2 }, -0.5, "relative", "good"],
    ["collected", "money", { collected: 50 }, { collected: 0 }, null, "relative", "neutral"],
    ["placedAccounts", "count", { placedAccounts: 5 }, { placedAccounts: 5 }, 0, "relative", "neutral"],
    ["recoveryRate", "percent", { recoveryRate: 0.12 }, { recoveryRate: 0.1 }, 0.02, "points", "good"],
    ["recoveryRate", "percent", { recoveryRate: 0.12 }, { recoveryRate: null }, null, "points", "neutral"],
    ["wrongPartyRate", "percent", { wrongPartyRate: 0.03 }, { wrongPartyRate: 0.01 }, 0.02, "points", "bad"],
  ] as const)("%s %s: %j vs %j", (metric, format, current, previous, change, kind, tone) => {
    const result = kpiChange(metric, format, values(current), values(previous));
    expect(result.kind).toBe(kind);
    expect(result.tone).toBe(tone);
    if (change === null) expect(result.change).toBeNull();
    else expect(result.change).toBeCloseTo(change, 10);
  });
});

describe("pivotMonthlyMetrics", () => {
  test("one row per month, one column per metric", () => {
    const pivot = pivotMonthlyMetrics([point("2026-10", "ACME", { contactRate: 0.4, recoveryRate: 0.02 }), point("2026-09", "ACME", { contactRate: 0.5, recoveryRate: null })], ["contactRate", "recoveryRate"]);
    expect(pivot).toEqual({
      series: ["contactRate", "recoveryRate"],
      rows: [
        { key: "2026-09", contactRate: 0.5, recoveryRate: null },
        { key: "2026-10", contactRate: 0.4, recoveryRate: 0.02 },
      ],
    });
  });
});

describe("hasPlottableValues", () => {
  const pivot = (rows: Record<string, number | null>[]): PivotedSeries => ({ rows: rows.map((row, index) => ({ key: `2027-0${index + 1}`, ...row })), series: ["ACME", "BLITZ"] });
  test.each<[string, PivotedSeries, "lines" | "bars", boolean]>([
    ["no rows", pivot([]), "lines", false],
    ["a future period: every rate null", pivot([{ ACME: null, BLITZ: null }, { ACME: null, BLITZ: null }]), "lines", false],
    ["a future period: every amount zero", pivot([{ ACME: 0, BLITZ: 0 }]), "bars", false],
    ["a rate of zero is a value", pivot([{ ACME: 0, BLITZ: null }]), "lines", true],
    ["one amount", pivot([{ ACME: 0, BLITZ: 12.5 }]), "bars", true],
    ["NaN is not a value", pivot([{ ACME: Number.NaN, BLITZ: null }]), "lines", false],
  ])("%s", (_name, input, kind, expected) => {
    expect(hasPlottableValues(input, kind)).toBe(expected);
  });
});
