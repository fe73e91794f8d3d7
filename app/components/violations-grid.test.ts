import { expect, test } from "vitest";
import { violationStatusTone, zoneLabel } from "./violations-grid";

test.each([
  ["OPEN", "warn"],
  ["CONFIRMED", "bad"],
  ["DISMISSED", "neutral"],
] as const)("status %s is shown %s", (status, tone) => {
  expect(violationStatusTone(status)).toBe(tone);
});

test.each([
  ["2026-03-05T14:10:00Z", "Asia/Shanghai", "en", "GMT+8"],
  // Daylight saving: the same zone reads differently in winter and summer.
  ["2026-01-15T15:00:00Z", "America/New_York", "en", "EST"],
  ["2026-07-15T15:00:00Z", "America/New_York", "en", "EDT"],
  ["2026-03-05T14:10:00Z", "Not/AZone", "en", "Not/AZone"],
])("%s in %s (%s) → %s", (instant, zone, locale, label) => {
  expect(zoneLabel(instant, zone, locale)).toBe(label);
});
