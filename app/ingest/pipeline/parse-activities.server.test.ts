import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { isIngestFileError } from "../readers/file-error";
import { idleParserThreadIds, parseActivitiesInWorker } from "./parse-activities.server";

const fixture = path.join(import.meta.dirname, "../../../test/fixtures/ingest/activities-utf8-bom.csv");
const request = (filePath: string, fileName = path.basename(filePath)) => ({
  filePath,
  fileName,
  profile: null,
  rowContext: { timeZone: "Asia/Shanghai", defaultCurrency: "CNY" },
  batchId: 1,
  chunkRows: 2,
  firstChunkRows: 1,
  progressEveryRows: 1_000,
});

async function parseAll(filePath: string, fileName?: string): Promise<number> {
  let rows = 0;
  for await (const items of parseActivitiesInWorker(request(filePath, fileName), () => undefined)) rows += items.length;
  return rows;
}

describe("the parsing thread of activity imports", () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), "parse-thread-"));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  test("a thread that finished a file parses the next one, with the next file's own chunks", async () => {
    const first = await parseAll(fixture);
    expect(first).toBeGreaterThan(0);
    const [thread] = idleParserThreadIds();
    expect(thread).toBeDefined();
    expect(await parseAll(fixture)).toBe(first);
    expect(idleParserThreadIds()).toEqual([thread]);
  });

  test("a file the thread cannot read fails with its reason and leaves the thread usable", async () => {
    const broken = path.join(directory, "broken.csv");
    await writeFile(broken, "");
    const [thread] = idleParserThreadIds();
    const failure = await parseAll(broken).catch((error: unknown) => error);
    expect(isIngestFileError(failure)).toBe(true);
    expect(idleParserThreadIds()).toEqual([thread]);
    expect(await parseAll(fixture)).toBeGreaterThan(0);
  });

  test("an import that stops mid-file ends the thread instead of handing a half-read file to the next one", async () => {
    const [thread] = idleParserThreadIds();
    for await (const items of parseActivitiesInWorker(request(fixture), () => undefined)) {
      expect(items.length).toBe(1);
      break;
    }
    expect(idleParserThreadIds()).not.toContain(thread);
    expect(await parseAll(fixture)).toBeGreaterThan(0);
  });

  test("two files parsed side by side each get a thread, and both are kept afterwards", async () => {
    const [a, b] = await Promise.all([parseAll(fixture), parseAll(fixture)]);
    expect(a).toBe(b);
    expect(idleParserThreadIds()).toHaveLength(2);
  });
});
