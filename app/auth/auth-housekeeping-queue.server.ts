// The "auth-housekeeping" pg-boss queue: pg-boss's cron fires it hourly and whichever worker is free (the server)
// prunes ended sessions, old sign-in attempts and expired upload grants, and deletes uploaded files past their time
// (app/ingest/pipeline/prune-uploads.server.ts). The schedule lives in PostgreSQL, so
// several servers share it and a restart neither skips nor doubles a run.
import { pruneUploads } from "~/ingest/pipeline/prune-uploads.server";
import { createJobQueue, getQueue } from "~/jobs/queue.server";
import { pruneAuthRecords } from "./prune-auth-records.server";

export const AUTH_HOUSEKEEPING_QUEUE = "auth-housekeeping";
/** Hourly, at 23 minutes past (UTC). */
export const AUTH_HOUSEKEEPING_CRON = "23 * * * *";

/** pollingIntervalSeconds: how soon a fired run is picked up; tests shorten it. */
export async function startAuthHousekeeping(options: { pollingIntervalSeconds?: number } = {}): Promise<void> {
  const boss = await getQueue();
  // Nothing to retry: the next hour's run does the same work.
  await createJobQueue(boss, { name: AUTH_HOUSEKEEPING_QUEUE, policy: "singleton", retryLimit: 0, expireInSeconds: 600 });
  await boss.schedule(AUTH_HOUSEKEEPING_QUEUE, AUTH_HOUSEKEEPING_CRON, {}, { tz: "UTC" });
  await boss.work(AUTH_HOUSEKEEPING_QUEUE, { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 30 }, async () => {
    const { sessionsDeleted, loginAttemptsDeleted, uploadGrantsDeleted } = await pruneAuthRecords();
    if (sessionsDeleted + loginAttemptsDeleted + uploadGrantsDeleted > 0) {
      console.info(`[auth] pruned ${sessionsDeleted} ended sessions, ${loginAttemptsDeleted} old sign-in attempts and ${uploadGrantsDeleted} expired upload grants`);
    }
    const uploads = await pruneUploads();
    if (uploads.previewsDeleted + uploads.importedDeleted > 0) {
      console.info(`[uploads] deleted ${uploads.previewsDeleted} unconfirmed previews and ${uploads.importedDeleted} imported files past their retention (${uploads.bytesFreed} bytes)`);
    }
  });
}
