// An agency contests individual violations (a reason from the list and a note); compliance upholds the contest (the
// violation is dismissed, keeping the reason, and the metrics roll-ups of the account refreshed as after any review)
// or rejects it. One pending contest per violation; every contest and decision stays on record.
import { clientAddress } from "~/auth/session.server";
import { describeIssue } from "~/i18n/validation";
import { getPrisma } from "~/db/client.server";
import type { ContestStatus } from "~/generated/prisma/enums";
import { refreshAfterReview } from "~/violations/refresh-after-review.server";
import { contestSchema, noteSchema, type ContestInput } from "./finding-input";
import { checkOperation } from "./finding-state";
import { assertVisibleTo, findingNotFound } from "./findings.server";
import { toContestRow } from "./finding-queries.server";
import { notifyFindingEvent } from "./notify-finding.server";
import { FindingError, type ContestRow, type FindingActorRef } from "./finding-types";

/** What a contest decision did, for the page and finding-notifications.ts (CONTEST_DECIDED). */
export type ContestOutcome = { contest: ContestRow; agencyId: number; findingId: number | null; dismissed: boolean; at: string };

function notFound(violationId: string): FindingError {
  return new FindingError("NOT_FOUND", "NOT_FOUND", `No violation ${violationId} of your agency.`);
}

/**
 * Contests one of the agency's violations, optionally as part of a finding (it must then be in the finding's
 * evidence). OTHER needs a note. A violation already dismissed, or with a contest pending, cannot be contested.
 */
export async function contestViolation(input: ContestInput & { findingId?: number }, actor: FindingActorRef, now: Date): Promise<ContestOutcome> {
  const parsed = contestSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FindingError("INVALID", "INVALID_INPUT", issue?.message ?? "validation.invalidFormat", issue?.path.join(".") || "input", issue ? describeIssue(issue) : undefined);
  }
  const { violationId, reason, note } = parsed.data;
  if (reason === "OTHER" && note === "") throw new FindingError("INVALID", "NOTE_REQUIRED", "Explain the contest: the reason OTHER needs a note.", "note");
  if (actor.role !== "AGENCY" || actor.agencyId === null) throw new FindingError("FORBIDDEN", "ROLE_NOT_ALLOWED", "Only the agency's own users contest its violations.");
  const contest = await getPrisma().$transaction(async (tx) => {
    // The violation's row lock serialises two contests of the same violation.
    const [violation] = await tx.$queryRaw<{ id: bigint; agencyId: number; status: string; ruleCode: string; accountId: number }[]>`
      SELECT id, "agencyId", status::text AS status, "ruleCode", "accountId" FROM "Violation" WHERE id = ${violationId}::bigint FOR UPDATE`;
    if (!violation || violation.agencyId !== actor.agencyId) throw notFound(violationId);
    if (violation.status === "DISMISSED") throw new FindingError("CONFLICT", "NOT_OPEN", `Violation ${violationId} is already dismissed.`);
    if (input.findingId !== undefined) {
      const finding = await tx.finding.findUnique({ where: { id: input.findingId }, select: { id: true, agencyId: true, status: true, issuedAt: true } });
      if (!finding) throw findingNotFound(input.findingId);
      assertVisibleTo(finding, actor);
      const check = checkOperation("contest", finding.status, actor.role);
      if (!check.allowed) throw new FindingError(check.reason === "ROLE_NOT_ALLOWED" ? "FORBIDDEN" : "CONFLICT", check.reason, check.message);
      const covered = await tx.findingViolation.findUnique({ where: { findingId_violationId: { findingId: finding.id, violationId: violation.id } } });
      if (!covered) throw new FindingError("INVALID", "NOT_IN_FINDING", `Violation ${violationId} is not part of finding ${finding.id}.`, "violationId");
    }
    const pending = await tx.violationContest.findFirst({ where: { violationId: violation.id, status: "PENDING" }, select: { id: true } });
    if (pending) throw new FindingError("CONFLICT", "CONTEST_PENDING", `Violation ${violationId} already has a contest awaiting a decision (contest ${pending.id}).`);
    const created = await tx.violationContest.create({
      data: { violationId: violation.id, ruleCode: violation.ruleCode, accountId: violation.accountId, agencyId: violation.agencyId, findingId: input.findingId ?? null, reason, note, createdById: actor.userId, createdAt: now },
    });
    if (input.findingId !== undefined) {
      const finding = await tx.finding.findUniqueOrThrow({ where: { id: input.findingId }, select: { status: true } });
      await tx.findingEvent.create({
        data: { findingId: input.findingId, action: "contest", fromStatus: finding.status, toStatus: finding.status, userId: actor.userId, note: note || null, detail: { contestId: created.id, violationId, reason } },
      });
    }
    return created;
  });
  return { contest: toContestRow(contest), agencyId: contest.agencyId, findingId: contest.findingId, dismissed: false, at: now.toISOString() };
}

/**
 * Compliance's decision (note required). Upholding dismisses the violation (whatever its review said: the contest
 * brought evidence the review did not have), with the reason in the review note, logs it as a review does, and
 * refreshes the account's roll-ups so every figure drops it.
 */
export async function decideContest(input: { contestId: number; decision: "UPHOLD" | "REJECT"; note: string; /** From a finding's page: the contest must be that finding's. */ findingId?: number }, actor: FindingActorRef, now: Date): Promise<ContestOutcome> {
  const note = noteSchema.safeParse(input.note ?? "");
  if (!note.success || note.data === "") throw new FindingError("INVALID", "NOTE_REQUIRED", "A note is required to decide a contest.", "note");
  if (actor.role !== "COMPLIANCE" && actor.role !== "ADMIN") throw new FindingError("FORBIDDEN", "ROLE_NOT_ALLOWED", `The role ${actor.role} may not decide contests.`);
  const status: ContestStatus = input.decision === "UPHOLD" ? "UPHELD" : "REJECTED";
  const result = await getPrisma().$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM "ViolationContest" WHERE id = ${input.contestId}::int FOR UPDATE`;
    if (!locked) throw new FindingError("NOT_FOUND", "NOT_FOUND", `No contest ${input.contestId}.`);
    const contest = await tx.violationContest.findUniqueOrThrow({ where: { id: input.contestId } });
    if (input.findingId !== undefined && contest.findingId !== input.findingId) throw new FindingError("NOT_FOUND", "NOT_FOUND", `No contest ${input.contestId} on finding ${input.findingId}.`);
    if (contest.status !== "PENDING") throw new FindingError("CONFLICT", "NOT_OPEN", `Contest ${contest.id} was already decided (${contest.status}).`);
    const decided = await tx.violationContest.update({ where: { id: contest.id }, data: { status, decidedById: actor.userId, decidedAt: now, decisionNote: note.data } });
    let dismissed = false;
    if (status === "UPHELD") {
      const reviewNote = `Contest upheld (${contest.reason}): ${note.data}${contest.note ? ` — agency: ${contest.note}` : ""}`.slice(0, 2000);
      const updated = await tx.violation.updateMany({ where: { id: contest.violationId, status: { not: "DISMISSED" } }, data: { status: "DISMISSED", reviewNote, reviewedById: actor.userId, reviewedAt: now } });
      dismissed = updated.count > 0;
      if (dismissed) {
        await tx.accessLog.create({
          data: {
            userId: actor.userId,
            action: "VIOLATION_REVIEWED",
            resourceType: "Violation",
            resourceId: contest.violationId.toString(),
            detail: { decision: "DISMISSED", ruleCode: contest.ruleCode, contestId: contest.id, contestReason: contest.reason },
            ipAddress: actor.request ? clientAddress(actor.request) : null,
          },
        });
      }
    }
    if (contest.findingId !== null) {
      const finding = await tx.finding.findUniqueOrThrow({ where: { id: contest.findingId }, select: { status: true } });
      await tx.findingEvent.create({
        data: { findingId: contest.findingId, action: "decideContest", fromStatus: finding.status, toStatus: finding.status, userId: actor.userId, note: note.data, detail: { contestId: contest.id, violationId: contest.violationId.toString(), decision: status, dismissed } },
      });
    }
    const agency = await tx.agency.findUniqueOrThrow({ where: { id: decided.agencyId }, select: { code: true } });
    await notifyFindingEvent(
      tx,
      { type: "contestDecided", contestId: decided.id, violationId: decided.violationId.toString(), decision: status, agencyId: decided.agencyId, agencyCode: agency.code, findingId: decided.findingId, createdById: decided.createdById },
      now,
    );
    return { decided, dismissed };
  });
  if (result.dismissed) await refreshAfterReview([result.decided.accountId]);
  return { contest: toContestRow(result.decided), agencyId: result.decided.agencyId, findingId: result.decided.findingId, dismissed: result.dismissed, at: now.toISOString() };
}

/** Contests, newest first: an AGENCY viewer's own agency's only. */
export async function listContests(viewer: FindingActorRef, options: { agencyId?: number; status?: ContestStatus; findingId?: number } = {}): Promise<(ContestRow & { agencyId: number })[]> {
  if (viewer.role === "AGENCY" && (viewer.agencyId === null || (options.agencyId !== undefined && options.agencyId !== viewer.agencyId))) return [];
  const agencyId = viewer.role === "AGENCY" ? viewer.agencyId! : options.agencyId;
  const rows = await getPrisma().violationContest.findMany({
    where: { ...(agencyId !== undefined ? { agencyId } : {}), ...(options.status ? { status: options.status } : {}), ...(options.findingId !== undefined ? { findingId: options.findingId } : {}) },
    orderBy: { id: "desc" },
    take: 5000,
  });
  return rows.map((row) => ({ ...toContestRow(row), agencyId: row.agencyId }));
}
