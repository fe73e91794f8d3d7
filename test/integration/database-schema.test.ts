import { readFileSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getPrisma, disconnectPrisma } from "~/db/client.server";
import { closePool, getPool } from "~/db/pg.server";
import { createAgency } from "~/demo/factories.server";
import { getQueue, stopQueue } from "~/jobs/queue.server";
import { applyMigrations } from "../../server/schema-engine";
import { restoreBackup, writeBackup } from "../../server/backup";
import { importFile } from "../support/import-harness";
import { createEmptyDatabase } from "../setup/test-database";

// `?schema=` in DATABASE_URL: migrations, the pg pool, Prisma, pg-boss and backups all use the named schema, and
// nothing lands in "public".

const sample = (name: string) => readFileSync(new URL(`../fixtures/ingest/hz01-samples/${name}`, import.meta.url));

let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
let schemaUrl: string;
let previousUrl: string | undefined;

async function closeConnections(): Promise<void> {
  await stopQueue();
  await closePool();
  await disconnectPrisma();
}

async function tablesIn(schema: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = $1 ORDER BY tablename", [schema]);
    return rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  database = await createEmptyDatabase("schema");
  const url = new URL(database.url);
  url.searchParams.set("schema", "tenant_a");
  schemaUrl = url.toString();
  await applyMigrations(schemaUrl);
  await closeConnections();
  previousUrl = process.env.DATABASE_URL;
  process.env.DATABASE_URL = schemaUrl;
});

afterAll(async () => {
  await closeConnections();
  process.env.DATABASE_URL = previousUrl;
  await database.drop();
});

describe("DATABASE_URL with ?schema=tenant_a", () => {
  test("the migrations create every table in tenant_a and none in public; a second run applies nothing", async () => {
    const tables = await tablesIn("tenant_a");
    expect(tables).toContain("_prisma_migrations");
    expect(tables).toContain("ActivityEvent");
    expect(await tablesIn("public")).toEqual([]);
    expect((await applyMigrations(schemaUrl)).appliedMigrationNames).toEqual([]);
  });

  test("an import through Prisma, the pg pool's COPY and pg-boss lands in tenant_a", async () => {
    await getQueue();
    const hz01 = await createAgency({ code: "HZ01", name: "杭州催收", timeZone: "Asia/Shanghai" });
    await createAgency({ code: "SZ02", name: "深圳催收", timeZone: "Asia/Shanghai" });
    await createAgency({ code: "NY01", name: "New York Recovery", timeZone: "America/New_York" });
    const placements = await importFile({ kind: "PLACEMENTS", fileName: "placements.csv", content: sample("placements.csv") });
    expect(placements.batch).toMatchObject({ status: "COMMITTED", acceptedRows: 5 });
    const activities = await importFile({ kind: "ACTIVITIES", agencyId: hz01, fileName: "activities.csv", content: sample("activities.csv") });
    expect(activities.batch?.status).toBe("COMMITTED");
    const stored = await getPool().query<{ events: number; schema: string }>(`SELECT count(*)::int AS events, current_schema() AS schema FROM "ActivityEvent"`);
    expect(stored.rows[0]).toEqual({ events: activities.batch?.acceptedRows, schema: "tenant_a" });
    expect(await getPrisma().account.count()).toBe(5);
    expect(await tablesIn("tenant_a_pgboss")).toContain("job");
    expect(await tablesIn("pgboss")).toEqual([]);
    expect(await tablesIn("public")).toEqual([]);
  });

  test("a backup of tenant_a restores into another schema of an empty database", async () => {
    const file = `${process.env.OVERSIGHT_UPLOAD_DIR ?? "/tmp"}/schema-backup-${process.pid}.gz`;
    const written = await writeBackup(schemaUrl, file);
    const target = await createEmptyDatabase("schema_restore");
    try {
      const targetUrl = new URL(target.url);
      targetUrl.searchParams.set("schema", "tenant_b");
      const restored = await restoreBackup(targetUrl.toString(), file);
      const events = written.tables.find((table) => table.name === "ActivityEvent")?.rows;
      expect(events).toBeGreaterThan(0);
      expect(restored.tables.find((table) => table.name === "ActivityEvent")?.rows).toBe(events);
      const client = new pg.Client({ connectionString: target.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ events: number }>(`SELECT count(*)::int AS events FROM tenant_b."ActivityEvent"`);
        expect(rows[0]?.events).toBe(events);
      } finally {
        await client.end();
      }
    } finally {
      await target.drop();
    }
  });

  test("a schema name that would need quoting is refused with the reason", async () => {
    const url = new URL(database.url);
    url.searchParams.set("schema", "tenant a");
    await expect(applyMigrations(url.toString())).rejects.toThrow(/letters, digits and underscores/);
  });
});
