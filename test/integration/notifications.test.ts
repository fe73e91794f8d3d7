import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { createAgency, ensureUser } from "~/demo/factories.server";
import { countUnreadNotifications, listNotifications, notificationPageSize } from "~/notifications/notification-centre.server";
import { notifyRecipients } from "~/notifications/notify-recipients.server";
import { action as notificationsAction, loader as notificationsLoader } from "~/routes/_app.notifications";
import { action as settingsAction } from "~/routes/_app.settings._index";
import { buildRequest, runRoute, sessionCookieFor } from "../support/route-harness";
import { useOwnDatabase } from "../support/own-database";

// A roles audience reaches every active user with the role, so this file has a database of its own.

let restoreDatabase: () => Promise<void>;
const ids = {} as Record<"blitz" | "anchor" | "closed", number>;
const users = {} as Record<"compliance" | "complianceZh" | "vendor" | "executive" | "admin" | "formerCompliance" | "blitzUser" | "blitzFormer" | "anchorUser" | "closedUser", number>;
const params = { title: "Calls after 21:00", agency: "BLITZ", dueDate: "2026-12-20" };
const now = new Date("2026-12-05T06:00:00Z");

beforeAll(async () => {
  restoreDatabase = await useOwnDatabase("notifications");
  ids.blitz = await createAgency({ code: "NBLITZ" });
  ids.anchor = await createAgency({ code: "NANCHOR" });
  ids.closed = await createAgency({ code: "NCLOSED" });
  const user = (email: string, role: Parameters<typeof ensureUser>[0]["role"], agencyId?: number, locale: "en" | "zh-CN" = "en") =>
    ensureUser({ email, name: email.split("@")[0] ?? email, role, agencyId, locale });
  users.compliance = await user("compliance@notify.test", "COMPLIANCE");
  users.complianceZh = await user("hegui@notify.test", "COMPLIANCE", undefined, "zh-CN");
  users.vendor = await user("vendor@notify.test", "VENDOR_MANAGER");
  users.executive = await user("exec@notify.test", "EXECUTIVE");
  users.admin = await user("admin@notify.test", "ADMIN");
  users.formerCompliance = await user("former@notify.test", "COMPLIANCE");
  users.blitzUser = await user("ops@blitz.test", "AGENCY", ids.blitz);
  users.blitzFormer = await user("gone@blitz.test", "AGENCY", ids.blitz);
  users.anchorUser = await user("ops@anchor.test", "AGENCY", ids.anchor);
  users.closedUser = await user("ops@closed.test", "AGENCY", ids.closed);
  const prisma = getPrisma();
  await prisma.user.updateMany({ where: { id: { in: [users.formerCompliance, users.blitzFormer] } }, data: { active: false } });
  await prisma.agency.update({ where: { id: ids.closed }, data: { active: false } });
});

afterAll(async () => {
  await restoreDatabase();
});

async function recipientsOf(notificationIds: number[]): Promise<number[]> {
  const rows = await getPrisma().notification.findMany({ where: { id: { in: notificationIds } }, select: { userId: true }, orderBy: { userId: "asc" } });
  return rows.map((row) => row.userId);
}

describe("who receives a notification", () => {
  test("an agency audience: that agency's active AGENCY users, no one else", async () => {
    const result = await notifyRecipients({ audience: { agencyId: ids.blitz }, kind: "FINDING_ISSUED", params, link: "/findings/1" }, { now });
    expect(result.userIds).toEqual([users.blitzUser]);
    expect(await recipientsOf(result.notificationIds)).toEqual([users.blitzUser]);
  });

  test("an agency id as a string (as routes pass it) reaches the same users", async () => {
    expect((await notifyRecipients({ audience: { agencyId: String(ids.anchor) }, kind: "FINDING_ISSUED", params, link: "/findings/2" }, { now })).userIds).toEqual([users.anchorUser]);
  });

  test("a deactivated agency's users receive nothing", async () => {
    const result = await notifyRecipients({ audience: { agencyId: ids.closed }, kind: "FINDING_OVERDUE", params, link: "/findings/3" }, { now });
    expect(result).toEqual({ userIds: [], notificationIds: [] });
  });

  test("a roles audience: the active lender users with those roles; never an agency's user", async () => {
    const result = await notifyRecipients({ audience: { roles: ["COMPLIANCE", "ADMIN"] }, kind: "FINDING_RESPONDED", params, link: "/findings/1" }, { now });
    expect(result.userIds).toEqual([users.compliance, users.complianceZh, users.admin].sort((a, b) => a - b));
  });

  test("a userIds audience: lender users named; AGENCY users only when the message concerns their own, active agency", async () => {
    const named = [users.vendor, users.formerCompliance, users.blitzUser, users.anchorUser, users.closedUser];
    const aboutNoAgency = await notifyRecipients({ audience: { userIds: named }, kind: "CONTEST_DECIDED", params, link: "/violations" }, { now });
    expect(aboutNoAgency.userIds).toEqual([users.vendor]);
    const aboutBlitz = await notifyRecipients({ audience: { userIds: named }, kind: "CONTEST_DECIDED", params, link: "/violations", concernsAgencyId: ids.blitz }, { now });
    expect(aboutBlitz.userIds).toEqual([users.vendor, users.blitzUser].sort((a, b) => a - b));
    const aboutClosed = await notifyRecipients({ audience: { userIds: named }, kind: "CONTEST_DECIDED", params, link: "/violations", concernsAgencyId: ids.closed }, { now });
    expect(aboutClosed.userIds).toEqual([users.vendor]);
  });

  test("an agency's user sees only notifications about their own agency", async () => {
    const rows = await getPrisma().notification.findMany({ where: { userId: users.blitzUser }, select: { link: true, kind: true } });
    expect(rows.length).toBeGreaterThan(0);
    const anchorRows = await getPrisma().notification.findMany({ where: { userId: users.anchorUser }, select: { link: true } });
    expect(anchorRows.map((row) => row.link)).toEqual(["/findings/2"]);
  });

  test.each([
    ["an unknown kind", { kind: "FINDING_LOST" }, /kind/],
    ["a missing param", { params: { title: "T" } }, /params: FINDING_ISSUED needs agency, dueDate/],
    ["a link off the site", { link: "https://evil.example/" }, /link: must be a path inside the app/],
    ["the AGENCY role", { audience: { roles: ["AGENCY"] } }, /audience/],
  ])("refused with a clear error and nothing written: %s", async (_name, change, message) => {
    const before = await getPrisma().notification.count();
    const bad = { audience: { agencyId: ids.blitz }, kind: "FINDING_ISSUED", params, link: "/findings/1", ...change } as Parameters<typeof notifyRecipients>[0];
    await expect(notifyRecipients(bad, { now })).rejects.toThrow(message);
    expect(await getPrisma().notification.count()).toBe(before);
  });
});

describe("the notification centre", () => {
  test("newest first, in the reader's language, paged; unread counted", async () => {
    const prisma = getPrisma();
    await prisma.notification.deleteMany({ where: { userId: users.complianceZh } });
    for (let index = 0; index < notificationPageSize + 2; index++) {
      await notifyRecipients(
        { audience: { userIds: [users.complianceZh] }, kind: "FINDING_RESPONDED", params: { ...params, title: `F${index}` }, link: `/findings/${index}` },
        { now: new Date(now.getTime() + index * 60_000) },
      );
    }
    const first = await listNotifications(users.complianceZh, "zh-CN", 1);
    expect(first).toMatchObject({ page: 1, pages: 2, total: notificationPageSize + 2, unread: notificationPageSize + 2 });
    expect(first.items[0]).toMatchObject({ title: `已收到回复：F${notificationPageSize + 1}`, body: "BLITZ 已回复该检查发现。", read: false });
    const second = await listNotifications(users.complianceZh, "zh-CN", 2);
    expect(second.items.map((item) => item.title)).toEqual(["已收到回复：F1", "已收到回复：F0"]);
    // A page past the end shows the last one.
    expect((await listNotifications(users.complianceZh, "zh-CN", 99)).page).toBe(2);
  });

  test("the page's actions: open reads and follows the link, mark one, mark all; another user's id is not found", async () => {
    const prisma = getPrisma();
    const cookie = await sessionCookieFor(users.complianceZh);
    const [newest] = (await listNotifications(users.complianceZh, "zh-CN", 1)).items;
    if (!newest) throw new Error("no notification");
    const opened = await runRoute(notificationsAction, buildRequest("/notifications", { cookie, form: { intent: "open", id: String(newest.id) } }));
    expect(opened).toMatchObject({ status: 302, location: newest.link });
    const unreadAfterOpen = await countUnreadNotifications(users.complianceZh);
    expect(unreadAfterOpen).toBe(notificationPageSize + 1);

    const [, next] = (await listNotifications(users.complianceZh, "zh-CN", 1)).items;
    if (!next) throw new Error("no notification");
    expect(await runRoute(notificationsAction, buildRequest("/notifications", { cookie, form: { intent: "read", id: String(next.id), page: "1" } }))).toMatchObject({ status: 302 });
    expect(await countUnreadNotifications(users.complianceZh)).toBe(unreadAfterOpen - 1);

    // Someone else's notification: 404, and it stays unread.
    const other = await prisma.notification.findFirstOrThrow({ where: { userId: users.blitzUser } });
    expect((await runRoute(notificationsAction, buildRequest("/notifications", { cookie, form: { intent: "read", id: String(other.id), page: "1" } }))).status).toBe(404);
    expect((await prisma.notification.findUniqueOrThrow({ where: { id: other.id } })).readAt).toBeNull();

    expect(await runRoute(notificationsAction, buildRequest("/notifications", { cookie, form: { intent: "readAll" } }))).toMatchObject({ status: 302 });
    expect(await countUnreadNotifications(users.complianceZh)).toBe(0);
    expect(await countUnreadNotifications(users.blitzUser)).toBeGreaterThan(0);

    const page = await runRoute(notificationsLoader, buildRequest("/notifications?page=abc", { cookie }));
    expect(page).toMatchObject({ status: 200, body: { page: 1, unread: 0 } });
  });

  test("signed out: sent to sign in", async () => {
    expect((await runRoute(notificationsLoader, buildRequest("/notifications"))).location).toMatch(/^\/login/);
  });

  test("each user sets their own e-mail preference in Settings; a bad value is refused", async () => {
    const cookie = await sessionCookieFor(users.vendor);
    expect(await runRoute(settingsAction, buildRequest("/settings", { cookie, form: { intent: "emailPreference", emailPreference: "DAILY_DIGEST" } }))).toMatchObject({ status: 200, body: { saved: true } });
    expect((await getPrisma().user.findUniqueOrThrow({ where: { id: users.vendor } })).emailPreference).toBe("DAILY_DIGEST");
    expect((await runRoute(settingsAction, buildRequest("/settings", { cookie, form: { intent: "emailPreference", emailPreference: "HOURLY" } }))).status).toBe(400);
    expect((await getPrisma().user.findUniqueOrThrow({ where: { id: users.compliance } })).emailPreference).toBe("IMMEDIATE");
  });
});
