import { expect, test } from "vitest";
import { addMonths, evaluationDue } from "./evaluation-due";

test.each([
  ["never evaluated", { lastSignedOn: null, contractEnd: null, noticeDays: null }, "2026-12-05", ["NEVER_EVALUATED"]],
  ["evaluated 11 months ago", { lastSignedOn: "2026-01-06", contractEnd: null, noticeDays: null }, "2026-12-05", null],
  ["evaluated exactly 12 months ago", { lastSignedOn: "2025-12-05", contractEnd: null, noticeDays: null }, "2026-12-05", ["ANNUAL"]],
  ["contract ends within its notice period", { lastSignedOn: "2026-06-01", contractEnd: "2027-01-31", noticeDays: 60 }, "2026-12-05", ["CONTRACT_ENDING"]],
  ["contract ends after its notice period", { lastSignedOn: "2026-06-01", contractEnd: "2027-03-31", noticeDays: 60 }, "2026-12-05", null],
  ["default notice of 90 days", { lastSignedOn: "2026-06-01", contractEnd: "2027-03-01", noticeDays: null }, "2026-12-05", ["CONTRACT_ENDING"]],
  ["evaluated inside the notice window already", { lastSignedOn: "2026-12-01", contractEnd: "2027-01-31", noticeDays: 90 }, "2026-12-05", null],
  ["contract already ended", { lastSignedOn: "2026-06-01", contractEnd: "2026-11-30", noticeDays: 90 }, "2026-12-05", null],
  ["both reasons", { lastSignedOn: "2025-11-01", contractEnd: "2027-01-31", noticeDays: 90 }, "2026-12-05", ["ANNUAL", "CONTRACT_ENDING"]],
])("%s", (_name, input, today, expected) => {
  expect(evaluationDue({ agencyId: 1, ...input }, today)?.reasons ?? null).toEqual(expected);
});

test.each([
  ["2025-01-31", 1, "2025-02-28"],
  ["2024-01-31", 1, "2024-02-29"],
  ["2025-12-05", 12, "2026-12-05"],
])("%s + %i months = %s", (day, months, expected) => {
  expect(addMonths(day, months)).toBe(expected);
});
