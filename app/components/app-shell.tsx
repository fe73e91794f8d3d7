import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import type { SessionUser } from "~/auth/session.server";
import { useI18n } from "~/i18n/i18n-context";
import { locales } from "~/i18n/locales";
import { navigationFor } from "./navigation";

export function LanguageSwitcher() {
  const { t, locale } = useI18n();
  const location = useLocation();
  return (
    <Form method="post" action="/locale" className="flex items-center gap-1" aria-label={t("language.switch")}>
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      {locales.map((option) => (
        <button
          key={option}
          type="submit"
          name="locale"
          value={option}
          aria-pressed={option === locale}
          data-testid={`language-${option}`}
          className={`whitespace-nowrap rounded px-2 py-1 text-xs font-medium ${option === locale ? "bg-white/20 text-white" : "text-brand-100 hover:bg-white/10"}`}
        >
          {t(`language.${option}`)}
        </button>
      ))}
    </Form>
  );
}

/** The header's way into the notification centre, with the unread count (capped in the badge, exact for readers). */
export function NotificationBell({ unread }: { unread: number }) {
  const { t, number } = useI18n();
  const label = unread > 0 ? t("notifications.bellUnread", { count: number(unread) }) : t("notifications.bell");
  return (
    <Link to="/notifications" aria-label={label} title={label} data-testid="notification-bell" className="relative rounded-md p-1.5 text-brand-100 hover:bg-white/10 hover:text-white">
      <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <path d="M18 8a6 6 0 1 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
        <path d="M13.73 21a2 2 0 0 1-3.46 0" />
      </svg>
      {unread > 0 ? (
        <span data-testid="unread-count" className="absolute -top-1 -right-1 min-w-[1.1rem] rounded-full bg-red-600 px-1 text-center text-[10px] leading-[1.1rem] font-semibold text-white">
          {unread > 99 ? "99+" : number(unread)}
        </span>
      ) : null}
    </Link>
  );
}

export function AppShell({ user, unreadNotifications, navBadges = {}, children }: { user: SessionUser; unreadNotifications: number; navBadges?: Partial<Record<string, number>>; children: ReactNode }) {
  const { t, number } = useI18n();
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-4 focus:py-2 focus:text-sm focus:font-medium focus:text-brand-900 focus:shadow" data-testid="skip-link">
        {t("nav.skipToContent")}
      </a>
      {/* Wide screens (xl) keep the header on one row in both languages and for every role (test/e2e/header.spec.ts
          checks 1440 px): labels never wrap and the user's line is truncated, its full text in a tooltip. Narrower
          screens wrap it onto rows. */}
      <header className="bg-brand-900 text-white" data-testid="app-header">
        <div className="mx-auto flex max-w-screen-2xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3 sm:px-6 xl:flex-nowrap">
          <div className="flex min-w-0 flex-wrap items-center gap-x-3 gap-y-2 xl:shrink-0 xl:flex-nowrap">
            <span className="whitespace-nowrap text-base font-semibold tracking-tight">{t("app.name")}</span>
            <nav aria-label={t("nav.mainMenu")} data-testid="main-nav">
              <ul className="flex flex-wrap gap-0.5 xl:flex-nowrap">
                {navigationFor(user.role).map((item) => (
                  <li key={item.to}>
                    <NavLink
                      to={item.to}
                      end={item.to === "/"}
                      prefetch="intent"
                      className={({ isActive }) =>
                        `block whitespace-nowrap rounded-md px-2 py-1.5 text-sm font-medium ${isActive ? "bg-white/15 text-white" : "text-brand-100 hover:bg-white/10 hover:text-white"}`
                      }
                    >
                      {t(item.labelKey)}
                      {navBadges[item.to] ? (
                        <span data-testid={`nav-badge-${item.to.slice(1)}`} className="ml-1.5 rounded-full bg-amber-400 px-1.5 text-[11px] font-semibold text-brand-900">
                          {number(navBadges[item.to])}
                        </span>
                      ) : null}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
          <div className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-2 xl:flex-nowrap">
            <NotificationBell unread={unreadNotifications} />
            <LanguageSwitcher />
            <span className="min-w-0 max-w-[12rem] truncate text-xs text-brand-100" data-testid="current-user" title={`${t("nav.signedInAs", { name: user.name })} · ${t(`role.${user.role}`)}${user.agencyCode ? ` · ${user.agencyCode}` : ""}`}>
              {user.name} · {t(`role.${user.role}`)}
              {user.agencyCode ? ` · ${user.agencyCode}` : ""}
            </span>
            <Form method="post" action="/logout">
              <button type="submit" className="whitespace-nowrap rounded-md border border-white/30 px-3 py-1 text-xs font-medium hover:bg-white/10">
                {t("nav.signOut")}
              </button>
            </Form>
          </div>
        </div>
      </header>
      {/* tabIndex -1: the skip link moves keyboard focus here, not only the scroll position. */}
      <main id="main" tabIndex={-1} className="mx-auto max-w-screen-2xl px-4 py-6 focus:outline-none sm:px-6 sm:py-8">
        {children}
      </main>
    </div>
  );
}
