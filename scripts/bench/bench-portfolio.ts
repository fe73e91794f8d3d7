import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { generateDemoPortfolio } from "../../app/demo/portfolio/generate-portfolio";
import { hasDemoPortfolio, loadDemoPortfolio } from "../../app/demo/portfolio/load-portfolio.server";
import { ensureRollupsCurrent } from "../../app/metrics/refresh-rollups.server";

export type BenchPortfolioMarker = { events?: number; loadSeconds?: number; rebuildSeconds?: number };

/**
 * Makes sure the kept benchmark database whose server answers at DATABASE_URL holds the demo portfolio of
 * `portfolioScale` (1: about 1,000,000 events): generated and loaded through the import pipeline the first time
 * (about an hour at 10 on this machine), reused as it is afterwards, its roll-ups brought up to date as a start would
 * do. `loaded.json` in `directory` records what the load took; a database with the portfolio but without it was
 * interrupted mid-load and is refused rather than measured.
 */
export async function ensureBenchPortfolio(options: { portfolioScale: number; directory: string; log: (line: string) => void }): Promise<{ events: number; loadSeconds: number | null; rebuildSeconds: number | null }> {
  const { portfolioScale, directory, log } = options;
  const markerPath = path.join(directory, "loaded.json");
  if (!(await hasDemoPortfolio())) {
    const filesDirectory = await mkdtemp(path.join(os.tmpdir(), "oversight-bench-portfolio-"));
    try {
      log(`portfolio ×${portfolioScale}: generating and importing through the pipeline (once; kept in ${directory})`);
      const started = performance.now();
      const files = await generateDemoPortfolio({ scale: portfolioScale, outDir: filesDirectory, anchorDate: new Date("2026-11-15T00:00:00Z"), log: (line) => log(`  ${line}`) });
      await loadDemoPortfolio({ files, log: (line) => log(`  ${line}`) });
      const loadSeconds = (performance.now() - started) / 1000;
      await writeFile(markerPath, JSON.stringify({ events: files.counts.events, loadSeconds }));
    } finally {
      await rm(filesDirectory, { recursive: true, force: true });
    }
  }
  // A portfolio kept from before a change of the roll-ups' format is brought up to date as a start would do.
  const rebuildStarted = performance.now();
  if (await ensureRollupsCurrent({ log: (line) => log(`  ${line}`) })) {
    const rebuildSeconds = (performance.now() - rebuildStarted) / 1000;
    const kept = JSON.parse(await readFile(markerPath, "utf8").catch(() => "{}")) as BenchPortfolioMarker;
    await writeFile(markerPath, JSON.stringify({ ...kept, rebuildSeconds }));
  }
  const marker = JSON.parse(await readFile(markerPath, "utf8").catch(() => "{}")) as BenchPortfolioMarker;
  if (!marker.events) throw new Error(`${markerPath} is missing: the load into ${directory} was interrupted; delete that directory and run again`);
  return { events: marker.events, loadSeconds: marker.loadSeconds ?? null, rebuildSeconds: marker.rebuildSeconds ?? null };
}
