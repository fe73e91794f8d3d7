import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { type EmbeddedServer, ensureDatabase, freshSchemaOn, startEmbeddedPostgres } from "../../server/database-url";
import { applyMigrations } from "../../server/schema-engine";
import { createDatabaseFromTemplate, databaseUrlOf } from "./clone-database";
import { distributeTablesIfCitus } from "../../app/db/citus.server";

// One real PostgreSQL database per Vitest run, migrated like production, never the developer's .data/postgres:
// with DATABASE_URL, a fresh uniquely named database on that server (the role needs CREATEDB); without it, a
// fresh embedded server in a temporary directory (about 1 s to initialise and start, 1 s to migrate).
// The migrations are applied once, to a template database that nobody connects to; the run's database and every
// database a file asks for (useOwnDatabase) is a copy of it (CREATE DATABASE … TEMPLATE), which costs a fraction of
// migrating again. Tests of the migrations themselves start from an empty database (createEmptyDatabase).
//
// Workers get the URL twice over: process.env.DATABASE_URL, which the forks pool copies into each worker's
// environment when it starts them (after this setup has run), so app code using getPrisma() just works; and
// provide("databaseUrl"), read with testDatabaseUrl() from test/setup/test-database.ts, which does not depend on
// how a pool passes the environment.

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    /** The migrated database the run's databases are copied from; never connected to. */
    migratedTemplate: string;
  }
}

export default function setup(project: TestProject): Promise<() => Promise<void>> {
  return setupTestDatabase(project, {});
}

/**
 * With `citusUrl` (npm run test:citus, vitest.citus.config.ts): a fresh schema on that Citus coordinator instead
 * of a fresh database (a new database would have neither the extension nor the workers), migrated and then
 * distributed like production (ADR 049); the tests' own databases are schemas too (test-database.ts).
 */
export async function setupTestDatabase(project: TestProject, options: { citusUrl?: string }): Promise<() => Promise<void>> {
  const started = Date.now();
  const previousUrl = process.env.DATABASE_URL;
  const database = options.citusUrl ? await freshCitusSchema(options.citusUrl) : previousUrl ? await freshDatabaseOn(previousUrl) : await freshEmbeddedServer();
  try {
    if (options.citusUrl) {
      await applyMigrations(database.url);
      const distribution = await distributeTablesIfCitus(database.url);
      if (!distribution) throw new Error(`CITUS_URL ${options.citusUrl} has no citus extension.`);
    } else {
      await applyMigrations(databaseUrlOf(database.serverUrl, database.templateName));
      await createDatabaseFromTemplate(database.serverUrl, database.name, database.templateName);
    }
  } catch (error) {
    await database.dispose();
    throw error;
  }

  process.env.DATABASE_URL = database.url;
  project.provide("databaseUrl", database.url);
  project.provide("migratedTemplate", database.templateName);
  // Uploaded files of import tests go to a directory of their own, removed with the run.
  const previousUploads = process.env.OVERSIGHT_UPLOAD_DIR;
  const uploadDirectory = await mkdtemp(path.join(os.tmpdir(), "oversight-test-uploads-"));
  process.env.OVERSIGHT_UPLOAD_DIR = uploadDirectory;
  if (process.env.DEBUG_TEST_DATABASE) console.log(`Test database ${database.url} ready in ${Date.now() - started} ms`);

  return async () => {
    if (previousUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previousUrl;
    if (previousUploads === undefined) delete process.env.OVERSIGHT_UPLOAD_DIR;
    else process.env.OVERSIGHT_UPLOAD_DIR = previousUploads;
    await rm(uploadDirectory, { recursive: true, force: true });
    await database.dispose();
  };
}

interface TestDatabase {
  /** A URL on the server for creating and dropping databases. */
  serverUrl: string;
  /** The run's database (created from the template once it is migrated) and its URL. */
  name: string;
  url: string;
  /** The database the migrations are applied to, created empty. */
  templateName: string;
  dispose: () => Promise<void>;
}

/** On a Citus coordinator: a schema, migrated and distributed in place (a copied database would lack the workers). */
async function freshCitusSchema(citusUrl: string): Promise<TestDatabase> {
  const schema = await freshSchemaOn(citusUrl, "oversight_test");
  return { serverUrl: citusUrl, name: schema.name, url: schema.url, templateName: "", dispose: schema.dispose };
}

async function freshDatabaseOn(serverUrl: string): Promise<TestDatabase> {
  const name = `oversight_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const templateName = `${name}_migrated`;
  await ensureDatabase(serverUrl, templateName);
  return {
    serverUrl,
    name,
    url: databaseUrlOf(serverUrl, name),
    templateName,
    dispose: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        // Every database of this run: its own, the templates (named after it) and any a file left behind.
        // FORCE: a test that forgot to disconnect must not leave the database behind.
        const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [name]);
        for (const row of rows) await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(row.datname)} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

async function freshEmbeddedServer(): Promise<TestDatabase> {
  const directory = await mkdtemp(path.join(os.tmpdir(), "oversight-test-"));
  // mkdtemp makes the directory private to us; when we are root, PostgreSQL runs as the "postgres" OS user
  // and must be able to reach its data directory inside it.
  await chmod(directory, 0o755);
  const removeDirectory = () => rm(directory, { recursive: true, force: true });
  let server: EmbeddedServer | undefined;
  try {
    server = await startEmbeddedPostgres({ dataDir: path.join(directory, "data") });
    await ensureDatabase(server.url("postgres"), "oversight_migrated");
  } catch (error) {
    await server?.stop();
    await removeDirectory();
    throw error;
  }
  const { stop } = server;
  return {
    serverUrl: server.url("postgres"),
    name: "oversight_test",
    url: server.url("oversight_test"),
    templateName: "oversight_migrated",
    dispose: async () => {
      await stop();
      await removeDirectory();
    },
  };
}
