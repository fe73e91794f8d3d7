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
  active: boolean;
  lastLoginAt: string | null;
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
    active: user.active,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
  }));
}

export type CreateUserResult = { status: "created"; id: number } | { status: "email-taken" } | { status: "unknown-agency" };

export async function createUser(input: NewUserInput): Promise<CreateUserResult> {
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
      passwordHash: await hashPassword(input.password),
    },
  });
  return { status: "created", id: user.id };
}

export type UpdateUserResult = { status: "updated" } | { status: "not-found" } | { status: "cannot-deactivate-self" };

/** Changing role, agency, activity or password ends the user's sessions, so the change applies at once. */
export async function updateUser(input: UserChangeInput, actingUserId: number): Promise<UpdateUserResult> {
  const prisma = getPrisma();
  if (input.userId === actingUserId && !input.active) return { status: "cannot-deactivate-self" };
  const user = await prisma.user.findUnique({ where: { id: input.userId } });
  if (!user) return { status: "not-found" };
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  await prisma.$transaction([
    prisma.user.update({
      where: { id: input.userId },
      data: { role: input.role, agencyId: input.agencyId, active: input.active, ...(passwordHash ? { passwordHash } : {}) },
    }),
    ...(input.userId === actingUserId ? [] : [prisma.session.deleteMany({ where: { userId: input.userId } })]),
  ]);
  return { status: "updated" };
}
