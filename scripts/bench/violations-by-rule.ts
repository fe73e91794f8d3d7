// Loads the demo at a fixed scale, seed and anchor into a fresh embedded database (the full rule evaluation runs as
// part of the load) and prints the stored violations per rule per agency, as a Markdown table. Run it at two commits
// to compare what a rule change does to the same demo (docs/BENCHMARKS.md, "Regulation F re-evaluation").
// It uses only what the demo command uses, so it runs unchanged on older commits.
// Usage: npx tsx scripts/bench/violations-by-rule.ts [--scale 0.05] [--anchor 2026-12-05]
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_DEMO_SEED, generateDemoPortfolio } from "../../app/demo/portfolio/generate-portfolio";
import { loadDemoPortfolio } from "../../app/demo/portfolio/load-portfolio.server";
import { disconnectPrisma, getPrisma } from "../../app/db/client.server";
import { closePool } from "../../app/db/pg.server";
import { stopQueue } from "../../app/jobs/queue.server";
import { startBenchDatabase } from "./bench-database";

const { values } = parseArgs({ options: { scale: { type: "string", default: "0.05" }, anchor: { type: "string", default: "2026-12-05" } } });
const database = await startBenchDatabase();
process.env.DATABASE_URL = database.url;
const files = await mkdtemp(path.join(os.tmpdir(), "oversight-violations-bench-"));
try {
  const started = performance.now();
  const generated = await generateDemoPortfolio({ seed: DEFAULT_DEMO_SEED, scale: Number(values.scale), outDir: files, anchorDate: new Date(`${values.anchor}T00:00:00Z`) });
  await loadDemoPortfolio({ files: generated });
  const rows = await getPrisma().$queryRaw<{ agency: string; rule: string; count: number }[]>`
    SELECT a.code AS agency, v."ruleCode" AS rule, count(*)::int AS count
      FROM "Violation" v JOIN "Agency" a ON a.id = v."agencyId" GROUP BY 1, 2 ORDER BY 2, 1`;
  const events = await getPrisma().activityEvent.count();
  const agencies = [...new Set(rows.map((row) => row.agency))].sort();
  const rules = [...new Set(rows.map((row) => row.rule))].sort();
  const cell = new Map(rows.map((row) => [`${row.rule}|${row.agency}`, row.count]));
  console.log(`scale ${values.scale}, seed ${DEFAULT_DEMO_SEED}, anchor ${values.anchor}: ${events} events, loaded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  console.log(`| rule | ${agencies.join(" | ")} | total |`);
  console.log(`|---|${agencies.map(() => "---:").join("|")}|---:|`);
  for (const rule of rules) {
    const counts = agencies.map((agency) => cell.get(`${rule}|${agency}`) ?? 0);
    console.log(`| ${rule} | ${counts.join(" | ")} | ${counts.reduce((sum, count) => sum + count, 0)} |`);
  }
  const totals = agencies.map((agency) => rows.filter((row) => row.agency === agency).reduce((sum, row) => sum + row.count, 0));
  console.log(`| **total** | ${totals.join(" | ")} | ${totals.reduce((sum, count) => sum + count, 0)} |`);
} finally {
  await stopQueue();
  await disconnectPrisma();
  await closePool();
  await database.dispose();
  await rm(files, { recursive: true, force: true });
}
