import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { currentTime } from "~/clock/clock.server";
import { getEnv, resetEnvCache } from "~/env.server";

// The findings clock (ADR 025): a configured file moves "now"; missing or empty means the real time; production
// refuses the variable unless it is explicitly allowed.
const saved = { file: process.env.OVERSIGHT_CLOCK_FILE, allow: process.env.OVERSIGHT_CLOCK_FILE_IN_PRODUCTION, nodeEnv: process.env.NODE_ENV };

afterEach(() => {
  for (const [name, value] of [["OVERSIGHT_CLOCK_FILE", saved.file], ["OVERSIGHT_CLOCK_FILE_IN_PRODUCTION", saved.allow], ["NODE_ENV", saved.nodeEnv]] as const) {
    const env = process.env as Record<string, string | undefined>;
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  resetEnvCache();
});

function useClockFile(content: string | null): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "clock-test-")), "now");
  if (content !== null) writeFileSync(file, content);
  process.env.OVERSIGHT_CLOCK_FILE = file;
  resetEnvCache();
  return file;
}

test("the file's instant is now; an empty or missing file is the real time", () => {
  const file = useClockFile("2026-04-01T10:00:00+08:00\n");
  expect(currentTime().toISOString()).toBe("2026-04-01T02:00:00.000Z");
  writeFileSync(file, "");
  expect(Math.abs(currentTime().getTime() - Date.now())).toBeLessThan(5_000);
  useClockFile(null);
  expect(Math.abs(currentTime().getTime() - Date.now())).toBeLessThan(5_000);
});

test("a file that does not hold an instant is an error naming the file", () => {
  const file = useClockFile("next tuesday");
  expect(() => currentTime()).toThrow(file);
});

test("production refuses a clock file unless it is explicitly allowed", () => {
  useClockFile("2026-04-01T02:00:00Z");
  (process.env as Record<string, string>).NODE_ENV = "production";
  resetEnvCache();
  expect(() => getEnv()).toThrow(/OVERSIGHT_CLOCK_FILE/);
  process.env.OVERSIGHT_CLOCK_FILE_IN_PRODUCTION = "allow";
  resetEnvCache();
  expect(currentTime().toISOString()).toBe("2026-04-01T02:00:00.000Z");
});
