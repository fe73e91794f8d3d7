// For the register's loaders and actions: the viewer as a register actor, the agency of the URL (404 when unknown or,
// for an AGENCY user, not theirs), and RegisterError refusals as what a route answers.
import { data } from "@remix-run/node";
import { notFound, requireAgencyAccess } from "~/auth/guards.server";
import type { SessionUser } from "~/auth/session.server";
import { RegisterError } from "./register-input";
import { findAgencyByCode, type RegisterActor } from "./register.server";

export function registerActor(user: SessionUser, request: Request): RegisterActor {
  return { userId: user.id, role: user.role, agencyId: user.agencyId, request };
}

export async function requireRegisterAgency(user: SessionUser, code: string | undefined) {
  if (!code || code.length > 40) throw notFound();
  try {
    const agency = await findAgencyByCode(code);
    requireAgencyAccess(user, [agency.id]);
    return agency;
  } catch (error) {
    if (error instanceof RegisterError) throw notFound();
    throw error;
  }
}

export type RegisterFailure = { ok: false; reason: string; field: string | null; message: string };

const statusOf = { INVALID: 400, CONFLICT: 409, TOO_LARGE: 413, UNSUPPORTED: 415 } as const;

/** A refusal the form shows, with its HTTP status; "not found" is thrown as a 404; anything else rethrown. */
export function registerFailureResponse(error: unknown) {
  if (!(error instanceof RegisterError)) throw error;
  if (error.code === "NOT_FOUND") throw notFound();
  const failure: RegisterFailure = { ok: false, reason: error.reason, field: error.field, message: error.message };
  return data(failure, { status: statusOf[error.code] });
}
