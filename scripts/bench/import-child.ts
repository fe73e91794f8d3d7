import { readFileSync } from "node:fs";
import { createReadStream } from "node:fs";
import { submitImport } from "../../app/ingest/pipeline/submit-import.server";
import { runImportBatch } from "../../app/ingest/pipeline/run-import-batch.server";
import { disconnectPrisma, getPrisma } from "../../app/db/client.server";
import { stopQueue } from "../../app/jobs/queue.server";

// Runs one end-to-end import in its own process so that its peak memory (VmHWM) can be read on its own.
const [filePath, agencyIdText] = process.argv.slice(2);
const started = performance.now();
const submitted = await submitImport({ kind: "ACTIVITIES", agencyId: Number(agencyIdText), source: "CLI", fileName: "bench.csv", body: createReadStream(filePath ?? ""), readHeaderInProcess: true });
if (submitted.status !== "queued") throw new Error(`benchmark import was not queued: ${JSON.stringify(submitted)}`);
const outcome = await runImportBatch(submitted.batchId, { runStages: false });
const seconds = (performance.now() - started) / 1000;
const batch = await getPrisma().importBatch.findUniqueOrThrow({ where: { id: submitted.batchId } });
const peakRssKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? Number.NaN);
// Every thread of this process (the import's, the parsing thread, the garbage collector's helpers).
const cpu = process.cpuUsage();
console.log(JSON.stringify({ outcome, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, acceptedRows: batch.acceptedRows, rejectedRows: batch.rejectedRows, peakRssMb: peakRssKb / 1024, batchId: batch.id }));
await stopQueue();
await disconnectPrisma();
