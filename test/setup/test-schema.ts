import { randomUUID } from "node:crypto";
import pg from "pg";
import { jobSchemaFor, parseDatabaseUrl } from "../../app/db/database-url";

/**
 * A new schema (and the URL naming it with `?schema=`) in the database of `url`, dropped with its pg-boss schema by
 * `drop`: how tests isolate themselves on a Citus cluster, where CREATE DATABASE makes a database without Citus.
 */
export async function freshSchemaOn(url: string, prefix: string): Promise<{ url: string; name: string; drop: () => Promise<void>; dispose: () => Promise<void> }> {
  const name = `${prefix}_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const { connectionString } = parseDatabaseUrl(url);
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE SCHEMA "${name}"`);
  const schemaUrl = new URL(connectionString);
  schemaUrl.searchParams.set("schema", name);
  const drop = () => run(`DROP SCHEMA IF EXISTS "${name}" CASCADE; DROP SCHEMA IF EXISTS "${jobSchemaFor(name)}" CASCADE`);
  return { url: schemaUrl.toString(), name, drop, dispose: drop };
}
