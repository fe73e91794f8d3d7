import { randomUUID } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { ensureDatabase, freshSchemaOn } from "../../server/database-url";
import { createDatabaseFromTemplate, databaseUrlOf } from "./clone-database";
import { applyMigrations } from "../../server/schema-engine";
import { distributeTablesIfCitus } from "../../app/db/citus.server";

/**
 * The URL of the run's test database, migrated by test/setup/global-setup.ts. Also sets DATABASE_URL in this
 * worker, for code that reads it (getPrisma()); the forks pool normally has already.
 */
export function testDatabaseUrl(): string {
  const url = inject("databaseUrl");
  process.env.DATABASE_URL ??= url;
  return url;
}

/**
 * A new, empty database on the test server, for tests that need a schema of their own (migrations from
 * scratch). Drop it when done; the whole server is discarded after the run anyway.
 */
export async function createEmptyDatabase(prefix = "scratch"): Promise<TestScratchDatabase> {
  const serverUrl = testDatabaseUrl();
  // A run in a schema of its own (npm run test:citus) gets new schemas, not new databases (freshSchemaOn).
  if (new URL(serverUrl).searchParams.has("schema")) return freshSchemaOn(serverUrl, prefix);
  const name = uniqueName(prefix);
  await ensureDatabase(serverUrl, name);
  return scratchDatabase(serverUrl, name);
}

/**
 * A new database on the test server with every migration applied: a copy of the run's migrated template
 * (test/setup/global-setup.ts), the same schema and migration records as applying the migrations gives.
 */
export async function createMigratedDatabase(prefix = "scratch"): Promise<TestScratchDatabase> {
  if (new URL(testDatabaseUrl()).searchParams.has("schema")) {
    // On a Citus cluster: a new schema, migrated and distributed like production (ADR 049).
    const database = await createEmptyDatabase(prefix);
    await applyMigrations(database.url);
    await distributeTablesIfCitus(database.url);
    return database;
  }
  return createDatabaseCopy(prefix, inject("migratedTemplate"));
}

/** A new database on the test server copied from the database template (nobody may be connected to it). */
export async function createDatabaseCopy(prefix: string, template: string): Promise<TestScratchDatabase> {
  const serverUrl = testDatabaseUrl();
  const name = uniqueName(prefix);
  await createDatabaseFromTemplate(serverUrl, name, template);
  return scratchDatabase(serverUrl, name);
}

export type TestScratchDatabase = { url: string; name: string; drop: () => Promise<void> };

function uniqueName(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
}

function scratchDatabase(serverUrl: string, name: string): TestScratchDatabase {
  return {
    url: databaseUrlOf(serverUrl, name),
    name,
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
