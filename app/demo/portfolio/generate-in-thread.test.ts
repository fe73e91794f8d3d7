import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { openRows } from "~/ingest/readers/read-rows";
import { generateDemoPortfolioInThread } from "./generate-in-thread.server";
import { generateDemoPortfolio, type DemoPortfolioFiles } from "./generate-portfolio";

// `npm run demo` generates on a thread of its own: it must write exactly what the generator writes on the caller's.
const anchorDate = new Date("2026-11-15T00:00:00Z");
const directories: string[] = [];
const newDirectory = async () => {
  const directory = await mkdtemp(path.join(os.tmpdir(), "demo-thread-test-"));
  directories.push(directory);
  return directory;
};
afterAll(async () => {
  for (const directory of directories) await rm(directory, { recursive: true, force: true });
});

/** Each file's content (an XLSX zip carries write times, so its rows as the import reads them), by file name. */
async function contents(files: DemoPortfolioFiles): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const file of [files.placements, files.complaints, ...files.activities, ...files.rosters]) {
    const hash = createHash("sha256");
    if (file.path.endsWith(".xlsx")) {
      const rows = await openRows({ stream: createReadStream(file.path), fileName: path.basename(file.path), kind: "ACTIVITIES" });
      for await (const row of rows.rows) hash.update(JSON.stringify(row));
    } else hash.update(await readFile(file.path));
    result[path.basename(file.path)] = hash.digest("hex");
  }
  return result;
}

/** The description with the directory left out, which differs by construction. */
const withoutDirectory = (files: DemoPortfolioFiles) => JSON.parse(JSON.stringify(files).replaceAll(files.directory, "DIR")) as unknown;

test("the generator's thread writes the same files and returns the same description as generating in place", async () => {
  const inPlace = await generateDemoPortfolio({ seed: 42, scale: 0.003, outDir: await newDirectory(), anchorDate });
  const lines: string[] = [];
  const inThread = await generateDemoPortfolioInThread({ seed: 42, scale: 0.003, outDir: await newDirectory(), anchorDate, log: (line) => lines.push(line) }).files;
  expect(withoutDirectory(inThread)).toEqual(withoutDirectory(inPlace));
  expect(await contents(inThread)).toEqual(await contents(inPlace));
  expect(Object.keys(await contents(inThread)).length).toBe(2 + inPlace.activities.length + inPlace.rosters.length);
  expect(lines.some((line) => line.startsWith("planned "))).toBe(true);
}, 120_000);

test("a generator's thread that fails rejects with its error", async () => {
  // A file where the output directory should be: mkdir fails inside the thread.
  const directory = await newDirectory();
  const blocker = path.join(directory, "not-a-directory");
  await import("node:fs/promises").then((fs) => fs.writeFile(blocker, "x"));
  await expect(generateDemoPortfolioInThread({ seed: 42, scale: 0.003, outDir: path.join(blocker, "out"), anchorDate }).files).rejects.toThrow();
}, 60_000);
