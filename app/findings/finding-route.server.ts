// For the findings pages' loaders and actions: the viewer as a findings actor, and FindingError refusals turned
// into what a route answers. A role not allowed is a 403 whose body says why; another agency's finding is a 404,
// exactly like one that does not exist; a conflict or bad input comes back as action data for the form to show.
import { data } from "@remix-run/node";
import type { SessionUser } from "~/auth/session.server";
import { actorFromUser } from "./findings.server";
import { FindingError, type FindingActorRef } from "./finding-types";

export function findingActor(user: SessionUser, request: Request): FindingActorRef {
  return actorFromUser(user, request);
}

/** `message` is the domain's English sentence (for logs and tools); pages show `messageKey` in the reader's language (finding-refusal.ts). */
export type FindingFailure = { ok: false; status: 400 | 409 | 413 | 415; reason: FindingError["reason"]; field: string | null; message: string; messageKey: string | null; messageParams: Record<string, string | number> | null };

/**
 * Throws a 403 (with the reason) or 404 Response for refusals about who asks or what exists; returns the failure
 * for refusals the form should show (400/409/413/415). Anything that is not a FindingError is rethrown.
 */
export function findingFailure(error: unknown): FindingFailure {
  if (!(error instanceof FindingError)) throw error;
  if (error.code === "NOT_FOUND") throw new Response("Not Found", { status: 404, statusText: "Not Found" });
  if (error.code === "FORBIDDEN") throw new Response(`${error.reason}: ${error.message}`, { status: 403, statusText: "Forbidden" });
  const status = error.httpStatus as FindingFailure["status"];
  // Zod issues of the findings' schemas carry a message key as their message.
  const messageKey = error.i18n?.key ?? (/^[a-z][\w]*(\.[\w]+)+$/i.test(error.message) ? error.message : null);
  return { ok: false, status, reason: error.reason, field: error.field ?? null, message: error.message, messageKey, messageParams: error.i18n?.params ?? null };
}

/** The failure as an action's answer with its HTTP status (the form reads the data, the status tells tests and tools). */
export function findingFailureResponse(error: unknown) {
  const failure = findingFailure(error);
  return data(failure, { status: failure.status });
}
