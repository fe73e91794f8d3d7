import { describe, expect, test } from "vitest";
import { agencyCountry, dueReminderStage, isDocumentValid, missingRequiredDocuments, placementAgencyNotices, requiredDocumentsSchema, type AgencyStatusCode } from "./register-rules";

describe("dueReminderStage", () => {
  test.each([
    ["2027-03-01", "2026-12-01", null], // 90 days left: nothing yet
    ["2027-01-30", "2026-12-01", 60],
    ["2027-01-15", "2026-12-01", 60], // 45 left: the 60-day reminder (caught up)
    ["2026-12-31", "2026-12-01", 30],
    ["2026-12-21", "2026-12-01", 30], // 20 left: the 30-day one
    ["2026-12-08", "2026-12-01", 7],
    ["2026-12-02", "2026-12-01", 7],
    ["2026-12-01", "2026-12-01", 0], // the day itself
    ["2026-11-30", "2026-12-01", null], // expired yesterday: no reminder
  ] as const)("expiring %s, today %s → %s", (expiresOn, today, stage) => {
    expect(dueReminderStage(expiresOn, today)).toBe(stage);
  });
});

describe("missingRequiredDocuments", () => {
  const today = "2026-12-01";
  test.each([
    ["none held", [], ["DPA", "CONTRACT"], ["DPA", "CONTRACT"]],
    ["valid, no expiry", [{ type: "DPA", validFrom: null, expiresOn: null }], ["DPA"], []],
    ["expires today: still valid", [{ type: "DPA", validFrom: null, expiresOn: "2026-12-01" }], ["DPA"], []],
    ["expired yesterday", [{ type: "DPA", validFrom: null, expiresOn: "2026-11-30" }], ["DPA"], ["DPA"]],
    ["not started yet", [{ type: "DPA", validFrom: "2026-12-02", expiresOn: null }], ["DPA"], ["DPA"]],
    ["other type held", [{ type: "CONTRACT", validFrom: null, expiresOn: null }], ["DPA"], ["DPA"]],
  ])("%s", (_name, held, required, missing) => {
    expect(missingRequiredDocuments(held, required, today)).toEqual(missing);
    expect(isDocumentValid({ type: "X", validFrom: null, expiresOn: null }, today)).toBe(true);
  });
});

test.each([
  ["US", "cn", "cn", "US"],
  [null, "us", "cn", "US"],
  [null, null, "cn", "CN"],
])("agencyCountry(%s, %s, %s) = %s", (profile, pack, fallback, country) => {
  expect(agencyCountry(profile, pack, fallback)).toBe(country);
});

test("the required-documents setting refuses unknown types and countries", () => {
  expect(requiredDocumentsSchema.safeParse({ CN: ["DPA"] }).success).toBe(true);
  expect(requiredDocumentsSchema.safeParse({ CN: ["PASSPORT"] }).success).toBe(false);
  expect(requiredDocumentsSchema.safeParse({ china: ["DPA"] }).success).toBe(false);
});

describe("placementAgencyNotices", () => {
  const statuses = new Map<string, AgencyStatusCode>([["OK", "APPROVED"], ["IDLE", "PROBATION"], ["SUSP", "SUSPENDED"], ["GONE", "TERMINATED"]]);
  test.each([
    ["only approved agencies", { OK: 10 }, []],
    ["probation warns with its rows", { OK: 3, IDLE: 4 }, [{ agencyCode: "IDLE", status: "PROBATION", rows: 4 }]],
    [
      "refusals first, then warnings",
      { IDLE: 1, SUSP: 2, GONE: 5 },
      [{ agencyCode: "GONE", status: "TERMINATED", rows: 5 }, { agencyCode: "SUSP", status: "SUSPENDED", rows: 2 }, { agencyCode: "IDLE", status: "PROBATION", rows: 1 }],
    ],
    ["unknown codes are the row check's business", { NOPE: 7 }, []],
  ])("%s", (_name, rows, expected) => {
    expect(placementAgencyNotices(rows, statuses)).toEqual(expected);
  });
});
