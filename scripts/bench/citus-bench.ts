// `npm run bench -- --citus` (issue 23, ADR 049): the import, the full rule evaluation and every dashboard loader on
// the Citus cluster of CITUS_URL (or --citus-url), beside the single server's figures of the same run. Each part runs
// in a fresh schema of the coordinator's database, migrated and distributed like production (a new database there
// would have neither the extension nor the workers), dropped afterwards. The dashboards read the very portfolio the
// single server was measured on: its backup (server/backup.ts) restored into the cluster's schema, then distributed,
// so both sides answer the same questions over the same rows.
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { citusVersion, distributeTablesIfCitus } from "../../app/db/citus.server";
import { parseDatabaseUrl } from "../../app/db/database-url";
import { ensureRollupsCurrent } from "../../app/metrics/refresh-rollups.server";
import { restoreBackup } from "../../server/backup";
import { freshSchemaOn } from "../../server/database-url";
import { startBenchSchema } from "./bench-database";
import { benchDashboards, type DashboardBenchRow } from "./dashboards-bench";
import { benchmarkImport, type ImportBenchResult } from "./import-bench";
import { benchmarkRules, type RulesBenchResult } from "./rules-bench";

export type CitusClusterShape = { citusVersion: string; workers: number; shardCount: number };

/** What the cluster is: Citus's version, its active workers and the shard count new distributed tables get. */
export async function describeCluster(citusUrl: string): Promise<CitusClusterShape> {
  const client = new pg.Client({ connectionString: parseDatabaseUrl(citusUrl).connectionString });
  await client.connect();
  try {
    const version = await citusVersion(client);
    if (version === null) throw new Error(`${new URL(citusUrl).host} has no citus extension: --citus needs a Citus coordinator with workers.`);
    const full = await client.query<{ version: string }>("SELECT citus_version() AS version");
    const release = /Citus ([\d.]+)/.exec(full.rows[0]?.version ?? "")?.[1] ?? version;
    const workers = await client.query<{ count: number }>("SELECT count(*)::int AS count FROM citus_get_active_worker_nodes()");
    const shards = await client.query<{ value: string }>("SELECT current_setting('citus.shard_count') AS value");
    return { citusVersion: release, workers: workers.rows[0]?.count ?? 0, shardCount: Number(shards.rows[0]?.value ?? 0) };
  } finally {
    await client.end();
  }
}

/** The import benchmark (import-bench.ts) in a distributed schema of the cluster. */
export async function clusterImport(options: { citusUrl: string; rows: number; runs: number; log: (line: string) => void }): Promise<ImportBenchResult> {
  const schema = await startBenchSchema(options.citusUrl, { prefix: "bench_import", requireCitus: true });
  const workDirectory = await mkdtemp(path.join(os.tmpdir(), "oversight-bench-citus-"));
  try {
    await mkdir(path.join(workDirectory, "uploads"), { recursive: true });
    return await benchmarkImport({ databaseUrl: schema.url, workDirectory, rows: options.rows, runs: options.runs, log: (line) => options.log(`cluster ${line}`) });
  } finally {
    await rm(workDirectory, { recursive: true, force: true });
    await schema.dispose();
  }
}

/** The rule benchmark (rules-bench.ts) in a distributed schema of the cluster. */
export async function clusterRules(options: { citusUrl: string; events: number; log: (line: string) => void; release: () => Promise<void> }): Promise<RulesBenchResult> {
  const schema = await startBenchSchema(options.citusUrl, { prefix: "bench_rules", requireCitus: true });
  try {
    return await benchmarkRules({ events: options.events, databaseUrl: schema.url, log: (line) => options.log(`cluster rules: ${line}`) });
  } finally {
    await options.release();
    await schema.dispose();
  }
}

export type ClusterDashboards = { restoreSeconds: number; distributeSeconds: number; dashboards: DashboardBenchRow[] };

/**
 * The dashboard loaders on the cluster, over the portfolio in `backupFile` (the single server's, written by
 * writeBackup): restored into a fresh schema (the backup's migrations applied first), distributed (Citus moves each
 * table's rows into its shards), then measured as on the single server.
 */
export async function clusterDashboards(options: { citusUrl: string; backupFile: string; runs: number; log: (line: string) => void; release: () => Promise<void> }): Promise<ClusterDashboards> {
  const schema = await freshSchemaOn(options.citusUrl, "bench_dashboards");
  const previousUrl = process.env.DATABASE_URL;
  try {
    const restoreStarted = performance.now();
    await restoreBackup(schema.url, options.backupFile);
    const restoreSeconds = (performance.now() - restoreStarted) / 1000;
    options.log(`cluster dashboards: portfolio restored in ${restoreSeconds.toFixed(0)} s; distributing`);
    const distributeStarted = performance.now();
    if (!(await distributeTablesIfCitus(schema.url))) throw new Error(`${new URL(options.citusUrl).host} has no citus extension`);
    const distributeSeconds = (performance.now() - distributeStarted) / 1000;
    options.log(`cluster dashboards: distributed in ${distributeSeconds.toFixed(0)} s; timing the loaders`);
    process.env.DATABASE_URL = schema.url;
    await ensureRollupsCurrent({ log: (line) => options.log(`cluster dashboards: ${line}`) });
    const dashboards = await benchDashboards({ databaseUrl: schema.url, runs: options.runs, continueOnError: true });
    return { restoreSeconds, distributeSeconds, dashboards };
  } finally {
    await options.release();
    if (previousUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previousUrl;
    await schema.drop();
  }
}

export type CitusBenchFigures = {
  shape: CitusClusterShape;
  import: { single: ImportBenchResult; cluster: ImportBenchResult } | null;
  rules: { events: number; incrementalRows: number; single: RulesBenchResult; cluster: RulesBenchResult } | null;
  dashboards: { events: number; single: DashboardBenchRow[]; cluster: ClusterDashboards } | null;
  /** A part that could not be measured on the cluster, with the reason. */
  failures: string[];
};

const number = (value: number, digits = 0) => value.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const times = (cluster: number, single: number) => `${number(cluster / single, 2)}×`;

export const CITUS_SECTION_HEADING = "On a Citus cluster (issue 23)";

/** The generated section: every figure on the single server and on the cluster, and the cluster's time ÷ the single server's. */
export function citusSection(figures: CitusBenchFigures): string {
  const { shape } = figures;
  const rows: string[] = [];
  if (figures.import) {
    const { single, cluster } = figures.import;
    rows.push(`| import end to end, ${number(single.rows)} activity rows | ${number(single.importRowsPerSecond)} rows/s | ${number(cluster.importRowsPerSecond)} rows/s | ${times(single.importRowsPerSecond, cluster.importRowsPerSecond)} |`);
    rows.push(`| plain COPY of the same rows into ActivityEvent | ${number(single.copyRowsPerSecond)} rows/s | ${number(cluster.copyRowsPerSecond)} rows/s | ${times(single.copyRowsPerSecond, cluster.copyRowsPerSecond)} |`);
    rows.push(`| import ÷ plain COPY | ${number(single.ratio, 2)} | ${number(cluster.ratio, 2)} | — |`);
  }
  if (figures.rules) {
    const { single, cluster, events, incrementalRows } = figures.rules;
    rows.push(`| full rule evaluation, ${number(events)} events | ${number(single.fullSeconds, 1)} s | ${number(cluster.fullSeconds, 1)} s | ${times(cluster.fullSeconds, single.fullSeconds)} |`);
    rows.push(`| incremental pass, ${number(incrementalRows)}-row batch | ${number(single.incrementalSeconds, 2)} s | ${number(cluster.incrementalSeconds, 2)} s | ${times(cluster.incrementalSeconds, single.incrementalSeconds)} |`);
  }
  let dashboards = "";
  if (figures.dashboards) {
    const { single, cluster, events } = figures.dashboards;
    const singleByLoader = new Map(single.map((row) => [row.loader, row]));
    dashboards = `

### Dashboard loaders, ${number(events)} events

The single server's portfolio (the Dashboards section's), backed up, restored into the cluster's schema in
${number(cluster.restoreSeconds)} s and distributed in ${number(cluster.distributeSeconds)} s. p50 / p95 per loader.

| loader | single server | cluster | cluster ÷ single (p50) |
|---|---|---|---|
${cluster.dashboards
  .map((row) => {
    const alone = singleByLoader.get(row.loader);
    const clusterTimes = row.error === undefined ? `${number(row.p50Ms, 1)} / ${number(row.p95Ms, 1)} ms` : `**fails**: ${row.error.replaceAll("|", "\\|")}`;
    return `| ${row.loader} | ${alone ? `${number(alone.p50Ms, 1)} / ${number(alone.p95Ms, 1)} ms` : "—"} | ${clusterTimes} | ${alone && row.error === undefined ? times(row.p50Ms, Math.max(alone.p50Ms, 0.1)) : "—"} |`;
  })
  .join("\n")}`;
  }
  const failures = figures.failures.length === 0 ? "" : `\n\nNot measured on the cluster in this run:\n\n${figures.failures.map((failure) => `- ${failure}`).join("\n")}`;
  return `## ${CITUS_SECTION_HEADING}

The same benchmarks on the local Citus ${shape.citusVersion} cluster (a coordinator and ${shape.workers} workers, all on this
machine, ${shape.shardCount} shards per distributed table) beside the embedded single server, in the same run: each part in
a fresh schema distributed like production (ADR 049). "Cluster ÷ single" is the cluster's time over the single
server's (above 1: the cluster is slower). On one machine the cluster is not expected to be faster: its three
PostgreSQL servers share the same cores and disk, and every distributed statement adds planning on the coordinator
and a connection per shard task.

| figure | single server | cluster | cluster ÷ single |
|---|---|---|---|
${rows.join("\n")}${dashboards}${failures}`;
}

/** The section when --citus was asked for without a cluster. */
export function citusSkippedSection(): string {
  return `## ${CITUS_SECTION_HEADING}

Not measured: \`npm run bench -- --citus\` needs a Citus coordinator with workers in \`CITUS_URL\` (or \`--citus-url\`),
e.g. \`../shared/citus/cluster.sh start\` (README, "Running on Citus").`;
}
