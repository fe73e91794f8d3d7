// Database migrations without Prisma's native schema engine (see server/schema-engine.ts).
//
//   tsx scripts/migrate.ts deploy                         apply pending migrations        (npm run db:migrate)
//   tsx scripts/migrate.ts dev --name NAME [--create-only] [--accept-data-loss] [--skip-generate]
//                                                         create a migration from schema.prisma, apply it,
//                                                         regenerate the Prisma client
//                                                                                         (npm run db:migrate:dev -- --name NAME)
//   tsx scripts/migrate.ts status                         pending migrations and drift    (npm run db:status)
//
// Without DATABASE_URL the project's embedded PostgreSQL (.data/postgres) is used: started for the command and
// stopped after it, or reused when the app already runs it.
//
// Exit codes: 0 done / in sync; 1 error, or (status) drift; 2 (status) migrations pending, no drift.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import { resolveDatabaseUrl } from "../server/database-url";
import { applyMigrations, createMigration, migrationStatus } from "../server/schema-engine";
import { distributeTablesIfCitus } from "../app/db/citus.server";

const USAGE = "Usage: tsx scripts/migrate.ts deploy | dev --name NAME [--create-only] [--accept-data-loss] [--skip-generate] | status";

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: "string" },
      "create-only": { type: "boolean", default: false },
      "accept-data-loss": { type: "boolean", default: false },
      "skip-generate": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const command = positionals[0];
  if (values.help || !command || positionals.length > 1 || !["deploy", "dev", "status"].includes(command)) {
    console.error(USAGE);
    return values.help ? 0 : 1;
  }
  if (command === "dev" && !values.name) {
    console.error(`dev needs a migration name, e.g. --name add_agent_index\n${USAGE}`);
    return 1;
  }

  const database = await resolveDatabaseUrl();
  try {
    console.log(`Database: ${redact(database.url)}${database.embedded ? " (embedded PostgreSQL)" : ""}`);
    switch (command) {
      case "deploy":
        return await deploy(database.url);
      case "dev":
        return await dev(database.url, values.name ?? "", {
          createOnly: values["create-only"],
          acceptDataLoss: values["accept-data-loss"],
          generate: !values["skip-generate"],
        });
      default:
        return await status(database.url);
    }
  } finally {
    await database.stop();
  }
}

async function deploy(url: string): Promise<number> {
  const { appliedMigrationNames } = await applyMigrations(url);
  if (appliedMigrationNames.length === 0) {
    console.log("No pending migrations: the database is up to date.");
  } else {
    console.log(`Applied ${appliedMigrationNames.length} migration(s):`);
    for (const name of appliedMigrationNames) console.log(`  ${name}`);
  }
  const distribution = await distributeTablesIfCitus(url);
  if (distribution && distribution.distributed.length + distribution.reference.length > 0) {
    console.log(`Citus ${distribution.citusVersion}: ${distribution.distributed.length} table(s) distributed by account, ${distribution.reference.length} reference table(s).`);
  }
  return 0;
}

async function dev(url: string, name: string, options: { createOnly: boolean; acceptDataLoss: boolean; generate: boolean }): Promise<number> {
  const result = await createMigration(url, name, options);
  const appliedBefore = result.created ? result.appliedMigrationNames.filter((applied) => applied !== result.migrationName) : result.appliedMigrationNames;
  if (appliedBefore.length > 0) console.log(`Applied pending migration(s) first: ${appliedBefore.join(", ")}`);
  if (!result.created) {
    console.log("schema.prisma already matches the migrations: no migration created.");
    return 0;
  }
  for (const warning of result.warnings) console.warn(`Warning: ${warning}`);
  console.log(`Created ${path.relative(process.cwd(), path.join(result.directory, "migration.sql"))}`);
  console.log(
    options.createOnly
      ? "Not applied (--create-only): review or edit it, then run npm run db:migrate."
      : `Applied ${result.migrationName}.`,
  );
  // Like `prisma migrate dev`: the client must match the schema the database now has.
  if (!options.createOnly && options.generate) {
    const generated = spawnSync("npx", ["--no-install", "prisma", "generate"], { stdio: "inherit" });
    if (generated.status !== 0) {
      console.error("prisma generate failed: run npm run db:generate.");
      return 1;
    }
  }
  return 0;
}

async function status(url: string): Promise<number> {
  const { pendingMigrations, drift, details } = await migrationStatus(url);
  console.log(`${details.localMigrations.length} migration(s) in prisma/migrations.`);
  if (!details.hasMigrationsTable) console.log("The database has no _prisma_migrations table yet.");
  if (pendingMigrations.length > 0) {
    console.log(`${pendingMigrations.length} pending migration(s), not yet applied to the database:`);
    for (const name of pendingMigrations) console.log(`  ${name}`);
  }
  if (drift) {
    console.error("Drift:");
    for (const problem of details.problems) console.error(`  - ${problem}`);
    if (details.schemaDiff) console.error(`\nSQL the migrations lack to match schema.prisma:\n${details.schemaDiff}`);
    if (details.databaseDiff) console.error(`\nSQL that takes the migrations' result to the live database:\n${details.databaseDiff}`);
    return 1;
  }
  if (pendingMigrations.length > 0) {
    console.log("No drift. Run npm run db:migrate to apply the pending migration(s).");
    return 2;
  }
  console.log(`No drift: schema.prisma, the migrations and the database agree${details.databaseChecked ? "" : " (database not compared)"}.`);
  return 0;
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparsable DATABASE_URL)";
  }
}

// process.exit rather than exitCode: the code must hold even if a library leaves a handle open.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    if (process.env.DEBUG && error instanceof Error) console.error(error.stack);
    process.exit(1);
  },
);
