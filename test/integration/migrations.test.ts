import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { projectRoot } from "~/project-root.server";
import { applyMigrations, createMigration, migrationChecksum, migrationStatus } from "../../server/schema-engine";
import { PrismaClient } from "~/generated/prisma/client";
import { createEmptyDatabase, testDatabaseUrl } from "../setup/test-database";

// The offline migration path (wasm schema engine + adapter workarounds) against real, empty databases: if a
// Prisma upgrade or a schema edit without a migration breaks it, these fail first.

const migrationsDir = path.join(projectRoot(), "prisma", "migrations");
const schemaPath = path.join(projectRoot(), "prisma", "schema.prisma");

async function localMigrations(dir = migrationsDir): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b));
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

async function shadowDatabases(): Promise<string[]> {
  const rows = await query<{ datname: string }>(testDatabaseUrl(), "SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'");
  return rows.map((row) => row.datname);
}

test("test workers get the run's database through the environment and through inject()", () => {
  expect(process.env.DATABASE_URL).toBe(testDatabaseUrl());
});

describe("migrations on an empty database", () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;

  beforeAll(async () => {
    database = await createEmptyDatabase("migrations");
  });
  afterAll(async () => {
    await database?.drop();
  });

  test("apply from scratch, then status reports nothing pending and no drift", async () => {
    const local = await localMigrations();
    expect(local.length).toBeGreaterThan(0);

    const before = await migrationStatus(database.url);
    expect(before.details.hasMigrationsTable).toBe(false);
    expect(before.pendingMigrations).toEqual(local);
    expect(before.drift).toBe(false);

    expect((await applyMigrations(database.url)).appliedMigrationNames).toEqual(local);
    expect((await applyMigrations(database.url)).appliedMigrationNames).toEqual([]);

    const after = await migrationStatus(database.url);
    expect(after.pendingMigrations).toEqual([]);
    expect(after.details.problems).toEqual([]);
    expect(after.drift).toBe(false);
    expect(after.details.databaseChecked).toBe(true);
    expect(await shadowDatabases()).toEqual([]);
  });

  test("_prisma_migrations rows are what the Prisma CLI writes and checks", async () => {
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null; applied_steps_count: number }>(
      database.url,
      'SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows.map((row) => row.migration_name)).toEqual(await localMigrations());
    for (const row of rows) {
      const script = await readFile(path.join(migrationsDir, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(migrationChecksum(script));
      expect(row.finished_at).not.toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  test("a datamodel the migrations do not produce is drift", async () => {
    const edited = `${await readFile(schemaPath, "utf8")}\nmodel DriftProbe {\n  id Int @id\n}\n`;
    const status = await migrationStatus(database.url, { datamodel: edited });
    expect(status.drift).toBe(true);
    expect(status.details.schemaDiff).toContain('"DriftProbe"');
    expect(status.pendingMigrations).toEqual([]);
  });

  test("a database changed by hand is drift", async () => {
    await query(database.url, 'ALTER TABLE "Agency" ADD COLUMN "handMade" integer');
    try {
      const status = await migrationStatus(database.url);
      expect(status.drift).toBe(true);
      expect(status.details.databaseDiff).toContain('"handMade"');
      expect(status.details.schemaDiff).toBeNull();
    } finally {
      await query(database.url, 'ALTER TABLE "Agency" DROP COLUMN "handMade"');
    }
  });

  describe("constraints", () => {
    let prisma: PrismaClient;
    beforeAll(() => {
      prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
    });
    afterAll(async () => {
      await prisma?.$disconnect();
    });

    const agency = (code: string) => ({ code, name: `Agency ${code}`, timeZone: "Asia/Shanghai", commissionRate: "0.1500" });

    test("agency codes are unique", async () => {
      await prisma.agency.create({ data: agency("DUP") });
      await expect(prisma.agency.create({ data: agency("DUP") })).rejects.toMatchObject({ code: "P2002" });
    });

    test("an agency's event ids are unique, across agencies they may repeat", async () => {
      const [first, second] = await Promise.all([prisma.agency.create({ data: agency("EV1") }), prisma.agency.create({ data: agency("EV2") })]);
      if (!first || !second) throw new Error("agencies not created");
      const account = await prisma.account.create({ data: { accountNumber: "ACC-EV", customer: { create: { customerRef: "CUST-EV" } } } });
      const batch = await prisma.importBatch.create({
        data: { kind: "ACTIVITIES", source: "CLI", fileName: "events.csv", fileSha256: "0".repeat(64), fileSize: 1n },
      });
      const event = (agencyId: number) => ({
        agencyId,
        accountId: account.id,
        eventId: "E-1",
        occurredAt: new Date("2026-01-05T02:00:00Z"),
        type: "CALL" as const,
        contentHash: "h",
        importBatchId: batch.id,
      });
      // The key lives in ActivityEventKey (ADR 041): the partitioned event table cannot hold it.
      const key = (agencyId: number, occurredMonth: string) => ({ agencyId, eventId: "E-1", contentHash: "h", importBatchId: batch.id, occurredMonth: new Date(occurredMonth) });
      await prisma.activityEvent.create({ data: event(first.id) });
      await prisma.activityEventKey.create({ data: key(first.id, "2026-01-01") });
      await expect(prisma.activityEventKey.create({ data: key(first.id, "2026-02-01") })).rejects.toMatchObject({ code: "P2002" });
      await expect(prisma.activityEventKey.create({ data: key(second.id, "2026-01-01") })).resolves.toMatchObject({ eventId: "E-1" });
      await expect(prisma.activityEvent.create({ data: event(second.id) })).resolves.toMatchObject({ eventId: "E-1" });
    });

    test("an account needs an existing customer", async () => {
      await expect(prisma.account.create({ data: { accountNumber: "ACC-ORPHAN", customerId: 2_000_000_000 } })).rejects.toMatchObject({
        code: "P2003",
      });
    });
  });
});

describe("the offline engine end to end", () => {
  let workDir: string;
  const databases: Awaited<ReturnType<typeof createEmptyDatabase>>[] = [];
  const fresh = async (prefix: string) => {
    const created = await createEmptyDatabase(prefix);
    databases.push(created);
    return created;
  };

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), "oversight-migrations-"));
  });
  afterAll(async () => {
    await Promise.all(databases.map((database) => database.drop()));
    await rm(workDir, { recursive: true, force: true });
  });

  test("dev writes CLI-identical files, deploy applies them elsewhere, status agrees; no change creates nothing", async () => {
    const dir = path.join(workDir, "dev");
    const devDatabase = await fresh("dev");
    const created = await createMigration(devDatabase.url, "Initial schema", { migrationsDir: dir });
    if (!created.created) throw new Error("expected a migration");
    expect(created.migrationName).toMatch(/^\d{14}_initial_schema$/);
    expect(created.appliedMigrationNames).toEqual([created.migrationName]);
    expect(await readFile(path.join(dir, "migration_lock.toml"), "utf8")).toBe(
      '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
    );
    expect(await readFile(path.join(created.directory, "migration.sql"), "utf8")).toBe(created.script);
    // The project's own migrations produce the same schema, so both histories must describe it identically.
    expect(created.script).toContain('CREATE TABLE "Agency"');

    expect(await createMigration(devDatabase.url, "again", { migrationsDir: dir })).toEqual({ created: false, appliedMigrationNames: [] });
    expect(await localMigrations(dir)).toEqual([created.migrationName]);

    const deployDatabase = await fresh("deploy");
    expect((await applyMigrations(deployDatabase.url, { migrationsDir: dir })).appliedMigrationNames).toEqual([created.migrationName]);
    const status = await migrationStatus(deployDatabase.url, { migrationsDir: dir });
    expect(status).toMatchObject({ pendingMigrations: [], drift: false });
    expect(await shadowDatabases()).toEqual([]);
  });

  test("scripts reach PostgreSQL whole: semicolons in strings and $$ bodies survive", async () => {
    const dir = path.join(workDir, "semicolons");
    await cp(migrationsDir, dir, { recursive: true });
    const name = "99990101000000_semicolons";
    await mkdir(path.join(dir, name));
    await writeFile(
      path.join(dir, name, "migration.sql"),
      [
        `CREATE FUNCTION oversight_probe() RETURNS text LANGUAGE plpgsql AS $$`,
        `BEGIN`,
        `  PERFORM 1; RETURN 'a;b';`,
        `END;`,
        `$$;`,
        `INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES ('probe;key', '"x;y"', now());`,
        ``,
      ].join("\n"),
    );
    const database = await fresh("semicolons");
    const { appliedMigrationNames } = await applyMigrations(database.url, { migrationsDir: dir });
    expect(appliedMigrationNames.at(-1)).toBe(name);
    expect(await query(database.url, "SELECT oversight_probe() AS probe")).toEqual([{ probe: "a;b" }]);
    expect(await query(database.url, `SELECT "key" FROM "Setting"`)).toEqual([{ key: "probe;key" }]);
  });

  test("the monthly partitions migration converts existing events, violations and complaint links", async () => {
    const dir = path.join(workDir, "before-partitions");
    await mkdir(dir);
    const all = await localMigrations();
    const partitioning = all.find((name) => name.endsWith("_monthly_partitions"));
    if (!partitioning) throw new Error("no monthly partitions migration");
    for (const name of all.filter((entry) => entry < partitioning)) await cp(path.join(migrationsDir, name), path.join(dir, name), { recursive: true });
    await cp(path.join(migrationsDir, "migration_lock.toml"), path.join(dir, "migration_lock.toml"));
    const database = await fresh("partitions");
    await applyMigrations(database.url, { migrationsDir: dir });
    await query(
      database.url,
      `WITH ag AS (INSERT INTO "Agency" (code, name, "timeZone", "commissionRate", "updatedAt") VALUES ('PART', 'P', 'UTC', 0.1, now()) RETURNING id),
            cu AS (INSERT INTO "Customer" ("customerRef") VALUES ('C-PART') RETURNING id),
            ac AS (INSERT INTO "Account" ("accountNumber", "customerId", "updatedAt") SELECT 'A-PART', id, now() FROM cu RETURNING id),
            ba AS (INSERT INTO "ImportBatch" (kind, source, "fileName", "fileSha256", "fileSize") VALUES ('ACTIVITIES', 'CLI', 'f.csv', repeat('0', 64), 1) RETURNING id)
       INSERT INTO "ActivityEvent" ("agencyId", "accountId", "eventId", "occurredAt", type, "contentHash", "importBatchId")
       SELECT ag.id, ac.id, 'E-' || n, timestamptz '2025-12-31T23:00:00Z' + n * interval '1 hour', 'CALL', 'h' || n, ba.id
         FROM ag, ac, ba, generate_series(0, 2) n`,
    );
    const before = await query<{ id: string }>(database.url, `SELECT id::text FROM "ActivityEvent" ORDER BY id`);
    await query(
      database.url,
      `INSERT INTO "Complaint" ("complaintRef", "agencyId", "receivedAt", source, category, "updatedAt")
       SELECT 'CMP-PART', id, now(), 'DEBTOR', 'HARASSMENT', now() FROM "Agency" WHERE code = 'PART'`,
    );
    const complaint = await query<{ id: number }>(database.url, `SELECT id FROM "Complaint" WHERE "complaintRef" = 'CMP-PART'`);
    await query(database.url, `INSERT INTO "ComplaintEvent" ("complaintId", "eventId") VALUES ($1, $2)`, [complaint[0]!.id, before[2]!.id]);

    expect((await applyMigrations(database.url)).appliedMigrationNames).toEqual(all.filter((name) => name >= partitioning));
    const partitions = await query<{ name: string }>(
      database.url,
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = '"ActivityEvent"'::regclass ORDER BY 1`,
    );
    expect(partitions.map((row) => row.name)).toEqual(["ActivityEvent_default", "ActivityEvent_p2025_12", "ActivityEvent_p2026_01"]);
    expect(await query(database.url, `SELECT id::text, tableoid::regclass::text AS part FROM "ActivityEvent" ORDER BY id`)).toEqual([
      { id: before[0]!.id, part: '"ActivityEvent_p2025_12"' },
      { id: before[1]!.id, part: '"ActivityEvent_p2026_01"' },
      { id: before[2]!.id, part: '"ActivityEvent_p2026_01"' },
    ]);
    expect(await query(database.url, `SELECT "eventId", to_char("occurredMonth", 'YYYY-MM-DD') AS month FROM "ActivityEventKey" ORDER BY "eventId"`)).toEqual([
      { eventId: "E-0", month: "2025-12-01" },
      { eventId: "E-1", month: "2026-01-01" },
      { eventId: "E-2", month: "2026-01-01" },
    ]);
    expect(await query(database.url, `SELECT "eventOccurredAt" IS NOT NULL AS filled FROM "ComplaintEvent"`)).toEqual([{ filled: true }]);
    // The id sequence carries on after the copied rows.
    const next = await query<{ id: string }>(database.url, `SELECT nextval('"ActivityEvent_id_seq"')::text AS id`);
    expect(BigInt(next[0]!.id)).toBeGreaterThan(BigInt(before[2]!.id));
    expect(await migrationStatus(database.url)).toMatchObject({ pendingMigrations: [], drift: false });
  });

  test("a failing migration is reported with PostgreSQL's message and recorded as failed", async () => {
    const dir = path.join(workDir, "failing");
    await cp(migrationsDir, dir, { recursive: true });
    const name = "99990101000000_broken";
    await mkdir(path.join(dir, name));
    await writeFile(path.join(dir, name, "migration.sql"), `ALTER TABLE "NoSuchTable" ADD COLUMN "x" integer;\n`);
    const database = await fresh("failing");
    await expect(applyMigrations(database.url, { migrationsDir: dir })).rejects.toThrow(/NoSuchTable/);
    const status = await migrationStatus(database.url, { migrationsDir: dir });
    expect(status.details.failedMigrationNames).toEqual([name]);
    expect(status.drift).toBe(true);
    expect(status.details.problems.join("\n")).toMatch(/do not apply cleanly.*NoSuchTable/);
  });
});
