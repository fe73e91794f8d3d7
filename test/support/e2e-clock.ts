// The browser tests' hold on the findings clock (ADR 025): the server under test reads "now" from E2E_CLOCK_FILE
// (playwright.config.ts passes it as OVERSIGHT_CLOCK_FILE), and so does the CLI run here, so a test moves time by
// writing an instant instead of sleeping. An empty file is the real time again.
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

function clockFile(): string {
  const file = process.env.E2E_CLOCK_FILE;
  if (!file) throw new Error("E2E_CLOCK_FILE is not set: run the browser tests through playwright.config.ts.");
  return file;
}

export function setServerClock(now: Date): void {
  writeFileSync(clockFile(), `${now.toISOString()}\n`);
}

export function resetServerClock(): void {
  writeFileSync(clockFile(), "");
}

/** `oversight findings run-schedule` against the server's database, on the same clock; returns what it printed. */
export async function runFindingsScheduleCli(): Promise<string> {
  const root = path.resolve(import.meta.dirname, "../..");
  const { stdout } = await run(process.execPath, ["--import", "tsx", path.join(root, "scripts/oversight.ts"), "findings", "run-schedule"], {
    cwd: root,
    timeout: 120_000,
    env: {
      ...process.env,
      NODE_ENV: "development",
      OVERSIGHT_DATA_DIR: process.env.E2E_DATA_DIR,
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? "",
      OVERSIGHT_CLOCK_FILE: clockFile(),
    },
  });
  return stdout;
}
