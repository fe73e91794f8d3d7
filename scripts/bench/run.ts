import { mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { median, startBenchDatabase } from "./bench-database";
import { benchmarkImport, type ImportBenchResult } from "./import-bench";
import { disconnectPrisma } from "../../app/db/client.server";
import { closeRulesPool } from "../../app/rules/evaluate-rules.server";
import { benchmarkRules, type RulesBenchResult } from "./rules-bench";

// `npm run bench`: measures on generated data in a fresh embedded PostgreSQL and writes docs/BENCHMARKS.md.
// It asserts nothing about time (machines are noisy) but fails loudly when a figure cannot be measured.
// --only import|rules measures one section; the other keeps its figures from the existing docs/BENCHMARKS.md.
const { values } = parseArgs({ options: { rows: { type: "string", default: "1000000" }, runs: { type: "string", default: "3" }, only: { type: "string" } } });
const rows = Number(values.rows);
const runs = Number(values.runs);
if (values.only !== undefined && values.only !== "import" && values.only !== "rules") throw new Error(`--only must be import or rules, not '${values.only}'`);
const measure = (section: "import" | "rules") => values.only === undefined || values.only === section;
const target = path.resolve(import.meta.dirname, "../../docs/BENCHMARKS.md");
const previous = await readFile(target, "utf8").catch(() => "");
/** A section ("## Heading" up to the next "## ") of the previous report, for the section not measured this time. */
function previousSection(heading: string): string {
  const start = previous.indexOf(`## ${heading}`);
  if (start < 0) throw new Error(`docs/BENCHMARKS.md has no '${heading}' section to keep; run without --only`);
  const end = previous.indexOf("\n## ", start + 3);
  return previous.slice(start, end < 0 ? undefined : end).trimEnd();
}
const log = (line: string) => console.log(`[bench] ${line}`);

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
      // The rule engine's pool and Prisma hold connections to this server: close them before it stops.
      await closeRulesPool();
      await disconnectPrisma();
    }
  });
  log(`rules run ${run}: full ${result.fullSeconds.toFixed(1)} s, incremental ${result.incrementalSeconds.toFixed(2)} s`);
  rulesRuns.push(result);
}
const rulesFullSeconds = measure("rules") ? median(rulesRuns.map((run) => run.fullSeconds)) : Number.NaN;
const rulesIncrementalSeconds = measure("rules") ? median(rulesRuns.map((run) => run.incrementalSeconds)) : Number.NaN;
const incrementalRows = rulesRuns[0]?.incrementalRows ?? 0;

const number = (value: number, digits = 0) => value.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, ${number(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, embedded PostgreSQL 18`;
const importSection = !importResult
  ? previousSection("Import (issue: Ingestion)")
  : `## Import (issue: Ingestion)

${number(importResult.rows)} activity rows (12 columns, Chinese SMS texts) in a CSV file, imported end to end (upload
stored and hashed, header checked, decoded, parsed, mapped, validated, checked against accounts, placements, earlier
events and earlier rows of the file, written with COPY, summarised, committed), against a plain \`COPY\` of the same
rows into the same table (with its indexes) in the same run.

| figure | value | target | ratio to target |
|---|---|---|---|
| plain COPY into ActivityEvent | ${number(importResult.copyRowsPerSecond)} rows/s | — | — |
| import end to end | ${number(importResult.importRowsPerSecond)} rows/s | ≥ ${number(importResult.copyRowsPerSecond / 2)} rows/s (half of COPY) | ${number(importResult.ratio / 0.5, 2)} |
| import ÷ COPY | ${number(importResult.ratio, 2)} | ≥ 0.50 | ${number(importResult.ratio / 0.5, 2)} |
| peak RSS of the importing process | ${number(importResult.peakRssMb)} MB | < 500 MB | ${number(500 / importResult.peakRssMb, 2)} |

"Ratio to target" is figure ÷ target for rates (above 1 meets it) and target ÷ figure for times and memory.`;
const rulesSection = !measure("rules")
  ? previousSection("Rule evaluation (issue: Compliance rule engine)")
  : `## Rule evaluation (issue: Compliance rule engine)

Every rule of both packs over ${number(rows)} generated events (China and US agencies, mostly compliant activity), read
from PostgreSQL in customer chunks, evaluated, and the violations merged (insert, refresh, withdraw) — then an
incremental pass for a ${number(incrementalRows)}-event batch, as an import triggers it.

| figure | value | target | ratio to target |
|---|---|---|---|
| full evaluation | ${number(rulesFullSeconds, 1)} s (${number(rows / rulesFullSeconds)} events/s) | < 20 s | ${number(20 / rulesFullSeconds, 2)} |
| incremental pass, ${number(incrementalRows)}-row batch | ${number(rulesIncrementalSeconds, 2)} s | < 2 s | ${number(2 / rulesIncrementalSeconds, 2)} |`;
const report = `# Benchmarks

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}. Machine: ${machine}.
Figures are medians of ${runs} runs on generated data in a fresh database; they are measurements, not tests.

${importSection}

${rulesSection}

## Not measured yet

Dashboard loaders at 1M and 10M events, the HTTP load test and the 200,000-row audit workbook belong to the metrics,
reports and demo issues, which are not built yet; this file gains those sections when they are.
`;
await writeFile(target, report);
log(`wrote ${target}`);
