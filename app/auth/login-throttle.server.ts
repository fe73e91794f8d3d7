import { getPrisma } from "~/db/client.server";
import { lockForPrismaTransaction, locks } from "~/db/pg.server";

// Limits on failed sign-ins inside a sliding window. Per account and address stops guessing one account from
// one place; per account alone (higher) stops a distributed attack without letting a stranger lock a user
// out with five tries; per address alone (highest) stops spraying many accounts from one place.
export const loginThrottle = {
  windowMinutes: 15,
  maxFailuresPerAccountAndAddress: 5,
  maxFailuresPerAccount: 20,
  maxFailuresPerAddress: 50,
} as const;

export type ThrottleDecision = { allowed: true; attemptId: bigint } | { allowed: false; retryAfterMinutes: number };


function normalise(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Counts the window's failures and, when the attempt may go ahead, records it at once as a failure, in one
 * transaction that holds the account's and the address's advisory locks. Counting and recording are therefore one
 * step: of many parallel attempts, only as many as the limits allow get past, and each of them is already
 * counted while its password is being checked. settleLoginAttempt then marks a success.
 */
export async function reserveLoginAttempt(email: string, ipAddress: string, now = new Date()): Promise<ThrottleDecision> {
  const normalisedEmail = normalise(email);
  const since = new Date(now.getTime() - loginThrottle.windowMinutes * 60_000);
  return getPrisma().$transaction(
    async (tx) => {
      // One lock per account, one per address, always taken in that order.
      await lockForPrismaTransaction(tx, locks.loginAccount(normalisedEmail));
      await lockForPrismaTransaction(tx, locks.loginAddress(ipAddress));
      const failures = { succeeded: false, createdAt: { gte: since } };
      const pair = await tx.loginAttempt.findMany({ where: { ...failures, email: normalisedEmail, ipAddress }, orderBy: { createdAt: "asc" }, select: { createdAt: true } });
      const account = await tx.loginAttempt.count({ where: { ...failures, email: normalisedEmail } });
      const address = await tx.loginAttempt.count({ where: { ...failures, ipAddress } });
      const limited =
        pair.length >= loginThrottle.maxFailuresPerAccountAndAddress ||
        account >= loginThrottle.maxFailuresPerAccount ||
        address >= loginThrottle.maxFailuresPerAddress;
      if (limited) {
        // The window slides: the user may retry once the oldest counted failure leaves it.
        const oldest = pair[0]?.createdAt ?? since;
        const retryAt = oldest.getTime() + loginThrottle.windowMinutes * 60_000;
        return { allowed: false as const, retryAfterMinutes: Math.max(1, Math.ceil((retryAt - now.getTime()) / 60_000)) };
      }
      const attempt = await tx.loginAttempt.create({ data: { email: normalisedEmail, ipAddress, succeeded: false, createdAt: now }, select: { id: true } });
      return { allowed: true as const, attemptId: attempt.id };
    },
    // Parallel attempts on one account queue on its lock, each holding a pooled connection for a moment.
    { maxWait: 15_000, timeout: 15_000 },
  );
}

/** A reserved attempt that succeeded: it stops counting, and that pair's earlier failures are cleared. */
export async function settleLoginSuccess(attemptId: bigint): Promise<void> {
  const prisma = getPrisma();
  const attempt = await prisma.loginAttempt.update({ where: { id: attemptId }, data: { succeeded: true }, select: { email: true, ipAddress: true } });
  // A user who mistyped twice starts afresh.
  await prisma.loginAttempt.deleteMany({ where: { email: attempt.email, ipAddress: attempt.ipAddress, succeeded: false } });
}
