import { getPrisma } from "~/db/client.server";
import { hashPassword } from "~/auth/password.server";
import type { Role } from "~/generated/prisma/enums";
import type { NewUserInput, UserChangeInput } from "./user-input";

export type UserListItem = {
  id: number;
  email: string;
  name: string;
  role: Role;
  agencyCode: string | null;
  agencyId: number | null;
  locale: string;
  active: boolean;
  /** False while an invited user has not yet set a password. */
  passwordSet: boolean;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  createdAt: string;
};

export async function listUsers(): Promise<UserListItem[]> {
  const users = await getPrisma().user.findMany({ orderBy: [{ active: "desc" }, { email: "asc" }], include: { agency: { select: { code: true } } } });
  return users.map((user) => ({
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    agencyCode: user.agency?.code ?? null,
    agencyId: user.agencyId,
    locale: user.locale,
    active: user.active,
    passwordSet: user.passwordHash !== null,
    mustChangePassword: user.mustChangePassword,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  }));
}

export type CreateUserResult = { status: "created"; id: number } | { status: "email-taken" } | { status: "unknown-agency" };

/**
 * The initial credential: none (the user sets one through an invitation link), or a password with whether the
 * user must replace it at first sign-in (true whenever someone else knows it).
 */
export type InitialCredential = { password: string; mustChangePassword: boolean } | null;

export async function createUser(input: NewUserInput, credential: InitialCredential): Promise<CreateUserResult> {
  const prisma = getPrisma();
  const [existing, agency] = await Promise.all([
    prisma.user.findUnique({ where: { email: input.email }, select: { id: true } }),
    input.agencyId === null ? Promise.resolve(null) : prisma.agency.findUnique({ where: { id: input.agencyId }, select: { id: true } }),
  ]);
  if (existing) return { status: "email-taken" };
  if (input.agencyId !== null && !agency) return { status: "unknown-agency" };
  const user = await prisma.user.create({
    data: {
      email: input.email,
      name: input.name,
      role: input.role,
      agencyId: input.agencyId,
      locale: input.locale,
      passwordHash: credential ? await hashPassword(credential.password) : null,
      mustChangePassword: credential?.mustChangePassword ?? false,
    },
  });
  return { status: "created", id: user.id };
}

export type UpdateUserResult = { status: "updated" } | { status: "not-found" } | { status: "cannot-deactivate-self" };

/**
 * Changing role, agency, activity or password ends the user's sessions, so the change applies at once. A password
 * an administrator types for someone else is temporary: that user must choose their own at the next sign-in.
 * A new password or a deactivation also voids the user's unused invitation links.
 */
export async function updateUser(input: UserChangeInput, actingUserId: number): Promise<UpdateUserResult> {
  const prisma = getPrisma();
  if (input.userId === actingUserId && !input.active) return { status: "cannot-deactivate-self" };
  const user = await prisma.user.findUnique({ where: { id: input.userId } });
  if (!user) return { status: "not-found" };
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  const own = input.userId === actingUserId;
  await prisma.$transaction([
    prisma.user.update({
      where: { id: input.userId },
      data: { role: input.role, agencyId: input.agencyId, active: input.active, ...(passwordHash ? { passwordHash, mustChangePassword: !own } : {}) },
    }),
    ...(own ? [] : [prisma.session.deleteMany({ where: { userId: input.userId } })]),
    ...(passwordHash || !input.active ? [revokeOpenInvitations(input.userId)] : []),
  ]);
  return { status: "updated" };
}

function revokeOpenInvitations(userId: number, now = new Date()) {
  return getPrisma().userInvitation.updateMany({ where: { userId, usedAt: null, revokedAt: null }, data: { revokedAt: now } });
}

export type UserByEmail = { id: number; email: string; role: Role; active: boolean };

export async function findUserByEmail(email: string): Promise<UserByEmail | null> {
  return getPrisma().user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true, email: true, role: true, active: true } });
}

/**
 * Sets a user's password from outside their own account (the CLI): their sessions end, unused invitation links
 * are voided, and `mustChangePassword` says whether they must choose their own at the next sign-in.
 */
export async function resetUserPassword(userId: number, password: string, options: { mustChangePassword: boolean }): Promise<void> {
  const prisma = getPrisma();
  const passwordHash = await hashPassword(password);
  await prisma.$transaction([
    prisma.user.update({ where: { id: userId }, data: { passwordHash, mustChangePassword: options.mustChangePassword } }),
    prisma.session.deleteMany({ where: { userId } }),
    revokeOpenInvitations(userId),
  ]);
}

export type DeactivateUserResult = { status: "deactivated" } | { status: "already-inactive" } | { status: "last-administrator" };

/** Deactivates a user, ending their sessions and voiding their links; the last active administrator is kept. */
export async function deactivateUser(userId: number): Promise<DeactivateUserResult> {
  const prisma = getPrisma();
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { role: true, active: true } });
  if (!user.active) return { status: "already-inactive" };
  if (user.role === "ADMIN" && (await prisma.user.count({ where: { role: "ADMIN", active: true, id: { not: userId } } })) === 0) {
    return { status: "last-administrator" };
  }
  await prisma.$transaction([
    prisma.user.update({ where: { id: userId }, data: { active: false } }),
    prisma.session.deleteMany({ where: { userId } }),
    revokeOpenInvitations(userId),
  ]);
  return { status: "deactivated" };
}

/** Whether anyone can administer the installation: an active ADMIN, with a password or an invitation pending. */
export async function hasActiveAdministrator(): Promise<boolean> {
  return (await getPrisma().user.count({ where: { role: "ADMIN", active: true } })) > 0;
}
