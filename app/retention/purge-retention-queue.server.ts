// The "retention-purge" pg-boss queue (ADR 041): pg-boss's cron fires it daily and one worker purges what is past
// the retention period (purge-expired-records.server.ts). The schedule lives in PostgreSQL, so several workers share
// it; the purge's own session lock keeps a CLI purge and the job from overlapping.
import { currentTime } from "~/clock/clock.server";
import { ensureMonthPartitions, monthsInDefaultPartitions, utcMonthOf } from "~/db/month-partitions.server";
import { withTransaction } from "~/db/pg.server";
import { createJobQueue, getQueue } from "~/jobs/queue.server";
import { purgeExpiredRecords, type PurgeResult } from "./purge-expired-records.server";

export const RETENTION_PURGE_QUEUE = "retention-purge";
/** Daily at 03:40 UTC: after the night's imports and the findings schedule. */
export const RETENTION_PURGE_CRON = "40 3 * * *";

/** One run of the job; the job log gets one line per purged month and the totals. */
export async function runRetentionPurge(now: Date): Promise<PurgeResult> {
  // This month's and next month's partitions made ahead (ADR 041), so the day's imports find them, and the months of
  // rows left in DEFAULT (an import whose late creation failed, a restore) made now, their rows moved.
  const waiting = await withTransaction((client) => monthsInDefaultPartitions(client));
  await ensureMonthPartitions([utcMonthOf(now), utcMonthOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1))), ...waiting]);
  const result = await purgeExpiredRecords({ now });
  for (const month of result.months) {
    console.info(`[retention] ${month.month}: removed ${month.events} events, ${month.violations} violations, ${month.complaintLinks} complaint links; kept ${month.heldEventsKept} under legal hold`);
  }
  if (result.totals.keysAfterDrop > 0) console.info(`[retention] removed ${result.totals.keysAfterDrop} idempotency keys of events whose months were dropped`);
  if (result.totals.uploads > 0) console.info(`[retention] removed ${result.totals.uploads} uploads' rejected rows and ${result.totals.files} stored files (batches ${result.uploads.map((upload) => upload.batchId).join(", ")})`);
  return result;
}

export async function startRetentionPurge(options: { pollingIntervalSeconds?: number } = {}): Promise<void> {
  const boss = await getQueue();
  // Nothing to retry: tomorrow's run does the same work, and a batch already deleted stays deleted.
  await createJobQueue(boss, { name: RETENTION_PURGE_QUEUE, policy: "singleton", retryLimit: 0, expireInSeconds: 3600 });
  await boss.schedule(RETENTION_PURGE_QUEUE, RETENTION_PURGE_CRON, {}, { tz: "UTC" });
  await boss.work(RETENTION_PURGE_QUEUE, { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 60 }, async () => {
    await runRetentionPurge(currentTime());
  });
}
