// The complaint life cycle as data: RECEIVED → INVESTIGATING (assigned, the agency asked for its account with a due
// day) → RESPONDED (the agency's answer) → CLOSED with an outcome and a root cause. Which action moves a complaint
// from which status, who may take it and when a note is required. Pure, so the table is tested by role and the domain
// functions, the page's buttons and the schedule ask the same question.
import type { ComplaintStatus, Role } from "~/generated/prisma/enums";

export const complaintStatuses = ["RECEIVED", "INVESTIGATING", "RESPONDED", "CLOSED"] as const satisfies readonly ComplaintStatus[];
export const openComplaintStatuses = complaintStatuses.filter((status) => status !== "CLOSED");

/** Who acts: a user's role, or the scheduler (overdue escalation). */
export type ComplaintActor = Role | "SYSTEM";

export const complaintTransitions = ["investigate", "respond", "close", "reopen"] as const;
export type ComplaintTransition = (typeof complaintTransitions)[number];

export type ComplaintRefusal = "ROLE_NOT_ALLOWED" | "STATUS_NOT_ALLOWED" | "NOTE_REQUIRED";
export type ComplaintTransitionCheck = { allowed: true; to: ComplaintStatus } | { allowed: false; reason: ComplaintRefusal; message: string };

const COMPLIANCE: readonly ComplaintActor[] = ["COMPLIANCE", "ADMIN"];

type Rule = { from: readonly ComplaintStatus[]; actors: readonly ComplaintActor[]; to: ComplaintStatus; noteFrom?: readonly ComplaintActor[] };

const rules: Record<ComplaintTransition, Rule> = {
  // Assigning an officer and asking the agency for its account of events are one step: the due day starts then.
  investigate: { from: ["RECEIVED"], actors: COMPLIANCE, to: "INVESTIGATING" },
  // The agency may revise its answer until the complaint is closed; its answer is the note.
  respond: { from: ["INVESTIGATING", "RESPONDED"], actors: ["AGENCY"], to: "RESPONDED", noteFrom: ["AGENCY"] },
  // A complaint may be closed without asking the agency (a duplicate, one the log already settles).
  close: { from: ["RECEIVED", "INVESTIGATING", "RESPONDED"], actors: COMPLIANCE, to: "CLOSED" },
  reopen: { from: ["CLOSED"], actors: COMPLIANCE, to: "INVESTIGATING", noteFrom: COMPLIANCE },
};

const verbs: Record<ComplaintTransition, string> = { investigate: "start an investigation", respond: "answer a complaint", close: "close a complaint", reopen: "reopen a complaint" };

export function checkComplaintTransition(input: { transition: ComplaintTransition; from: ComplaintStatus; actor: ComplaintActor; note?: string | null }): ComplaintTransitionCheck {
  const rule = rules[input.transition];
  const who = input.actor === "SYSTEM" ? "The scheduler" : `The role ${input.actor}`;
  if (!rule.actors.includes(input.actor)) return { allowed: false, reason: "ROLE_NOT_ALLOWED", message: `${who} may not ${verbs[input.transition]}.` };
  if (!rule.from.includes(input.from)) return { allowed: false, reason: "STATUS_NOT_ALLOWED", message: `A ${input.from} complaint cannot be used to ${verbs[input.transition]}.` };
  if (rule.noteFrom?.includes(input.actor) && (input.note ?? "").trim() === "") return { allowed: false, reason: "NOTE_REQUIRED", message: `A note is required to ${verbs[input.transition]}.` };
  return { allowed: true, to: rule.to };
}

export function availableComplaintTransitions(from: ComplaintStatus, actor: ComplaintActor): ComplaintTransition[] {
  return complaintTransitions.filter((transition) => checkComplaintTransition({ transition, from, actor, note: "—" }).allowed);
}

// ---------------------------------------------------------------------------------------------------------------
// Operations that keep the status.

export const complaintOperations = ["reassign", "attach", "linkViolation", "raiseFinding", "escalate", "corroborate"] as const;
export type ComplaintOperation = (typeof complaintOperations)[number];

const operations: Record<ComplaintOperation, { from: readonly ComplaintStatus[]; actors: readonly ComplaintActor[] }> = {
  reassign: { from: ["INVESTIGATING", "RESPONDED"], actors: COMPLIANCE },
  // The agency attaches evidence while it is asked; compliance until the complaint is closed.
  attach: { from: ["RECEIVED", "INVESTIGATING", "RESPONDED"], actors: ["AGENCY", "COMPLIANCE", "ADMIN"] },
  linkViolation: { from: complaintStatuses, actors: COMPLIANCE },
  raiseFinding: { from: complaintStatuses, actors: COMPLIANCE },
  // An unanswered request past its due day: the scheduler, or compliance by hand.
  escalate: { from: ["INVESTIGATING"], actors: ["COMPLIANCE", "ADMIN", "SYSTEM"] },
  corroborate: { from: complaintStatuses, actors: ["COMPLIANCE", "ADMIN", "SYSTEM"] },
};

export type ComplaintOperationCheck = { allowed: true } | { allowed: false; reason: "ROLE_NOT_ALLOWED" | "STATUS_NOT_ALLOWED"; message: string };

export function checkComplaintOperation(operation: ComplaintOperation, from: ComplaintStatus, actor: ComplaintActor): ComplaintOperationCheck {
  const rule = operations[operation];
  if (!rule.actors.includes(actor)) return { allowed: false, reason: "ROLE_NOT_ALLOWED", message: `${actor === "SYSTEM" ? "The scheduler" : `The role ${actor}`} may not ${operation} here.` };
  // An agency attaches only once it has been asked.
  if (!rule.from.includes(from) || (actor === "AGENCY" && operation === "attach" && from === "RECEIVED")) {
    return { allowed: false, reason: "STATUS_NOT_ALLOWED", message: `Not possible while the complaint is ${from}.` };
  }
  return { allowed: true };
}

/** Complaints whose outcome counts against the agency in its figures and scorecard. */
export function isUpheldOutcome(outcome: string | null | undefined): boolean {
  return outcome === "UPHELD" || outcome === "PARTLY_UPHELD";
}
