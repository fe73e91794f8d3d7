import { expect, test } from "vitest";
import { apiTokenExpiry } from "./api-token-input";

const now = new Date("2026-12-05T09:30:00Z");

test.each([
  ["2026-12-06", "2026-12-06T23:59:59.999Z"],
  ["2027-12-05", "2027-12-05T23:59:59.999Z"],
  // 730 days ahead is the longest allowed; one more is refused.
  ["2028-12-04", "2028-12-04T23:59:59.999Z"],
  ["2028-12-05", null],
  // Today and earlier: a token that is expired when it is made is refused.
  ["2026-12-05", null],
  ["2020-01-01", null],
  ["2027-02-30", null],
  ["2027-1-5", null],
  ["", null],
])("expiry on %s → %s", (day, expected) => {
  expect(apiTokenExpiry(day, now)?.toISOString() ?? null).toBe(expected);
});
