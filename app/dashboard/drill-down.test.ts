import { describe, expect, test } from "vitest";
import { parseMetricFilterParams } from "~/metrics/metric-filters";
import { agencyPageUrl, agentPageUrl, casesDrillDownUrl, narrowToMonth, violationsDrillDownUrl } from "./drill-down";

const context = { from: "2026-08-01", to: "2026-10-31" };

describe("drill-down URLs", () => {
  test.each([
    [casesDrillDownUrl(context, "BLITZ"), "/cases?from=2026-08-01&to=2026-10-31&agency=BLITZ"],
    [casesDrillDownUrl(context, "BLITZ", "2026-09"), "/cases?from=2026-09-01&to=2026-09-30&agency=BLITZ"],
    [casesDrillDownUrl({ ...context, product: "信用卡", dpdBucket: "90-179" }, "KINLINK"), "/cases?from=2026-08-01&to=2026-10-31&agency=KINLINK&product=%E4%BF%A1%E7%94%A8%E5%8D%A1&dpd=90-179"],
    [violationsDrillDownUrl(context, "CN_QUIET_HOURS", "ANCHOR"), "/violations?from=2026-08-01&to=2026-10-31&agency=ANCHOR&rule=CN_QUIET_HOURS"],
    [violationsDrillDownUrl(context, "US_7_IN_7"), "/violations?from=2026-08-01&to=2026-10-31&rule=US_7_IN_7"],
    [agencyPageUrl(context, "A B"), "/agencies/A%20B?from=2026-08-01&to=2026-10-31"],
    [agentPageUrl(context, "BLITZ", 42), "/agencies/BLITZ/agents/42?from=2026-08-01&to=2026-10-31"],
  ])("%s", (actual, expected) => {
    expect(actual).toBe(expected);
  });

  test("the grid's parser reads back what the chart wrote", () => {
    const url = new URL(casesDrillDownUrl({ ...context, dpdBucket: "360+" }, "BLITZ", "2026-10"), "http://x");
    expect(parseMetricFilterParams(url.searchParams)).toMatchObject({ from: "2026-10-01", to: "2026-10-31", agency: ["BLITZ"], dpd: "360+" });
  });
});

describe("narrowToMonth", () => {
  test.each([
    [{ from: "2026-08-15", to: "2026-10-10" }, "2026-08", { from: "2026-08-15", to: "2026-08-31" }],
    [{ from: "2026-08-15", to: "2026-10-10" }, "2026-10", { from: "2026-10-01", to: "2026-10-10" }],
    [{ from: "2024-01-01", to: "2024-12-31" }, "2024-02", { from: "2024-02-01", to: "2024-02-29" }],
  ])("%j in %s", (range, month, expected) => {
    expect(narrowToMonth(range, month)).toEqual(expected);
  });
});
