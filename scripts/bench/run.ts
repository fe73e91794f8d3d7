import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startBenchDatabase } from "./bench-database";
import { benchmarkImport, type ImportBenchResult } from "./import-bench";

// `npm run bench`: measures on generated data in a fresh embedded PostgreSQL and writes docs/BENCHMARKS.md.
// It asserts nothing about time (machines are noisy) but fails loudly when a figure cannot be measured.
const { values } = parseArgs({ options: { rows: { type: "string", default: "1000000" }, runs: { type: "string", default: "3" } } });
const rows = Number(values.rows);
const runs = Number(values.runs);
const log = (line: string) => console.log(`[bench] ${line}`);

const database = await startBenchDatabase();
let importResult: ImportBenchResult;
try {
  await mkdir(path.join(database.directory, "uploads"), { recursive: true });
  importResult = await benchmarkImport({ databaseUrl: database.url, workDirectory: database.directory, rows, runs, log });
} finally {
  await database.dispose();
}

const number = (value: number, digits = 0) => value.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, ${number(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, embedded PostgreSQL 18`;
const report = `# Benchmarks

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}. Machine: ${machine}.
Figures are medians of ${runs} runs on generated data in a fresh database; they are measurements, not tests.

## Import (issue: Ingestion)

${number(importResult.rows)} activity rows (12 columns, Chinese SMS texts) in a CSV file, imported end to end (upload
stored and hashed, header checked, decoded, parsed, mapped, validated, staged with COPY, checked against accounts,
placements and earlier events, merged, summarised, committed), against a plain \`COPY\` of the same rows into the
same table (with its indexes) in the same run.

| figure | value | target | ratio to target |
|---|---|---|---|
| plain COPY into ActivityEvent | ${number(importResult.copyRowsPerSecond)} rows/s | — | — |
| import end to end | ${number(importResult.importRowsPerSecond)} rows/s | ≥ ${number(importResult.copyRowsPerSecond / 2)} rows/s (half of COPY) | ${number(importResult.ratio / 0.5, 2)} |
| import ÷ COPY | ${number(importResult.ratio, 2)} | ≥ 0.50 | ${number(importResult.ratio / 0.5, 2)} |
| peak RSS of the importing process | ${number(importResult.peakRssMb)} MB | < 500 MB | ${number(500 / importResult.peakRssMb, 2)} |
`;
const target = path.resolve(import.meta.dirname, "../../docs/BENCHMARKS.md");
await writeFile(target, report);
log(`wrote ${target}`);
