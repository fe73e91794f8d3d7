// The one "now" of the time-dependent server code that takes an injectable clock (the findings' due days,
// verification windows and schedule): the real time, unless OVERSIGHT_CLOCK_FILE names a file holding an ISO instant
// (ADR 025). Browser tests write that file to move the clock of the server under test — and of the CLI they run —
// without waiting; production refuses to start with it set unless explicitly allowed (app/env.server.ts).
import { readFileSync } from "node:fs";
import { getEnv } from "~/env.server";
import { parseClockFile } from "./clock-file";

/** Now: the clock file's instant when one is configured and holds one, otherwise the real time. */
export function currentTime(): Date {
  const file = getEnv().OVERSIGHT_CLOCK_FILE;
  if (!file) return new Date();
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return new Date();
    throw error;
  }
  const parsed = parseClockFile(text);
  if (!parsed.ok) throw new Error(`OVERSIGHT_CLOCK_FILE ${file}: ${parsed.message}`);
  return parsed.now ?? new Date();
}

/** Whether a clock file is configured (boot logs it, so a moved clock is never a surprise). */
export function clockFileConfigured(): string | null {
  return getEnv().OVERSIGHT_CLOCK_FILE ?? null;
}
