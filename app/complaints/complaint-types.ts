// Types shared by the complaint workflow's domain functions, pages, CLI and tests.
import type { ComplaintActor } from "./complaint-state";

/** Who acts on a complaint: a user (AGENCY users only on their own agency's complaints) or the scheduler. */
export type ComplaintActorRef = { role: ComplaintActor; userId: number | null; agencyId: number | null; request?: Request };

export const systemComplaintActor: ComplaintActorRef = Object.freeze({ role: "SYSTEM", userId: null, agencyId: null });

export type ComplaintErrorCode = "NOT_FOUND" | "FORBIDDEN" | "CONFLICT" | "INVALID";

/** A refusal with its HTTP meaning (404, 403, 409, 400), a reason code and the field it concerns. */
export class ComplaintError extends Error {
  constructor(
    readonly code: ComplaintErrorCode,
    readonly reason: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  get httpStatus(): number {
    return { NOT_FOUND: 404, FORBIDDEN: 403, CONFLICT: 409, INVALID: 400 }[this.code];
  }
}

export type ComplaintTransitionOutcome = { complaintId: number; action: string; from: string; to: string; detail: Record<string, unknown>; at: string };
