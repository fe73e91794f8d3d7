import { createHash, randomBytes } from "node:crypto";
import { hashPassword } from "~/auth/password.server";
import { getPrisma } from "~/db/client.server";
import { getEnv } from "~/env.server";
import { invitationExpiry, invitationState, type InvitationState } from "./invitation-state";

// Invitation links: a user sets their own password through a one-time link an administrator copies from
// Settings → Users and, when the server sends e-mail, also receives by e-mail (invitation-email.server.ts). Like
// sessions and API tokens only the SHA-256 of the token is stored, so the table does not hold working links. The
// same link serves a reset: a new link voids the user's earlier unused ones.

function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** 32 random bytes in base64url: exactly 43 characters. */
const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

export function invitationUrl(token: string, baseUrl = getEnv().PUBLIC_BASE_URL): string {
  return new URL(`/invite/${token}`, baseUrl).toString();
}

export type IssuedInvitation = { invitationId: number; token: string; url: string; expiresAt: string };

export async function issueInvitation(options: { userId: number; createdById: number | null; now?: Date }): Promise<IssuedInvitation> {
  const now = options.now ?? new Date();
  const token = randomBytes(32).toString("base64url");
  const expiresAt = invitationExpiry(now);
  const prisma = getPrisma();
  const [, created] = await prisma.$transaction([
    prisma.userInvitation.updateMany({ where: { userId: options.userId, usedAt: null, revokedAt: null }, data: { revokedAt: now } }),
    prisma.userInvitation.create({ data: { tokenHash: hashInvitationToken(token), userId: options.userId, createdById: options.createdById, createdAt: now, expiresAt }, select: { id: true } }),
  ]);
  return { invitationId: created.id, token, url: invitationUrl(token), expiresAt: expiresAt.toISOString() };
}

export type InvitationLookup =
  | { status: "valid"; invitationId: number; userId: number; email: string; name: string; locale: string }
  | { status: Exclude<InvitationState, "valid"> | "unknown" };

export async function findInvitation(token: string, now: Date = new Date()): Promise<InvitationLookup> {
  if (!tokenPattern.test(token)) return { status: "unknown" };
  const invitation = await getPrisma().userInvitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    include: { user: { select: { email: true, name: true, locale: true, active: true } } },
  });
  if (!invitation) return { status: "unknown" };
  const state = invitationState(invitation, now);
  if (state !== "valid") return { status: state };
  // A deactivated user's links were voided when they were deactivated; this catches a direct database change too.
  if (!invitation.user.active) return { status: "revoked" };
  return { status: "valid", invitationId: invitation.id, userId: invitation.userId, email: invitation.user.email, name: invitation.user.name, locale: invitation.user.locale };
}

export type AcceptInvitationResult = { status: "accepted"; userId: number } | { status: Exclude<InvitationLookup["status"], "valid"> };

/**
 * Sets the invitee's password (already checked against the policy) and uses the link up. The link is claimed with a
 * conditional update, so two submissions racing each other cannot both succeed. Other sessions of the user end.
 */
export async function acceptInvitation(token: string, password: string, now: Date = new Date()): Promise<AcceptInvitationResult> {
  const found = await findInvitation(token, now);
  if (found.status !== "valid") return { status: found.status };
  const passwordHash = await hashPassword(password);
  const prisma = getPrisma();
  const accepted = await prisma.$transaction(async (tx) => {
    const claimed = await tx.userInvitation.updateMany({ where: { id: found.invitationId, usedAt: null, revokedAt: null }, data: { usedAt: now } });
    if (claimed.count === 0) return false;
    await tx.user.update({ where: { id: found.userId }, data: { passwordHash, mustChangePassword: false } });
    await tx.session.deleteMany({ where: { userId: found.userId } });
    return true;
  });
  return accepted ? { status: "accepted", userId: found.userId } : { status: "used" };
}
