import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { sendInvitationEmail } from "~/admin/invitation-email.server";
import { issueInvitation } from "~/admin/invitations.server";
import { getPrisma } from "~/db/client.server";
import { createAgency, ensureUser } from "~/demo/factories.server";
import { resetEnvCache } from "~/env.server";
import { getQueue } from "~/jobs/queue.server";
import {
  digestCron,
  enqueueInvitationEmail,
  INVITATION_EMAIL_QUEUE,
  NOTIFICATION_DIGEST_QUEUE,
  NOTIFICATION_EMAIL_QUEUE,
  startNotificationEmailWorkers,
} from "~/notifications/notification-email-queue.server";
import { action as usersAction } from "~/routes/_app.settings.users";
import { notifyRecipients } from "~/notifications/notify-recipients.server";
import { sendDailyDigests, sendPendingNotificationEmails } from "~/notifications/send-notification-emails.server";
import { useOwnDatabase } from "../support/own-database";
import { buildRequest, runRoute, sessionCookieFor } from "../support/route-harness";
import { useSmtpCapture, type SmtpCapture } from "../support/smtp-capture";

// E-mail goes to a real SMTP server this file starts on 127.0.0.1, and is read back as a mail client would.
// Sending acts on every pending notification in the database, so this file has a database of its own.

let restoreDatabase: () => Promise<void>;
let restoreSmtp: () => Promise<void>;
let smtp: SmtpCapture;
const users = {} as Record<"en" | "zh" | "digestZh" | "off" | "blitz" | "anchor", number>;
const agencies = {} as Record<"blitz" | "anchor", number>;
const params = { title: "夜间催收 Calls after 21:00", agency: "BLITZ", dueDate: "2026-12-20" };
const t0 = new Date("2026-12-05T01:00:00Z");
const minutesAfter = (minutes: number, from = t0) => new Date(from.getTime() + minutes * 60_000);

beforeAll(async () => {
  restoreDatabase = await useOwnDatabase("notification_email");
  ({ smtp, restore: restoreSmtp } = await useSmtpCapture("https://oversight.example.com"));
  agencies.blitz = await createAgency({ code: "MBLITZ" });
  agencies.anchor = await createAgency({ code: "MANCHOR" });
  users.en = await ensureUser({ email: "compliance@mail.test", name: "Compliance", role: "COMPLIANCE", locale: "en" });
  users.zh = await ensureUser({ email: "hegui@mail.test", name: "合规", role: "COMPLIANCE", locale: "zh-CN" });
  users.digestZh = await ensureUser({ email: "digest@mail.test", name: "汇总", role: "VENDOR_MANAGER", locale: "zh-CN" });
  users.off = await ensureUser({ email: "off@mail.test", name: "Off", role: "VENDOR_MANAGER", locale: "en" });
  users.blitz = await ensureUser({ email: "ops@blitz.mail.test", name: "Blitz ops", role: "AGENCY", agencyId: agencies.blitz });
  users.anchor = await ensureUser({ email: "ops@anchor.mail.test", name: "Anchor ops", role: "AGENCY", agencyId: agencies.anchor });
  await getPrisma().user.update({ where: { id: users.digestZh }, data: { emailPreference: "DAILY_DIGEST" } });
  await getPrisma().user.update({ where: { id: users.off }, data: { emailPreference: "OFF" } });
});

afterAll(async () => {
  await restoreSmtp();
  await restoreDatabase();
});

beforeEach(async () => {
  smtp.messages.length = 0;
  smtp.refuse.clear();
  await getPrisma().notification.deleteMany();
});

const recipients = () => smtp.messages.flatMap((message) => message.to).sort();

describe("immediate e-mail", () => {
  test("each IMMEDIATE recipient gets one e-mail in their language with the absolute link; digest and OFF users none; never twice", async () => {
    await notifyRecipients({ audience: { roles: ["COMPLIANCE", "VENDOR_MANAGER"] }, kind: "FINDING_RESPONDED", params, link: "/findings/7?tab=response" }, { now: t0 });
    expect(await sendPendingNotificationEmails({ now: minutesAfter(1) })).toEqual({ sent: 2, failed: 0 });
    expect(recipients()).toEqual(["compliance@mail.test", "hegui@mail.test"]);

    const zh = smtp.messages.find((message) => message.to.includes("hegui@mail.test"));
    expect(zh?.subject).toBe("已收到回复：夜间催收 Calls after 21:00");
    expect(zh?.text).toContain("BLITZ 已回复该检查发现。");
    expect(zh?.text).toContain("打开：https://oversight.example.com/findings/7?tab=response");
    expect(zh?.html).toContain("BLITZ 已回复该检查发现。");
    const en = smtp.messages.find((message) => message.to.includes("compliance@mail.test"));
    expect(en?.subject).toBe("Response received: 夜间催收 Calls after 21:00");
    expect(en?.text).toContain("Open: https://oversight.example.com/findings/7?tab=response");
    expect(en?.raw.from?.text).toContain("no-reply@localhost");

    expect(await sendPendingNotificationEmails({ now: minutesAfter(2) })).toEqual({ sent: 0, failed: 0 });
    expect(smtp.messages).toHaveLength(2);
  });

  test("an agency's finding is e-mailed to that agency's users only", async () => {
    await notifyRecipients({ audience: { agencyId: agencies.blitz }, kind: "FINDING_ISSUED", params, link: "/findings/8" }, { now: t0 });
    await sendPendingNotificationEmails({ now: minutesAfter(1) });
    expect(recipients()).toEqual(["ops@blitz.mail.test"]);
    expect(smtp.messages[0]?.text).toContain("A finding was issued to BLITZ. A response is due by 2026-12-20.");
  });

  test("a send the server refuses is counted as failed and sent by the next pass; the others are not sent again", async () => {
    smtp.refuse.add("hegui@mail.test");
    await notifyRecipients({ audience: { roles: ["COMPLIANCE"] }, kind: "FINDING_OVERDUE", params, link: "/findings/9" }, { now: t0 });
    expect(await sendPendingNotificationEmails({ now: minutesAfter(1) })).toEqual({ sent: 1, failed: 1 });
    expect(recipients()).toEqual(["compliance@mail.test"]);
    smtp.refuse.clear();
    expect(await sendPendingNotificationEmails({ now: minutesAfter(2) })).toEqual({ sent: 1, failed: 0 });
    expect(recipients()).toEqual(["compliance@mail.test", "hegui@mail.test"]);
  });

  test("a notification read in the app before its e-mail went out, or older than a day, is not e-mailed", async () => {
    const { notificationIds } = await notifyRecipients({ audience: { userIds: [users.en, users.zh] }, kind: "FINDING_CLOSED", params, link: "/findings/10" }, { now: t0 });
    await getPrisma().notification.update({ where: { id: notificationIds[0] }, data: { readAt: t0 } });
    await notifyRecipients({ audience: { userIds: [users.en] }, kind: "FINDING_CLOSED", params, link: "/findings/11" }, { now: minutesAfter(-25 * 60) });
    expect(await sendPendingNotificationEmails({ now: minutesAfter(1) })).toEqual({ sent: 1, failed: 0 });
    expect(recipients()).toEqual(["hegui@mail.test"]);
  });
});

describe("daily digest", () => {
  test("one e-mail per DAILY_DIGEST user with their unread notifications, each once, in their language; a second run sends nothing", async () => {
    const first = await notifyRecipients({ audience: { userIds: [users.digestZh, users.off] }, kind: "FINDING_ISSUED", params, link: "/findings/1" }, { now: t0 });
    await notifyRecipients({ audience: { userIds: [users.digestZh] }, kind: "FINDING_ESCALATED", params, link: "/findings/2" }, { now: minutesAfter(60) });
    const read = await notifyRecipients({ audience: { userIds: [users.digestZh] }, kind: "FINDING_CLOSED", params, link: "/findings/3" }, { now: minutesAfter(90) });
    await getPrisma().notification.update({ where: { id: read.notificationIds[0] }, data: { readAt: minutesAfter(95) } });

    // The immediate pass leaves digest users alone.
    expect(await sendPendingNotificationEmails({ now: minutesAfter(100) })).toEqual({ sent: 0, failed: 0 });

    const digestTime = new Date("2026-12-06T00:00:00Z"); // 08:00 in Asia/Shanghai, the lender's default zone
    expect(await sendDailyDigests({ now: digestTime })).toEqual({ sent: 1, failed: 0, digestDate: "2026-12-06" });
    expect(smtp.messages).toHaveLength(1);
    const digest = smtp.messages[0];
    expect(digest?.to).toEqual(["digest@mail.test"]);
    expect(digest?.subject).toBe("每日汇总：2 条通知");
    expect(digest?.text).toContain("新的检查发现：夜间催收 Calls after 21:00");
    expect(digest?.text).toContain("检查发现已升级：夜间催收 Calls after 21:00");
    expect(digest?.text).not.toContain("检查发现已关闭");
    expect(digest?.text).toContain("https://oversight.example.com/findings/2");

    // The job running twice (a retry, a second worker) sends nothing more, even with a new notification that day.
    await notifyRecipients({ audience: { userIds: [users.digestZh] }, kind: "FINDING_OVERDUE", params, link: "/findings/4" }, { now: minutesAfter(10, digestTime) });
    expect(await sendDailyDigests({ now: minutesAfter(30, digestTime) })).toEqual({ sent: 0, failed: 0, digestDate: "2026-12-06" });
    expect(smtp.messages).toHaveLength(1);
    // The next day's digest carries only what is new.
    expect(await sendDailyDigests({ now: minutesAfter(24 * 60, digestTime) })).toEqual({ sent: 1, failed: 0, digestDate: "2026-12-07" });
    expect(smtp.messages[1]?.subject).toBe("每日汇总：1 条通知");
    expect(smtp.messages[1]?.text).toContain("已逾期：夜间催收 Calls after 21:00");
    expect(await getPrisma().notification.count({ where: { userId: users.off, emailedAt: { not: null } } })).toBe(0);
    expect(first.userIds).toEqual([users.digestZh, users.off].sort((a, b) => a - b));
  });

  test("two digest runs at the same moment still send one e-mail", async () => {
    await notifyRecipients({ audience: { userIds: [users.digestZh] }, kind: "FINDING_ISSUED", params, link: "/findings/5" }, { now: t0 });
    const at = new Date("2026-12-08T00:00:00Z");
    const results = await Promise.all([sendDailyDigests({ now: at }), sendDailyDigests({ now: at })]);
    expect(results.map((result) => result.sent).sort()).toEqual([0, 1]);
    expect(smtp.messages).toHaveLength(1);
  });
});

describe("the worker", () => {
  test("registers the sweep and the digest schedules, and sends what notifyRecipients queued", async () => {
    await startNotificationEmailWorkers({ pollingIntervalSeconds: 0.5 });
    const boss = await getQueue();
    // pg-boss returns the schedule table's rows, whose time zone column its type declaration leaves out.
    const rows = (await boss.getSchedules()) as { name: string; cron: string; timezone?: string }[];
    const schedules = rows.map(({ name, cron, timezone }) => ({ name, cron, timezone }));
    expect(schedules).toContainEqual({ name: NOTIFICATION_DIGEST_QUEUE, cron: digestCron(8), timezone: "Asia/Shanghai" });
    expect(schedules.map((schedule) => schedule.name)).toContain(NOTIFICATION_EMAIL_QUEUE);

    await notifyRecipients({ audience: { userIds: [users.zh] }, kind: "FINDING_PLAN_ACCEPTED", params, link: "/findings/12" });
    await expect.poll(() => smtp.messages.map((message) => message.subject), { timeout: 20_000, interval: 200 }).toEqual(["整改计划已通过：夜间催收 Calls after 21:00"]);
  });

  test("an invitation link from Settings → Users is e-mailed to the new user in their language, still shown to the administrator, and its job removed", async () => {
    const adminId = await ensureUser({ email: "admin@mail.test", name: "Admin", role: "ADMIN" });
    const cookie = await sessionCookieFor(adminId);
    const created = await runRoute(
      usersAction,
      buildRequest("/settings/users", { cookie, form: { intent: "create", email: "xin@mail.test", name: "新同事", role: "EXECUTIVE", locale: "zh-CN", agencyId: "" } }),
    );
    const body = created.body as { ok: boolean; invitation?: { url: string; emailed: boolean } };
    expect(body).toMatchObject({ ok: true, invitation: { emailed: true } });
    await expect.poll(() => smtp.messages.map((message) => message.to[0]), { timeout: 20_000, interval: 200 }).toEqual(["xin@mail.test"]);
    const mail = smtp.messages[0];
    expect(mail?.subject).toBe("您的催收机构监管平台账户");
    expect(mail?.text).toContain(body.invitation?.url ?? "missing");
    expect(body.invitation?.url).toMatch(/^https:\/\/oversight\.example\.com\/invite\//);
    // The working token was in the job only until it was sent.
    await expect.poll(() => countJobs(INVITATION_EMAIL_QUEUE), { timeout: 10_000, interval: 200 }).toBe(0);
  });
});

describe("invitation e-mail", () => {
  test("a link revoked by a newer one before the worker got to it is not sent", async () => {
    const userId = await ensureUser({ email: "later@mail.test", name: "Later", role: "EXECUTIVE" });
    const first = await issueInvitation({ userId, createdById: null });
    const second = await issueInvitation({ userId, createdById: null });
    expect(await sendInvitationEmail({ invitationId: first.invitationId, token: first.token })).toBe("no-longer-valid");
    expect(await sendInvitationEmail({ invitationId: second.invitationId, token: second.token })).toBe("sent");
    expect(recipients()).toEqual(["later@mail.test"]);
    expect(smtp.messages[0]?.text).toContain(second.url);
  });

  test("without SMTP_URL nothing is queued", async () => {
    process.env.SMTP_URL = "";
    resetEnvCache();
    try {
      expect(await enqueueInvitationEmail({ invitationId: 1, token: "x".repeat(43) })).toBe(false);
    } finally {
      process.env.SMTP_URL = smtp.url;
      resetEnvCache();
    }
  });
});

async function countJobs(queue: string): Promise<number> {
  const [row] = await getPrisma().$queryRawUnsafe<{ count: bigint }[]>(
    `SELECT (SELECT count(*) FROM pgboss.job WHERE name = $1) + (SELECT count(*) FROM pgboss.archive WHERE name = $1) AS count`,
    queue,
  );
  return Number(row?.count ?? 0);
}
