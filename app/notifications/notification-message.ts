import { z } from "zod";
import { safeRedirectPath } from "~/http/safe-redirect";
import type { Locale } from "~/i18n/locales";
import { en, type MessageKey } from "~/i18n/messages.en";
import { zhCN } from "~/i18n/messages.zh-CN";
import { interpolate, type MessageParams } from "~/i18n/translate";

// A notification is stored language-neutral (a kind, its params and an app path) and rendered in the reader's
// language wherever it is shown: the notification centre, the immediate e-mail and the daily digest.

export const notificationKinds = [
  "FINDING_ISSUED",
  "FINDING_RESPONDED",
  "FINDING_DUE_SOON",
  "FINDING_OVERDUE",
  "FINDING_PLAN_ACCEPTED",
  "FINDING_PLAN_REJECTED",
  "FINDING_ESCALATED",
  "FINDING_CLOSED",
  "CONTEST_DECIDED",
  "AGENCY_EXPIRY_REMINDER",
  "AGENCY_EXPIRES_TODAY",
  "COMPLAINT_ASSIGNED",
  "COMPLAINT_ACCOUNT_REQUESTED",
  "COMPLAINT_RESPONDED",
  "COMPLAINT_OVERDUE",
  "COMPLAINT_CLOSED",
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

const roleSchema = z.enum(["ADMIN", "VENDOR_MANAGER", "COMPLIANCE", "EXECUTIVE", "AGENCY"]);
// Ids arrive as numbers or as their decimal strings (route params, JSON).
const idSchema = z.union([z.number().int().positive(), z.string().regex(/^[1-9]\d{0,9}$/).transform(Number)]);

/** Who receives a message: one agency's AGENCY users, the lender's users with these roles, or these users. */
export const audienceSchema = z.union([
  z.object({ agencyId: idSchema }).strict(),
  // AGENCY users are reached through their agency, never by role: a role would reach every agency's users at once.
  z.object({ roles: z.array(roleSchema.exclude(["AGENCY"])).min(1) }).strict(),
  z.object({ userIds: z.array(idSchema).max(10_000) }).strict(),
]);

/**
 * An app path such as "/findings/12?tab=plan": the same rules as a redirect target (no other site, no scheme, no
 * control characters), so a link in an e-mail can only ever lead into the app.
 */
export const notificationLinkSchema = z
  .string()
  .max(2048)
  .refine((value) => safeRedirectPath(value, "") === value, "must be a path inside the app, such as /findings/12");

export const notificationMessageSchema = z
  .object({
    audience: audienceSchema,
    kind: z.enum(notificationKinds),
    params: z.record(z.string().regex(/^\w+$/), z.union([z.string().max(500), z.number().finite()])),
    link: notificationLinkSchema,
    /**
     * The agency the message is about. AGENCY users named in a userIds audience receive it only when it is theirs;
     * without it they receive nothing (an agency audience is always about that agency).
     */
    concernsAgencyId: idSchema.optional(),
  })
  .superRefine((message, context) => {
    const missing = missingParams(message.kind, message.params);
    if (missing.length > 0) context.addIssue({ code: "custom", path: ["params"], message: `${message.kind} needs ${missing.join(", ")}` });
  });

export type NotificationMessage = z.input<typeof notificationMessageSchema>;
export type ParsedNotificationMessage = z.output<typeof notificationMessageSchema>;
export type Audience = z.output<typeof audienceSchema>;

type Dictionary = Record<MessageKey, string>;
const dictionaries: Record<Locale, Dictionary> = { en, "zh-CN": zhCN };

function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? "");
}

function kindKeys(kind: string): { title: MessageKey; body: MessageKey } | null {
  const title = `notification.${kind}.title`;
  const body = `notification.${kind}.body`;
  if (!(title in en) || !(body in en)) return null;
  return { title: title as MessageKey, body: body as MessageKey };
}

/** The params a kind's title and body use in any language that the message does not give. */
export function missingParams(kind: string, params: Record<string, unknown>): string[] {
  const keys = kindKeys(kind);
  if (!keys) return [];
  const needed = new Set<string>();
  for (const dictionary of Object.values(dictionaries)) {
    for (const key of [keys.title, keys.body]) for (const name of placeholders(dictionary[key])) needed.add(name);
  }
  return [...needed].filter((name) => !(name in params)).sort();
}

export type RenderedNotification = { title: string; body: string };

/** A stored kind this version does not know (written by a newer one) still renders, as a generic notification. */
export function renderNotification(locale: Locale, notification: { kind: string; params: unknown }): RenderedNotification {
  const dictionary = dictionaries[locale];
  const keys = kindKeys(notification.kind) ?? { title: "notification.unknown.title", body: "notification.unknown.body" };
  const params = toMessageParams(notification.params);
  return { title: interpolate(dictionary[keys.title], params), body: interpolate(dictionary[keys.body], params) };
}

function toMessageParams(value: unknown): MessageParams {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  const params: MessageParams = {};
  for (const [name, param] of Object.entries(value)) if (typeof param === "string" || typeof param === "number") params[name] = param;
  return params;
}

/** The link of an e-mail: the stored app path on the public base URL; anything else (never stored) the home page. */
export function absoluteLink(link: string, baseUrl: string): string {
  return new URL(safeRedirectPath(link, "/"), baseUrl).toString();
}
