import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { copyFile, mkdir, mkdtemp, readdir, rename, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { Transform, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { ensureMonthPartitions, monthsInDefaultPartitions } from "../app/db/month-partitions.server";
import { withTransactionOn } from "../app/db/pg.server";
import { parseDatabaseUrl } from "../app/db/database-url";
import { projectRoot } from "../app/project-root.server";
import { applyMigrations } from "./schema-engine";

// A logical backup of the application's tables (the schema of DATABASE_URL's `?schema=`, default "public") without pg_dump, which the embedded distribution
// does not ship (ADR 014). The file is gzip-compressed text:
//
//   agency-oversight backup 1
//   {"kind":"header","createdAt":…,"migrations":[…]}           the schema, as the migrations that made it
//   {"kind":"table","name":"Agency","columns":[…]}             then the table's rows in COPY text format,
//   …rows…                                                     one per line (COPY escapes newlines),
//   \.                                                         ended by COPY's own end-of-data line
//   … one block per table, parents before children …
//   {"kind":"manifest","tables":[{name,rows,sha256}],"sequences":[…]}
//   sha256 <hex>                                               of every byte above this line
//
// pg-boss's schema is left out: it holds jobs in flight and schedules the server recreates at start, and a restored
// job would run a second time. _prisma_migrations is not copied either: the restore applies the same migrations.

export const BACKUP_MAGIC = "agency-oversight backup 1";
const END_OF_DATA = "\\.";
const TRAILER_LENGTH = "sha256 ".length + 64 + 1;
const SKIPPED_TABLES = new Set(["_prisma_migrations"]);

export type BackupTableSummary = { name: string; rows: number; sha256: string };
export type BackupSequence = { name: string; value: string; isCalled: boolean };
export type RestoreSummary = { createdAt: string; migrations: string[]; tables: BackupTableSummary[]; sequences: BackupSequence[]; sha256: string };
export type BackupSummary = RestoreSummary & { bytes: number };
type Header = { kind: "header"; createdAt: string; migrations: string[] };
type TableHeader = { kind: "table"; name: string; columns: string[] };
type Manifest = { kind: "manifest"; tables: BackupTableSummary[]; sequences: BackupSequence[] };

/** A file that is not a backup, is damaged, or does not fit the target database: the message says which and why. */
export class BackupError extends Error {
  override readonly name = "BackupError";
}

/**
 * Writes a backup of the database at `url` to `file` (mode 0600: it holds personal data), through a temporary name so
 * a failed backup never leaves a file that looks complete. The tables are read in one REPEATABLE READ transaction, so
 * the backup is one consistent snapshot while the server keeps working.
 */
export async function writeBackup(url: string, file: string, options: { now?: () => Date } = {}): Promise<BackupSummary> {
  const partial = `${file}.partial-${process.pid}`;
  const client = backupClient(url, "oversight-backup");
  await client.connect();
  const gzip = createGzip();
  const written = pipeline(gzip, createWriteStream(partial, { mode: 0o600 }));
  const whole = createHash("sha256");
  let bytes = 0;
  const put = async (chunk: Buffer | string): Promise<void> => {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    whole.update(buffer);
    bytes += buffer.length;
    if (!gzip.write(buffer)) await new Promise<void>((resolve) => gzip.once("drain", resolve));
  };
  try {
    const { createdAt, migrations, tables, sequences } = await withTransactionOn(client, async () => {
      const migrations = await appliedMigrations(client);
      const createdAt = (options.now?.() ?? new Date()).toISOString();
      await put(`${BACKUP_MAGIC}\n${JSON.stringify({ kind: "header", createdAt, migrations } satisfies Header)}\n`);
      const tables: BackupTableSummary[] = [];
      for (const table of await tablesInLoadOrder(client)) {
        const columns = await copiedColumns(client, table);
        await put(`${JSON.stringify({ kind: "table", name: table, columns } satisfies TableHeader)}\n`);
        const hash = createHash("sha256");
        let rows = 0;
        // COPY (SELECT …): a partitioned table (ADR 041) cannot be the source of a plain COPY TO.
        const source = client.query(copyTo(`COPY (SELECT ${columns.map((column) => client.escapeIdentifier(column)).join(", ")} FROM ${quoteTable(client, table)}) TO STDOUT`));
        for await (const chunk of source as AsyncIterable<Buffer>) {
          hash.update(chunk);
          rows += countNewlines(chunk);
          await put(chunk);
        }
        await put(`${END_OF_DATA}\n`);
        tables.push({ name: table, rows, sha256: hash.digest("hex") });
      }
      const sequences = await sequenceValues(client);
      return { createdAt, migrations, tables, sequences };
    }, { isolation: "REPEATABLE READ", readOnly: true });
    await put(`${JSON.stringify({ kind: "manifest", tables, sequences } satisfies Manifest)}\n`);
    const sha256 = whole.digest("hex");
    gzip.end(`sha256 ${sha256}\n`);
    await written;
    await rename(partial, file);
    return { createdAt, migrations, tables, sequences, sha256, bytes };
  } catch (error) {
    gzip.destroy();
    await written.catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  } finally {
    await client.end();
  }
}

/** Reads the whole file once and checks its SHA-256 against its last line; returns that digest. */
export async function verifyBackup(file: string): Promise<string> {
  const hash = createHash("sha256");
  let tail = Buffer.alloc(0);
  let first: Buffer | undefined;
  // Everything but the last TRAILER_LENGTH bytes goes through the hash; the trailer names the expected digest.
  const holdBackTrailer = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      first ??= chunk.subarray(0, BACKUP_MAGIC.length + 1);
      const joined = Buffer.concat([tail, chunk]);
      const cut = Math.max(0, joined.length - TRAILER_LENGTH);
      hash.update(joined.subarray(0, cut));
      tail = joined.subarray(cut);
      callback();
    },
  });
  try {
    await pipeline(createReadStream(file), createGunzip(), holdBackTrailer);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new BackupError(`${file}: no such file.`);
    if (code?.startsWith("Z_")) throw new BackupError(`${file} is not an agency-oversight backup (not gzip data, or cut short: ${(error as Error).message}).`);
    throw error;
  }
  if (!first || first.toString("utf8") !== `${BACKUP_MAGIC}\n`) {
    throw new BackupError(`${file} is not an agency-oversight backup (its first line is not "${BACKUP_MAGIC}").`);
  }
  const trailer = /^sha256 ([0-9a-f]{64})\n$/.exec(tail.toString("utf8"));
  if (!trailer) throw new BackupError(`${file} is incomplete: it does not end with its checksum line.`);
  const actual = hash.digest("hex");
  if (actual !== trailer[1]) throw new BackupError(`${file} is damaged: its content's SHA-256 is ${actual}, the file says ${trailer[1]}.`);
  return actual;
}

/**
 * Restores `file` into the database at `url`, which must hold no application rows (a fresh data directory): checks
 * the checksum first, applies the backup's migrations (no later ones, so the rows fit the tables; the next start
 * applies the rest), then loads every table and sets the sequences in one transaction, compared row count and
 * SHA-256 per table with the manifest before it commits. Needs a superuser (the embedded server's): foreign keys and
 * triggers are not fired while loading, as pg_restore does, because the rows were consistent when copied.
 */
export async function restoreBackup(url: string, file: string): Promise<RestoreSummary> {
  const sha256 = await verifyBackup(file);
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const iterator = lines[Symbol.asyncIterator]();
  const next = async (): Promise<string> => {
    const result = await iterator.next();
    if (result.done) throw new BackupError(`${file} ends early.`);
    return result.value;
  };
  const client = backupClient(url, "oversight-restore");
  await client.connect();
  try {
    await next();
    const header = parseLine<Header>(await next(), "header", file);
    await assertEmptyTarget(client, header.migrations);
    await applyBackupMigrations(url, header.migrations);

    return await withTransactionOn(client, async () => {
      await client.query("SET LOCAL session_replication_role = replica");
      const loaded: BackupTableSummary[] = [];
      for (;;) {
        const line = await next();
        const block = JSON.parse(line) as TableHeader | Manifest;
        if (block.kind === "manifest") {
          compareWithManifest(loaded, block, file);
          // The partitioned tables' rows went to their DEFAULT partitions: each month gets its partitions back.
          await ensureMonthPartitions(await monthsInDefaultPartitions(client), client);
          for (const sequence of block.sequences) {
            await client.query("SELECT setval($1::regclass, $2::bigint, $3)", [quoteTable(client, sequence.name), sequence.value, sequence.isCalled]);
          }
          return { createdAt: header.createdAt, migrations: header.migrations, tables: loaded, sequences: block.sequences, sha256 };
        }
        if (block.kind !== "table") throw new BackupError(`${file}: unexpected block ${JSON.stringify(line.slice(0, 80))}.`);
        loaded.push(await loadTable(client, block, next));
      }
    });
  } catch (error) {
    if (error instanceof SyntaxError) throw new BackupError(`${file}: a block header is not valid JSON (${error.message}).`);
    throw error;
  } finally {
    lines.close();
    await client.end();
  }
}

async function loadTable(client: pg.Client, block: TableHeader, next: () => Promise<string>): Promise<BackupTableSummary> {
  const columns = block.columns.map((column) => client.escapeIdentifier(column)).join(", ");
  const sink = client.query(copyFrom(`COPY ${quoteTable(client, block.name)} (${columns}) FROM STDIN`)) as Writable;
  const finished = new Promise<void>((resolve, reject) => {
    sink.on("finish", resolve);
    sink.on("error", reject);
  });
  const hash = createHash("sha256");
  let rows = 0;
  for (;;) {
    const line = await next();
    if (line === END_OF_DATA) break;
    const bytes = `${line}\n`;
    hash.update(bytes);
    rows += 1;
    if (!sink.write(bytes)) await new Promise<void>((resolve) => sink.once("drain", resolve));
  }
  sink.end();
  await finished;
  return { name: block.name, rows, sha256: hash.digest("hex") };
}

function compareWithManifest(loaded: BackupTableSummary[], manifest: Manifest, file: string): void {
  const problems: string[] = [];
  const byName = new Map(loaded.map((table) => [table.name, table]));
  for (const expected of manifest.tables) {
    const actual = byName.get(expected.name);
    if (!actual) problems.push(`${expected.name} missing`);
    else if (actual.rows !== expected.rows || actual.sha256 !== expected.sha256) problems.push(`${expected.name}: ${actual.rows} rows read, ${expected.rows} written`);
  }
  if (problems.length > 0) throw new BackupError(`${file} does not match its own manifest: ${problems.join("; ")}.`);
}

function parseLine<T extends { kind: string }>(line: string, kind: T["kind"], file: string): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed !== "object" || (parsed as { kind?: unknown }).kind !== kind) {
    throw new BackupError(`${file}: expected the ${kind} block, found ${JSON.stringify(line.slice(0, 80))}.`);
  }
  return parsed as T;
}

/**
 * Restoring over data would mix two databases: the target may have no application rows, and no migration the backup
 * lacks (its tables could differ from the backup's rows). Tables not there yet count as empty.
 */
async function assertEmptyTarget(client: pg.Client, backupMigrations: string[]): Promise<void> {
  const tables = await tablesInLoadOrder(client);
  const withRows: string[] = [];
  for (const table of tables) {
    const result = await client.query(`SELECT EXISTS (SELECT 1 FROM ${quoteTable(client, table)}) AS "any"`);
    if ((result.rows[0] as { any: boolean }).any) withRows.push(table);
  }
  if (withRows.length > 0) {
    throw new BackupError(
      `The target database is not empty (${withRows.slice(0, 5).join(", ")}${withRows.length > 5 ? ", …" : ""} hold rows): restore into a fresh data directory (OVERSIGHT_DATA_DIR naming a new folder).`,
    );
  }
  const known = new Set(backupMigrations);
  const newer = tables.length > 0 ? (await appliedMigrations(client)).filter((name) => !known.has(name)) : [];
  if (newer.length > 0) {
    throw new BackupError(`The target database has migrations the backup predates (${newer.join(", ")}): restore into a fresh data directory.`);
  }
}

/** Applies exactly the backup's migrations, from this version's prisma/migrations; refuses a backup from a newer version. */
async function applyBackupMigrations(url: string, migrations: string[]): Promise<void> {
  const source = path.join(projectRoot(), "prisma", "migrations");
  const available = new Set(await readdir(source));
  const unknown = migrations.filter((name) => !available.has(name));
  if (unknown.length > 0) {
    throw new BackupError(`The backup was written by a newer version (migrations ${unknown.join(", ")} are unknown here): restore it with that version or a later one.`);
  }
  const subset = await mkdtemp(path.join(os.tmpdir(), "oversight-restore-migrations-"));
  try {
    await copyFile(path.join(source, "migration_lock.toml"), path.join(subset, "migration_lock.toml"));
    for (const name of migrations) {
      await mkdir(path.join(subset, name));
      await copyFile(path.join(source, name, "migration.sql"), path.join(subset, name, "migration.sql"));
    }
    await applyMigrations(url, { migrationsDir: subset });
  } finally {
    await rm(subset, { recursive: true, force: true });
  }
}

async function appliedMigrations(client: pg.Client): Promise<string[]> {
  const exists = await client.query("SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present");
  if (!(exists.rows[0] as { present: boolean }).present) return [];
  const result = await client.query<{ migration_name: string }>(
    "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name",
  );
  return result.rows.map((row) => row.migration_name);
}

/**
 * The application's ordinary tables (partitions included, partitioned parents left out: their rows are the
 * partitions'), parents before the tables whose foreign keys point at them, then by name.
 */
export async function tablesInLoadOrder(client: pg.Client): Promise<string[]> {
  const tables = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname`,
  );
  const references = await client.query<{ child: string; parent: string }>(
    `SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k
     JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE k.contype = 'f' AND n.nspname = current_schema() AND c.oid <> p.oid`,
  );
  const names = tables.rows.map((row) => row.name).filter((name) => !SKIPPED_TABLES.has(name));
  return orderByDependencies(names, references.rows);
}

/** Parents first (a cycle, which foreign keys allow, is broken in name order). Pure: tested in backup-order.test.ts. */
export function orderByDependencies(names: string[], references: { child: string; parent: string }[]): string[] {
  const parents = new Map(names.map((name) => [name, new Set<string>()]));
  for (const { child, parent } of references) if (parents.has(child) && parents.has(parent)) parents.get(child)?.add(parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  const pending = [...names].sort();
  while (pending.length > 0) {
    const ready = pending.findIndex((name) => [...(parents.get(name) ?? [])].every((parent) => placed.has(parent)));
    const [name] = pending.splice(ready === -1 ? 0 : ready, 1);
    if (name === undefined) break;
    ordered.push(name);
    placed.add(name);
  }
  return ordered;
}

/** Stored columns in table order; generated columns are computed again on load. */
async function copiedColumns(client: pg.Client, table: string): Promise<string[]> {
  const result = await client.query<{ name: string }>(
    `SELECT attname AS name FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum`,
    [quoteTable(client, table)],
  );
  return result.rows.map((row) => row.name);
}

async function sequenceValues(client: pg.Client): Promise<BackupSequence[]> {
  const names = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'S' ORDER BY c.relname`,
  );
  const sequences: BackupSequence[] = [];
  for (const { name } of names.rows) {
    const state = await client.query<{ last_value: string; is_called: boolean }>(`SELECT last_value::text, is_called FROM ${quoteTable(client, name)}`);
    const row = state.rows[0];
    if (row) sequences.push({ name, value: row.last_value, isCalled: row.is_called });
  }
  return sequences;
}

/** A connection whose search_path is the URL's `?schema=` (default public), where the application's tables are. */
function backupClient(url: string, applicationName: string): pg.Client {
  const connection = parseDatabaseUrl(url);
  return new pg.Client({ connectionString: connection.connectionString, options: connection.options || undefined, application_name: applicationName });
}

function quoteTable(client: pg.Client, name: string): string {
  // The connection's search_path is the URL's schema (backupClient).
  return client.escapeIdentifier(name);
}

function countNewlines(chunk: Buffer): number {
  let count = 0;
  for (let index = chunk.indexOf(10); index !== -1; index = chunk.indexOf(10, index + 1)) count += 1;
  return count;
}

