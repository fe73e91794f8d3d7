import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ensureDatabase, freshSchemaOn, startEmbeddedPostgres } from "../../server/database-url";
import { applyMigrations } from "../../server/schema-engine";
import { distributeTablesIfCitus } from "../../app/db/citus.server";

/** A fresh, migrated embedded PostgreSQL for one benchmark, removed afterwards; never the developer's data. */
export async function startBenchDatabase(): Promise<{ url: string; directory: string; dispose: () => Promise<void> }> {
  const directory = await mkdtemp(path.join(os.tmpdir(), "oversight-bench-"));
  await chmod(directory, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: path.join(directory, "data") });
  await ensureDatabase(server.url("postgres"), "oversight_bench");
  const url = server.url("oversight_bench");
  await applyMigrations(url);
  return {
    url,
    directory,
    dispose: async () => {
      await server.stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh schema in the database of `url` (its `?schema=` aside), migrated and — on a Citus coordinator — distributed
 * like production (ADR 049), dropped afterwards: a new database on a cluster would have neither the extension nor the
 * workers. `requireCitus` refuses a server without the citus extension.
 */
export async function startBenchSchema(url: string, options: { prefix: string; requireCitus?: boolean }): Promise<{ url: string; dispose: () => Promise<void> }> {
  const schema = await freshSchemaOn(url, options.prefix);
  try {
    await applyMigrations(schema.url);
    const distribution = await distributeTablesIfCitus(schema.url);
    if (options.requireCitus && !distribution) throw new Error(`${new URL(url).host} has no citus extension: the cluster section needs a Citus coordinator with workers.`);
  } catch (error) {
    await schema.drop();
    throw error;
  }
  return { url: schema.url, dispose: schema.drop };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of no values: a figure could not be measured");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * A migrated embedded PostgreSQL in `.data/bench/<name>`, kept between runs: the dashboard benchmarks load their
 * portfolio through the import pipeline once (minutes at 10,000,000 events) and reuse it afterwards.
 */
export async function startPersistentBenchDatabase(name: string): Promise<{ url: string; directory: string; stop: () => Promise<void> }> {
  const directory = path.resolve(import.meta.dirname, "../../.data/bench", name);
  const server = await startEmbeddedPostgres({ dataDir: path.join(directory, "data") });
  await ensureDatabase(server.url("postgres"), "oversight_bench");
  const url = server.url("oversight_bench");
  await applyMigrations(url);
  return { url, directory, stop: () => server.stop() };
}
