import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { median, startBenchDatabase, startPersistentBenchDatabase } from "./bench-database";
import { benchmarkImport, type ImportBenchResult } from "./import-bench";
import { disconnectPrisma } from "../../app/db/client.server";
import { closePool } from "../../app/db/pg.server";
import { stopQueue } from "../../app/jobs/queue.server";
import { benchmarkRules, type RulesBenchResult } from "./rules-bench";
import { benchDashboards, type DashboardBenchRow } from "./dashboards-bench";
import { benchHttpLoad, type HttpLoadResult } from "./http-load";
import { benchWorkbook } from "./workbook-bench";
import { benchmarkReconciliation, type ReconcileBenchResult } from "./reconcile-bench";
import { ensureBenchPortfolio } from "./bench-portfolio";
import { benchmarkPurge, type PurgeBenchResult } from "./purge-bench";
import { writeBackup } from "../../server/backup";
import { citusUrlSetting } from "../../app/env.server";
import { CITUS_SECTION_HEADING, citusSection, citusSkippedSection, clusterDashboards, clusterImport, clusterRules, describeCluster, type CitusBenchFigures } from "./citus-bench";
import { HAND_WRITTEN_END, HAND_WRITTEN_START, mergeReport, splitReport } from "./merge-report";

// `npm run bench`: measures on generated data and writes docs/BENCHMARKS.md. It asserts nothing about time
// (machines are noisy) but fails loudly (non-zero exit) when a figure cannot be measured.
//   --scale N   portfolio size: dashboards at N × 1,000,000 and N × 10,000,000 events, HTTP load on the first,
//               import and rules over N × 1,000,000 rows, the workbook with N × 200,000 violations (each capped at
//               the full size); default 1
//   --rows N    rows for the import and rules sections (overrides --scale for them)
//   --runs N    runs per figure; medians are reported
//               reconciliation with N × 1,000,000 payments against as many ledger entries
//               the retention purge of one month of N × 10,000,000 events (--purge-events overrides)
//   --only a,b  measure only these sections (import, rules, dashboards, http, workbook, reconcile, purge, citus); the others keep their
//               figures from the existing docs/BENCHMARKS.md
//   --citus     also the import, the rules and the dashboard loaders on the Citus cluster of CITUS_URL (or
//               --citus-url URL) beside the single server (citus-bench.ts); without a cluster that section says so
//   --citus-import-rows N  rows of the cluster section's import (default: --rows)
const sectionNames = ["import", "rules", "dashboards", "http", "workbook", "reconcile", "purge", "citus"] as const;
type SectionName = (typeof sectionNames)[number];
const { values } = parseArgs({
  options: {
    rows: { type: "string" },
    "purge-events": { type: "string" },
    runs: { type: "string", default: "3" },
    scale: { type: "string", default: "1" },
    only: { type: "string" },
    citus: { type: "boolean", default: false },
    "citus-url": { type: "string" },
    "citus-import-rows": { type: "string" },
  },
});
const scale = Number(values.scale);
const runs = Number(values.runs);
const rows = values.rows === undefined ? Math.round(1_000_000 * Math.min(1, scale)) : Number(values.rows);
if (!(scale > 0) || !(runs >= 1) || !(rows >= 1000)) throw new Error("--scale must be positive, --runs at least 1 and --rows at least 1000");
const only = values.only === undefined ? null : values.only.split(",").map((name) => name.trim());
for (const name of only ?? []) if (!sectionNames.includes(name as SectionName)) throw new Error(`--only: '${name}' is not one of ${sectionNames.join(", ")}`);
// The cluster section runs when asked for (--citus or --only citus), never as part of a plain run.
const measure = (section: SectionName) => (section === "citus" ? values.citus || (only?.includes("citus") ?? false) : only === null || only.includes(section));
const citusUrl = values["citus-url"] ?? citusUrlSetting();
const citusImportRows = values["citus-import-rows"] === undefined ? rows : Number(values["citus-import-rows"]);
if (!(citusImportRows >= 1000)) throw new Error("--citus-import-rows must be at least 1000");
const target = path.resolve(import.meta.dirname, "../../docs/BENCHMARKS.md");
const previous = await readFile(target, "utf8").catch(() => "");
const log = (line: string) => console.log(`[bench] ${line}`);
const number = (value: number, digits = 0) => value.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function inFreshDatabase<T>(work: (database: Awaited<ReturnType<typeof startBenchDatabase>>) => Promise<T>): Promise<T> {
  const database = await startBenchDatabase();
  try {
    return await work(database);
  } finally {
    await database.dispose();
  }
}

const importResult: ImportBenchResult | null = !measure("import")
  ? null
  : await inFreshDatabase(async (database) => {
      await mkdir(path.join(database.directory, "uploads"), { recursive: true });
      return benchmarkImport({ databaseUrl: database.url, workDirectory: database.directory, rows, runs, log });
    });
const rulesRuns: RulesBenchResult[] = [];
for (let run = 1; run <= (measure("rules") ? runs : 0); run++) {
  const result = await inFreshDatabase(async (database) => {
    try {
      return await benchmarkRules({ events: rows, databaseUrl: database.url, log });
    } finally {
      // The rule engine's pool, Prisma and the job queue hold connections to this server: close them before it stops.
      await releaseConnections();
    }
  });
  log(`rules run ${run}: full ${result.fullSeconds.toFixed(1)} s, incremental ${result.incrementalSeconds.toFixed(2)} s`);
  rulesRuns.push(result);
}
const rulesFullSeconds = measure("rules") ? median(rulesRuns.map((run) => run.fullSeconds)) : Number.NaN;
const rulesIncrementalSeconds = measure("rules") ? median(rulesRuns.map((run) => run.incrementalSeconds)) : Number.NaN;
const incrementalRows = rulesRuns[0]?.incrementalRows ?? 0;


/** Stops everything of this process that holds connections to a benchmark database, before switching or stopping it. */
async function releaseConnections(): Promise<void> {
  await stopQueue();
  await closePool();
  await disconnectPrisma();
  // Work still finishing when the first close ran (a query issued by a stopping worker) opens the pool anew.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await closePool();
}

type PortfolioMeasurement = { events: number; loadSeconds: number | null; rebuildSeconds: number | null; dashboards: DashboardBenchRow[]; http: HttpLoadResult | null; backupFile: string | null };

/**
 * A demo portfolio of `portfolioScale` (1: about 1,000,000 events) generated and loaded through the import pipeline
 * into a kept database, once (`scripts/bench/seed-portfolio.ts` loads it ahead, in the background); then the
 * dashboard loaders (and the HTTP load) measured on it.
 */
async function measurePortfolio(portfolioScale: number, options: { dashboards: boolean; http: boolean; backupFor?: string }): Promise<PortfolioMeasurement> {
  const database = await startPersistentBenchDatabase(`portfolio-${portfolioScale}`);
  const previousUrl = process.env.DATABASE_URL;
  process.env.DATABASE_URL = database.url;
  process.env.OVERSIGHT_UPLOAD_DIR = path.join(database.directory, "uploads");
  try {
    const { events, loadSeconds, rebuildSeconds } = await ensureBenchPortfolio({ portfolioScale, directory: database.directory, log });
    log(`portfolio ×${portfolioScale}: ${events.toLocaleString("en")} events; timing the dashboard loaders`);
    const dashboards = options.dashboards ? await benchDashboards({ databaseUrl: database.url, runs: Math.max(20, runs) }) : [];
    if (options.dashboards && (dashboards.length === 0 || dashboards.some((row) => !Number.isFinite(row.p95Ms)))) throw new Error("the dashboard benchmark returned no figures");
    const http = options.http ? await benchHttpLoad({ databaseUrl: database.url, log }) : null;
    // The cluster section restores this very portfolio into the cluster, so both sides read the same rows.
    let backupFile: string | null = null;
    if (options.backupFor) {
      backupFile = path.join(options.backupFor, `portfolio-${portfolioScale}.backup`);
      const backup = await writeBackup(database.url, backupFile);
      log(`portfolio ×${portfolioScale}: backed up for the cluster (${number(backup.bytes / 2 ** 20)} MB)`);
    }
    return { events, loadSeconds, rebuildSeconds, dashboards, http, backupFile };
  } finally {
    await releaseConnections();
    await database.stop();
    if (previousUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previousUrl;
  }
}

const portfolios: PortfolioMeasurement[] = [];
const clusterWork = measure("citus") && citusUrl ? await mkdtemp(path.join(os.tmpdir(), "oversight-bench-citus-")) : null;
if (measure("dashboards") || measure("http") || clusterWork) {
  portfolios.push(await measurePortfolio(Math.min(1, scale), { dashboards: measure("dashboards") || clusterWork !== null, http: measure("http"), backupFor: clusterWork ?? undefined }));
  if (measure("dashboards")) portfolios.push(await measurePortfolio(Math.min(10, scale * 10), { dashboards: true, http: false }));
}
const httpResult = portfolios[0]?.http ?? null;
if (measure("http") && (!httpResult || httpResult.runs.some((run) => run.requests === 0))) throw new Error("the HTTP load could not be measured");

/**
 * The cluster section: each figure on the cluster beside the single server's of this run (measured here when the
 * single server's own section was not). A part that fails on the cluster is reported as such, not hidden.
 */
async function measureCitus(url: string): Promise<CitusBenchFigures> {
  const shape = await describeCluster(url);
  log(`citus: Citus ${shape.citusVersion}, ${shape.workers} workers, ${shape.shardCount} shards per table`);
  const failures: string[] = [];
  const attempt = async <T>(what: string, run: () => Promise<T>): Promise<T | null> => {
    try {
      return await run();
    } catch (error) {
      log(`citus: ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
      failures.push(`${what}: ${(error instanceof Error ? error.message : String(error)).split("\n").filter((line) => line.trim() !== "").at(-1)?.trim() ?? ""}`);
      return null;
    }
  };
  const singleImport =
    importResult && importResult.rows === citusImportRows
      ? importResult
      : await inFreshDatabase(async (database) => {
          await mkdir(path.join(database.directory, "uploads"), { recursive: true });
          return benchmarkImport({ databaseUrl: database.url, workDirectory: database.directory, rows: citusImportRows, runs, log });
        });
  const clusterImported = await attempt(`import of ${number(citusImportRows)} rows`, () => clusterImport({ citusUrl: url, rows: citusImportRows, runs, log }));
  const singleRules =
    rulesRuns.length > 0
      ? { ...rulesRuns[0]!, fullSeconds: rulesFullSeconds, incrementalSeconds: rulesIncrementalSeconds }
      : await inFreshDatabase(async (database) => {
          try {
            return await benchmarkRules({ events: rows, databaseUrl: database.url, log });
          } finally {
            await releaseConnections();
          }
        });
  const clusterJudged = await attempt(`rule evaluation of ${number(rows)} events`, () => clusterRules({ citusUrl: url, events: rows, log, release: releaseConnections }));
  const portfolio = portfolios[0];
  const clusterRead =
    portfolio?.backupFile
      ? await attempt("dashboard loaders", () => clusterDashboards({ citusUrl: url, backupFile: portfolio.backupFile!, runs: Math.max(20, runs), log, release: releaseConnections }))
      : null;
  return {
    shape,
    import: clusterImported ? { single: singleImport, cluster: clusterImported } : null,
    rules: clusterJudged ? { events: rows, incrementalRows: singleRules.incrementalRows, single: singleRules, cluster: clusterJudged } : null,
    dashboards: clusterRead && portfolio ? { events: portfolio.events, single: portfolio.dashboards, cluster: clusterRead } : null,
    failures,
  };
}

let citusText: string | null = null;
if (measure("citus")) {
  if (!citusUrl || !clusterWork) {
    log("--citus: no cluster (set CITUS_URL or pass --citus-url); the cluster section is skipped");
    // A section measured earlier is kept; a report without one says why it has none.
    if (!splitReport(previous).sections.some((section) => section.heading === CITUS_SECTION_HEADING)) citusText = citusSkippedSection();
  } else {
    try {
      citusText = citusSection(await measureCitus(citusUrl));
    } finally {
      await rm(clusterWork, { recursive: true, force: true });
    }
  }
}

const workbookRows = Math.max(1_000, Math.round(200_000 * Math.min(1, scale)));
const workbookRuns: { seconds: number; peakRssMb: number }[] = [];
for (let run = 1; run <= (measure("workbook") ? runs : 0); run++) {
  const result = await inFreshDatabase((database) => benchWorkbook({ databaseUrl: database.url, violationRows: workbookRows }));
  if (!Number.isFinite(result.seconds) || !Number.isFinite(result.peakRssMb)) throw new Error("the workbook benchmark returned no figures");
  log(`workbook run ${run}: ${result.seconds.toFixed(1)} s, peak RSS ${result.peakRssMb.toFixed(0)} MB`);
  workbookRuns.push(result);
}

const reconcilePayments = Math.max(1_000, Math.round(1_000_000 * Math.min(1, scale)));
const reconcileRuns: ReconcileBenchResult[] = [];
for (let run = 1; run <= (measure("reconcile") ? runs : 0); run++) {
  const result = await inFreshDatabase((database) => benchmarkReconciliation({ databaseUrl: database.url, payments: reconcilePayments, log }));
  if (!Number.isFinite(result.seconds) || !Number.isFinite(result.peakRssMb)) throw new Error("the reconciliation benchmark returned no figures");
  log(`reconcile run ${run}: ${result.seconds.toFixed(1)} s, ${Math.round(result.rowsPerSecond)} rows/s, peak RSS ${result.peakRssMb.toFixed(0)} MB`);
  reconcileRuns.push(result);
}

const purgeEvents = values["purge-events"] === undefined ? Math.round(10_000_000 * scale) : Number(values["purge-events"]);
const purgeRuns: PurgeBenchResult[] = [];
for (let run = 1; run <= (measure("purge") ? runs : 0); run++) {
  const result = await benchmarkPurge({ events: purgeEvents, log });
  log(`purge run ${run}: ${result.monthEvents} events and ${result.violations} violations of one month in ${result.seconds.toFixed(2)} s`);
  purgeRuns.push(result);
}

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, ${number(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, embedded PostgreSQL 18`;
const importSection = !importResult
  ? null
  : `## Import (issue: Ingestion)

${number(importResult.rows)} activity rows (12 columns, Chinese SMS texts) in a CSV file, imported end to end (upload
stored and hashed, header checked, decoded, parsed, mapped, validated, checked against accounts, placements, earlier
events and earlier rows of the file, written with COPY, summarised, committed), against a plain \`COPY\` of the same
rows into the same table (with its indexes) in the same run.

| figure | value | target | ratio to target |
|---|---|---|---|
| plain COPY into ActivityEvent | ${number(importResult.copyRowsPerSecond)} rows/s | — | — |
| import end to end | ${number(importResult.importRowsPerSecond)} rows/s | ≥ ${number(importResult.copyRowsPerSecond * 0.75)} rows/s (0.75 of COPY) | ${number(importResult.ratio / 0.75, 2)} |
| import ÷ COPY | ${number(importResult.ratio, 2)} | ≥ 0.75 | ${number(importResult.ratio / 0.75, 2)} |
| peak RSS of the importing process | ${number(importResult.peakRssMb)} MB | < 500 MB | ${number(500 / importResult.peakRssMb, 2)} |

"Ratio to target" is figure ÷ target for rates (above 1 meets it) and target ÷ figure for times and memory.`;
const rulesSection = !measure("rules")
  ? null
  : `## Rule evaluation (issue: Compliance rule engine)

Every rule of both packs over ${number(rows)} generated events (China and US agencies, mostly compliant activity), read
from PostgreSQL in customer chunks, evaluated, and the violations merged (insert, refresh, withdraw) — then an
incremental pass for a ${number(incrementalRows)}-event batch, as an import triggers it.

| figure | value | target | ratio to target |
|---|---|---|---|
| full evaluation | ${number(rulesFullSeconds, 1)} s (${number(rows / rulesFullSeconds)} events/s) | < 20 s | ${number(20 / rulesFullSeconds, 2)} |
| incremental pass, ${number(incrementalRows)}-row batch | ${number(rulesIncrementalSeconds, 2)} s | < 2 s | ${number(2 / rulesIncrementalSeconds, 2)} |`;
const dashboardsSection = !measure("dashboards")
  ? null
  : `## Dashboards (issue: Metrics)

The dashboard pages' own Remix loaders (\`app/routes/\`), called as Remix calls them with a signed-in demo user: the
session check, the filters and every figure the page shows — with the periods and filters people use (the pages'
default of 6 months, the presets, custom ranges that cut their first and last month — early or late in the month — or
lie inside one month, a segment filter, an agency user) — and the grids' first blocks, on the demo portfolio generated by \`scripts/generate-demo.ts\` and loaded **through
the import pipeline** (placements, six agencies' files in their own layouts, complaints; rule evaluation and metric
roll-ups included) into a database kept in \`.data/bench/\` and reused by later runs. p50 and p95 of ${Math.max(20, runs)}
calls after one warm-up call. The recovery index (a bootstrap over every account) is kept per filter until placements
or payments change and computed for the preset periods after each import; the "cold" rows are what the first request
for any other filter pays, measured by forgetting it before each call.

${portfolios
  .map(
    (portfolio) => `### ${number(portfolio.events)} events

Loading took ${portfolio.loadSeconds === null ? "an unknown time" : `${number(portfolio.loadSeconds)} s`} (once; generation + pipeline)${portfolio.rebuildSeconds === null ? "" : `; the roll-ups were last rebuilt from scratch in ${number(portfolio.rebuildSeconds)} s`}.

| loader | p50 | p95 | target (p95) | ratio to target |
|---|---|---|---|---|
${portfolio.dashboards.map((row) => `| ${row.loader} | ${number(row.p50Ms, 1)} ms | ${number(row.p95Ms, 1)} ms | ${row.loader.startsWith("recovery index, cold") ? "—" : "< 200 ms"} | ${row.loader.startsWith("recovery index, cold") ? "—" : number(200 / Math.max(row.p95Ms, 0.1), 2)} |`).join("\n")}`,
  )
  .join("\n\n")}`;
const ms = (value: number) => `${number(value)} ms`;
const httpSection = !measure("http") || !httpResult
  ? null
  : `## HTTP load (issue: Speed for many users)

Signed-in users (the demo's vendor manager, compliance officer and executive, two sessions each, shared round-robin)
each going round ${httpResult.paths.map((page) => `\`${page}\``).join(", ")} for ${httpResult.runs[0]?.seconds ?? 0} s with
autocannon, against the production build (\`server.ts\`: web processes ${httpResult.webProcesses}, heap limit 320 MB
each, and its worker) on the ${number(portfolios[0]?.events ?? 0)}-event portfolio. The pages' figures are cached
per data generation (ADR 040), so these are the figures of people browsing data that is not changing meanwhile.
CPU per page: the CPU time of the server's processes and of PostgreSQL during the run, divided by the pages served.

| users | pages/s | p50 | p95 | p99 | errors and timeouts | non-2xx | CPU per page | target |
|---|---|---|---|---|---|---|---|---|
${httpResult.runs.map((run) => `| ${run.users} | ${number(run.pagesPerSecond, 1)} | ${ms(run.p50Ms)} | ${ms(run.p95Ms)} | ${ms(run.p99Ms)} | ${run.errors} | ${run.non2xx} | ${number(run.cpuMsPerPage, 1)} ms | ${run.users === 20 ? `p95 < 150 ms (${run.p95Ms < 150 ? "met" : "**not met**"}), ≥ 150 pages/s (${run.pagesPerSecond >= 150 ? "met" : "**not met**"}), 0 errors (${run.errors + run.non2xx === 0 ? "met" : "**not met**"})` : "—"} |`).join("\n")}

One user alone, each page's full HTML fetched 20 times in turn:

| page | p50 | p95 | HTML | CPU per page | target (p95) |
|---|---|---|---|---|---|
${httpResult.pages.map((page) => `| \`${page.path}\` | ${number(page.p50Ms, 1)} ms | ${number(page.p95Ms, 1)} ms | ${number(page.bytes / 1024, 0)} kB | ${number(page.cpuMsPerPage, 1)} ms | < 100 ms (${page.p95Ms < 100 ? "met" : "**not met**"}) |`).join("\n")}`;
const workbookSeconds = workbookRuns.length > 0 ? median(workbookRuns.map((run) => run.seconds)) : Number.NaN;
const workbookPeak = workbookRuns.length > 0 ? Math.max(...workbookRuns.map((run) => run.peakRssMb)) : Number.NaN;
const workbookSection = !measure("workbook")
  ? null
  : `## Audit workbook (issue: Reports)

The month's audit workbook for all agencies with ${number(workbookRows)} violation rows, built in a child process with
the app's heap limit (wall time and that process's peak RSS).

| figure | value | target | ratio to target |
|---|---|---|---|
| build time | ${number(workbookSeconds, 1)} s | < 20 s | ${number(20 / workbookSeconds, 2)} |
| peak RSS | ${number(workbookPeak)} MB | < 500 MB | ${number(500 / workbookPeak, 2)} |`;

const reconcileSeconds = reconcileRuns.length > 0 ? median(reconcileRuns.map((run) => run.seconds)) : Number.NaN;
const reconcilePeak = reconcileRuns.length > 0 ? Math.max(...reconcileRuns.map((run) => run.peakRssMb)) : Number.NaN;
const reconcileFirst = reconcileRuns[0];
const reconcileSection = !measure("reconcile") || !reconcileFirst
  ? null
  : `## Reconciliation (issue: Money)

Every account reconciled from scratch (\`reconcileAllAccounts\`, ADR 038): ${number(reconcileFirst.payments)} agency PAYMENT
events against ${number(reconcileFirst.entries)} ledger entries (mostly exact remittances; late, short, split, missing,
direct and reversed ones mixed in), read in one COPY ordered by account, matched account by account and written with
COPY (${number(reconcileFirst.items)} items), in a child process with the app's heap limit.

| figure | value | target | ratio to target |
|---|---|---|---|
| full reconciliation | ${number(reconcileSeconds, 1)} s (${number((reconcileFirst.payments + reconcileFirst.entries) / reconcileSeconds)} rows/s) | < 30 s | ${number(30 / reconcileSeconds, 2)} |
| peak RSS | ${number(reconcilePeak)} MB | < 500 MB | ${number(500 / reconcilePeak, 2)} |`;

const purgeSeconds = purgeRuns.length > 0 ? median(purgeRuns.map((run) => run.seconds)) : Number.NaN;
const purgeMonthGone = purgeRuns.length > 0 ? median(purgeRuns.map((run) => run.monthGoneSeconds)) : Number.NaN;
const purgeKeys = purgeRuns.length > 0 ? median(purgeRuns.map((run) => run.keySeconds)) : Number.NaN;
const purgeFirst = purgeRuns[0];
const purgeSection = !measure("purge") || !purgeFirst
  ? null
  : `## Retention purge (issue: Years of logs)

The retention purge (ADR 041) of the oldest month of ${number(purgeFirst.events)} activity events spread over twelve
months and ten agencies (written with generate_series SQL in ${number(purgeFirst.seedSeconds)} s — the demo at this size
takes far longer to load and its shape does not matter here), each month in its own partitions, with a violation on one
event in 49 and one account under legal hold (${purgeFirst.heldMonth ? "with events in the purged month, so it falls back to batched DELETE" : "none of whose events is in the purged month, so its partitions are dropped"}):
${number(purgeFirst.monthEvents)} events and ${number(purgeFirst.violations)} violations removed (${number(purgeFirst.heldKept)} held events kept).

| figure | value | target | ratio to target |
|---|---|---|---|
| purge of one month | ${number(purgeSeconds, 1)} s (${number(purgeFirst.monthEvents / purgeSeconds)} events/s) | < 5 s | ${number(5 / purgeSeconds, 2)} |
| of which until the month's rows are gone and its tables unlocked | ${number(purgeMonthGone, 1)} s | — | — |
| of which its idempotency keys, deleted after the drop | ${number(purgeKeys, 1)} s | — | — |`;

const preamble = `# Benchmarks

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}. Machine: ${machine}.
Figures are medians of ${runs} runs on generated data; they are measurements, not tests: the machine is shared and
noisy, so compare ratios between runs on the same machine rather than absolute figures. Sections not measured in
the latest run (\`--only\`) keep the figures, date and machine of the run that measured them; sections written by
hand (or by another script) are kept as they are, and so are notes inside a measured section between
\`${HAND_WRITTEN_START}\` and \`${HAND_WRITTEN_END}\`.`;
const measuredSections = [importSection, rulesSection, dashboardsSection, httpSection, workbookSection, reconcileSection, purgeSection, citusText]
  .filter((text): text is string => text !== null)
  .map((text) => ({ heading: splitReport(text).sections[0]!.heading, text }));
const report = mergeReport(previous, preamble, measuredSections);
await writeFile(target, report);
log(`wrote ${target}`);
