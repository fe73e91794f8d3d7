import { describe, expect, test } from "vitest";
import { addDays, recallDueOf, termEndOf, type PlacementFacts } from "./recall-due";

const base: PlacementFacts = { placedAt: "2026-01-01", termDays: 180, placedBalance: "1000.00", collected: "0", lastWorkedOn: "2026-03-01", acknowledgment: "ACCEPTED" };
const policy = { notWorkedDays: 60 };

describe("recallDueOf", () => {
  test.each([
    ["an open, worked placement within its term", {}, "2026-03-10", null],
    ["the last day of the term is still within it", { lastWorkedOn: "2026-06-29" }, addDays("2026-01-01", 180), null],
    ["the day after the term end", { lastWorkedOn: "2026-06-30" }, addDays("2026-01-01", 181), { reasons: ["PAST_TERM"], recallReason: "END_OF_TERM" }],
    ["no term never expires", { termDays: null, lastWorkedOn: "2027-01-01" }, "2027-01-02", null],
    ["paid exactly in full", { collected: "1000.00" }, "2026-03-10", { reasons: ["PAID_IN_FULL"], recallReason: "PAID_IN_FULL" }],
    ["one cent short is not paid in full", { collected: "999.99" }, "2026-03-10", null],
    ["more than the balance is paid in full", { collected: "1000.5" }, "2026-03-10", { reasons: ["PAID_IN_FULL"], recallReason: "PAID_IN_FULL" }],
    ["a zero balance is never paid in full", { placedBalance: "0.00", collected: "0" }, "2026-03-10", null],
    ["rejected by the agency", { acknowledgment: "REJECTED" }, "2026-03-10", { reasons: ["REJECTED"], recallReason: "LENDER_REQUEST" }],
    ["not worked for exactly the policy's days", {}, addDays("2026-03-01", 60), { reasons: ["NOT_WORKED"], recallReason: "PERFORMANCE" }],
    ["one day short of not worked", {}, addDays("2026-03-01", 59), null],
    ["never worked counts from placement", { lastWorkedOn: null }, "2026-03-02", { reasons: ["NOT_WORKED"], recallReason: "PERFORMANCE" }],
    [
      "every reason at once: paid in full wins the recall reason",
      { collected: "1000", acknowledgment: "REJECTED", lastWorkedOn: null },
      "2026-12-31",
      { reasons: ["PAID_IN_FULL", "REJECTED", "PAST_TERM", "NOT_WORKED"], recallReason: "PAID_IN_FULL" },
    ],
    ["rejected and past term: the lender's request", { acknowledgment: "REJECTED", lastWorkedOn: "2026-07-20" }, "2026-07-21", { reasons: ["REJECTED", "PAST_TERM"], recallReason: "LENDER_REQUEST" }],
  ] as const)("%s", (_name, change, today, expected) => {
    const due = recallDueOf({ ...base, ...change }, policy, today);
    if (expected === null) expect(due).toBeNull();
    else expect(due).toMatchObject(expected);
  });
});

test.each([
  ["2026-01-01", 180, "2026-06-30"],
  ["2024-02-28", 1, "2024-02-29"],
  ["2026-12-31", 1, "2027-01-01"],
  ["2026-01-01", null, null],
] as const)("termEndOf(%s, %s) = %s", (placedAt, days, expected) => {
  expect(termEndOf(placedAt, days)).toBe(expected);
});
