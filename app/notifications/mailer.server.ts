import nodemailer, { type Transporter } from "nodemailer";
import { getEnv } from "~/env.server";
import type { ComposedEmail } from "./compose-email";

// nodemailer speaks SMTP from the URL alone: smtp:// upgrades with STARTTLS when the server offers it, smtps:// is
// TLS from the start, user:pass@ authenticates. It encodes non-ASCII subjects and bodies (Chinese) as UTF-8.
// Only worker processes send (ADR 024): a slow or unreachable mail server never holds up a web request.

const transports = new Map<string, Transporter>();

function transportFor(smtpUrl: string): Transporter {
  let transport = transports.get(smtpUrl);
  if (!transport) {
    transport = nodemailer.createTransport(smtpUrl);
    transports.set(smtpUrl, transport);
  }
  return transport;
}

/** The SMTP URL e-mail goes to: the one given (tests), else SMTP_URL; null when the server sends no e-mail. */
export function mailServer(smtpUrl?: string): string | null {
  return smtpUrl ?? getEnv().SMTP_URL ?? null;
}

export async function sendEmail(smtpUrl: string, to: string, email: ComposedEmail): Promise<void> {
  await transportFor(smtpUrl).sendMail({ from: getEnv().MAIL_FROM, to, subject: email.subject, text: email.text, html: email.html });
}

export function closeMailTransports(): void {
  for (const transport of transports.values()) transport.close();
  transports.clear();
}
