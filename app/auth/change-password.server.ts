import { getPrisma } from "~/db/client.server";
import { hashPassword, verifyPassword } from "./password.server";

export type ChangePasswordResult = { status: "changed" } | { status: "wrong-current-password" } | { status: "unchanged" };

/**
 * A signed-in user replaces their password (forced after a reset, or by choice). The current password is asked
 * again so that an unattended session cannot be used to take the account over. The new one must differ from it;
 * the user's other sessions end, the one in use stays.
 */
export async function changeOwnPassword(options: { userId: number; sessionId: string; currentPassword: string; newPassword: string }): Promise<ChangePasswordResult> {
  const prisma = getPrisma();
  const user = await prisma.user.findUniqueOrThrow({ where: { id: options.userId }, select: { passwordHash: true } });
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, options.currentPassword))) return { status: "wrong-current-password" };
  if (await verifyPassword(user.passwordHash, options.newPassword)) return { status: "unchanged" };
  const passwordHash = await hashPassword(options.newPassword);
  await prisma.$transaction([
    prisma.user.update({ where: { id: options.userId }, data: { passwordHash, mustChangePassword: false } }),
    prisma.session.deleteMany({ where: { userId: options.userId, id: { not: options.sessionId } } }),
  ]);
  return { status: "changed" };
}
