import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { demoFingerprint } from "~/demo/portfolio/fingerprint.server";
import { generateDemoPortfolio, type DemoPortfolioFiles } from "~/demo/portfolio/generate-portfolio";
import { loadDemoPortfolio } from "~/demo/portfolio/load-portfolio.server";
import { ensureDefaultRulePacks } from "~/rules/rule-packs.server";
import { useOwnDatabase as openOwnDatabase } from "../support/own-database";

// `npm run demo` defers the stages of its batches to one pass at the end, for speed. What it shows must be what a
// user's day of uploads (stages after every batch) would show: the same violations and the same roll-ups.
let directory: string;
let files: DemoPortfolioFiles;

beforeAll(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), "demo-load-equivalence-"));
  files = await generateDemoPortfolio({ seed: 7, scale: 0.003, outDir: directory, anchorDate: new Date("2026-11-15T00:00:00Z") });
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function loadAndFingerprint(prefix: string, stagesPerBatch: boolean): Promise<string[]> {
  const restoreDatabase = await openOwnDatabase(prefix);
  try {
    await ensureDefaultRulePacks();
    await loadDemoPortfolio({ files, stagesPerBatch });
    return await demoFingerprint();
  } finally {
    await restoreDatabase();
  }
}

test("the demo's deferred load gives the same violations and roll-ups as stages after every batch", async () => {
  const deferred = await loadAndFingerprint("demo_deferred", false);
  const perBatch = await loadAndFingerprint("demo_per_batch", true);
  expect(deferred.find((line) => line.startsWith("Violation:"))).not.toMatch(/^Violation: 0 rows/);
  expect(deferred).toEqual(perBatch);
}, 900_000);
