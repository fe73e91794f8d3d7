// For the complaint pages' loaders and actions: the viewer as a complaint actor, and ComplaintError refusals turned
// into what a route answers (404 another agency's or a missing complaint, 403 with the reason, 400/409 as data).
import { data } from "@remix-run/node";
import type { SessionUser } from "~/auth/session.server";
import { ComplaintError, type ComplaintActorRef } from "./complaint-types";

export function complaintActor(user: SessionUser, request: Request): ComplaintActorRef {
  return { role: user.role, userId: user.id, agencyId: user.agencyId, request };
}

export type ComplaintFailure = { ok: false; status: 400 | 409; reason: string; field: string | null; message: string };

export function complaintFailure(error: unknown): ComplaintFailure {
  if (!(error instanceof ComplaintError)) throw error;
  if (error.code === "NOT_FOUND") throw new Response("Not Found", { status: 404, statusText: "Not Found" });
  if (error.code === "FORBIDDEN") throw new Response(`${error.reason}: ${error.message}`, { status: 403, statusText: "Forbidden" });
  return { ok: false, status: error.httpStatus as 400 | 409, reason: error.reason, field: error.field ?? null, message: error.message };
}

export function complaintFailureResponse(error: unknown) {
  const failure = complaintFailure(error);
  return data(failure, { status: failure.status });
}
