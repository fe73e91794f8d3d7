import { createHash, randomBytes } from "node:crypto";
import { createCookie } from "@remix-run/node";
import { getPrisma } from "~/db/client.server";
import { getPool } from "~/db/pg.server";
import { getEnv } from "~/env.server";
import type { Role } from "~/generated/prisma/enums";
import { isLocale, type Locale } from "~/i18n/locales";

export type SessionUser = {
  id: number;
  email: string;
  name: string;
  role: Role;
  agencyId: number | null;
  agencyCode: string | null;
  locale: Locale;
  /** Someone else set the password (a reset, a generated one): every page asks for a new one first. */
  mustChangePassword: boolean;
};

function sessionCookie() {
  const env = getEnv();
  return createCookie("oversight_session", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: env.COOKIE_SECURE ? env.COOKIE_SECURE === "true" : env.NODE_ENV === "production",
  });
}

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * server.ts overwrites this header on every request with Express's idea of the client address (which honours
 * TRUST_PROXY), so a client cannot spoof it to dodge the sign-in throttle.
 */
export const clientAddressHeader = "x-oversight-client-address";

export function clientAddress(request: Request): string {
  return request.headers.get(clientAddressHeader) || "unknown";
}

/** Creates a session and returns the Set-Cookie header value. */
export async function createUserSession(userId: number, request: Request): Promise<string> {
  const env = getEnv();
  const token = randomBytes(32).toString("base64url");
  const now = new Date();
  await getPrisma().session.create({
    data: {
      id: hashToken(token),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + env.SESSION_MAX_HOURS * 3_600_000),
      ipAddress: clientAddress(request),
      userAgent: request.headers.get("user-agent")?.slice(0, 300) ?? null,
    },
  });
  return sessionCookie().serialize(token, { maxAge: env.SESSION_MAX_HOURS * 3600 });
}

export type SessionLookup = { status: "none" } | { status: "expired" } | { status: "active"; user: SessionUser; sessionId: string };

async function readToken(request: Request): Promise<string | null> {
  return readTokenFromCookieHeader(request.headers.get("cookie"));
}

async function readTokenFromCookieHeader(cookieHeader: string | null): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(cookieHeader);
  return typeof value === "string" && value.length > 0 ? value : null;
}

// lastSeenAt is written at most once a minute so that a page issuing several loader calls costs one write.
const touchIntervalMs = 60_000;

type SessionValidity = { expiresAt: Date; lastSeenAt: Date; userActive: boolean; agencyActive: boolean | null };

/** Past its end, idle too long, or its user or (a deactivated agency's users lose their sessions as their accounts would) agency switched off. */
function sessionHasEnded(session: SessionValidity, now: number): boolean {
  const idleLimitMs = getEnv().SESSION_IDLE_MINUTES * 60_000;
  return session.expiresAt.getTime() <= now || now - session.lastSeenAt.getTime() > idleLimitMs || !session.userActive || session.agencyActive === false;
}

/** What the page cache (server/page-cache.ts, ADR 048) needs of a request's session, read in one round trip. */
export type PageCacheSession = {
  sessionId: string;
  locale: string;
  /**
   * The database's snapshot when the session was read (`pg_current_snapshot()`): equal texts mean no transaction
   * that wrote anything ended in between, so every read of the database would answer the same.
   */
  snapshot: string;
};

/**
 * The session of a request the page cache may answer, or null when it must go to the app's own guards: no session,
 * an ended one (the guard deletes it and redirects), a password to change first, or one whose lastSeenAt is due to be
 * written — a cached page never skips what lookupSession would have done.
 */
export async function peekSessionForPageCache(cookieHeader: string | null): Promise<PageCacheSession | null> {
  const token = await readTokenFromCookieHeader(cookieHeader);
  if (!token) return null;
  const { rows } = await getPool().query<{ id: string; expiresAt: Date; lastSeenAt: Date; userActive: boolean; agencyActive: boolean | null; locale: string; mustChangePassword: boolean; snapshot: string }>(
    `SELECT s.id, s."expiresAt", s."lastSeenAt", u.active AS "userActive", a.active AS "agencyActive", u.locale, u."mustChangePassword",
            pg_current_snapshot()::text AS snapshot
     FROM "Session" s JOIN "User" u ON u.id = s."userId" LEFT JOIN "Agency" a ON a.id = u."agencyId"
     WHERE s.id = $1`,
    [hashToken(token)],
  );
  const session = rows[0];
  if (!session) return null;
  const now = Date.now();
  if (sessionHasEnded(session, now) || session.mustChangePassword || now - session.lastSeenAt.getTime() > touchIntervalMs) return null;
  return { sessionId: session.id, locale: session.locale, snapshot: session.snapshot };
}

export async function lookupSession(request: Request): Promise<SessionLookup> {
  const token = await readToken(request);
  if (!token) return { status: "none" };
  const prisma = getPrisma();
  const session = await prisma.session.findUnique({
    where: { id: hashToken(token) },
    include: { user: { include: { agency: { select: { code: true, active: true } } } } },
  });
  if (!session) return { status: "none" };
  const now = Date.now();
  if (sessionHasEnded({ expiresAt: session.expiresAt, lastSeenAt: session.lastSeenAt, userActive: session.user.active, agencyActive: session.user.agency?.active ?? null }, now)) {
    await prisma.session.delete({ where: { id: session.id } }).catch(() => undefined);
    return { status: "expired" };
  }
  if (now - session.lastSeenAt.getTime() > touchIntervalMs) {
    await prisma.session.update({ where: { id: session.id }, data: { lastSeenAt: new Date(now) } });
  }
  const { user } = session;
  return {
    status: "active",
    sessionId: session.id,
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      agencyId: user.agencyId,
      agencyCode: user.agency?.code ?? null,
      locale: isLocale(user.locale) ? user.locale : "en",
      mustChangePassword: user.mustChangePassword,
    },
  };
}

/** Deletes the session and returns the Set-Cookie header value that clears the cookie. */
export async function destroyUserSession(request: Request): Promise<string> {
  const token = await readToken(request);
  if (token) await getPrisma().session.deleteMany({ where: { id: hashToken(token) } });
  return sessionCookie().serialize("", { maxAge: 0 });
}
