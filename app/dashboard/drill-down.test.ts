import { describe, expect, test } from "vitest";
import { parseMetricFilterParams } from "~/metrics/metric-filters";
import { parseViolationFilters } from "~/violations/violation-grid-query";
import { agencyPageUrl, agencyViolationsDrillDownUrl, agentPageUrl, casesDrillDownUrl, findingsListUrl, kpiDrillDownUrl, complaintsDrillDownUrl, narrowToMonth, vintageDrillDownUrl, violationsDrillDownUrl } from "./drill-down";

const context = { from: "2026-08-01", to: "2026-10-31" };

describe("drill-down URLs", () => {
  test.each([
    [casesDrillDownUrl(context, "BLITZ"), "/cases?from=2026-08-01&to=2026-10-31&agency=BLITZ"],
    [casesDrillDownUrl(context, "BLITZ", "2026-09"), "/cases?from=2026-09-01&to=2026-09-30&agency=BLITZ"],
    [casesDrillDownUrl(context, "BLITZ", "2026-09", { sortByCollected: true }), "/cases?from=2026-09-01&to=2026-09-30&agency=BLITZ&sort=collected&dir=desc"],
    [casesDrillDownUrl({ ...context, product: "信用卡", dpdBucket: "90-179" }, "KINLINK"), "/cases?from=2026-08-01&to=2026-10-31&agency=KINLINK&product=%E4%BF%A1%E7%94%A8%E5%8D%A1&dpd=90-179"],
    [violationsDrillDownUrl(context, "CN_QUIET_HOURS", { agencyCode: "ANCHOR" }), "/violations?from=2026-08-01&to=2026-10-31&agency=ANCHOR&rule=CN_QUIET_HOURS&status=COUNTED"],
    [violationsDrillDownUrl(context, "US_7_IN_7"), "/violations?from=2026-08-01&to=2026-10-31&rule=US_7_IN_7&status=COUNTED"],
    [
      violationsDrillDownUrl({ ...context, product: "LOAN", dpdBucket: "0-89" }, "CONTACT_HOURS", { agencyCode: "BLITZ", agentExternalId: "B-07" }),
      "/violations?from=2026-08-01&to=2026-10-31&agency=BLITZ&product=LOAN&dpd=0-89&rule=CONTACT_HOURS&status=COUNTED&agent=B-07",
    ],
    [complaintsDrillDownUrl(context, "BLITZ", "2026-09"), "/complaints?from=2026-09-01&to=2026-09-30&agency=BLITZ"],
    [vintageDrillDownUrl({ ...context, dpdBucket: "90-179" }, "ANCHOR", "2026-02"), "/cases?from=2026-02-01&to=2026-02-28&agency=ANCHOR&dpd=90-179&vintage=2026-02"],
    [agencyPageUrl(context, "A B"), "/agencies/A%20B?from=2026-08-01&to=2026-10-31"],
    [agentPageUrl(context, "BLITZ", 42), "/agencies/BLITZ/agents/42?from=2026-08-01&to=2026-10-31"],
    [agencyViolationsDrillDownUrl(context, "BLITZ", "HIGH"), "/violations?from=2026-08-01&to=2026-10-31&agency=BLITZ&severity=HIGH&status=COUNTED"],
    [agencyViolationsDrillDownUrl({ ...context, dpdBucket: "0-89" }, "BLITZ"), "/violations?from=2026-08-01&to=2026-10-31&agency=BLITZ&dpd=0-89&status=COUNTED"],
    [kpiDrillDownUrl({ ...context, agencyCodes: ["A", "B"] }, "collected"), "/cases?from=2026-08-01&to=2026-10-31&agency=A&agency=B"],
    [kpiDrillDownUrl({ ...context, agencyCodes: [] }, "complaints"), "/complaints?from=2026-08-01&to=2026-10-31"],
    [kpiDrillDownUrl({ ...context, agencyCodes: ["A"] }, "openHighViolations"), "/violations?from=2026-08-01&to=2026-10-31&agency=A&severity=HIGH&status=OPEN"],
    [kpiDrillDownUrl({ ...context, agencyCodes: ["A", "B"] }, "openHighViolations"), null],
    [kpiDrillDownUrl({ ...context, agencyCodes: [] }, "contactRate"), null],
  ])("%s", (actual, expected) => {
    expect(actual).toBe(expected);
  });

  test("the violations grid's parser reads back every filter of a rule's bar", () => {
    const url = new URL(violationsDrillDownUrl({ ...context, product: "LOAN", dpdBucket: "360+" }, "CONTACT_HOURS", { agencyCode: "BLITZ", agentExternalId: "B-07" }), "http://x");
    expect(parseViolationFilters(url.searchParams)).toEqual({
      success: true,
      data: { rule: "CONTACT_HOURS", status: "COUNTED", agency: "BLITZ", agent: "B-07", from: "2026-08-01", to: "2026-10-31", product: "LOAN", dpd: "360+" },
    });
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

describe("findingsListUrl", () => {
  test.each([
    ["BLITZ", undefined, "/findings?agency=BLITZ"],
    ["BLITZ", "ESCALATED", "/findings?agency=BLITZ&status=ESCALATED"],
    ["A&B", "OVERDUE", "/findings?agency=A%26B&overdue=1"],
    ["KINLINK", "OPEN", "/findings?agency=KINLINK&status=OPEN"],
  ] as const)("%s %s → %s", (code, status, url) => {
    expect(findingsListUrl(code, status)).toBe(url);
  });
});
