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

// The boundaries, each one day either side: the notice window opens on contract end − notice days and includes the
// contract's last day; the annual date is the same day 12 months on; the due list shows the reason's own date.
const signed = "2026-06-01";
test.each([
  ["notice window opens today (end − 60 days)", { lastSignedOn: signed, contractEnd: "2027-01-31", noticeDays: 60 }, "2026-12-02", ["CONTRACT_ENDING"], "2026-12-02"],
  ["the day before the notice window opens", { lastSignedOn: signed, contractEnd: "2027-01-31", noticeDays: 60 }, "2026-12-01", null, null],
  ["the contract's last day", { lastSignedOn: signed, contractEnd: "2026-12-05", noticeDays: 30 }, "2026-12-05", ["CONTRACT_ENDING"], "2026-11-05"],
  ["the day after the contract ended", { lastSignedOn: signed, contractEnd: "2026-12-04", noticeDays: 30 }, "2026-12-05", null, null],
  ["no notice period: due on the last day only", { lastSignedOn: signed, contractEnd: "2026-12-05", noticeDays: 0 }, "2026-12-05", ["CONTRACT_ENDING"], "2026-12-05"],
  ["no notice period: not the day before", { lastSignedOn: signed, contractEnd: "2026-12-06", noticeDays: 0 }, "2026-12-05", null, null],
  ["the register's 120 days instead of the default 90", { lastSignedOn: signed, contractEnd: "2027-03-31", noticeDays: 120 }, "2026-12-05", ["CONTRACT_ENDING"], "2026-12-01"],
  ["signed the day before the window opened: due again", { lastSignedOn: "2026-11-01", contractEnd: "2027-01-31", noticeDays: 90 }, "2026-12-05", ["CONTRACT_ENDING"], "2026-11-02"],
  ["signed on the day the window opened: served", { lastSignedOn: "2026-11-02", contractEnd: "2027-01-31", noticeDays: 90 }, "2026-12-05", null, null],
  ["annual: one day before 12 months", { lastSignedOn: "2025-12-06", contractEnd: null, noticeDays: null }, "2026-12-05", null, null],
  ["annual: from 28 February after a 29 February", { lastSignedOn: "2024-02-29", contractEnd: null, noticeDays: null }, "2025-02-28", ["ANNUAL"], "2025-02-28"],
])("%s", (_name, input, today, expected, since) => {
  const due = evaluationDue({ agencyId: 1, ...input }, today);
  expect(due?.reasons ?? null).toEqual(expected);
  expect(due?.dueSince ?? null).toBe(since);
});

test("the list names the contract's end, the notice applied and the annual date", () => {
  expect(evaluationDue({ agencyId: 7, lastSignedOn: "2025-11-01", contractEnd: "2027-01-31", noticeDays: 90 }, "2026-12-05")).toEqual({
    agencyId: 7,
    reasons: ["ANNUAL", "CONTRACT_ENDING"],
    dueSince: "2026-11-01",
    annualDueOn: "2026-11-01",
    contract: { endsOn: "2027-01-31", noticeDays: 90, noticeFrom: "2026-11-02" },
  });
  expect(evaluationDue({ agencyId: 7, lastSignedOn: null, contractEnd: null, noticeDays: null }, "2026-12-05")).toEqual({
    agencyId: 7,
    reasons: ["NEVER_EVALUATED"],
    dueSince: null,
    annualDueOn: null,
    contract: null,
  });
});

test.each([
  ["2025-01-31", 1, "2025-02-28"],
  ["2024-01-31", 1, "2024-02-29"],
  ["2025-12-05", 12, "2026-12-05"],
])("%s + %i months = %s", (day, months, expected) => {
  expect(addMonths(day, months)).toBe(expected);
});
