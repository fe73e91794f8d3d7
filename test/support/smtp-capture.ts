import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { resetEnvCache } from "~/env.server";
import { closeMailTransports } from "~/notifications/mailer.server";

// A real SMTP server on 127.0.0.1 for tests of what the app e-mails: it accepts every message (no TLS, no
// authentication), parses it with mailparser as a mail client would, and keeps it. Recipients in `refuse` are
// answered with a temporary failure, as a full mailbox or a greylisting server would.

export type CapturedMail = { to: string[]; subject: string; text: string; html: string; raw: ParsedMail };

export type SmtpCapture = {
  url: string;
  messages: CapturedMail[];
  refuse: Set<string>;
  close: () => Promise<void>;
};

function addresses(mail: ParsedMail): string[] {
  const list = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
  return list.flatMap((entry) => entry.value.map((address) => address.address ?? "")).sort();
}

export async function startSmtpCapture(): Promise<SmtpCapture> {
  const messages: CapturedMail[] = [];
  const refuse = new Set<string>();
  const server = new SMTPServer({
    secure: false,
    hideSTARTTLS: true,
    authOptional: true,
    disableReverseLookup: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refuse.has(address.address)) {
        callback(Object.assign(new Error("Mailbox temporarily unavailable"), { responseCode: 450 }));
        return;
      }
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push({ to: addresses(mail), subject: mail.subject ?? "", text: mail.text ?? "", html: typeof mail.html === "string" ? mail.html : "", raw: mail });
          callback();
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refuse,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Starts a capture and points the app's mail settings at it (SMTP_URL, PUBLIC_BASE_URL, the env cache reset);
 * `restore` closes the app's transports and the server and puts the environment back. The tests' own database must
 * already be in place: with SMTP_URL set, notifyRecipients queues e-mail jobs through pg-boss.
 */
export async function useSmtpCapture(publicBaseUrl = "https://oversight.example.com"): Promise<{ smtp: SmtpCapture; restore: () => Promise<void> }> {
  const previous = { SMTP_URL: process.env.SMTP_URL, PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL };
  const smtp = await startSmtpCapture();
  process.env.SMTP_URL = smtp.url;
  process.env.PUBLIC_BASE_URL = publicBaseUrl;
  resetEnvCache();
  return {
    smtp,
    restore: async () => {
      closeMailTransports();
      await smtp.close();
      process.env.SMTP_URL = previous.SMTP_URL;
      process.env.PUBLIC_BASE_URL = previous.PUBLIC_BASE_URL;
      resetEnvCache();
    },
  };
}
