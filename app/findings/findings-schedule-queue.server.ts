// The "findings-schedule" pg-boss queue: pg-boss's cron fires it daily and a worker runs the findings clock
// (finding-schedule.server.ts: escalations, verifications, reminders) and the automatic policy for the last closed
// month (idempotent: a month's findings are raised once, whichever day first sees it closed). The schedule lives in
// PostgreSQL, so several workers share it and a restart neither skips nor doubles a run.
import { currentTime } from "~/clock/clock.server";
import { createJobQueue, getQueue } from "~/jobs/queue.server";
import type { FindingNotificationEvent } from "./finding-notifications";
import { lastClosedMonth, runFindingPolicy } from "./finding-policy-runner.server";
import { runFindingsSchedule } from "./finding-schedule.server";

export const FINDINGS_SCHEDULE_QUEUE = "findings-schedule";
/** Daily at 02:10 UTC (10:10 in Shanghai, the evening before in New York): after the night's imports. */
export const FINDINGS_SCHEDULE_CRON = "10 2 * * *";

/** One run: the policy for the last closed month, then the clock. Returns what was notified (each change notifies in its own transaction). */
export async function runFindingsDaily(now: Date): Promise<{ raised: number; notifications: FindingNotificationEvent[] }> {
  const policy = await runFindingPolicy({ month: await lastClosedMonth(now), now });
  const schedule = await runFindingsSchedule(now);
  if (policy.raised.length + schedule.escalated.length + schedule.verificationsStarted.length > 0) {
    console.info(`[findings] ${policy.raised.length} raised by the policy for ${policy.month}, ${schedule.escalated.length} escalated, ${schedule.verificationsStarted.length} verifications started`);
  }
  return { raised: policy.raised.length, notifications: schedule.notifications };
}

export async function startFindingsSchedule(options: { pollingIntervalSeconds?: number } = {}): Promise<void> {
  const boss = await getQueue();
  await createJobQueue(boss, { name: FINDINGS_SCHEDULE_QUEUE, policy: "singleton", retryLimit: 1, expireInSeconds: 1800 });
  await boss.schedule(FINDINGS_SCHEDULE_QUEUE, FINDINGS_SCHEDULE_CRON, {}, { tz: "UTC" });
  await boss.work(FINDINGS_SCHEDULE_QUEUE, { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 60 }, async () => {
    await runFindingsDaily(currentTime());
  });
}
