// Times `npm run demo`'s load alone (generate + import + stages) into a fresh embedded database, then prints a
// fingerprint of what it produced (row counts and content digests of the violation and metric tables) so that two
// ways of loading can be shown to give the same demo. Usage: npx tsx scripts/bench/demo-load-bench.ts [--scale 1]
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_DEMO_SEED, generateDemoPortfolio } from "../../app/demo/portfolio/generate-portfolio";
import { loadDemoPortfolio } from "../../app/demo/portfolio/load-portfolio.server";
import { demoFingerprint } from "../../app/demo/portfolio/fingerprint.server";
import { disconnectPrisma } from "../../app/db/client.server";
import { closePool } from "../../app/db/pg.server";
import { stopQueue } from "../../app/jobs/queue.server";
import { startBenchDatabase } from "./bench-database";

const { values } = parseArgs({ options: { scale: { type: "string", default: "1" }, anchor: { type: "string", default: "2026-12-05" } } });
const database = await startBenchDatabase();
process.env.DATABASE_URL = database.url;
const files = await mkdtemp(path.join(os.tmpdir(), "oversight-demo-bench-files-"));
try {
  const started = performance.now();
  const generated = await generateDemoPortfolio({ seed: DEFAULT_DEMO_SEED, scale: Number(values.scale), outDir: files, anchorDate: new Date(`${values.anchor}T00:00:00Z`) });
  const generatedAt = performance.now();
  await loadDemoPortfolio({ files: generated, log: (line) => console.log(`  ${line}`) });
  const loadedAt = performance.now();
  console.log(`generate ${((generatedAt - started) / 1000).toFixed(1)} s, load ${((loadedAt - generatedAt) / 1000).toFixed(1)} s, total ${((loadedAt - started) / 1000).toFixed(1)} s`);
  for (const line of await demoFingerprint()) console.log(`fingerprint ${line}`);
} finally {
  // submitImport started pg-boss: its connections must be closed before the server stops under them.
  await stopQueue();
  await disconnectPrisma();
  await closePool();
  await database.dispose();
  await rm(files, { recursive: true, force: true });
}
