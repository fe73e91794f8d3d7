import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createAgency } from "~/demo/factories.server";
import { stopQueue } from "~/jobs/queue.server";
import { csv, importFile } from "../support/import-harness";

// The CLI's exit code is what an agency's nightly script checks: a file whose every row was rejected must not
// read as success, while a resend (rows imported before) is not a failure.
const run = promisify(execFile);
const suffix = Date.now().toString(36).toUpperCase();
const agencyCode = `CLIX${suffix}`;
const header = ["event_id", "account_number", "agent_id", "occurred_at", "type", "outcome"];
let directory: string;

beforeAll(async () => {
  await createAgency({ code: agencyCode, name: "CLI exit agency" });
  await importFile({ kind: "PLACEMENTS", fileName: "cli-exit-placements.csv", content: csv([["account_number", "customer_id", "agency_code", "placed_at", "placed_balance"], [`CLIX-${suffix}`, `CLIXC-${suffix}`, agencyCode, "2026-01-01", "100.00"]]) });
  directory = await mkdtemp(path.join(os.tmpdir(), "oversight-cli-exit-"));
});

afterAll(async () => {
  await stopQueue();
});

async function cli(name: string, rows: string[][], lineEnd = "\n"): Promise<{ code: number; stdout: string; stderr: string }> {
  const file = path.join(directory, name);
  await writeFile(file, csv([header, ...rows]).replaceAll("\n", lineEnd));
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "scripts/oversight.ts", "import", "--kind", "activities", "--agency", agencyCode, file], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      env: process.env,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

test("exit 3 when every row was rejected, 0 when rows were imported, 0 for a file of rows imported before", async () => {
  const rejected = await cli("all-bad.csv", [[`B-${suffix}-1`, "NO-SUCH-ACCOUNT", "A1", "2026-02-01 10:00", "CALL", "NO_ANSWER"], [`B-${suffix}-2`, `CLIX-${suffix}`, "A1", "2026-02-30 10:00", "CALL", "NO_ANSWER"]]);
  expect(rejected.code).toBe(3);
  expect(rejected.stderr).toContain("Warning: All 2 rows were rejected");

  const good = [[`G-${suffix}-1`, `CLIX-${suffix}`, "A1", "2026-02-01 10:00", "CALL", "NO_ANSWER"]];
  expect((await cli("good.csv", good)).code).toBe(0);
  // The same rows in a file of other bytes (CRLF): duplicates, not rejections.
  const resent = await cli("good-again.csv", good, "\r\n");
  expect(resent.stdout).toMatch(/Imported: accepted 0, duplicates 1/);
  expect(resent.stderr).toContain("Warning: Nothing new was imported");
  expect(resent.code).toBe(0);
}, 180_000);
