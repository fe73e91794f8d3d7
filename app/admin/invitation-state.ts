// When an invitation link may still be used. Pure: the caller passes the clock.

/** Long enough to span a weekend, short enough that a link forgotten in a mailbox stops working. */
export const invitationLifetimeHours = 72;

export type InvitationRecord = { expiresAt: Date; usedAt: Date | null; revokedAt: Date | null };
export type InvitationState = "valid" | "used" | "revoked" | "expired";

export function invitationExpiry(now: Date, lifetimeHours = invitationLifetimeHours): Date {
  return new Date(now.getTime() + lifetimeHours * 3_600_000);
}

/** A used link stays "used" (the invitee may click it twice) even after it would have expired or been replaced. */
export function invitationState(invitation: InvitationRecord, now: Date): InvitationState {
  if (invitation.usedAt) return "used";
  if (invitation.revokedAt) return "revoked";
  if (invitation.expiresAt.getTime() <= now.getTime()) return "expired";
  return "valid";
}
