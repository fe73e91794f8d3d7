// Working a complaint: assign it and ask the agency for its account (INVESTIGATING, with a due day), the agency's
// answer (RESPONDED, with files), closing with an outcome and root cause, reopening, escalating an overdue answer,
// linking violations and raising a finding. Each change runs in one transaction that locks the complaint's row, asks
// complaint-state.ts, writes a ComplaintChange and notifies through app/notifications, so a refused or rolled-back
// change leaves nothing behind. Every function takes `now`.
import { accountsAffectedByComplaints, refreshRollupsForAccounts } from "~/metrics/refresh-rollups.server";
import { getPrisma } from "~/db/client.server";
import { dayInZone } from "~/findings/finding-dates";
import type { ComplaintStatus, Prisma } from "~/generated/prisma/client";
import type { ComplaintOutcome } from "~/generated/prisma/enums";
import { addDays } from "~/metrics/metric-filters";
import { notifyRecipients } from "~/notifications/notify-recipients.server";
import type { NotificationKind } from "~/notifications/notification-message";
import { getSetting } from "~/settings/settings.server";
import { checkComplaintOperation, checkComplaintTransition, type ComplaintOperation, type ComplaintTransition } from "./complaint-state";
import { getComplaintWorkflow } from "./complaint-settings.server";
import { ComplaintError, type ComplaintActorRef, type ComplaintTransitionOutcome } from "./complaint-types";

type Tx = Prisma.TransactionClient;

export const MAX_COMPLAINT_NOTE = 4000;

type Locked = { id: number; complaintRef: string; category: string; agencyId: number | null; status: ComplaintStatus; assignedToId: number | null; responseDueOn: Date | null; agencyCode: string | null };

export function complaintNotFound(id: number | string): ComplaintError {
  return new ComplaintError("NOT_FOUND", "NOT_FOUND", `No complaint ${id}.`);
}

/** AGENCY users see their own agency's complaints only: another's is "not found", never "forbidden". */
export function assertComplaintVisibleTo(complaint: { id: number; agencyId: number | null }, actor: ComplaintActorRef): void {
  if (actor.role === "AGENCY" && (actor.agencyId === null || complaint.agencyId !== actor.agencyId)) throw complaintNotFound(complaint.id);
}

async function lockComplaint(tx: Tx, complaintId: number, actor: ComplaintActorRef): Promise<Locked> {
  const [row] = await tx.$queryRaw<Locked[]>`
    SELECT c.id, c."complaintRef", c.category, c."agencyId", c.status, c."assignedToId", c."responseDueOn", a.code AS "agencyCode"
    FROM "Complaint" c LEFT JOIN "Agency" a ON a.id = c."agencyId" WHERE c.id = ${complaintId}::int FOR UPDATE OF c`;
  if (!row) throw complaintNotFound(complaintId);
  assertComplaintVisibleTo(row, actor);
  return row;
}

function refuse(check: { reason: string; message: string }): ComplaintError {
  return new ComplaintError(check.reason === "ROLE_NOT_ALLOWED" ? "FORBIDDEN" : check.reason === "NOTE_REQUIRED" ? "INVALID" : "CONFLICT", check.reason, check.message, check.reason === "NOTE_REQUIRED" ? "note" : undefined);
}

function requireOperation(operation: ComplaintOperation, complaint: Locked, actor: ComplaintActorRef): void {
  const check = checkComplaintOperation(operation, complaint.status, actor.role);
  if (!check.allowed) throw refuse(check);
}

function cleanNote(note: string | null | undefined): string | null {
  const trimmed = (note ?? "").trim();
  if (trimmed.length > MAX_COMPLAINT_NOTE) throw new ComplaintError("INVALID", "NOTE_TOO_LONG", `The note is longer than ${MAX_COMPLAINT_NOTE} characters.`, "note");
  return trimmed === "" ? null : trimmed;
}

async function writeChange(tx: Tx, input: { complaintId: number; action: string; from: ComplaintStatus | null; to: ComplaintStatus; actor: ComplaintActorRef; note: string | null; detail: Record<string, unknown> }, now: Date): Promise<void> {
  await tx.complaintChange.create({
    data: { complaintId: input.complaintId, action: input.action, fromStatus: input.from, toStatus: input.to, userId: input.actor.userId, note: input.note, detail: input.detail as Prisma.InputJsonValue, createdAt: now },
  });
}

const dayOf = (date: Date | null) => (date === null ? null : date.toISOString().slice(0, 10));

/** Notifies inside the transaction: a change that rolls back notifies nobody. */
async function notify(tx: Tx, complaint: Locked, kind: NotificationKind, audience: { agencyId: number } | { userIds: number[] } | { roles: ("COMPLIANCE" | "ADMIN")[] }, now: Date, dueOn: string | null = dayOf(complaint.responseDueOn)): Promise<void> {
  if ("userIds" in audience && audience.userIds.length === 0) return;
  await notifyRecipients(
    {
      audience,
      kind,
      params: { title: `${complaint.complaintRef} · ${complaint.category}`, agency: complaint.agencyCode ?? "—", dueDate: dueOn ?? "—" },
      link: `/complaints/${complaint.id}`,
      ...(complaint.agencyId !== null ? { concernsAgencyId: complaint.agencyId } : {}),
    },
    { db: tx, now },
  );
}

async function transition(
  complaintId: number,
  name: ComplaintTransition,
  actor: ComplaintActorRef,
  now: Date,
  note: string | null,
  apply: (tx: Tx, complaint: Locked) => Promise<{ data: Prisma.ComplaintUpdateInput; detail: Record<string, unknown>; after?: (complaint: Locked) => Promise<void> }>,
): Promise<ComplaintTransitionOutcome> {
  return getPrisma().$transaction(async (tx) => {
    const complaint = await lockComplaint(tx, complaintId, actor);
    const check = checkComplaintTransition({ transition: name, from: complaint.status, actor: actor.role, note });
    if (!check.allowed) throw refuse(check);
    const { data, detail, after } = await apply(tx, complaint);
    await tx.complaint.update({ where: { id: complaintId }, data: { ...data, status: check.to, version: { increment: 1 } } });
    await writeChange(tx, { complaintId, action: name, from: complaint.status, to: check.to, actor, note, detail }, now);
    await after?.({ ...complaint, status: check.to, responseDueOn: (data.responseDueOn as Date | undefined) ?? complaint.responseDueOn });
    return { complaintId, action: name, from: complaint.status, to: check.to, detail, at: now.toISOString() };
  });
}

async function requireOfficer(tx: Tx, userId: number): Promise<{ id: number; name: string }> {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, name: true, role: true, active: true } });
  if (!user || !user.active || (user.role !== "COMPLIANCE" && user.role !== "ADMIN")) {
    throw new ComplaintError("INVALID", "ASSIGNEE_NOT_OFFICER", `User ${userId} is not an active compliance officer.`, "assigneeId");
  }
  return user;
}

function parseDay(value: string | undefined, field: string): Date | null {
  if (value === undefined || value === "") return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw new ComplaintError("INVALID", "INVALID_DAY", `${value} is not a day (YYYY-MM-DD).`, field);
  return new Date(`${value}T00:00:00Z`);
}

/** Assigns an officer and asks the agency for its account of events, due in the setting's days unless a day is given. */
export async function investigateComplaint(input: { complaintId: number; assigneeId: number; responseDueOn?: string; note?: string }, actor: ComplaintActorRef, now: Date): Promise<ComplaintTransitionOutcome> {
  const note = cleanNote(input.note);
  const [workflow, timeZone] = await Promise.all([getComplaintWorkflow(), getSetting("lender.timeZone")]);
  const today = dayInZone(now, timeZone);
  const due = parseDay(input.responseDueOn, "responseDueOn") ?? new Date(`${addDays(today, workflow.replyDueDays)}T00:00:00Z`);
  if (dayOf(due)! < today) throw new ComplaintError("INVALID", "DUE_IN_PAST", `The due day ${dayOf(due)} has passed.`, "responseDueOn");
  return transition(input.complaintId, "investigate", actor, now, note, async (tx, complaint) => {
    if (complaint.agencyId === null) throw new ComplaintError("CONFLICT", "NO_AGENCY", `Complaint ${complaint.complaintRef} names no agency to ask.`);
    const officer = await requireOfficer(tx, input.assigneeId);
    return {
      data: { assignedTo: { connect: { id: officer.id } }, responseDueOn: due, investigatingAt: now, escalatedAt: null },
      detail: { assigneeId: officer.id, assignee: officer.name, responseDueOn: dayOf(due) },
      after: async (updated) => {
        await notify(tx, updated, "COMPLAINT_ACCOUNT_REQUESTED", { agencyId: complaint.agencyId! }, now);
        if (officer.id !== actor.userId) await notify(tx, updated, "COMPLAINT_ASSIGNED", { userIds: [officer.id] }, now);
      },
    };
  });
}

/** Hands the complaint to another officer (the due day stays). */
export async function reassignComplaint(input: { complaintId: number; assigneeId: number; note?: string }, actor: ComplaintActorRef, now: Date): Promise<void> {
  const note = cleanNote(input.note);
  await getPrisma().$transaction(async (tx) => {
    const complaint = await lockComplaint(tx, input.complaintId, actor);
    requireOperation("reassign", complaint, actor);
    const officer = await requireOfficer(tx, input.assigneeId);
    await tx.complaint.update({ where: { id: complaint.id }, data: { assignedToId: officer.id, version: { increment: 1 } } });
    await writeChange(tx, { complaintId: complaint.id, action: "reassign", from: complaint.status, to: complaint.status, actor, note, detail: { fromAssigneeId: complaint.assignedToId, assigneeId: officer.id, assignee: officer.name } }, now);
    if (officer.id !== actor.userId) await notify(tx, complaint, "COMPLAINT_ASSIGNED", { userIds: [officer.id] }, now);
  });
}

/** The agency's account of events (it may revise it until the complaint is closed); late answers are kept, marked. */
export async function respondToComplaint(input: { complaintId: number; response: string }, actor: ComplaintActorRef, now: Date): Promise<ComplaintTransitionOutcome> {
  const response = cleanNote(input.response);
  const timeZone = await getSetting("lender.timeZone");
  return transition(input.complaintId, "respond", actor, now, response, async (tx, complaint) => {
    const due = dayOf(complaint.responseDueOn);
    const late = due !== null && dayInZone(now, timeZone) > due;
    return {
      data: { agencyResponse: response, respondedAt: now },
      detail: { late, revised: complaint.status === "RESPONDED" },
      after: async (updated) => notify(tx, updated, "COMPLAINT_RESPONDED", complaint.assignedToId !== null ? { userIds: [complaint.assignedToId] } : { roles: ["COMPLIANCE"] }, now),
    };
  });
}

export const complaintOutcomes = ["UPHELD", "PARTLY_UPHELD", "NOT_UPHELD"] as const satisfies readonly ComplaintOutcome[];

/** Closes with an outcome and a root cause from the settings' list. */
export async function closeComplaint(input: { complaintId: number; outcome: string; rootCause: string; note?: string }, actor: ComplaintActorRef, now: Date): Promise<ComplaintTransitionOutcome> {
  const note = cleanNote(input.note);
  if (!(complaintOutcomes as readonly string[]).includes(input.outcome)) throw new ComplaintError("INVALID", "OUTCOME_REQUIRED", "Choose an outcome: UPHELD, PARTLY_UPHELD or NOT_UPHELD.", "outcome");
  const outcome = input.outcome as ComplaintOutcome;
  const { rootCauses } = await getComplaintWorkflow();
  if (!rootCauses.includes(input.rootCause)) throw new ComplaintError("INVALID", "ROOT_CAUSE_UNKNOWN", `"${input.rootCause}" is not one of the root causes in Settings → Complaints.`, "rootCause");
  const closed = await transition(input.complaintId, "close", actor, now, note, async (tx, complaint) => ({
    data: { outcome, rootCause: input.rootCause, closedAt: now, resolution: note ?? undefined },
    detail: { outcome, rootCause: input.rootCause },
    after: async (updated) => {
      if (complaint.agencyId !== null) await notify(tx, updated, "COMPLAINT_CLOSED", { agencyId: complaint.agencyId }, now);
    },
  }));
  await refreshUpheldFigures(input.complaintId);
  return closed;
}

/** The outcome decides whether the complaint counts as upheld in the agency's figures (ADR 035). */
async function refreshUpheldFigures(complaintId: number): Promise<void> {
  await refreshRollupsForAccounts(await accountsAffectedByComplaints([complaintId]));
}

export async function reopenComplaint(input: { complaintId: number; note: string }, actor: ComplaintActorRef, now: Date): Promise<ComplaintTransitionOutcome> {
  const note = cleanNote(input.note);
  const reopened = await transition(input.complaintId, "reopen", actor, now, note, async () => ({ data: { outcome: null, rootCause: null, closedAt: null }, detail: {} }));
  await refreshUpheldFigures(input.complaintId);
  return reopened;
}

/**
 * An agency's account not given by its due day: marked escalated (once per due day), compliance and the agency
 * told. The status stays INVESTIGATING: the agency's late answer moves it on as usual.
 */
export async function escalateComplaint(input: { complaintId: number; note?: string }, actor: ComplaintActorRef, now: Date): Promise<{ escalated: boolean }> {
  const note = cleanNote(input.note);
  return getPrisma().$transaction(async (tx) => {
    const complaint = await lockComplaint(tx, input.complaintId, actor);
    requireOperation("escalate", complaint, actor);
    const current = await tx.complaint.findUniqueOrThrow({ where: { id: complaint.id }, select: { escalatedAt: true } });
    if (current.escalatedAt !== null && actor.role === "SYSTEM") return { escalated: false };
    await tx.complaint.update({ where: { id: complaint.id }, data: { escalatedAt: now, version: { increment: 1 } } });
    await writeChange(tx, { complaintId: complaint.id, action: "escalate", from: complaint.status, to: complaint.status, actor, note, detail: { reason: actor.role === "SYSTEM" ? "RESPONSE_OVERDUE" : "MANUAL", responseDueOn: dayOf(complaint.responseDueOn) } }, now);
    await notify(tx, complaint, "COMPLAINT_OVERDUE", complaint.assignedToId !== null ? { userIds: [complaint.assignedToId] } : { roles: ["COMPLIANCE"] }, now);
    if (complaint.agencyId !== null) await notify(tx, complaint, "COMPLAINT_OVERDUE", { agencyId: complaint.agencyId }, now);
    return { escalated: true };
  });
}

/** Links a violation of the complaint's agency by hand (corroboration links the ones it finds itself). */
export async function linkComplaintViolation(input: { complaintId: number; violationId: string }, actor: ComplaintActorRef, now: Date): Promise<void> {
  if (!/^\d{1,19}$/.test(input.violationId)) throw new ComplaintError("INVALID", "INVALID_VIOLATION", `${input.violationId} is not a violation id.`, "violationId");
  await getPrisma().$transaction(async (tx) => {
    const complaint = await lockComplaint(tx, input.complaintId, actor);
    requireOperation("linkViolation", complaint, actor);
    const violation = await tx.violation.findFirst({ where: { id: BigInt(input.violationId) }, select: { id: true, agencyId: true, ruleCode: true } });
    if (!violation || violation.agencyId !== complaint.agencyId) throw new ComplaintError("INVALID", "VIOLATION_NOT_OF_AGENCY", `Violation ${input.violationId} is not one of ${complaint.agencyCode ?? "the complaint's agency"}'s.`, "violationId");
    await tx.complaintViolation.upsert({
      where: { complaintId_violationId: { complaintId: complaint.id, violationId: violation.id } },
      create: { complaintId: complaint.id, violationId: violation.id, ruleCode: violation.ruleCode, linkedBy: "MANUAL" },
      update: { linkedBy: "MANUAL" },
    });
    await writeChange(tx, { complaintId: complaint.id, action: "linkViolation", from: complaint.status, to: complaint.status, actor, note: null, detail: { violationId: input.violationId, ruleCode: violation.ruleCode } }, now);
  });
}

/** Records on the complaint a finding raised from it (app/findings raised it; this is the complaint's side). */
export async function recordFindingRaised(input: { complaintId: number; findingId: number }, actor: ComplaintActorRef, now: Date): Promise<void> {
  await getPrisma().$transaction(async (tx) => {
    const complaint = await lockComplaint(tx, input.complaintId, actor);
    requireOperation("raiseFinding", complaint, actor);
    await tx.$executeRaw`INSERT INTO "FindingComplaint" ("findingId", "complaintId") VALUES (${input.findingId}::int, ${complaint.id}::int) ON CONFLICT DO NOTHING`;
    await writeChange(tx, { complaintId: complaint.id, action: "raiseFinding", from: complaint.status, to: complaint.status, actor, note: null, detail: { findingId: input.findingId } }, now);
  });
}
