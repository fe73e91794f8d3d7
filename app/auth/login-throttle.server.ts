import { getPrisma } from "~/db/client.server";

// Limits on failed sign-ins inside a sliding window. Per account and address stops guessing one account from
// one place; per account alone (higher) stops a distributed attack without letting a stranger lock a user
// out with five tries; per address alone (highest) stops spraying many accounts from one place.
export const loginThrottle = {
  windowMinutes: 15,
  maxFailuresPerAccountAndAddress: 5,
  maxFailuresPerAccount: 20,
  maxFailuresPerAddress: 50,
} as const;

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterMinutes: number };

export async function checkLoginThrottle(email: string, ipAddress: string, now = new Date()): Promise<ThrottleDecision> {
  const prisma = getPrisma();
  const since = new Date(now.getTime() - loginThrottle.windowMinutes * 60_000);
  const normalisedEmail = email.trim().toLowerCase();
  const failures = { succeeded: false, createdAt: { gte: since } };
  const [pair, account, address] = await Promise.all([
    prisma.loginAttempt.findMany({ where: { ...failures, email: normalisedEmail, ipAddress }, orderBy: { createdAt: "asc" }, select: { createdAt: true } }),
    prisma.loginAttempt.count({ where: { ...failures, email: normalisedEmail } }),
    prisma.loginAttempt.count({ where: { ...failures, ipAddress } }),
  ]);
  const limited =
    pair.length >= loginThrottle.maxFailuresPerAccountAndAddress ||
    account >= loginThrottle.maxFailuresPerAccount ||
    address >= loginThrottle.maxFailuresPerAddress;
  if (!limited) return { allowed: true };
  // The window slides: the user may retry once the oldest counted failure leaves it.
  const oldest = pair[0]?.createdAt ?? since;
  const retryAt = oldest.getTime() + loginThrottle.windowMinutes * 60_000;
  return { allowed: false, retryAfterMinutes: Math.max(1, Math.ceil((retryAt - now.getTime()) / 60_000)) };
}

export async function recordLoginAttempt(email: string, ipAddress: string, succeeded: boolean): Promise<void> {
  const prisma = getPrisma();
  const normalisedEmail = email.trim().toLowerCase();
  await prisma.loginAttempt.create({ data: { email: normalisedEmail, ipAddress, succeeded } });
  // A successful sign-in clears that pair's failures, so a user who mistyped twice starts afresh.
  if (succeeded) await prisma.loginAttempt.deleteMany({ where: { email: normalisedEmail, ipAddress, succeeded: false } });
}
