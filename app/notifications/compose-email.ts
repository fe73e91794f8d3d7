import type { Locale } from "~/i18n/locales";
import { translate } from "~/i18n/translate";
import { absoluteLink, renderNotification } from "./notification-message";

// The e-mails the app sends, in the recipient's language: a plain-text part (what most mail clients of compliance
// teams show first) and a simple HTML part with the same words. Everything from data is escaped in the HTML.

export type ComposedEmail = { subject: string; text: string; html: string };
type StoredNotification = { kind: string; params: unknown; link: string };

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function htmlDocument(locale: Locale, body: string): string {
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"></head><body style="font-family:sans-serif;font-size:14px;color:#0f172a">${body}</body></html>`;
}

function footer(locale: Locale, baseUrl: string): { text: string; html: string } {
  const settingsUrl = absoluteLink("/settings", baseUrl);
  const app = translate(locale, "app.name");
  return {
    text: translate(locale, "email.footer", { app, url: settingsUrl }),
    html: `<p style="color:#64748b;font-size:12px">${escapeHtml(translate(locale, "email.footer", { app, url: "" }).trim())} <a href="${escapeHtml(settingsUrl)}">${escapeHtml(settingsUrl)}</a></p>`,
  };
}

export function composeNotificationEmail(locale: Locale, notification: StoredNotification, baseUrl: string): ComposedEmail {
  const { title, body } = renderNotification(locale, notification);
  const url = absoluteLink(notification.link, baseUrl);
  const end = footer(locale, baseUrl);
  return {
    subject: title,
    text: `${body}\n\n${translate(locale, "email.openLink", { url })}\n\n-- \n${end.text}\n`,
    html: htmlDocument(
      locale,
      `<h1 style="font-size:18px">${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p><p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>${end.html}`,
    ),
  };
}

export function composeDigestEmail(locale: Locale, notifications: readonly StoredNotification[], baseUrl: string): ComposedEmail {
  const items = notifications.map((notification) => ({ ...renderNotification(locale, notification), url: absoluteLink(notification.link, baseUrl) }));
  const subject = translate(locale, "email.digest.subject", { count: items.length });
  const intro = translate(locale, "email.digest.intro");
  const end = footer(locale, baseUrl);
  const text = items.map((item) => `- ${item.title}\n  ${item.body}\n  ${item.url}`).join("\n\n");
  const list = items
    .map((item) => `<li style="margin-bottom:12px"><a href="${escapeHtml(item.url)}"><strong>${escapeHtml(item.title)}</strong></a><br>${escapeHtml(item.body)}</li>`)
    .join("");
  return {
    subject,
    text: `${intro}\n\n${text}\n\n-- \n${end.text}\n`,
    html: htmlDocument(locale, `<p>${escapeHtml(intro)}</p><ul>${list}</ul>${end.html}`),
  };
}

export function composeInvitationEmail(locale: Locale, invitation: { email: string; url: string; expiresAt: Date }): ComposedEmail {
  const app = translate(locale, "app.name");
  // Minutes are enough for a 72-hour link; UTC because the invitee's zone is not known.
  const expiresAt = invitation.expiresAt.toISOString().slice(0, 16).replace("T", " ");
  const body = translate(locale, "email.invitation.body", { email: invitation.email, expiresAt });
  return {
    subject: translate(locale, "email.invitation.subject", { app }),
    text: `${body}\n\n${invitation.url}\n`,
    html: htmlDocument(locale, `<p>${escapeHtml(body)}</p><p><a href="${escapeHtml(invitation.url)}">${escapeHtml(invitation.url)}</a></p>`),
  };
}
