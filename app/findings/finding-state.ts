// The findings life cycle as data (ADR 023): which action moves a finding from which status to which, who may take
// it, and when a note is required. Pure, so the table is tested exhaustively and the domain functions, the pages
// (which buttons to show) and the API all ask the same question.
import type { FindingStatus, Role } from "~/generated/prisma/enums";

export const findingStatuses = ["DRAFT", "ISSUED", "RESPONDED", "PLAN_ACCEPTED", "PLAN_REJECTED", "VERIFYING", "CLOSED", "ESCALATED"] as const satisfies readonly FindingStatus[];

/** Statuses in which the finding is still being worked on (everything but CLOSED). */
export const openFindingStatuses = findingStatuses.filter((status) => status !== "CLOSED");

/** Who acts: a user's role, or the scheduler (overdue escalation, verification). */
export type FindingActor = Role | "SYSTEM";

export const findingTransitions = ["issue", "respond", "acceptPlan", "rejectPlan", "startVerification", "escalate", "close", "reopen"] as const;
export type FindingTransition = (typeof findingTransitions)[number];

/** What the status alone does not tell. */
export type FindingStateContext = {
  /** A response's plan was accepted (and the finding has not been reopened since). */
  hasAcceptedPlan: boolean;
  /** The finding has been issued at some point (a closed draft reopens as a draft). */
  wasIssued: boolean;
};

export type TransitionRefusal = "ROLE_NOT_ALLOWED" | "STATUS_NOT_ALLOWED" | "PLAN_ALREADY_ACCEPTED" | "NO_ACCEPTED_PLAN" | "NOTE_REQUIRED";

export type TransitionCheck = { allowed: true; to: FindingStatus } | { allowed: false; reason: TransitionRefusal; message: string };

const COMPLIANCE: readonly FindingActor[] = ["COMPLIANCE", "ADMIN"];
const COMPLIANCE_OR_SYSTEM: readonly FindingActor[] = ["COMPLIANCE", "ADMIN", "SYSTEM"];

type Rule = {
  from: readonly FindingStatus[];
  actors: readonly FindingActor[];
  to: (from: FindingStatus, context: FindingStateContext) => FindingStatus;
  /** Refuses a status in `from` for a reason the context holds. */
  extra?: (from: FindingStatus, context: FindingStateContext) => TransitionRefusal | null;
  /** Actors who must give a note (the scheduler records its own reason instead). */
  noteFrom?: readonly FindingActor[];
};

const rules: Record<FindingTransition, Rule> = {
  issue: { from: ["DRAFT"], actors: COMPLIANCE, to: () => "ISSUED" },
  // An agency may revise its answer until compliance decides (each answer is kept), answer again after a rejected
  // plan, and answer late: an escalation for an overdue response is answered like the original request.
  respond: {
    from: ["ISSUED", "RESPONDED", "PLAN_REJECTED", "ESCALATED"],
    actors: ["AGENCY"],
    to: () => "RESPONDED",
    extra: (from, context) => (from === "ESCALATED" && context.hasAcceptedPlan ? "PLAN_ALREADY_ACCEPTED" : null),
  },
  acceptPlan: { from: ["RESPONDED"], actors: COMPLIANCE, to: () => "PLAN_ACCEPTED" },
  rejectPlan: { from: ["RESPONDED"], actors: COMPLIANCE, to: () => "PLAN_REJECTED", noteFrom: COMPLIANCE },
  // The scheduler starts verification when the plan's last action falls due; compliance may start it earlier, or
  // again after an escalation for late actions once they are done.
  startVerification: {
    from: ["PLAN_ACCEPTED", "ESCALATED"],
    actors: COMPLIANCE_OR_SYSTEM,
    to: () => "VERIFYING",
    extra: (from, context) => (from === "ESCALATED" && !context.hasAcceptedPlan ? "NO_ACCEPTED_PLAN" : null),
  },
  escalate: { from: ["ISSUED", "RESPONDED", "PLAN_ACCEPTED", "PLAN_REJECTED", "VERIFYING"], actors: COMPLIANCE_OR_SYSTEM, to: () => "ESCALATED", noteFrom: COMPLIANCE },
  // Compliance may close at any point (a draft it will not issue, an agency whose contract ended): never deleted.
  close: { from: ["DRAFT", "ISSUED", "RESPONDED", "PLAN_ACCEPTED", "PLAN_REJECTED", "VERIFYING", "ESCALATED"], actors: COMPLIANCE, to: () => "CLOSED", noteFrom: COMPLIANCE },
  reopen: { from: ["CLOSED"], actors: COMPLIANCE, to: (_from, context) => (context.wasIssued ? "ISSUED" : "DRAFT"), noteFrom: COMPLIANCE },
};

const refusalMessages: Record<TransitionRefusal, (transition: FindingTransition, from: FindingStatus, actor: FindingActor) => string> = {
  ROLE_NOT_ALLOWED: (transition, _from, actor) => `${actor === "SYSTEM" ? "The scheduler" : `The role ${actor}`} may not ${describeTransition(transition)}.`,
  STATUS_NOT_ALLOWED: (transition, from) => `A ${from} finding cannot ${describeTransition(transition, "verb")}.`,
  PLAN_ALREADY_ACCEPTED: () => "The finding's plan has already been accepted: mark its actions done instead of answering again.",
  NO_ACCEPTED_PLAN: () => "The finding has no accepted plan to verify.",
  NOTE_REQUIRED: (transition) => `A note is required to ${describeTransition(transition)}.`,
};

function describeTransition(transition: FindingTransition, form: "object" | "verb" = "object"): string {
  const words: Record<FindingTransition, [string, string]> = {
    issue: ["issue a finding", "be issued"],
    respond: ["respond to a finding", "be responded to"],
    acceptPlan: ["accept a plan", "have its plan accepted"],
    rejectPlan: ["reject a plan", "have its plan rejected"],
    startVerification: ["start verification", "start verification"],
    escalate: ["escalate a finding", "be escalated"],
    close: ["close a finding", "be closed"],
    reopen: ["reopen a finding", "be reopened"],
  };
  return words[transition][form === "object" ? 0 : 1];
}

/**
 * May `actor` take `transition` on a finding in status `from`? The role is checked first (a 403 says why), then
 * the status and context (a conflict), then the note.
 */
export function checkTransition(input: {
  transition: FindingTransition;
  from: FindingStatus;
  actor: FindingActor;
  context: FindingStateContext;
  note?: string | null;
}): TransitionCheck {
  const rule = rules[input.transition];
  const refuse = (reason: TransitionRefusal): TransitionCheck => ({ allowed: false, reason, message: refusalMessages[reason](input.transition, input.from, input.actor) });
  if (!rule.actors.includes(input.actor)) return refuse("ROLE_NOT_ALLOWED");
  if (!rule.from.includes(input.from)) return refuse("STATUS_NOT_ALLOWED");
  const extra = rule.extra?.(input.from, input.context) ?? null;
  if (extra) return refuse(extra);
  if (rule.noteFrom?.includes(input.actor) && (input.note ?? "").trim() === "") return refuse("NOTE_REQUIRED");
  return { allowed: true, to: rule.to(input.from, input.context) };
}

/** The transitions `actor` could take now (a note assumed given): the buttons a finding page shows. */
export function availableTransitions(from: FindingStatus, actor: FindingActor, context: FindingStateContext): FindingTransition[] {
  return findingTransitions.filter((transition) => checkTransition({ transition, from, actor, context, note: "—" }).allowed);
}

/** Refusals that are about who asks (HTTP 403), as opposed to the finding's state (HTTP 409) or input (400). */
export function isPermissionRefusal(reason: TransitionRefusal): boolean {
  return reason === "ROLE_NOT_ALLOWED";
}

// ---------------------------------------------------------------------------------------------------------------
// Operations that do not change the status.

export const findingOperations = ["markActionDone", "attach", "contest", "decideContest", "edit"] as const;
export type FindingOperation = (typeof findingOperations)[number];

const operations: Record<FindingOperation, { from: readonly FindingStatus[]; actors: readonly FindingActor[] }> = {
  // The agency marks its accepted plan's actions done, also late (after an escalation for overdue actions).
  markActionDone: { from: ["PLAN_ACCEPTED", "ESCALATED", "VERIFYING"], actors: ["AGENCY"] },
  attach: { from: ["ISSUED", "RESPONDED", "PLAN_ACCEPTED", "PLAN_REJECTED", "VERIFYING", "ESCALATED", "DRAFT"], actors: ["AGENCY", "COMPLIANCE", "ADMIN"] },
  contest: { from: ["ISSUED", "RESPONDED", "PLAN_ACCEPTED", "PLAN_REJECTED", "VERIFYING", "ESCALATED"], actors: ["AGENCY"] },
  decideContest: { from: ["ISSUED", "RESPONDED", "PLAN_ACCEPTED", "PLAN_REJECTED", "VERIFYING", "ESCALATED", "CLOSED"], actors: ["COMPLIANCE", "ADMIN"] },
  // Title, description, evidence criteria and due date: only while a draft (what the agency received stays as sent).
  edit: { from: ["DRAFT"], actors: ["COMPLIANCE", "ADMIN"] },
};

export type OperationCheck = { allowed: true } | { allowed: false; reason: "ROLE_NOT_ALLOWED" | "STATUS_NOT_ALLOWED"; message: string };

export function checkOperation(operation: FindingOperation, from: FindingStatus, actor: FindingActor): OperationCheck {
  const rule = operations[operation];
  if (!rule.actors.includes(actor)) return { allowed: false, reason: "ROLE_NOT_ALLOWED", message: `${actor === "SYSTEM" ? "The scheduler" : `The role ${actor}`} may not ${operation} here.` };
  // An agency never sees a draft, so it cannot attach to one either.
  if (!rule.from.includes(from) || (actor === "AGENCY" && from === "DRAFT")) return { allowed: false, reason: "STATUS_NOT_ALLOWED", message: `Not possible while the finding is ${from}.` };
  return { allowed: true };
}

/** AGENCY users never see drafts: a finding is theirs from the moment it is issued. */
export function isVisibleToAgency(status: FindingStatus, wasIssued: boolean): boolean {
  return status !== "DRAFT" && !(status === "CLOSED" && !wasIssued);
}
