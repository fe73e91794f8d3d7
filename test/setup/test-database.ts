import { randomUUID } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { ensureDatabase } from "../../server/database-url";
import { freshSchemaOn } from "./test-schema";

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
export async function createEmptyDatabase(prefix = "scratch"): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const serverUrl = testDatabaseUrl();
  // A run in a schema of its own (npm run test:citus) gets new schemas, not new databases (test-schema.ts).
  if (new URL(serverUrl).searchParams.has("schema")) return freshSchemaOn(serverUrl, prefix);
  const name = `${prefix}_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  await ensureDatabase(serverUrl, name);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
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
