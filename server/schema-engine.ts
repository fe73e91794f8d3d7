import { createHash, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type {
  HistoryDiagnostic,
  MigrationList,
  SchemaEngine,
  SchemaFilter,
  SchemasContainer,
} from "@prisma/schema-engine-wasm/schema_engine_bg";
import type * as SchemaEngineGlue from "@prisma/schema-engine-wasm/schema_engine_bg";
import pg from "pg";
import { projectRoot } from "../app/project-root.server";
import { DEFAULT_SCHEMA, parseDatabaseUrl, quotedSchema, searchPathOption } from "../app/db/database-url";

// Migrations without Prisma's native schema engine (its download host is unreachable here): the WebAssembly
// build of the same engine, driven through @prisma/adapter-pg. What it writes — migration folders,
// migration_lock.toml, the _prisma_migrations table and its SHA-256 checksums — is what the Prisma CLI writes, so
// `prisma migrate deploy` on a machine with internet accepts a database migrated here, and the reverse.
//
// Four adapter bugs (adapter-pg 7.10.1, schema-engine-wasm 8.1.0-2.59be4fda…) and one engine bug are worked around below; they
// touch adapter internals, so re-check them when Prisma is upgraded (test/integration/migrations.test.ts runs
// create → deploy → status on a fresh database and catches regressions):
//  1. PrismaPg({ connectionString }) points the shadow database's pool back at the main database, because pg lets
//     the connection string override `database`: pools here get host/port/user/password/database as fields.
//  2. PrismaPg drops its shadow database before closing the pool that uses it, so the DROP fails and shadow
//     databases pile up: the factory below creates and drops them itself.
//  3. The engine's catalog queries return PostgreSQL's internal "char" type (OID 18), which the adapter cannot map
//     ("Unsupported column type char"): EngineCompatClient reports those columns as text.
//  4. The adapter's executeScript splits scripts on ";", breaking statements with ";" inside strings or $$ bodies:
//     scripts go to PostgreSQL whole, as one simple-protocol query — as the native engine sends them.
//  5. (engine, PostgreSQL 18 only) NOT NULL constraints, new in pg_constraint, make the engine panic while reading
//     a database's schema: EngineCompatClient leaves them out of that query.

export interface SchemaEngineOptions {
  /** Defaults to prisma/schema.prisma in the project root. */
  schemaPath?: string;
  /** Defaults to prisma/migrations in the project root. */
  migrationsDir?: string;
  /** Schema text to use instead of the file's content (tests check drift against an edited model this way). */
  datamodel?: string;
  /** Receives the engine's log lines (JSON); silent by default. */
  log?: (line: string) => void;
}

export interface ApplyResult {
  appliedMigrationNames: string[];
}

export type CreateMigrationResult =
  | { created: false; appliedMigrationNames: string[] }
  | {
      created: true;
      migrationName: string;
      directory: string;
      script: string;
      warnings: string[];
      /** Migrations applied to the database by this call: pending ones, then the new one unless createOnly. */
      appliedMigrationNames: string[];
    };

export interface MigrationStatus {
  pendingMigrations: string[];
  /**
   * True when the migrations, the schema and the database disagree in a way applying the pending migrations
   * would not fix: schema.prisma differs from what the migrations produce, the database differs from what its
   * applied migrations produce, an applied migration was edited or failed, or the histories diverge.
   */
  drift: boolean;
  details: MigrationStatusDetails;
}

export interface MigrationStatusDetails {
  localMigrations: string[];
  hasMigrationsTable: boolean;
  history: HistoryDiagnostic | null;
  editedMigrationNames: string[];
  failedMigrationNames: string[];
  /** SQL that would bring the migrations' result to schema.prisma; null when they match. */
  schemaDiff: string | null;
  /** SQL that would bring the migrations' result to the live database; null when they match or not checked. */
  databaseDiff: string | null;
  /** The live database is compared only when it is up to date (no pending or failed migrations). */
  databaseChecked: boolean;
  /** One line per problem, for people. */
  problems: string[];
}

const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };
const LOCKFILE = "migration_lock.toml";
const MIGRATION_FILE = "migration.sql";

/** Applies the migrations not yet in the database's _prisma_migrations table (`prisma migrate deploy`). */
export async function applyMigrations(url: string, options: SchemaEngineOptions = {}): Promise<ApplyResult> {
  return withEngine(url, options, async ({ engine, migrationsList }) => {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList: await migrationsList(), filters: NO_FILTER });
    return { appliedMigrationNames };
  });
}

/**
 * `prisma migrate dev --name <name>`: applies pending migrations, generates the SQL that takes the migrations'
 * result to schema.prisma, writes prisma/migrations/<timestamp>_<name>/migration.sql (and migration_lock.toml),
 * then applies it unless `createOnly`. Writes nothing when the schema needs no change. Refuses changes that lose
 * data unless `acceptDataLoss`, and databases whose history needs a reset.
 */
export async function createMigration(
  url: string,
  name: string,
  options: SchemaEngineOptions & { createOnly?: boolean; acceptDataLoss?: boolean } = {},
): Promise<CreateMigrationResult> {
  const migrationName = normaliseMigrationName(name);
  return withEngine(url, options, async ({ engine, migrationsList, schema, migrationsDir }) => {
    const diagnostic = await engine.devDiagnostic({ migrationsList: await migrationsList(), filters: NO_FILTER });
    if (diagnostic.action.tag === "reset") {
      throw new Error(
        `The database must be reset before a migration can be created: ${diagnostic.action.reason}\n` +
          "Reset it by hand (for the embedded server: stop the app and delete .data/postgres), then run this again.",
      );
    }
    const applied = (await engine.applyMigrations({ migrationsList: await migrationsList(), filters: NO_FILTER })).appliedMigrationNames;

    const loss = await engine.evaluateDataLoss({ migrationsList: await migrationsList(), schema, filters: NO_FILTER });
    if (loss.unexecutableSteps.length > 0) {
      throw new Error(`This change cannot be applied to the database as it is:\n${loss.unexecutableSteps.map((step) => `  - ${step.message}`).join("\n")}`);
    }
    const warnings = loss.warnings.map((warning) => warning.message);
    if (warnings.length > 0 && !options.acceptDataLoss) {
      throw new Error(
        `This change may lose data:\n${warnings.map((warning) => `  - ${warning}`).join("\n")}\nRun again with --accept-data-loss to create it anyway.`,
      );
    }

    const output = await engine.createMigration({
      draft: false,
      migrationName,
      migrationsList: await migrationsList(),
      schema,
      filters: NO_FILTER,
    });
    if (output.migrationScript === null) {
      return { created: false, appliedMigrationNames: applied };
    }

    const directory = path.join(migrationsDir, output.generatedMigrationName);
    if (existsSync(directory)) throw new Error(`The migration directory already exists: ${directory}`);
    await mkdir(directory, { recursive: true });
    await writeFile(path.join(directory, `migration.${output.extension}`), output.migrationScript, "utf8");
    // Same bytes as the Prisma CLI writes, so the file does not show up as changed when someone runs the CLI.
    await writeFile(
      path.join(migrationsDir, LOCKFILE),
      `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${output.connectorType}"\n`,
      "utf8",
    );

    if (!options.createOnly) {
      const after = await engine.applyMigrations({ migrationsList: await migrationsList(), filters: NO_FILTER });
      applied.push(...after.appliedMigrationNames);
    }
    return {
      created: true,
      migrationName: output.generatedMigrationName,
      directory,
      script: output.migrationScript,
      warnings,
      appliedMigrationNames: applied,
    };
  });
}

/** `prisma migrate status` plus drift checks between schema.prisma, the migrations and the database. */
export async function migrationStatus(url: string, options: SchemaEngineOptions = {}): Promise<MigrationStatus> {
  return withEngine(url, options, async ({ engine, migrationsList, schema, configDir }) => {
    const list = await migrationsList();
    const localMigrations = list.migrationDirectories.map((directory) => directory.path);
    const history = await engine.diagnoseMigrationHistory({ migrationsList: list, optInToShadowDatabase: false, filters: NO_FILTER });
    const problems: string[] = [];

    let pendingMigrations: string[] = [];
    switch (history.history?.diagnostic) {
      case "databaseIsBehind":
        pendingMigrations = history.history.unappliedMigrationNames;
        break;
      case "migrationsDirectoryIsBehind":
        problems.push(`Applied to the database but missing from ${path.relative(process.cwd(), list.baseDir) || "."}: ${history.history.unpersistedMigrationNames.join(", ")}`);
        break;
      case "historiesDiverge":
        pendingMigrations = history.history.unappliedMigrationNames;
        problems.push(
          `The database's migration history diverges from the files after ${history.history.lastCommonMigrationName ?? "the start"}: ` +
            `applied but missing locally: ${history.history.unpersistedMigrationNames.join(", ") || "none"}`,
        );
        break;
      default:
        break;
    }
    for (const name of history.editedMigrationNames) problems.push(`Migration ${name} was edited after it was applied (checksum differs).`);
    for (const name of history.failedMigrationNames) problems.push(`Migration ${name} failed and must be resolved.`);

    // With no migration at all the engine wants a lockfile to know the connector; an empty history is "empty".
    const fromMigrations: DiffTarget = list.migrationDirectories.length > 0 ? { tag: "migrations", ...list } : { tag: "empty" };
    let schemaDiff: string | null = null;
    let migrationsReplay = true;
    try {
      schemaDiff = await diffOrNull(engine, fromMigrations, { tag: "schemaDatamodel", ...schema });
      if (schemaDiff !== null) problems.push("schema.prisma differs from what the migrations produce: create a migration (npm run db:migrate:dev -- --name ...).");
    } catch (error) {
      // The diff replays every migration on a shadow database; a broken one is a finding, not a crash.
      migrationsReplay = false;
      problems.push(`The migrations do not apply cleanly to an empty database: ${oneLine(engineError(error).message)}`);
    }

    const databaseChecked =
      migrationsReplay &&
      history.hasMigrationsTable && pendingMigrations.length === 0 && history.failedMigrationNames.length === 0 && history.history === null;
    let databaseDiff: string | null = null;
    if (databaseChecked) {
      // The wasm engine has no "url" target; "schemaDatasource" means the database behind the adapter.
      databaseDiff = await diffOrNull(engine, fromMigrations, { tag: "schemaDatasource", ...schema, configDir });
      if (databaseDiff !== null) problems.push("The database schema differs from what its applied migrations produce (changed by hand?).");
    }

    return {
      pendingMigrations,
      drift: problems.length > 0,
      details: {
        localMigrations,
        hasMigrationsTable: history.hasMigrationsTable,
        history: history.history,
        editedMigrationNames: history.editedMigrationNames,
        failedMigrationNames: history.failedMigrationNames,
        schemaDiff,
        databaseDiff,
        databaseChecked,
        problems,
      },
    };
  });
}

/** The checksum the engine (and the Prisma CLI) stores in _prisma_migrations.checksum for a migration.sql. */
export function migrationChecksum(script: string | Uint8Array): string {
  return createHash("sha256").update(script).digest("hex");
}

/** Lower snake case, as the Prisma CLI turns `--name "Add agent index"` into `add_agent_index`. */
export function normaliseMigrationName(name: string): string {
  const normalised = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!normalised) throw new Error(`Invalid migration name: ${JSON.stringify(name)}`);
  return normalised.slice(0, 200);
}

/** The engine's message without its Rust span trace ("   0: schema_engine_wasm::…"), which only names the call. */
function stripTrace(message: string): string {
  const lines = message.split("\n");
  const traceStart = lines.findIndex((line) => /^\s*\d+: /.test(line));
  return (traceStart === -1 ? lines : lines.slice(0, traceStart)).join("\n").trim();
}

function oneLine(message: string): string {
  return message
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .join(" ");
}

type DiffTarget = Parameters<SchemaEngine["diff"]>[0]["from"];

async function diffOrNull(engine: SchemaEngine, from: DiffTarget, to: DiffTarget): Promise<string | null> {
  const result = await engine.diff({ from, to, script: true, exitCode: true, filters: NO_FILTER });
  // exitCode 2 means "not empty"; the script of an empty diff is only a comment.
  return result.exitCode === 2 ? (result.stdout ?? "") : null;
}

interface EngineContext {
  engine: SchemaEngine;
  configDir: string;
  schema: SchemasContainer;
  migrationsDir: string;
  /** Re-read on every call: the engine's view must include files written since. */
  migrationsList: () => Promise<MigrationList>;
}

async function withEngine<T>(url: string, options: SchemaEngineOptions, run: (context: EngineContext) => Promise<T>): Promise<T> {
  const root = projectRoot();
  const schemaPath = path.resolve(options.schemaPath ?? path.join(root, "prisma", "schema.prisma"));
  const migrationsDir = path.resolve(options.migrationsDir ?? path.join(root, "prisma", "migrations"));
  const datamodel = options.datamodel ?? (await readFile(schemaPath, "utf8"));
  const schema: SchemasContainer = { files: [{ path: schemaPath, content: datamodel }] };

  const { SchemaEngine } = await loadSchemaEngine();
  const factory = new MigrationAdapterFactory(url);
  const log = options.log ?? (() => {});
  let engine: SchemaEngine | undefined;
  activeEngines++;
  try {
    engine = await SchemaEngine.new({ datamodels: [[schemaPath, datamodel]] }, log, bindMigrationAwareSqlAdapterFactory(factory));
    return await run({ engine, configDir: root, schema, migrationsDir, migrationsList: () => readMigrationsList(migrationsDir) });
  } catch (error) {
    throw engineError(error);
  } finally {
    engine?.free();
    await factory.close();
    if (--activeEngines === 0) clearEngineTimers();
  }
}

/** What the Prisma CLI passes: the lockfile, then every subfolder's migration.sql, sorted by folder name. */
async function readMigrationsList(migrationsDir: string): Promise<MigrationList> {
  const lockContent = await readFile(path.join(migrationsDir, LOCKFILE), "utf8").catch(() => null);
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch(() => []);
  const migrationDirectories = await Promise.all(
    entries
      .filter((entry) => entry.isDirectory())
      .map(async (entry) => ({
        path: entry.name,
        migrationFile: {
          path: MIGRATION_FILE,
          content: await readFile(path.join(migrationsDir, entry.name, MIGRATION_FILE), "utf8").then(
            (value) => ({ tag: "ok" as const, value }),
            (error: Error) => ({ tag: "error" as const, value: error.message }),
          ),
        },
      })),
  );
  migrationDirectories.sort((a, b) => a.path.localeCompare(b.path));
  return { baseDir: migrationsDir, lockfile: { path: LOCKFILE, content: lockContent }, shadowDbInitScript: "", migrationDirectories };
}

function engineError(error: unknown): Error {
  if (lastPanic !== undefined) {
    const panic = lastPanic;
    lastPanic = undefined;
    return new Error(`The schema engine panicked: ${panic}`, { cause: error });
  }
  if (error instanceof Error) {
    const message = stripTrace(error.message);
    if (message === error.message) return error;
    const cleaned = new Error(message, { cause: error });
    cleaned.name = error.name;
    return cleaned;
  }
  if (error && typeof error === "object" && "message" in error && typeof error.message === "string") {
    return new Error(error.message, { cause: error });
  }
  return new Error(typeof error === "string" ? error : JSON.stringify(error));
}

type SchemaEngineModule = typeof SchemaEngineGlue;
let engineModule: Promise<SchemaEngineModule> | undefined;
let lastPanic: string | undefined;

/**
 * The package's entry point imports the .wasm file as an ES module, which Node 20 only allows behind
 * --experimental-wasm-modules; instantiating the wasm against its JavaScript glue by hand works everywhere.
 */
function loadSchemaEngine(): Promise<SchemaEngineModule> {
  engineModule ??= (async () => {
    // The glue reports Rust panics here before the wasm traps. The trap often surfaces as an uncaught
    // "RuntimeError: unreachable" that ends the process, so the message is printed as well as kept.
    const registry = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message: (message: string) => void } };
    registry.PRISMA_WASM_PANIC_REGISTRY ??= {
      set_message: (message) => {
        lastPanic = message;
        console.error(`The Prisma schema engine panicked: ${message}`);
      },
    };
    const glue = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const gluePath = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await readFile(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": withTrackedTimers(glue) });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return engineModule;
}

// The engine arms 10-second timeouts it never clears (the glue imports setTimeout but not clearTimeout), which
// kept every process that ran a migration alive 10 s after its work was done. Its timers are tracked and
// cleared once no engine is running; by then nothing is waiting for them.
const engineTimers = new Set<NodeJS.Timeout>();
let activeEngines = 0;

function withTrackedTimers(glue: SchemaEngineModule): WebAssembly.ModuleImports {
  const imports: Record<string, unknown> = { ...glue };
  for (const [name, value] of Object.entries(glue)) {
    if (!name.startsWith("__wbg_setTimeout_") || typeof value !== "function") continue;
    imports[name] = (callback: () => void, milliseconds: number) => {
      const timer: NodeJS.Timeout = setTimeout(() => {
        engineTimers.delete(timer);
        callback();
      }, milliseconds >>> 0);
      engineTimers.add(timer);
      return timer;
    };
  }
  return imports as WebAssembly.ModuleImports;
}

function clearEngineTimers(): void {
  for (const timer of engineTimers) clearTimeout(timer);
  engineTimers.clear();
}

const CHAR_OID = 18;
const TEXT_OID = 25;

function reportCharAsText(result: unknown): void {
  for (const one of Array.isArray(result) ? result : [result]) {
    const fields = (one as { fields?: { dataTypeID: number }[] } | undefined)?.fields;
    for (const field of fields ?? []) {
      if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
    }
  }
}

// The engine's query for check and exclusion constraints. PostgreSQL 18 also stores NOT NULL as constraints
// (contype 'n'), which this engine build does not know: it panics ("Getting constraint_type from ResultRow").
// Prisma reads nullability from pg_attribute, so those rows carry nothing it needs.
const CONSTRAINTS_QUERY_FILTER = "AND contype NOT IN ('p', 'u', 'f')";
const CONSTRAINTS_QUERY_FILTER_PG18 = "AND contype NOT IN ('p', 'u', 'f', 'n')";

function withoutNotNullConstraints(args: unknown[]): void {
  const first = args[0];
  if (typeof first === "string") {
    if (first.includes(CONSTRAINTS_QUERY_FILTER)) args[0] = first.replace(CONSTRAINTS_QUERY_FILTER, CONSTRAINTS_QUERY_FILTER_PG18);
  } else if (first && typeof first === "object" && "text" in first && typeof first.text === "string" && first.text.includes(CONSTRAINTS_QUERY_FILTER)) {
    args[0] = { ...first, text: first.text.replace(CONSTRAINTS_QUERY_FILTER, CONSTRAINTS_QUERY_FILTER_PG18) };
  }
}

/**
 * A pg client that fixes what the engine cannot read: "char" columns reported as text (workaround 3; their values
 * are one-letter strings), and PostgreSQL 18's NOT NULL constraints left out of the constraints query (workaround 5).
 */
class EngineCompatClient extends pg.Client {
  // pg's query() has a dozen overloads (promise, callback, submittable); this forwards them all unchanged.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    withoutNotNullConstraints(args);
    const callback: unknown = args.at(-1);
    if (typeof callback === "function") {
      args[args.length - 1] = (error: Error | null, result: unknown) => {
        if (!error) reportCharAsText(result);
        (callback as (error: Error | null, result: unknown) => void)(error, result);
      };
      return Reflect.apply(pg.Client.prototype.query, this, args);
    }
    const returned: unknown = Reflect.apply(pg.Client.prototype.query, this, args);
    if (returned instanceof Promise) {
      return returned.then((result: unknown) => {
        reportCharAsText(result);
        return result;
      });
    }
    return returned;
  }
}

/** Connection settings as separate fields (workaround 1), from a postgres:// URL. */
function connectionFields(url: string): { config: pg.PoolConfig; schema: string | undefined } {
  const parsed = new URL(url);
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new Error(`Not a PostgreSQL URL: ${parsed.protocol}//…`);
  }
  const params = parsed.searchParams;
  const sslmode = params.get("sslmode");
  let ssl: pg.PoolConfig["ssl"];
  if (sslmode === "require" || sslmode === "prefer" || sslmode === "no-verify") ssl = { rejectUnauthorized: false };
  else if (sslmode === "verify-ca" || sslmode === "verify-full") ssl = true;
  return {
    config: {
      host: params.get("host") ?? (decodeURIComponent(parsed.hostname.replace(/^\[|\]$/g, "")) || "localhost"),
      port: parsed.port ? Number(parsed.port) : 5432,
      user: decodeURIComponent(parsed.username) || undefined,
      password: decodeURIComponent(parsed.password) || undefined,
      database: decodeURIComponent(parsed.pathname.replace(/^\//, "")) || undefined,
      ssl,
    },
    // Validated like every other connection's (app/db/database-url.ts).
    schema: params.get("schema") ? parseDatabaseUrl(url).schema : undefined,
  };
}

class MigrationAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres";
  readonly adapterName = "@prisma/adapter-pg";
  private readonly config: pg.PoolConfig;
  private readonly schema: string | undefined;
  private readonly pools = new Set<pg.Pool>();
  private readonly shadowDatabases = new Set<string>();

  constructor(url: string) {
    ({ config: this.config, schema: this.schema } = connectionFields(url));
  }

  connect(): Promise<SqlDriverAdapter> {
    return this.open(this.config);
  }

  /** Workaround 2: the shadow database is created here and dropped only after its pool has closed. */
  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const database = `prisma_migrate_shadow_db_${randomUUID()}`;
    await this.admin(`CREATE DATABASE "${database}"`);
    this.shadowDatabases.add(database);
    const adapter = await this.open({ ...this.config, database });
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await this.dropShadowDatabase(database);
    };
    return adapter;
  }

  /** Ends every pool and drops shadow databases the engine left behind (it does not dispose on errors). */
  async close(): Promise<void> {
    await Promise.allSettled([...this.pools].map((pool) => this.endPool(pool)));
    await Promise.allSettled([...this.shadowDatabases].map((database) => this.dropShadowDatabase(database)));
  }

  private async open(config: pg.PoolConfig): Promise<SqlDriverAdapter> {
    // `?schema=`: the engine names the schema in its own queries, but the migrations' SQL names no schema and
    // lands wherever the search_path points, so the scripts run with the search_path set to it, created first.
    const inSchema = this.schema !== undefined && this.schema !== DEFAULT_SCHEMA;
    if (inSchema) await this.admin(`CREATE SCHEMA IF NOT EXISTS ${quotedSchema(this.schema ?? DEFAULT_SCHEMA)}`, config);
    const pool = new pg.Pool({ ...config, Client: EngineCompatClient, options: inSchema ? searchPathOption(this.schema ?? DEFAULT_SCHEMA) : undefined });
    // Idle-client errors (the server restarting) surface on the next query; unhandled they would crash the process.
    pool.on("error", () => {});
    this.pools.add(pool);
    const adapter = await new PrismaPg(pool, { schema: this.schema }).connect();
    // Workaround 4: the whole script as one simple-protocol query (no parameters), not split on ";".
    adapter.executeScript = async (script: string) => {
      try {
        await pool.query(script);
      } catch (error) {
        throw toDriverAdapterError(error);
      }
    };
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await this.endPool(pool);
    };
    return adapter;
  }

  private async endPool(pool: pg.Pool): Promise<void> {
    if (!this.pools.delete(pool)) return;
    await pool.end();
  }

  private async dropShadowDatabase(database: string): Promise<void> {
    if (!this.shadowDatabases.delete(database)) return;
    await this.admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  }

  private async admin(sql: string, config: pg.PoolConfig = this.config): Promise<void> {
    const client = new pg.Client(config);
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }
}

/** The engine shows a DriverAdapterError's details; any other error reaches it only as an opaque "GenericJs". */
function toDriverAdapterError(error: unknown): unknown {
  const e = error as Partial<pg.DatabaseError>;
  if (typeof e.code === "string" && typeof e.severity === "string" && typeof e.message === "string") {
    return new DriverAdapterError({
      kind: "postgres",
      code: e.code,
      severity: e.severity,
      message: e.message,
      detail: e.detail,
      column: e.column,
      hint: e.hint,
    });
  }
  return error;
}
