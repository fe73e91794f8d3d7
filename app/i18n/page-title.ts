// Page titles in the reader's language. Remix calls `meta` outside React, so the I18nProvider is out of reach; the
// language comes from the root loader's data (`locale`, resolved per request like the rest of the page), which
// every route's meta receives among its matches.
import type { MetaDescriptor } from "@remix-run/react";
import { defaultLocale, isLocale, type Locale } from "./locales";
import type { MessageKey } from "./messages.en";
import { translate, type MessageParams } from "./translate";

interface MetaMatch {
  id: string;
  data: unknown;
}

export function localeOfMatches(matches: readonly MetaMatch[]): Locale {
  const data = matches.find((match) => match.id === "root")?.data;
  const locale = data && typeof data === "object" && "locale" in data ? data.locale : undefined;
  return isLocale(locale) ? locale : defaultLocale;
}

type TitleTranslator = (key: MessageKey, params?: MessageParams) => string;

/**
 * `<title>`: the page's own title (a message key, or built with the translator when it carries data), then the
 * application's name; only the name for pages that are the application itself (sign-in).
 */
export function pageTitle(matches: readonly MetaMatch[], title?: MessageKey | ((t: TitleTranslator) => string)): MetaDescriptor[] {
  const locale = localeOfMatches(matches);
  const t: TitleTranslator = (key, params) => translate(locale, key, params);
  const name = t("app.name");
  if (title === undefined) return [{ title: name }];
  return [{ title: `${typeof title === "string" ? t(title) : title(t)} · ${name}` }];
}
