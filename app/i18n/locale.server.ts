import { createCookie } from "@remix-run/node";
import { getPrisma } from "~/db/client.server";
import type { SessionUser } from "~/auth/session.server";
import { isLocale, negotiateLocale, type Locale } from "./locales";

// Remembers the choice of people who are not signed in (the sign-in page); signed-in users' choice is on their record.
const localeCookie = createCookie("oversight_locale", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 365 * 24 * 3600 });

export async function resolveLocale(request: Request, user: SessionUser | null): Promise<Locale> {
  if (user) return user.locale;
  const fromCookie: unknown = await localeCookie.parse(request.headers.get("cookie"));
  if (isLocale(fromCookie)) return fromCookie;
  return negotiateLocale(request.headers.get("accept-language"));
}

/** Saves the choice on the user's record (when signed in) and in a cookie; returns the Set-Cookie header value. */
export async function saveLocale(locale: Locale, user: SessionUser | null): Promise<string> {
  if (user) await getPrisma().user.update({ where: { id: user.id }, data: { locale } });
  return localeCookie.serialize(locale);
}
