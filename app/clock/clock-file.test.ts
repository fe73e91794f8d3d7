import { describe, expect, test } from "vitest";
import { parseClockFile } from "./clock-file";

describe("parseClockFile", () => {
  test.each([
    ["", null],
    ["  \n", null],
    ["2026-04-01T02:00:00Z", "2026-04-01T02:00:00.000Z"],
    ["2026-04-01T10:00:00+08:00\n", "2026-04-01T02:00:00.000Z"],
    ["2026-04-01T02:00Z", "2026-04-01T02:00:00.000Z"],
    ["2026-04-01T02:00:00.250Z", "2026-04-01T02:00:00.250Z"],
  ])("%j is %s", (text, expected) => {
    const parsed = parseClockFile(text);
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && parsed.now ? parsed.now.toISOString() : null).toBe(expected);
  });

  test.each(["2026-04-01", "2026-04-01T02:00:00", "yesterday", "2026-13-01T00:00:00Z", "1712000000"])("%j is refused", (text) => {
    const parsed = parseClockFile(text);
    expect(parsed.ok).toBe(false);
  });
});
