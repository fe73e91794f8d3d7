// The "complaints-schedule" pg-boss queue: pg-boss's cron fires it daily and a worker escalates overdue agency
// accounts (complaint-schedule.server.ts), as the findings-schedule queue does for findings.
import { createJobQueue, getQueue } from "~/jobs/queue.server";
import { runComplaintsSchedule } from "./complaint-schedule.server";

export const COMPLAINTS_SCHEDULE_QUEUE = "complaints-schedule";
/** Daily at 02:20 UTC, after the findings' run. */
export const COMPLAINTS_SCHEDULE_CRON = "20 2 * * *";

export async function startComplaintsSchedule(options: { pollingIntervalSeconds?: number } = {}): Promise<void> {
  const boss = await getQueue();
  await createJobQueue(boss, { name: COMPLAINTS_SCHEDULE_QUEUE, policy: "singleton", retryLimit: 1, expireInSeconds: 1800 });
  await boss.schedule(COMPLAINTS_SCHEDULE_QUEUE, COMPLAINTS_SCHEDULE_CRON, {}, { tz: "UTC" });
  await boss.work(COMPLAINTS_SCHEDULE_QUEUE, { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 60 }, async () => {
    const result = await runComplaintsSchedule(new Date());
    if (result.escalated.length > 0) console.info(`[complaints] ${result.escalated.length} overdue agency accounts escalated`);
  });
}
