import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { BackupError, restoreBackup, verifyBackup, writeBackup, type BackupSummary } from "../../server/backup";
import { ensureDatabase, type EmbeddedServer, startEmbeddedPostgres } from "../../server/database-url";
import { generateDemoPortfolio } from "~/demo/portfolio/generate-portfolio";
import { loadDemoPortfolio } from "~/demo/portfolio/load-portfolio.server";
import { ensureDefaultRulePacks } from "~/rules/rule-packs.server";
import { useOwnDatabase } from "../support/own-database";
import { createEmptyDatabase } from "../setup/test-database";

// A loaded database (the demo portfolio through the import pipeline: agencies, users, placements, events, rejects,
// violations, roll-ups) is backed up, restored into a fresh embedded server in a new data directory, and compared
// table by table: the same tables, row counts and an order-independent digest of every row.

let restoreDatabase: () => Promise<void>;
let scratch: string;
let sourceUrl: string;
let backupFile: string;
let written: BackupSummary;

type TableFingerprint = { table: string; rows: number; digest: string };

async function fingerprint(url: string): Promise<TableFingerprint[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // A partitioned table is read whole through its parent (its months' partitions are where the rows live, listed
    // apart by monthPartitions).
    const tables = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> '_prisma_migrations' ORDER BY c.relname`,
    );
    const result: TableFingerprint[] = [];
    for (const { name } of tables.rows) {
      const table = client.escapeIdentifier(name);
      const row = await client.query<{ rows: number; digest: string | null }>(
        `SELECT count(*)::int AS rows, md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))) AS digest FROM public.${table} t`,
      );
      result.push({ table: name, rows: row.rows[0]?.rows ?? -1, digest: row.rows[0]?.digest ?? "" });
    }
    return result;
  } finally {
    await client.end();
  }
}

/**
 * The monthly partitions of the partitioned tables (ADR 041), by name, DEFAULT included; with `withRows`, only those
 * holding rows (months made ahead of their rows, as the demo load and the daily job do, are empty).
 */
async function monthPartitions(url: string, options: { withRows?: boolean } = {}): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relispartition ORDER BY c.relname`,
    );
    if (!options.withRows) return rows.map((row) => row.name);
    const kept: string[] = [];
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relispartition AND c.relkind = 'r' ORDER BY c.relname`,
    );
    for (const { name } of tables) {
      const probe = await client.query(`SELECT 1 FROM public.${client.escapeIdentifier(name)} LIMIT 1`);
      if (probe.rowCount) kept.push(name);
    }
    return kept;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  restoreDatabase = await useOwnDatabase("backup_source");
  sourceUrl = process.env.DATABASE_URL ?? "";
  await ensureDefaultRulePacks();
  scratch = await mkdtemp(path.join(os.tmpdir(), "oversight-backup-it-"));
  // As root, the restored server runs as the "postgres" OS user and must reach its data directory in here.
  await chmod(scratch, 0o755);
  const files = await generateDemoPortfolio({ seed: 7, scale: 0.003, outDir: path.join(scratch, "portfolio"), anchorDate: new Date("2026-11-15T00:00:00Z") });
  await loadDemoPortfolio({ files });
  backupFile = path.join(scratch, "oversight.backup");
  written = await writeBackup(sourceUrl, backupFile, { now: () => new Date("2026-12-01T02:00:00Z") });
}, 240_000);

afterAll(async () => {
  await restoreDatabase();
  await rm(scratch, { recursive: true, force: true });
});

describe("backup and restore", () => {
  test("restored into a fresh data directory, every row of every table is back, and sequences continue", async () => {
    expect(written.createdAt).toBe("2026-12-01T02:00:00.000Z");
    expect((await stat(backupFile)).mode & 0o777).toBe(0o600);
    const source = await fingerprint(sourceUrl);
    expect(source.find((table) => table.table === "ActivityEvent")?.rows).toBeGreaterThan(1000);
    expect(source.filter((table) => table.rows > 0).length).toBeGreaterThan(15);
    expect(written.tables.map((table) => table.name).sort()).toEqual(source.map((table) => table.table).sort());

    let server: EmbeddedServer | undefined;
    try {
      server = await startEmbeddedPostgres({ dataDir: path.join(scratch, "restored") });
      await ensureDatabase(server.url("postgres"), "oversight");
      const targetUrl = server.url("oversight");
      const restored = await restoreBackup(targetUrl, backupFile);
      expect(restored.sha256).toBe(written.sha256);
      expect(restored.tables).toEqual(written.tables);

      expect(await fingerprint(targetUrl)).toEqual(source);
      // Every month with rows has its partition again (the restore creates the months its rows landed in DEFAULT for).
      const sourceMonths = (await monthPartitions(sourceUrl, { withRows: true })).filter((name) => !name.endsWith("_default"));
      expect(sourceMonths.length).toBeGreaterThan(0);
      expect(await monthPartitions(targetUrl)).toEqual(expect.arrayContaining(sourceMonths));

      // A serial column's sequence continues where the source's was, so new rows do not collide with restored ones.
      const client = new pg.Client({ connectionString: targetUrl });
      await client.connect();
      try {
        for (const sequence of written.sequences) {
          const state = await client.query<{ last_value: string }>(`SELECT last_value::text FROM public.${client.escapeIdentifier(sequence.name)}`);
          expect(state.rows[0]?.last_value).toBe(sequence.value);
        }
        const migrations = await client.query<{ count: number }>("SELECT count(*)::int AS count FROM _prisma_migrations WHERE finished_at IS NOT NULL");
        expect(migrations.rows[0]?.count).toBe(written.migrations.length);
      } finally {
        await client.end();
      }

      // The same file again into the now loaded database is refused, and nothing changes.
      await expect(restoreBackup(targetUrl, backupFile)).rejects.toThrow(/^The target database is not empty \(/);
      expect(await fingerprint(targetUrl)).toEqual(source);
    } finally {
      await server?.stop();
    }
  }, 240_000);

  test("a damaged, cut or foreign file is refused before anything is written", async () => {
    const plain = gunzipSync(await readFile(backupFile));
    const damaged = Buffer.from(plain);
    const at = damaged.indexOf("\n", damaged.length >> 1) + 1;
    damaged[at] = damaged[at] === 0x41 ? 0x42 : 0x41;
    const cases: [string, Buffer, RegExp][] = [
      ["damaged.backup", gzipSync(damaged), /is damaged: its content's SHA-256 is [0-9a-f]{64}, the file says/],
      ["cut.backup", gzipSync(plain.subarray(0, plain.length - 200)), /is incomplete: it does not end with its checksum line/],
      ["cut-gzip.backup", (await readFile(backupFile)).subarray(0, 5000), /is not an agency-oversight backup \(not gzip data, or cut short/],
      ["plain.csv", Buffer.from("a,b\n1,2\n"), /is not an agency-oversight backup \(not gzip data/],
      ["other.gz", gzipSync(Buffer.from(`something else\n${"x".repeat(100)}`)), /is not an agency-oversight backup \(its first line is not/],
    ];
    const target = await createEmptyDatabase("backup_refused");
    try {
      for (const [name, bytes, message] of cases) {
        const file = path.join(scratch, name);
        await writeFile(file, bytes);
        await expect(verifyBackup(file)).rejects.toThrow(BackupError);
        await expect(restoreBackup(target.url, file), name).rejects.toThrow(message);
      }
      // Nothing was migrated or loaded into the target.
      expect(await fingerprint(target.url)).toEqual([]);
      await expect(restoreBackup(target.url, path.join(scratch, "missing.backup"))).rejects.toThrow(/missing\.backup: no such file/);
    } finally {
      await target.drop();
    }
  });
});
