// The "audit-report" pg-boss queue: generation and finalisation run in the background with progress on the row,
// so the page only polls. The server is the worker (server/start-server.ts); the CLI runs a report inline instead.
import type PgBoss from "pg-boss";
import { createJobQueue, getQueue } from "~/jobs/queue.server";
import type { Locale } from "~/i18n/locales";

export const AUDIT_REPORT_QUEUE = "audit-report";

export type AuditReportJob = { reportId: number; mode: "draft" | "final"; locale: Locale; userId: number | null };

const created = new WeakSet<PgBoss>();

async function queue(): Promise<PgBoss> {
  const boss = await getQueue();
  if (!created.has(boss)) {
    // A month of 200,000 violations takes well under a minute; an hour means the worker died. One retry.
    await createJobQueue(boss, { name: AUDIT_REPORT_QUEUE, retryLimit: 1, retryDelay: 10, expireInSeconds: 3600 });
    created.add(boss);
  }
  return boss;
}

export async function enqueueAuditReportJob(job: AuditReportJob): Promise<void> {
  const boss = await queue();
  await boss.send(AUDIT_REPORT_QUEUE, job);
}

export async function startAuditReportWorker(handler: (job: AuditReportJob) => Promise<void>): Promise<void> {
  const boss = await queue();
  await boss.work<AuditReportJob>(AUDIT_REPORT_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, async (jobs) => {
    for (const job of jobs) await handler(job.data);
  });
}
