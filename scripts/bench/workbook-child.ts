import { readFileSync } from "node:fs";
import { disconnectPrisma, getPrisma } from "../../app/db/client.server";
import { stopQueue } from "../../app/jobs/queue.server";
import { parseAuditSummary } from "../../app/reports/audit-summary";
import { requestAuditReport, runAuditReportJob } from "../../app/reports/generate-audit-report.server";
import { closePool } from "../../app/db/pg.server";

// Builds one audit workbook in its own process so that its peak memory (VmHWM) can be read on its own.
const month = process.argv[2] ?? "2026-10";
const started = performance.now();
const { id } = await requestAuditReport({ month, agencyId: null, masked: false, userId: null, locale: "en" }, { enqueue: false });
let logged = -10;
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const logMemory = (stage: string) => {
  const memory = process.memoryUsage();
  console.error(`[workbook] ${stage} rss ${mb(memory.rss)} heap ${mb(memory.heapUsed)}/${mb(memory.heapTotal)} external ${mb(memory.external)} buffers ${mb(memory.arrayBuffers)} MB`);
};
// The end (last sheets, zip commit, store) runs without progress callbacks; a sampler shows where the peak falls.
let highest = 0;
const sampler = process.env.WORKBOOK_BENCH_MEMORY
  ? setInterval(() => {
      const rss = process.memoryUsage.rss();
      if (rss > highest + 10 * 2 ** 20) {
        highest = rss;
        logMemory(`+${((performance.now() - started) / 1000).toFixed(1)} s new high`);
      }
    }, 100)
  : undefined;
await runAuditReportJob(
  { reportId: id, mode: "draft", locale: "en", userId: null },
  {
    onProgress: (percent) => {
      if (!process.env.WORKBOOK_BENCH_MEMORY || percent - logged < 10) return;
      logged = percent;
      logMemory(`${percent}%`);
    },
  },
);
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
const report = await getPrisma().auditReport.findUniqueOrThrow({ where: { id }, select: { jobState: true, errorMessage: true, fileSize: true, summary: true } });
if (report.jobState !== "SUCCEEDED") throw new Error(`report failed: ${report.errorMessage}`);
const peakRssKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? Number.NaN);
console.log(JSON.stringify({ seconds, peakRssMb: peakRssKb / 1024, rows: parseAuditSummary(report.summary)?.rowCounts.violations ?? 0, fileBytes: report.fileSize }));
await stopQueue();
await closePool();
await disconnectPrisma();
