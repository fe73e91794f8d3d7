import { getPrisma } from "~/db/client.server";
import type { EmailPreference } from "~/generated/prisma/enums";
import type { Locale } from "~/i18n/locales";
import { renderNotification } from "./notification-message";

// The notification centre reads and marks only the signed-in user's own rows: every query is keyed by the user id
// the guard returned, so another user's notification id is simply not found.

export const notificationPageSize = 25;
export const emailPreferences = ["IMMEDIATE", "DAILY_DIGEST", "OFF"] as const satisfies readonly EmailPreference[];

export type NotificationItem = { id: number; kind: string; title: string; body: string; link: string; createdAt: string; read: boolean };
export type NotificationPage = { items: NotificationItem[]; page: number; pages: number; total: number; unread: number };

export async function countUnreadNotifications(userId: number): Promise<number> {
  return getPrisma().notification.count({ where: { userId, readAt: null } });
}

/** Newest first, rendered in the reader's language. A page past the end shows the last one. */
export async function listNotifications(userId: number, locale: Locale, requestedPage: number): Promise<NotificationPage> {
  const prisma = getPrisma();
  const [total, unread] = await Promise.all([prisma.notification.count({ where: { userId } }), countUnreadNotifications(userId)]);
  const pages = Math.max(1, Math.ceil(total / notificationPageSize));
  const page = Math.min(Math.max(1, requestedPage), pages);
  const rows = await prisma.notification.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * notificationPageSize,
    take: notificationPageSize,
  });
  return {
    items: rows.map((row) => ({ id: row.id, kind: row.kind, ...renderNotification(locale, row), link: row.link, createdAt: row.createdAt.toISOString(), read: row.readAt !== null })),
    page,
    pages,
    total,
    unread,
  };
}

/** Marks one of the user's notifications read; returns its link (to follow), or null when it is not theirs. */
export async function markNotificationRead(userId: number, notificationId: number, now: Date = new Date()): Promise<{ link: string } | null> {
  const prisma = getPrisma();
  await prisma.notification.updateMany({ where: { id: notificationId, userId, readAt: null }, data: { readAt: now } });
  const row = await prisma.notification.findFirst({ where: { id: notificationId, userId }, select: { link: true } });
  return row;
}

export async function markAllNotificationsRead(userId: number, now: Date = new Date()): Promise<number> {
  const { count } = await getPrisma().notification.updateMany({ where: { userId, readAt: null }, data: { readAt: now } });
  return count;
}

export async function getEmailPreference(userId: number): Promise<{ preference: EmailPreference; email: string }> {
  const user = await getPrisma().user.findUniqueOrThrow({ where: { id: userId }, select: { emailPreference: true, email: true } });
  return { preference: user.emailPreference, email: user.email };
}

export async function setEmailPreference(userId: number, preference: EmailPreference): Promise<void> {
  await getPrisma().user.update({ where: { id: userId }, data: { emailPreference: preference } });
}
