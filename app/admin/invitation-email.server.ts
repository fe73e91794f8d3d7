import { getEnv } from "~/env.server";
import { isLocale } from "~/i18n/locales";
import { composeInvitationEmail } from "~/notifications/compose-email";
import { mailServer, sendEmail } from "~/notifications/mailer.server";
import { findInvitation, invitationUrl } from "./invitations.server";
import { getPrisma } from "~/db/client.server";

export type InvitationEmailJob = { invitationId: number; token: string };

/**
 * E-mails a one-time link to its user, if it still works: a link used, revoked (a newer one, a deactivation) or
 * expired before the worker got to it is not sent. Run by the worker only (ADR 024).
 */
export async function sendInvitationEmail(job: InvitationEmailJob, options: { smtpUrl?: string; now?: Date; baseUrl?: string } = {}): Promise<"sent" | "no-longer-valid" | "no-mail-server"> {
  const smtpUrl = mailServer(options.smtpUrl);
  if (!smtpUrl) return "no-mail-server";
  const found = await findInvitation(job.token, options.now);
  if (found.status !== "valid" || found.invitationId !== job.invitationId) return "no-longer-valid";
  const { expiresAt } = await getPrisma().userInvitation.findUniqueOrThrow({ where: { id: found.invitationId }, select: { expiresAt: true } });
  const url = invitationUrl(job.token, options.baseUrl ?? getEnv().PUBLIC_BASE_URL);
  await sendEmail(smtpUrl, found.email, composeInvitationEmail(isLocale(found.locale) ? found.locale : "en", { email: found.email, url, expiresAt }));
  return "sent";
}
