import { getPrisma } from "~/db/client.server";
import { logAccess } from "~/audit/log-access.server";
import { reserveLoginAttempt, settleLoginSuccess } from "./login-throttle.server";
import { verifyAgainstDecoy, verifyPassword } from "./password.server";
import { clientAddress, createUserSession } from "./session.server";

export type SignInResult =
  | { status: "signed-in"; setCookie: string; userId: number }
  | { status: "invalid-credentials" }
  | { status: "inactive" }
  | { status: "agency-inactive" }
  | { status: "throttled"; retryAfterMinutes: number };

export async function signIn(options: { email: string; password: string; request: Request }): Promise<SignInResult> {
  const email = options.email.trim().toLowerCase();
  const ipAddress = clientAddress(options.request);
  // The attempt is counted (as a failure) before the password is checked, so parallel guesses cannot all slip
  // past the limit while the first ones are still being verified.
  const throttle = await reserveLoginAttempt(email, ipAddress);
  if (!throttle.allowed) return { status: "throttled", retryAfterMinutes: throttle.retryAfterMinutes };

  const user = await getPrisma().user.findUnique({ where: { email }, include: { agency: { select: { active: true } } } });
  // An invited user without a password yet is answered like an unknown email, in the same time.
  const passwordMatches = user?.passwordHash ? await verifyPassword(user.passwordHash, options.password) : await verifyAgainstDecoy(options.password);
  if (!user || !passwordMatches) return { status: "invalid-credentials" };
  // Checked after the password so that an attacker cannot learn which accounts are deactivated (the attempt
  // stays counted as a failure).
  if (!user.active) return { status: "inactive" };
  if (user.agency && !user.agency.active) return { status: "agency-inactive" };

  await settleLoginSuccess(throttle.attemptId);
  await getPrisma().user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  const setCookie = await createUserSession(user.id, options.request);
  await logAccess({ userId: user.id, action: "SIGN_IN", resourceType: "session", request: options.request });
  return { status: "signed-in", setCookie, userId: user.id };
}
