// The "agency-register-schedule" pg-boss queue: pg-boss's cron fires it daily and one worker sends the day's expiry
// reminders (expiry-reminders.server.ts). The schedule lives in PostgreSQL, so several workers share it; the
// reminders' unique key makes a repeated or overlapping run harmless.
import { createJobQueue, getQueue } from "~/jobs/queue.server";
import { runExpiryReminders } from "./expiry-reminders.server";

export const REGISTER_SCHEDULE_QUEUE = "agency-register-schedule";
/** Daily at 01:05 UTC (09:05 in Shanghai): reminders arrive at the start of the lender's working day. */
export const REGISTER_SCHEDULE_CRON = "5 1 * * *";

export async function startAgencyRegisterSchedule(options: { pollingIntervalSeconds?: number } = {}): Promise<void> {
  const boss = await getQueue();
  await createJobQueue(boss, { name: REGISTER_SCHEDULE_QUEUE, policy: "singleton", retryLimit: 1, expireInSeconds: 1800 });
  await boss.schedule(REGISTER_SCHEDULE_QUEUE, REGISTER_SCHEDULE_CRON, {}, { tz: "UTC" });
  await boss.work(REGISTER_SCHEDULE_QUEUE, { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 60 }, async () => {
    const result = await runExpiryReminders(new Date());
    if (result.sent.length > 0) console.info(`[agency-register] ${result.sent.length} expiry reminder(s) sent for ${result.today}`);
  });
}
