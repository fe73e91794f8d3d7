import { disconnectPrisma } from "~/db/client.server";
import { applyMigrations } from "../../server/schema-engine";
import { distributeTablesIfCitus } from "~/db/citus.server";
import { stopQueue } from "~/jobs/queue.server";
import { closePool } from "~/db/pg.server";
import { createEmptyDatabase } from "../setup/test-database";

// For test files whose code acts on the whole database (full rule runs, pg-boss workers, pruning, fixed demo
// codes) and so must not share it with the other files running at the same time.

async function closeConnections(): Promise<void> {
  // pg-boss, the rules' pool and Prisma each hold connections to the database DATABASE_URL named when they opened.
  await stopQueue();
  await closePool();
  await disconnectPrisma();
}

/**
 * Points this file's app code at a new, migrated database of its own. Returns what undoes it: connections closed,
 * DATABASE_URL back to the shared database, the own one dropped.
 */
export async function useOwnDatabase(prefix: string): Promise<() => Promise<void>> {
  const database = await createEmptyDatabase(prefix);
  await applyMigrations(database.url);
  await distributeTablesIfCitus(database.url);
  await closeConnections();
  const previousUrl = process.env.DATABASE_URL;
  process.env.DATABASE_URL = database.url;
  return async () => {
    await closeConnections();
    process.env.DATABASE_URL = previousUrl;
    await database.drop();
  };
}
