import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AUTH_HOUSEKEEPING_CRON, AUTH_HOUSEKEEPING_QUEUE, startAuthHousekeeping } from "~/auth/auth-housekeeping-queue.server";
import { loginAttemptRetentionDays, pruneAuthRecords } from "~/auth/prune-auth-records.server";
import { getPrisma } from "~/db/client.server";
import { ensureUser } from "~/demo/factories.server";
import { getQueue } from "~/jobs/queue.server";
import { useOwnDatabase } from "../support/own-database";

// Pruning deletes every ended session in the database, including those other files' tests age on purpose: this
// file has a database of its own.

let restoreDatabase: () => Promise<void>;
let userId: number;

beforeAll(async () => {
  restoreDatabase = await useOwnDatabase("auth_housekeeping");
  userId = await ensureUser({ email: "housekeeping@auth.test", name: "王管理", role: "ADMIN" });
});

afterAll(async () => {
  await restoreDatabase();
});

const now = new Date("2026-12-04T10:00:00Z");
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
const daysAgo = (days: number) => minutesAgo(days * 24 * 60);

async function seed() {
  const prisma = getPrisma();
  await prisma.session.deleteMany();
  await prisma.loginAttempt.deleteMany();
  await prisma.uploadGrant.deleteMany();
  await prisma.uploadGrant.create({ data: { sha256: "a".repeat(64), userId, createdAt: minutesAgo(60) } });
  await prisma.uploadGrant.create({ data: { sha256: "b".repeat(64), userId, createdAt: minutesAgo(24 * 60) } });
  const sessions = {
    active: { lastSeenAt: minutesAgo(5), expiresAt: minutesAgo(-600) },
    idleJustUnderLimit: { lastSeenAt: minutesAgo(29), expiresAt: minutesAgo(-600) },
    idle: { lastSeenAt: minutesAgo(31), expiresAt: minutesAgo(-600) },
    pastLifetime: { lastSeenAt: minutesAgo(1), expiresAt: minutesAgo(0) },
  };
  for (const [id, times] of Object.entries(sessions)) await prisma.session.create({ data: { id, userId, createdAt: minutesAgo(700), ...times } });
  const attempts = {
    "recent@auth.test": daysAgo(1),
    "last-retained-day@auth.test": daysAgo(loginAttemptRetentionDays - 1),
    "old@auth.test": daysAgo(loginAttemptRetentionDays + 1),
    "older@auth.test": daysAgo(400),
  };
  for (const [email, createdAt] of Object.entries(attempts)) await prisma.loginAttempt.create({ data: { email, ipAddress: "10.9.0.1", succeeded: false, createdAt } });
}

const remaining = async () => ({
  sessions: (await getPrisma().session.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((session) => session.id),
  attempts: (await getPrisma().loginAttempt.findMany({ select: { email: true }, orderBy: { email: "asc" } })).map((attempt) => attempt.email),
  uploadGrants: (await getPrisma().uploadGrant.findMany({ select: { sha256: true }, orderBy: { sha256: "asc" } })).map((grant) => grant.sha256[0]),
});

describe("pruning sessions and sign-in attempts", () => {
  test("ended sessions (idle past the limit or past their lifetime), attempts past the retention and expired upload grants go; the rest stay", async () => {
    await seed();
    expect(await pruneAuthRecords({ now, sessionIdleMinutes: 30 })).toEqual({ sessionsDeleted: 2, loginAttemptsDeleted: 2, uploadGrantsDeleted: 1 });
    expect(await remaining()).toEqual({
      sessions: ["active", "idleJustUnderLimit"],
      attempts: ["last-retained-day@auth.test", "recent@auth.test"],
      uploadGrants: ["a"],
    });
    // A second run finds nothing more.
    expect(await pruneAuthRecords({ now, sessionIdleMinutes: 30 })).toEqual({ sessionsDeleted: 0, loginAttemptsDeleted: 0, uploadGrantsDeleted: 0 });
  });

  test("a retention shorter than the throttle's window is not honoured: the throttle still sees its failures", async () => {
    await seed();
    await getPrisma().loginAttempt.create({ data: { email: "throttled@auth.test", ipAddress: "10.9.0.2", succeeded: false, createdAt: minutesAgo(10) } });
    await pruneAuthRecords({ now, sessionIdleMinutes: 30, loginAttemptRetentionDays: 0 });
    expect((await remaining()).attempts).toEqual(["throttled@auth.test"]);
  });

  test("the server's worker registers the hourly schedule, and a fired run prunes", async () => {
    await getPrisma().session.deleteMany();
    await getPrisma().session.create({ data: { id: "abandoned", userId, lastSeenAt: new Date(Date.now() - 3 * 3_600_000), expiresAt: new Date(Date.now() + 3_600_000) } });
    await getPrisma().session.create({ data: { id: "in-use", userId, lastSeenAt: new Date(), expiresAt: new Date(Date.now() + 3_600_000) } });
    await startAuthHousekeeping({ pollingIntervalSeconds: 0.5 });
    const boss = await getQueue();
    expect((await boss.getSchedules()).map(({ name, cron }) => ({ name, cron }))).toContainEqual({ name: AUTH_HOUSEKEEPING_QUEUE, cron: AUTH_HOUSEKEEPING_CRON });
    // What pg-boss's clock does on the hour.
    await boss.send(AUTH_HOUSEKEEPING_QUEUE, {});
    await expect.poll(async () => (await remaining()).sessions, { timeout: 15_000, interval: 200 }).toEqual(["in-use"]);
  });
});
