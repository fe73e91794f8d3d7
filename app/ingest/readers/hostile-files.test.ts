// The hostile-input suite at the readers: every file of test/support/hostile-files.ts is read by the real
// readers in a child process whose heap is capped at 128 MB (a reader that held what a file inflates to would
// crash it with "heap out of memory"), and each must be refused, or its bad row flagged, with a message naming
// the file and the part, row or line. test/integration/hostile-imports.test.ts sends the same files through the
// import pipeline.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { hostileCases, writeHostileFiles } from "../../../test/support/hostile-files";
import type { HostileReadResult } from "../../../test/support/read-hostile-files";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const HEAP_LIMIT_MB = 128;

let directory: string;
let child: { exitCode: number | null; stderr: string; results: Map<string, HostileReadResult> };

async function readInChild(folder: string, fileNames: readonly string[]): Promise<typeof child> {
  const process_ = spawn(process.execPath, [`--max-old-space-size=${HEAP_LIMIT_MB}`, "--import", "tsx", "test/support/read-hostile-files.ts", folder, ...fileNames], {
    cwd: projectRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  process_.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  process_.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const exitCode = await new Promise<number | null>((resolve) => process_.on("close", resolve));
  const results = new Map<string, HostileReadResult>();
  for (const line of stdout.split("\n").filter(Boolean)) {
    const result = JSON.parse(line) as HostileReadResult;
    results.set(result.fileName, result);
  }
  return { exitCode, stderr, results };
}

beforeAll(async () => {
  directory = mkdtempSync(path.join(tmpdir(), "hostile-files-"));
  await writeHostileFiles(directory);
  child = await readInChild(
    directory,
    hostileCases.map((hostile) => hostile.fileName),
  );
}, 600_000);

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe("hostile files at the readers, in a process with a 128 MB heap", () => {
  test("the suite has at least 25 files", () => {
    expect(hostileCases.length).toBeGreaterThanOrEqual(25);
    expect(new Set(hostileCases.map((hostile) => hostile.fileName)).size).toBe(hostileCases.length);
  });

  test("the process read every file and ended normally: no file made it run out of memory", () => {
    expect(child.stderr).not.toMatch(/heap out of memory|allocation failed/i);
    expect(child.exitCode).toBe(0);
    expect([...child.results.keys()].sort()).toEqual(hostileCases.map((hostile) => hostile.fileName).sort());
  });

  test.each(hostileCases.map((hostile) => [hostile.name, hostile] as const))("%s", (_name, hostile) => {
    const result = child.results.get(hostile.fileName);
    expect(result, `no answer for ${hostile.fileName}: ${child.stderr.slice(-2000)}`).toBeDefined();
    if (!result) return;
    if (hostile.rowLevel) {
      expect(result).toMatchObject({ outcome: "row", rowNumber: hostile.expected.rowNumber });
      expect(result.error).toMatch(hostile.expected.message);
    } else {
      expect(result).toMatchObject({ outcome: "refused", code: hostile.expected.code });
      expect(result.message).toMatch(hostile.expected.message);
      expect(result.message?.startsWith(hostile.fileName)).toBe(true);
      if (hostile.expected.rowNumber !== undefined) expect(result.rowNumber).toBe(hostile.expected.rowNumber);
    }
    // The heap held a bounded window of the file, never what it inflates to.
    expect(result.peakHeap).toBeLessThan(HEAP_LIMIT_MB * 1024 * 1024);
  });
});
