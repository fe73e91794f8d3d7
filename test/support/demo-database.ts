import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { seedDemoOrganisation } from "~/demo/factories.server";
import { generateDemoPortfolio, type DemoPortfolioFiles } from "~/demo/portfolio/generate-portfolio";
import { loadDemoPortfolio } from "~/demo/portfolio/load-portfolio.server";
import { ensureDefaultRulePacks } from "~/rules/rule-packs.server";
import { databaseExists } from "../setup/clone-database";
import { createDatabaseCopy, createMigratedDatabase, testDatabaseUrl } from "../setup/test-database";
import { closeConnections, pointAppAt } from "./own-database";

// Several test files check what the demo's seeders do on the same small portfolio loaded as `npm run demo` loads it
// (the import pipeline, rules, roll-ups). Loading it takes most of each file's time, so the first file to ask loads
// it once into a template database of the run and every file gets a copy of that (CREATE DATABASE … TEMPLATE).
// The template is built under a name of its own and renamed when complete, so a copy is never taken of half a load;
// two files building at once each build, and the second rename loses harmlessly. The first file's setup is as long
// as each file's used to be (a load on a busy machine takes minutes: its hook allows 15).

export type DemoPortfolioOptions = { seed: number; scale: number; anchorDate: Date };

/**
 * Points this file's app code at a database of its own holding the demo organisation and the portfolio
 * `options` describes, loaded through loadDemoPortfolio. Returns the generated files (the same as the load read)
 * and what undoes it all.
 */
export async function useLoadedDemoDatabase(prefix: string, options: DemoPortfolioOptions): Promise<{ files: DemoPortfolioFiles; restore: () => Promise<void> }> {
  const directory = await mkdtemp(path.join(os.tmpdir(), `${prefix}-files-`));
  const files = await generateDemoPortfolio({ seed: options.seed, scale: options.scale, outDir: directory, anchorDate: options.anchorDate });
  const serverUrl = testDatabaseUrl();
  const template = `${new URL(serverUrl).pathname.slice(1)}_demo_${options.seed}_${String(options.scale).replace(".", "p")}_${options.anchorDate.toISOString().slice(0, 10).replaceAll("-", "")}`;
  if (!(await databaseExists(serverUrl, template))) await buildTemplate(serverUrl, template, files);
  const restoreDatabase = await pointAppAt(await createDatabaseCopy(prefix, template));
  return {
    files,
    restore: async () => {
      await restoreDatabase();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

async function buildTemplate(serverUrl: string, template: string, files: DemoPortfolioFiles): Promise<void> {
  const building = await createMigratedDatabase("demo_template_build");
  const previousUrl = process.env.DATABASE_URL;
  const restore = await pointAppAt(building);
  try {
    await ensureDefaultRulePacks();
    await seedDemoOrganisation();
    await loadDemoPortfolio({ files });
    await closeConnections();
  } catch (error) {
    await restore();
    throw error;
  }
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`ALTER DATABASE ${client.escapeIdentifier(building.name)} RENAME TO ${client.escapeIdentifier(template)}`);
  } catch (error) {
    // 42P04 duplicate_database: another file built the same template meanwhile; use that one.
    if ((error as { code?: string }).code !== "42P04") throw error;
    await building.drop();
  } finally {
    await client.end();
  }
  // The building database is the template now (or dropped): only point the app back.
  process.env.DATABASE_URL = previousUrl;
}
