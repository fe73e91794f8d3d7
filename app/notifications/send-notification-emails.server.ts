import { DateTime } from "luxon";
import { getPrisma } from "~/db/client.server";
import { lockForPrismaTransaction, locks } from "~/db/pg.server";
import { getEnv } from "~/env.server";
import { isLocale, type Locale } from "~/i18n/locales";
import { getSetting } from "~/settings/settings.server";
import { composeDigestEmail, composeNotificationEmail } from "./compose-email";
import { mailServer, sendEmail } from "./mailer.server";

// Each notification is e-mailed at most once: the row is locked and its emailedAt set in the same transaction as the
// SMTP send, so two workers never both send it, and a send that fails leaves it for the next attempt.

/** An IMMEDIATE notification older than this is no longer worth an e-mail (the server had no mail for a day). */
const immediateWindowHours = 24;
/** A digest covers unread notifications up to this old: a skipped day is caught up, a switch to digests is not a flood. */
const digestWindowDays = 7;

export type EmailRunResult = { sent: number; failed: number };

type PendingRow = { id: number; kind: string; params: unknown; link: string };

function localeOf(value: string): Locale {
  return isLocale(value) ? value : "en";
}

/** Sends every pending notification of IMMEDIATE users on its own. Failed sends are counted and left for a retry. */
export async function sendPendingNotificationEmails(options: { now?: Date; smtpUrl?: string; baseUrl?: string } = {}): Promise<EmailRunResult> {
  const smtpUrl = mailServer(options.smtpUrl);
  const result: EmailRunResult = { sent: 0, failed: 0 };
  if (!smtpUrl) return result;
  const now = options.now ?? new Date();
  const baseUrl = options.baseUrl ?? getEnv().PUBLIC_BASE_URL;
  const since = new Date(now.getTime() - immediateWindowHours * 3_600_000);
  const prisma = getPrisma();
  const candidates = await prisma.$queryRaw<{ id: number; email: string; locale: string }[]>`
    SELECT n.id, u.email, u.locale
    FROM "Notification" n
    JOIN "User" u ON u.id = n."userId"
    LEFT JOIN "Agency" a ON a.id = u."agencyId"
    WHERE n."emailedAt" IS NULL AND n."readAt" IS NULL AND n."createdAt" > ${since} AND n."createdAt" <= ${now}
      AND u.active AND u."emailPreference" = 'IMMEDIATE' AND (u.role <> 'AGENCY' OR a.active)
    ORDER BY n.id`;
  for (const candidate of candidates) {
    try {
      const sent = await prisma.$transaction(
        async (tx) => {
          const [row] = await tx.$queryRaw<PendingRow[]>`
            SELECT id, kind, params, link FROM "Notification"
            WHERE id = ${candidate.id} AND "emailedAt" IS NULL AND "readAt" IS NULL
            FOR UPDATE SKIP LOCKED`;
          if (!row) return false;
          await sendEmail(smtpUrl, candidate.email, composeNotificationEmail(localeOf(candidate.locale), row, baseUrl));
          await tx.notification.update({ where: { id: row.id }, data: { emailedAt: now } });
          return true;
        },
        { timeout: 60_000 },
      );
      if (sent) result.sent++;
    } catch (error) {
      result.failed++;
      console.error(`[notifications] e-mail of notification ${candidate.id} failed`, error);
    }
  }
  return result;
}

/** The reporting day a digest run belongs to, in the lender's time zone ("2026-12-05"). */
export function digestDateOf(now: Date, timeZone: string): string {
  return DateTime.fromJSDate(now, { zone: timeZone }).toISODate() ?? now.toISOString().slice(0, 10);
}

/**
 * One e-mail per DAILY_DIGEST user with their unread, not yet e-mailed notifications; a user who already had the
 * day's digest gets none, so a second run (a retry, two workers) sends nothing twice.
 */
export async function sendDailyDigests(options: { now?: Date; smtpUrl?: string; baseUrl?: string } = {}): Promise<EmailRunResult & { digestDate: string }> {
  const now = options.now ?? new Date();
  const digestDate = digestDateOf(now, await getSetting("lender.timeZone"));
  const smtpUrl = mailServer(options.smtpUrl);
  const result = { sent: 0, failed: 0, digestDate };
  if (!smtpUrl) return result;
  const baseUrl = options.baseUrl ?? getEnv().PUBLIC_BASE_URL;
  const since = new Date(now.getTime() - digestWindowDays * 24 * 3_600_000);
  const prisma = getPrisma();
  const users = await prisma.$queryRaw<{ id: number; email: string; locale: string }[]>`
    SELECT u.id, u.email, u.locale
    FROM "User" u
    LEFT JOIN "Agency" a ON a.id = u."agencyId"
    WHERE u.active AND u."emailPreference" = 'DAILY_DIGEST' AND (u.role <> 'AGENCY' OR a.active)
      AND EXISTS (SELECT 1 FROM "Notification" n WHERE n."userId" = u.id AND n."emailedAt" IS NULL AND n."readAt" IS NULL AND n."createdAt" > ${since} AND n."createdAt" <= ${now})
    ORDER BY u.id`;
  for (const user of users) {
    try {
      const sent = await prisma.$transaction(
        async (tx) => {
          await lockForPrismaTransaction(tx, locks.notificationDigest(user.id));
          const [already] = await tx.$queryRaw<{ id: number }[]>`
            SELECT id FROM "Notification" WHERE "userId" = ${user.id} AND "digestDate" = ${digestDate} LIMIT 1`;
          if (already) return false;
          const rows = await tx.$queryRaw<PendingRow[]>`
            SELECT id, kind, params, link FROM "Notification"
            WHERE "userId" = ${user.id} AND "emailedAt" IS NULL AND "readAt" IS NULL AND "createdAt" > ${since} AND "createdAt" <= ${now}
            ORDER BY "createdAt", id
            FOR UPDATE`;
          if (rows.length === 0) return false;
          await sendEmail(smtpUrl, user.email, composeDigestEmail(localeOf(user.locale), rows, baseUrl));
          await tx.notification.updateMany({ where: { id: { in: rows.map((row) => row.id) } }, data: { emailedAt: now, digestDate } });
          return true;
        },
        { timeout: 60_000 },
      );
      if (sent) result.sent++;
    } catch (error) {
      result.failed++;
      console.error(`[notifications] digest for user ${user.id} failed`, error);
    }
  }
  return result;
}
