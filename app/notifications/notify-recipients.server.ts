import { getPrisma } from "~/db/client.server";
import { getEnv } from "~/env.server";
import type { Prisma } from "~/generated/prisma/client";
import { notificationMessageSchema, type Audience, type NotificationMessage } from "./notification-message";
import { enqueueNotificationEmails } from "./notification-email-queue.server";

// The one way anything notifies people: the findings workflow (and whatever comes later) says who should hear about
// what; this module decides which accounts that is, stores one row per person and asks the worker to e-mail them.

type Db = Prisma.TransactionClient | ReturnType<typeof getPrisma>;

export type NotifyResult = { userIds: number[]; notificationIds: number[] };

/**
 * Active accounts an audience names. Deactivated users never; an agency's users only while the agency is active;
 * AGENCY users only for what concerns their own agency (an agency audience, or a userIds audience whose message says
 * it concerns their agency).
 */
export async function resolveAudience(audience: Audience, concernsAgencyId: number | undefined, db: Db = getPrisma()): Promise<number[]> {
  const activeAgency = { active: true } as const;
  const users = await db.user.findMany({
    where:
      "agencyId" in audience
        ? { active: true, role: "AGENCY", agencyId: audience.agencyId, agency: activeAgency }
        : "roles" in audience
          ? { active: true, role: { in: audience.roles } }
          : {
              active: true,
              id: { in: audience.userIds },
              OR: [{ role: { not: "AGENCY" } }, ...(concernsAgencyId === undefined ? [] : [{ role: "AGENCY" as const, agencyId: concernsAgencyId, agency: activeAgency }])],
            },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  return users.map((user) => user.id);
}

/**
 * Validates the message (a known kind, every param its texts use, a link inside the app), writes one notification per
 * recipient in one statement and queues their e-mail when the server sends e-mail. Pass the caller's transaction as
 * `db` to commit the notifications with the change they announce; an e-mail job that runs before that commit finds
 * nothing yet, and the worker's periodic sweep sends it.
 */
export async function notifyRecipients(message: NotificationMessage, options: { now?: Date; db?: Db } = {}): Promise<NotifyResult> {
  const parsed = notificationMessageSchema.safeParse(message);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "message"}: ${issue.message}`).join("; ");
    throw new Error(`Invalid notification: ${problems}`);
  }
  const { audience, kind, params, link, concernsAgencyId } = parsed.data;
  const db = options.db ?? getPrisma();
  const now = options.now ?? new Date();
  const userIds = await resolveAudience(audience, "agencyId" in audience ? audience.agencyId : concernsAgencyId, db);
  if (userIds.length === 0) return { userIds, notificationIds: [] };
  const rows = await db.notification.createManyAndReturn({
    data: userIds.map((userId) => ({ userId, kind, params, link, createdAt: now })),
    select: { id: true },
  });
  if (getEnv().SMTP_URL) {
    // A notification that cannot be e-mailed right now is still stored and shown; the periodic sweep retries.
    await enqueueNotificationEmails().catch((error: unknown) => console.error("[notifications] could not queue e-mail", error));
  }
  return { userIds, notificationIds: rows.map((row) => row.id) };
}
