import { describe, expect, test } from "vitest";
import { defaultPeriod, filtersToSearchParams, MetricFiltersError, monthSlicesOf, monthsOf, parseMetricFilters, previousPeriod } from "./metric-filters";

describe("parseMetricFilters", () => {
  test("a full URL", () => {
    const filters = parseMetricFilters(new URLSearchParams("from=2026-03-01&to=2026-03-31&agency=BLITZ,KINLINK&agency=ACME&product=信用卡&dpd=90-179&agent=7"));
    expect(filters).toEqual({ from: "2026-03-01", to: "2026-03-31", agencyCodes: ["BLITZ", "KINLINK", "ACME"], product: "信用卡", dpdBucket: "90-179", agentId: 7, periodGiven: true });
  });
  test.each([
    ["from=2026-02-30", /from/],
    ["from=2026-03-10&to=2026-03-01", /to/],
    ["dpd=30-60", /dpd/],
    ["agent=abc", /agent/],
  ])("%s is refused with a specific message", (query, message) => {
    expect(() => parseMetricFilters(new URLSearchParams(query))).toThrow(MetricFiltersError);
    expect(() => parseMetricFilters(new URLSearchParams(query))).toThrow(message);
  });
  test("round trip through filtersToSearchParams", () => {
    const filters = parseMetricFilters(new URLSearchParams("from=2026-01-05&to=2026-02-10&agency=A1&dpd=360%2B"));
    expect(parseMetricFilters(filtersToSearchParams(filters))).toEqual(filters);
  });
  test("only from: that month; no period: the default", () => {
    expect(parseMetricFilters(new URLSearchParams("from=2026-02-10"))).toMatchObject({ from: "2026-02-10", to: "2026-02-28" });
    expect(parseMetricFilters(new URLSearchParams(""), { today: "2026-05-14" })).toMatchObject({ from: "2026-04-01", to: "2026-04-30", periodGiven: false });
  });
});

describe("periods", () => {
  test.each([
    [{ today: "2026-05-14" }, { from: "2026-04-01", to: "2026-04-30" }],
    [{ today: "2026-05-14", months: 3 }, { from: "2026-02-01", to: "2026-04-30" }],
    [{ today: "2026-05-14", dataRange: { first: "2025-01-03", last: "2026-04-02" } }, { from: "2026-04-01", to: "2026-04-30" }],
    // The data stops in January: January is the last full month with data.
    [{ today: "2026-05-14", dataRange: { first: "2025-01-03", last: "2026-01-20" } }, { from: "2026-01-01", to: "2026-01-31" }],
    // Data only this month: the current month so far.
    [{ today: "2026-05-14", dataRange: { first: "2026-05-02", last: "2026-05-13" } }, { from: "2026-05-01", to: "2026-05-14" }],
    [{ today: "2026-01-01" }, { from: "2025-12-01", to: "2025-12-31" }],
  ])("defaultPeriod(%j) = %j", (options, expected) => {
    expect(defaultPeriod(options)).toEqual(expected);
  });
  test.each([
    [{ from: "2026-03-01", to: "2026-03-31" }, { from: "2026-02-01", to: "2026-02-28" }],
    [{ from: "2026-01-01", to: "2026-03-31" }, { from: "2025-10-01", to: "2025-12-31" }],
    [{ from: "2026-03-10", to: "2026-03-19" }, { from: "2026-02-28", to: "2026-03-09" }],
    [{ from: "2024-03-01", to: "2024-03-31" }, { from: "2024-02-01", to: "2024-02-29" }],
  ])("previousPeriod(%j) = %j", (filters, expected) => {
    expect(previousPeriod(filters)).toEqual(expected);
  });
  test("monthsOf", () => {
    expect(monthsOf("2025-11-15", "2026-02-01")).toEqual(["2025-11-01", "2025-12-01", "2026-01-01", "2026-02-01"]);
  });
  test.each([
    [
      "2025-11-15",
      "2026-02-01",
      [
        { month: "2025-11-01", from: "2025-11-15", to: "2025-11-30", whole: false },
        { month: "2025-12-01", from: "2025-12-01", to: "2025-12-31", whole: true },
        { month: "2026-01-01", from: "2026-01-01", to: "2026-01-31", whole: true },
        { month: "2026-02-01", from: "2026-02-01", to: "2026-02-01", whole: false },
      ],
    ],
    ["2024-02-01", "2024-02-29", [{ month: "2024-02-01", from: "2024-02-01", to: "2024-02-29", whole: true }]],
    ["2026-03-05", "2026-03-20", [{ month: "2026-03-01", from: "2026-03-05", to: "2026-03-20", whole: false }]],
  ])("monthSlicesOf(%s, %s)", (from, to, expected) => {
    expect(monthSlicesOf(from, to)).toEqual(expected);
  });
});
