import { existsSync } from "node:fs";
import path from "node:path";
import { BackupError, restoreBackup, writeBackup } from "../../server/backup";
import { resolveDatabaseUrl } from "../../server/database-url";
import { getEnv } from "../../app/env.server";
import { CliUsageError, parseFlags } from "./errors";

export const backupUsage = `  backup --out FILE
      Write a backup of the embedded database to FILE (gzip, mode 0600, ends with its SHA-256): every table of the
      application in one consistent snapshot, while the server keeps running. Queued jobs are not included.
  restore FILE
      Check FILE's checksum, then load it into the embedded database of OVERSIGHT_DATA_DIR (default .data/postgres),
      which must be new or empty: stop the server, point OVERSIGHT_DATA_DIR at a new folder (or move the old one
      away), restore, then start. With DATABASE_URL set use PostgreSQL's own tools instead (README → Backups).
`;

const externalServer =
  "DATABASE_URL is set: back up an external PostgreSQL server with its own tools (pg_dump -Fc / pg_restore, or pg_basebackup; README → Backups).";

/** `oversight backup --out FILE` and `oversight restore FILE`; exit code 2 for bad input, 1 when the work failed. */
export async function backupCommand(command: "backup" | "restore", args: string[]): Promise<number> {
  if (getEnv().DATABASE_URL) throw new CliUsageError(externalServer);
  if (command === "backup") {
    const { out } = parseFlags(args, { out: { type: "string" } }, backupUsage);
    if (!out) throw new CliUsageError(`backup needs --out FILE\n\n${backupUsage}`);
    const file = path.resolve(out);
    if (existsSync(file)) throw new CliUsageError(`${file} already exists: choose a new file name (a backup never overwrites one).`);
    return withEmbedded(async (url) => {
      const summary = await writeBackup(url, file);
      const rows = summary.tables.reduce((sum, table) => sum + table.rows, 0);
      console.log(`Backed up ${rows} rows of ${summary.tables.length} tables to ${file} (sha256 ${summary.sha256}).`);
    });
  }
  if (args.length !== 1 || args[0]?.startsWith("-")) throw new CliUsageError(`restore needs exactly one FILE\n\n${backupUsage}`);
  const file = path.resolve(args[0] ?? "");
  return withEmbedded(async (url) => {
    const summary = await restoreBackup(url, file);
    const rows = summary.tables.reduce((sum, table) => sum + table.rows, 0);
    console.log(`Restored ${rows} rows of ${summary.tables.length} tables from ${file} (written ${summary.createdAt}; every table's row count and SHA-256 checked).`);
  });
}

async function withEmbedded(run: (url: string) => Promise<void>): Promise<number> {
  const database = await resolveDatabaseUrl({ dataDir: getEnv().OVERSIGHT_DATA_DIR || undefined });
  try {
    await run(database.url);
    return 0;
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    console.error(error.message);
    return 1;
  } finally {
    await database.stop();
  }
}
