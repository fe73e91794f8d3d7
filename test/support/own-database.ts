import { disconnectPrisma } from "~/db/client.server";
import { stopQueue } from "~/jobs/queue.server";
import { closePool } from "~/db/pg.server";
import { createMigratedDatabase, type TestScratchDatabase } from "../setup/test-database";

// For test files whose code acts on the whole database (full rule runs, pg-boss workers, pruning, fixed demo
// codes) and so must not share it with the other files running at the same time.

export async function closeConnections(): Promise<void> {
  // pg-boss, the rules' pool and Prisma each hold connections to the database DATABASE_URL named when they opened.
  await stopQueue();
  await closePool();
  await disconnectPrisma();
}

/**
 * Points this file's app code at a new, migrated database of its own (a copy of the run's migrated template).
 * Returns what undoes it: connections closed, DATABASE_URL back to the shared database, the own one dropped.
 */
export async function useOwnDatabase(prefix: string): Promise<() => Promise<void>> {
  return pointAppAt(await createMigratedDatabase(prefix));
}

/** Points this file's app code at database; what it returns points it back and drops database. */
export async function pointAppAt(database: TestScratchDatabase): Promise<() => Promise<void>> {
  await closeConnections();
  const previousUrl = process.env.DATABASE_URL;
  process.env.DATABASE_URL = database.url;
  return async () => {
    await closeConnections();
    process.env.DATABASE_URL = previousUrl;
    await database.drop();
  };
}
