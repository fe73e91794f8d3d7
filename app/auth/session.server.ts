import { createHash, randomBytes } from "node:crypto";
import { createCookie } from "@remix-run/node";
import { getPrisma } from "~/db/client.server";
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
  const value: unknown = await sessionCookie().parse(request.headers.get("cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

// lastSeenAt is written at most once a minute so that a page issuing several loader calls costs one write.
const touchIntervalMs = 60_000;

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
  const idleLimitMs = getEnv().SESSION_IDLE_MINUTES * 60_000;
  // A deactivated agency's users lose their sessions as their accounts would (and their uploads with them).
  const agencyInactive = session.user.agency !== null && !session.user.agency.active;
  if (session.expiresAt.getTime() <= now || now - session.lastSeenAt.getTime() > idleLimitMs || !session.user.active || agencyInactive) {
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
