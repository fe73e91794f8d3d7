// `npx tsx scripts/bench/seed-portfolio.ts --scale 10`: loads the dashboards benchmark's demo portfolio into its kept
// database (`.data/bench/portfolio-<scale>`) without measuring anything, so that the hour it takes at 10,000,000
// events can run in the background ahead of `npm run bench -- --only dashboards`, which then reuses it.
import path from "node:path";
import { parseArgs } from "node:util";
import { startPersistentBenchDatabase } from "./bench-database";
import { ensureBenchPortfolio } from "./bench-portfolio";
import { disconnectPrisma } from "../../app/db/client.server";
import { closePool } from "../../app/db/pg.server";
import { stopQueue } from "../../app/jobs/queue.server";

const { values } = parseArgs({ options: { scale: { type: "string", default: "10" } } });
const portfolioScale = Number(values.scale);
if (!(portfolioScale > 0)) throw new Error("--scale must be positive");
const log = (line: string) => console.log(`[seed ${new Date().toISOString().slice(11, 19)}] ${line}`);
const database = await startPersistentBenchDatabase(`portfolio-${portfolioScale}`);
process.env.DATABASE_URL = database.url;
process.env.OVERSIGHT_UPLOAD_DIR = path.join(database.directory, "uploads");
try {
  const started = performance.now();
  const portfolio = await ensureBenchPortfolio({ portfolioScale, directory: database.directory, log });
  log(`portfolio ×${portfolioScale}: ${portfolio.events.toLocaleString("en")} events ready in ${((performance.now() - started) / 1000).toFixed(0)} s`);
} finally {
  await stopQueue();
  await closePool();
  await disconnectPrisma();
  await database.stop();
}
