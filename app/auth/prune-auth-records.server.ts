// Sessions end when they are next presented (lookupSession), but a session that is never presented again — the
// browser closed, the cookie cleared — would stay in the table for good, and so would every sign-in attempt and
// upload grant. An hourly job (auth-housekeeping-queue.server.ts) deletes them once they can no longer matter.
import { getPrisma } from "~/db/client.server";
import { getEnv } from "~/env.server";
import { uploadGrantHours } from "~/ingest/pipeline/upload-grants.server";
import { loginThrottle } from "./login-throttle.server";

/**
 * Sign-in attempts are kept well past the throttle's window so that an administrator can still look into a
 * burst of failures reported days later; after that they are personal data (email, address) with no use.
 */
export const loginAttemptRetentionDays = 30;

export type PruneAuthRecordsOptions = {
  now?: Date;
  /** Defaults to SESSION_IDLE_MINUTES: a session idle longer than this is refused anyway. */
  sessionIdleMinutes?: number;
  loginAttemptRetentionDays?: number;
};

export type PruneAuthRecordsResult = { sessionsDeleted: number; loginAttemptsDeleted: number; uploadGrantsDeleted: number };

export async function pruneAuthRecords(options: PruneAuthRecordsOptions = {}): Promise<PruneAuthRecordsResult> {
  const now = options.now ?? new Date();
  const idleMinutes = options.sessionIdleMinutes ?? getEnv().SESSION_IDLE_MINUTES;
  const retentionDays = Math.max(options.loginAttemptRetentionDays ?? loginAttemptRetentionDays, loginThrottle.windowMinutes / (24 * 60));
  const prisma = getPrisma();
  const [sessions, attempts, grants] = await Promise.all([
    prisma.session.deleteMany({
      where: { OR: [{ expiresAt: { lte: now } }, { lastSeenAt: { lt: new Date(now.getTime() - idleMinutes * 60_000) } }] },
    }),
    prisma.loginAttempt.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - retentionDays * 86_400_000) } } }),
    prisma.uploadGrant.deleteMany({ where: { createdAt: { lte: new Date(now.getTime() - uploadGrantHours * 3_600_000) } } }),
  ]);
  return { sessionsDeleted: sessions.count, loginAttemptsDeleted: attempts.count, uploadGrantsDeleted: grants.count };
}
