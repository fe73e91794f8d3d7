import { readFileSync, readdirSync } from "node:fs";

// CPU seconds behind an import's phases, for OVERSIGHT_IMPORT_TIMING: on a shared machine the wall-clock time of a
// phase says more about the other processes than about the phase, while CPU time says what the phase costs. Read
// from /proc (Linux), so the database backend's figure is there only when PostgreSQL runs on this machine; anything
// unreadable counts as zero.

export type CpuSeconds = { importThread: number; otherThreads: number; backend: number };

/** utime + stime of a /proc stat file, in seconds (clock ticks of 1/100 s, as on every Linux this runs on). */
function statSeconds(file: string): number {
  try {
    // The process name (field 2) may contain spaces: the fields counted from after its closing parenthesis.
    const fields = readFileSync(file, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100 || 0;
  } catch {
    return 0;
  }
}

/** This process's main thread, its other threads (the parsing thread, the garbage collector's helpers, libuv) and a backend's. */
export function cpuSeconds(backendPid: number | null): CpuSeconds {
  const importThread = statSeconds(`/proc/self/task/${process.pid}/stat`);
  let otherThreads = 0;
  try {
    for (const task of readdirSync("/proc/self/task")) if (task !== String(process.pid)) otherThreads += statSeconds(`/proc/self/task/${task}/stat`);
  } catch {
    // Not Linux: no figure.
  }
  return { importThread, otherThreads, backend: backendPid === null ? 0 : statSeconds(`/proc/${backendPid}/stat`) };
}

/** "cpu: import thread 0.12 s, other threads 0.80 s, database 0.65 s" for the time between two readings. */
export function describeCpu(from: CpuSeconds, to: CpuSeconds): string {
  const seconds = (value: number) => `${value.toFixed(2)} s`;
  return `cpu: import thread ${seconds(to.importThread - from.importThread)}, other threads ${seconds(to.otherThreads - from.otherThreads)}, database ${seconds(to.backend - from.backend)}`;
}
