import { redirect } from "@remix-run/node";
import { can, isAgencyScoped, type Permission } from "./permissions";
import { lookupSession, type SessionUser } from "./session.server";

// Every loader and action starts with one of these. They throw Responses, so a route cannot forget to stop:
// no session → redirect to sign-in; signed in without the permission → 403, never a silently empty page.

export function forbidden(): Response {
  return new Response("Forbidden", { status: 403, statusText: "Forbidden" });
}

export function notFound(): Response {
  return new Response("Not Found", { status: 404, statusText: "Not Found" });
}

function signInRedirect(request: Request, reason?: "expired"): Response {
  const url = new URL(request.url);
  const params = new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` });
  if (reason) params.set("reason", reason);
  return redirect(`/login?${params.toString()}`);
}

export async function getOptionalUser(request: Request): Promise<SessionUser | null> {
  const lookup = await lookupSession(request);
  return lookup.status === "active" ? lookup.user : null;
}

export const changePasswordPath = "/change-password";

/** A user who must replace a password someone else set is sent to do so first, then back to where they were. */
function changePasswordRedirect(request: Request): Response {
  const url = new URL(request.url);
  return redirect(`${changePasswordPath}?${new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` }).toString()}`);
}

export async function requireUser(request: Request): Promise<SessionUser> {
  const lookup = await lookupSession(request);
  if (lookup.status !== "active") throw signInRedirect(request, lookup.status === "expired" ? "expired" : undefined);
  if (lookup.user.mustChangePassword) throw changePasswordRedirect(request);
  return lookup.user;
}

/** The change-password page's guard: a session, even one whose password must be changed; its id stays signed in. */
export async function requireUserForPasswordChange(request: Request): Promise<{ user: SessionUser; sessionId: string }> {
  const lookup = await lookupSession(request);
  if (lookup.status !== "active") throw signInRedirect(request, lookup.status === "expired" ? "expired" : undefined);
  return { user: lookup.user, sessionId: lookup.sessionId };
}

export async function requirePermission(request: Request, permission: Permission): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!can(user.role, permission)) throw forbidden();
  return user;
}

/**
 * The agency filter a user's queries must apply: their own agency for AGENCY users (whatever they asked for),
 * otherwise what they asked for (undefined = all). Asking for another agency as an AGENCY user is a 403.
 */
export function scopeAgency(user: SessionUser, requestedAgencyId?: number | null): number | undefined {
  if (isAgencyScoped(user.role)) {
    if (user.agencyId == null) throw forbidden();
    if (requestedAgencyId != null && requestedAgencyId !== user.agencyId) throw forbidden();
    return user.agencyId;
  }
  return requestedAgencyId ?? undefined;
}

/** For a single record owned by agencies (a case, a batch, a report): 404 when an AGENCY user is not among them. */
export function requireAgencyAccess(user: SessionUser, owningAgencyIds: readonly (number | null)[]): void {
  if (!isAgencyScoped(user.role)) return;
  if (user.agencyId == null || !owningAgencyIds.includes(user.agencyId)) throw notFound();
}
