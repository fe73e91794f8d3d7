// What a clock file may hold (ADR 025): nothing (the real time) or one ISO-8601 instant with its offset.
export type ClockFileContent = { ok: true; now: Date | null } | { ok: false; message: string };

const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export function parseClockFile(text: string): ClockFileContent {
  const value = text.trim();
  if (value === "") return { ok: true, now: null };
  const instant = new Date(value);
  if (!instantPattern.test(value) || Number.isNaN(instant.getTime())) return { ok: false, message: `expected an ISO instant with its offset such as 2026-04-01T02:00:00Z, not "${value.slice(0, 40)}"` };
  return { ok: true, now: instant };
}
