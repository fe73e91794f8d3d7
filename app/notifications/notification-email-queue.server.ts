// Three pg-boss queues carry e-mail to the worker processes (never the web server, ADR 024):
// "notification-email" sends what IMMEDIATE users have pending: a job is queued whenever notifications are written,
// and a cron fires it every 10 minutes for what a failed or early job left; "notification-digest" is the daily
// digest, fired by a cron at NOTIFICATION_DIGEST_HOUR in the lender's reporting time zone; "invitation-email" sends
// a new invitation link.
import type PgBoss from "pg-boss";
import { sendInvitationEmail, type InvitationEmailJob } from "~/admin/invitation-email.server";
import { getEnv } from "~/env.server";
import { createJobQueue, getQueue } from "~/jobs/queue.server";
import { getSetting } from "~/settings/settings.server";
import { sendDailyDigests, sendPendingNotificationEmails } from "./send-notification-emails.server";

export const NOTIFICATION_EMAIL_QUEUE = "notification-email";
export const NOTIFICATION_DIGEST_QUEUE = "notification-digest";
/** Invitation links (Settings → Users), one job per link. */
export const INVITATION_EMAIL_QUEUE = "invitation-email";
export const NOTIFICATION_EMAIL_SWEEP_CRON = "*/10 * * * *";

export function digestCron(hour: number): string {
  return `0 ${hour} * * *`;
}

// Per pg-boss instance (a stopped queue is started anew, possibly on another database in tests).
const queuesCreated = new WeakMap<PgBoss, Promise<void>>();

async function notificationQueues(): Promise<PgBoss> {
  const boss = await getQueue();
  let created = queuesCreated.get(boss);
  if (!created) {
    // "stately": at most one queued and one running, so a burst of notifications is one pass, not one job each.
    // A pass with a failed send fails the job, which pg-boss retries with a growing delay.
    created = (async () => {
      await createJobQueue(boss, { name: NOTIFICATION_EMAIL_QUEUE, policy: "stately", retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 900 });
      await createJobQueue(boss, { name: NOTIFICATION_DIGEST_QUEUE, policy: "stately", retryLimit: 3, retryDelay: 300, expireInSeconds: 3600 });
      await createJobQueue(boss, { name: INVITATION_EMAIL_QUEUE, retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 300 });
    })();
    queuesCreated.set(boss, created);
    created.catch(() => queuesCreated.delete(boss));
  }
  await created;
  return boss;
}

export async function enqueueNotificationEmails(): Promise<void> {
  const boss = await notificationQueues();
  await boss.send(NOTIFICATION_EMAIL_QUEUE, {});
}

/**
 * Queues the e-mail of a new invitation link when the server sends e-mail; false when it does not. The job holds the
 * working token (the database only its hash), so the worker deletes the job once it has sent it or given up.
 */
export async function enqueueInvitationEmail(job: InvitationEmailJob): Promise<boolean> {
  if (!getEnv().SMTP_URL) return false;
  const boss = await notificationQueues();
  await boss.send(INVITATION_EMAIL_QUEUE, job satisfies InvitationEmailJob);
  return true;
}

/** Fails the job (so pg-boss retries it) when a send failed; what was sent stays sent. */
function throwOnFailures(what: string, result: { sent: number; failed: number }): void {
  if (result.sent > 0) console.info(`[notifications] ${what}: ${result.sent} sent`);
  if (result.failed > 0) throw new Error(`${what}: ${result.failed} could not be sent (see the errors above); retrying`);
}

/** Worker processes only. `now` and the polling interval are for tests. */
export async function startNotificationEmailWorkers(options: { pollingIntervalSeconds?: number; now?: () => Date } = {}): Promise<void> {
  const boss = await notificationQueues();
  const now = options.now ?? (() => new Date());
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 2;
  await boss.schedule(NOTIFICATION_EMAIL_QUEUE, NOTIFICATION_EMAIL_SWEEP_CRON, {}, { tz: "UTC" });
  // The lender's zone as the worker starts: a changed zone applies from the next worker start.
  await boss.schedule(NOTIFICATION_DIGEST_QUEUE, digestCron(getEnv().NOTIFICATION_DIGEST_HOUR), {}, { tz: await getSetting("lender.timeZone") });
  await boss.work(NOTIFICATION_EMAIL_QUEUE, { batchSize: 1, pollingIntervalSeconds }, async () => {
    if (!getEnv().SMTP_URL) return;
    throwOnFailures("notification e-mail", await sendPendingNotificationEmails({ now: now() }));
  });
  await boss.work<InvitationEmailJob>(INVITATION_EMAIL_QUEUE, { batchSize: 1, pollingIntervalSeconds, includeMetadata: true }, async ([job]) => {
    if (!job) return;
    try {
      const outcome = await sendInvitationEmail(job.data, { now: now() });
      if (outcome !== "sent") console.info(`[invitations] e-mail of invitation ${job.data.invitationId} not sent: ${outcome}`);
    } catch (error) {
      if (job.retryCount < job.retryLimit) throw error;
      console.error(`[invitations] e-mail of invitation ${job.data.invitationId} failed for good; the administrator still has the link`, error);
    }
    // Completed or given up: the token leaves the job table (completing a deleted job changes nothing).
    await boss.deleteJob(INVITATION_EMAIL_QUEUE, job.id);
  });
  await boss.work(NOTIFICATION_DIGEST_QUEUE, { batchSize: 1, pollingIntervalSeconds }, async () => {
    if (!getEnv().SMTP_URL) return;
    throwOnFailures("daily digest", await sendDailyDigests({ now: now() }));
  });
}
