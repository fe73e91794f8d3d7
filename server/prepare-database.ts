import { disconnectPrisma } from "../app/db/client.server";
import { EmbeddedPostgresUnreachableError, resolveDatabaseUrl, stopOnShutdown } from "./database-url";
import { getEnv, resetEnvCache } from "../app/env.server";
import { applyMigrations } from "./schema-engine";
import { distributeTablesIfCitus } from "../app/db/citus.server";
import { ensureDefaultRulePacks } from "../app/rules/rule-packs.server";
import { releaseHeldAutovacuum } from "../app/db/autovacuum.server";
import { expectConnectionsToEnd } from "../app/db/pg.server";
import { ensureRollupsCurrent } from "../app/metrics/refresh-rollups.server";
import { UploadStoreNotSharedError, verifyUploadStore } from "../app/ingest/pipeline/upload-store.server";

export type PreparedDatabase = { url: string; embedded: boolean; close: () => Promise<void> };

let prepared: Promise<PreparedDatabase> | undefined;

/**
 * Makes the process's database ready: DATABASE_URL, or the embedded server (data in OVERSIGHT_DATA_DIR or
 * .data/postgres), with every migration applied. Memoised, so the demo command and the server it starts share
 * one embedded server and one migration pass.
 */
export function prepareDatabase(): Promise<PreparedDatabase> {
  prepared ??= (async () => {
    const dataDir = getEnv().OVERSIGHT_DATA_DIR || undefined;
    const database = await resolveDatabaseUrl({ dataDir }).catch(stopOnUnreachable);
    const stopDatabase = async () => {
      expectConnectionsToEnd();
      await database.stop();
    };
    const cancelShutdownHook = database.embedded ? stopOnShutdown(stopDatabase) : () => undefined;
    try {
      await applyMigrations(database.url);
      // On a Citus coordinator, the tables the migrations made are distributed (ADR 049); elsewhere nothing happens.
      await distributeTablesIfCitus(database.url);
    } catch (error) {
      await database.stop();
      throw error;
    }
    process.env.DATABASE_URL = database.url;
    resetEnvCache();
    // A machine whose upload directory is not the shared store stops here, saying so (README "Running on several machines").
    await verifyUploadStore().catch(async (error: unknown) => {
      if (!(error instanceof UploadStoreNotSharedError)) throw error;
      console.error(error.message);
      await database.stop();
      process.exit(1);
    });
    // A bulk load killed while it held autovacuum off its tables (the demo's) is undone.
    await releaseHeldAutovacuum();
    // The shipped China and US rule packs exist from the first start on, so every import can be evaluated.
    await ensureDefaultRulePacks();
    // Roll-ups built by an older format (an upgrade) or in another reporting zone are rebuilt before anyone reads them.
    // Logged to stderr: CLI commands print their figures on stdout.
    await ensureRollupsCurrent({ log: (line) => process.stderr.write(`${line}\n`) });
    return {
      url: database.url,
      embedded: database.embedded,
      close: async () => {
        cancelShutdownHook();
        await disconnectPrisma();
        await stopDatabase();
      },
    };
  })();
  return prepared;
}

/** The one line saying why the embedded server cannot run here and what to do, not a stack trace. */
function stopOnUnreachable(error: unknown): never {
  if (error instanceof EmbeddedPostgresUnreachableError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
