// Reading findings for pages, the API, the CLI and the workbook: lists, one finding with its history, its evidence
// rows (per-agency counts: findings-by-agency.server.ts). AGENCY viewers get their own agency's issued findings only;
// everything is converted to plain data here (days as YYYY-MM-DD, instants as ISO strings).
import { canSeePersonalData } from "~/auth/permissions";
import { getPrisma } from "~/db/client.server";
import type { Prisma } from "~/generated/prisma/client";
import type { FindingStatus } from "~/generated/prisma/enums";
import { freeTextFor, loadFreeTextSubjects } from "~/privacy/free-text-subjects.server";
import type { PersonalDataView } from "~/privacy/mask";
import type { FreeTextSubjects } from "~/privacy/mask-free-text";
import { getSetting } from "~/settings/settings.server";
import { dayInZone, isOverdue } from "./finding-dates";
import { availableTransitions, checkOperation, findingOperations } from "./finding-state";
import { assertVisibleTo, findingNotFound, stateContextOf } from "./findings.server";
import type {
  ContestRow,
  EvidenceViolationRow,
  FindingActionRow,
  FindingActorRef,
  FindingCriteria,
  FindingDetail,
  FindingImpact,
  FindingListRow,
  FindingVerification,
} from "./finding-types";

const dayOf = (date: Date | null) => (date === null ? null : date.toISOString().slice(0, 10));
const isoOf = (date: Date | null) => (date === null ? null : date.toISOString());

const listInclude = {
  agency: { select: { code: true, name: true } },
  agent: { select: { externalId: true } },
  _count: { select: { violations: true, complaints: true } },
  responses: { orderBy: { id: "desc" }, take: 1, select: { late: true } },
  actions: { where: { status: "OPEN", response: { decision: "ACCEPTED" } }, select: { dueOn: true } },
} satisfies Prisma.FindingInclude;

type ListRecord = Prisma.FindingGetPayload<{ include: typeof listInclude }>;

/** Overdue: an answer past its due day, or an open action of the accepted plan past its own. */
function overdueOf(record: Pick<ListRecord, "status" | "responseDueOn" | "fixDate" | "actions">, today: string): boolean {
  const awaitingAnswer = record.status === "ISSUED" || record.status === "PLAN_REJECTED" || (record.status === "ESCALATED" && record.fixDate === null);
  if (awaitingAnswer && isOverdue(dayOf(record.responseDueOn), today)) return true;
  if (record.status === "PLAN_ACCEPTED" || record.status === "ESCALATED") return record.actions.some((action) => isOverdue(dayOf(action.dueOn), today));
  return false;
}

function toListRow(record: ListRecord, today: string): FindingListRow {
  return {
    id: record.id,
    agencyId: record.agencyId,
    agencyCode: record.agency.code,
    agencyName: record.agency.name,
    agentId: record.agentId,
    agentExternalId: record.agent?.externalId ?? null,
    title: record.title,
    ruleCodes: record.ruleCodes,
    complaintCategories: record.complaintCategories,
    severity: record.severity,
    status: record.status,
    origin: record.origin,
    periodFrom: dayOf(record.periodFrom)!,
    periodTo: dayOf(record.periodTo)!,
    responseDueOn: dayOf(record.responseDueOn),
    overdue: overdueOf(record, today),
    respondedLate: record.responses[0]?.late ?? false,
    repeatOfId: record.repeatOfId,
    violationCount: record._count.violations,
    complaintCount: record._count.complaints,
    escalationReason: record.escalationReason,
    createdAt: record.createdAt.toISOString(),
    issuedAt: isoOf(record.issuedAt),
    closedAt: isoOf(record.closedAt),
    updatedAt: record.updatedAt.toISOString(),
  };
}

/** The viewer's scope as a where clause: AGENCY viewers their own agency's issued findings, others what they ask for. */
function scopeWhere(viewer: FindingActorRef, agencyId: number | undefined): Prisma.FindingWhereInput {
  if (viewer.role === "AGENCY") {
    if (viewer.agencyId === null || (agencyId !== undefined && agencyId !== viewer.agencyId)) return { id: -1 };
    return { agencyId: viewer.agencyId, issuedAt: { not: null }, status: { not: "DRAFT" } };
  }
  return agencyId === undefined ? {} : { agencyId };
}

export type ListFindingsOptions = {
  agencyId?: number;
  statuses?: FindingStatus[];
  /** Only findings overdue today. */
  overdueOnly?: boolean;
  ruleCode?: string;
  /** Only repeat findings (linked to an earlier one for the same agency and rule). */
  repeatOnly?: boolean;
  /** The grid's order (newest first without one). */
  orderBy?: Prisma.FindingOrderByWithRelationInput[];
  /** Findings whose period touches [from, to]. */
  from?: string;
  to?: string;
  offset?: number;
  limit?: number;
  now: Date;
};

export type FindingList = { rows: FindingListRow[]; total: number; today: string };

/** Findings newest first (a few thousand at most a year, so overdue is decided in JavaScript after the query). */
export async function listFindings(viewer: FindingActorRef, options: ListFindingsOptions): Promise<FindingList> {
  const today = dayInZone(options.now, await getSetting("lender.timeZone"));
  const where: Prisma.FindingWhereInput = {
    AND: [
      scopeWhere(viewer, options.agencyId),
      options.statuses && options.statuses.length > 0 ? { status: { in: options.statuses } } : {},
      options.ruleCode ? { ruleCodes: { has: options.ruleCode } } : {},
      options.repeatOnly ? { repeatOfId: { not: null } } : {},
      options.to ? { periodFrom: { lte: new Date(`${options.to}T00:00:00Z`) } } : {},
      options.from ? { periodTo: { gte: new Date(`${options.from}T00:00:00Z`) } } : {},
    ],
  };
  const records = await getPrisma().finding.findMany({ where, include: listInclude, orderBy: options.orderBy ?? { id: "desc" } });
  let rows = records.map((record) => toListRow(record, today));
  if (options.overdueOnly) rows = rows.filter((row) => row.overdue);
  const offset = options.offset ?? 0;
  const limit = options.limit ?? rows.length;
  return { rows: rows.slice(offset, offset + limit), total: rows.length, today };
}

/** One finding with its evidence summary, history, answers, plan, files and contests, and what the viewer may do. */
export async function getFinding(viewer: FindingActorRef, findingId: number, now: Date): Promise<FindingDetail> {
  if (!Number.isInteger(findingId) || findingId <= 0 || findingId > 2_147_483_647) throw findingNotFound(findingId);
  const prisma = getPrisma();
  const record = await prisma.finding.findUnique({
    where: { id: findingId },
    include: {
      ...listInclude,
      repeatOf: { select: { id: true, title: true, status: true, issuedAt: true } },
      events: { orderBy: { id: "asc" } },
      responses: { orderBy: { id: "asc" }, include: { actions: { orderBy: { id: "asc" } } } },
      attachments: { orderBy: { id: "asc" } },
      contests: { orderBy: { id: "asc" } },
    },
  });
  if (!record) throw findingNotFound(findingId);
  assertVisibleTo(record, viewer);
  const today = dayInZone(now, await getSetting("lender.timeZone"));
  const userIds = [...new Set([...record.events.map((event) => event.userId), ...record.responses.map((response) => response.userId), ...record.attachments.map((file) => file.uploadedById)].filter((id): id is number => id !== null))];
  const users = new Map((await prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } })).map((user) => [user.id, user.name]));
  const actionRow = (action: (typeof record.responses)[number]["actions"][number]): FindingActionRow => ({
    id: action.id,
    responseId: action.responseId,
    description: action.description,
    owner: action.owner,
    dueOn: dayOf(action.dueOn)!,
    status: action.status,
    overdue: action.status === "OPEN" && isOverdue(dayOf(action.dueOn), today),
    doneAt: isoOf(action.doneAt),
    doneNote: action.doneNote,
  });
  // Contest notes are free text about an account: masked like review notes for roles without personal-data rights.
  const view: PersonalDataView = viewer.role === "SYSTEM" || canSeePersonalData(viewer.role) ? "unmasked" : "masked";
  const contestSubjects = view === "masked" && record.contests.length > 0 ? await loadFreeTextSubjects([...new Set(record.contests.map((contest) => contest.accountId))]) : new Map<number, FreeTextSubjects>();
  const latestResponse = record.responses[record.responses.length - 1];
  const acceptedPlan = record.fixDate === null ? undefined : [...record.responses].reverse().find((response) => response.decision === "ACCEPTED");
  const context = stateContextOf(record);
  const listRow = toListRow({ ...record, responses: latestResponse ? [latestResponse] : [] }, today);
  return {
    ...listRow,
    description: record.description,
    criteria: record.criteria as FindingCriteria,
    impact: record.impact as FindingImpact,
    evidenceFrozenAt: isoOf(record.evidenceFrozenAt),
    fixDate: dayOf(record.fixDate),
    verification: (record.verification as FindingVerification | null) ?? null,
    repeatOf: record.repeatOf ? { id: record.repeatOf.id, title: record.repeatOf.title, status: record.repeatOf.status, issuedAt: isoOf(record.repeatOf.issuedAt) } : null,
    events: record.events.map((event) => ({
      id: event.id.toString(),
      action: event.action,
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      userId: event.userId,
      userName: event.userId === null ? null : (users.get(event.userId) ?? null),
      note: event.note,
      detail: event.detail,
      createdAt: event.createdAt.toISOString(),
    })),
    responses: record.responses.map((response) => ({
      id: response.id,
      kind: response.kind,
      explanation: response.explanation,
      late: response.late,
      userName: response.userId === null ? null : (users.get(response.userId) ?? null),
      viaApi: response.apiTokenId !== null,
      createdAt: response.createdAt.toISOString(),
      decision: response.decision === "ACCEPTED" || response.decision === "REJECTED" ? response.decision : null,
      decisionNote: response.decisionNote,
      decidedAt: isoOf(response.decidedAt),
      actions: response.actions.map(actionRow),
    })),
    plan: acceptedPlan ? acceptedPlan.actions.map(actionRow) : [],
    attachments: record.attachments.map((file) => ({
      id: file.id,
      fileName: file.fileName,
      contentType: file.contentType,
      size: file.size,
      sha256: file.sha256,
      uploadedBy: file.uploadedById === null ? null : (users.get(file.uploadedById) ?? null),
      createdAt: file.createdAt.toISOString(),
    })),
    contests: record.contests.map((contest) => {
      const row = toContestRow(contest);
      if (view === "unmasked") return row;
      const subjects = contestSubjects.get(contest.accountId);
      return { ...row, note: freeTextFor(view, row.note, subjects) ?? "", decisionNote: freeTextFor(view, row.decisionNote, subjects) };
    }),
    can: {
      transitions: viewer.role === "SYSTEM" ? [] : availableTransitions(record.status, viewer.role, context),
      operations: findingOperations.filter((operation) => checkOperation(operation, record.status, viewer.role).allowed),
    },
  };
}

export function toContestRow(contest: { id: number; violationId: bigint; ruleCode: string; findingId: number | null; reason: ContestRow["reason"]; note: string; status: ContestRow["status"]; createdAt: Date; decidedAt: Date | null; decisionNote: string | null }): ContestRow {
  return {
    id: contest.id,
    violationId: contest.violationId.toString(),
    ruleCode: contest.ruleCode,
    findingId: contest.findingId,
    reason: contest.reason,
    note: contest.note,
    status: contest.status,
    createdAt: contest.createdAt.toISOString(),
    decidedAt: isoOf(contest.decidedAt),
    decisionNote: contest.decisionNote,
  };
}

/** Evidence rows per page on the finding page. */
export const EVIDENCE_PAGE_SIZE = 50;

/**
 * The violations a finding covers, oldest first, a page at a time: as fixed at issue (status then) beside what they
 * are now, with any contest. Account numbers only: no debtor names or numbers, so nothing here needs masking.
 */
export async function listFindingEvidence(viewer: FindingActorRef, findingId: number, options: { offset?: number; limit?: number } = {}): Promise<{ rows: EvidenceViolationRow[]; total: number }> {
  const prisma = getPrisma();
  const finding = await prisma.finding.findUnique({ where: { id: findingId }, select: { id: true, agencyId: true, status: true, issuedAt: true } });
  if (!finding) throw findingNotFound(findingId);
  assertVisibleTo(finding, viewer);
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 1000);
  const offset = Math.max(options.offset ?? 0, 0);
  const [rows, total] = await Promise.all([
    prisma.$queryRaw<
      { violationId: string; ruleCode: string; severity: EvidenceViolationRow["severity"]; occurredAt: Date; accountNumber: string; agentExternalId: string | null; statusWhenFixed: EvidenceViolationRow["statusWhenFixed"]; statusNow: EvidenceViolationRow["statusNow"]; contestId: number | null; contestStatus: ContestRow["status"] | null; contestReason: ContestRow["reason"] | null }[]
    >`
      SELECT fv."violationId"::text AS "violationId", fv."ruleCode", fv.severity::text AS severity, fv."occurredAt", acc."accountNumber",
             agt."externalId" AS "agentExternalId", fv.status::text AS "statusWhenFixed", v.status::text AS "statusNow",
             c.id AS "contestId", c.status::text AS "contestStatus", c.reason::text AS "contestReason"
      FROM "FindingViolation" fv
      JOIN "Account" acc ON acc.id = fv."accountId"
      LEFT JOIN "Agent" agt ON agt.id = fv."agentId"
      LEFT JOIN "Violation" v ON v.id = fv."violationId"
      LEFT JOIN LATERAL (SELECT id, status, reason FROM "ViolationContest" WHERE "violationId" = fv."violationId" ORDER BY id DESC LIMIT 1) c ON true
      WHERE fv."findingId" = ${findingId}
      ORDER BY fv."occurredAt", fv."violationId"
      LIMIT ${limit} OFFSET ${offset}`,
    prisma.findingViolation.count({ where: { findingId } }),
  ]);
  return {
    total,
    rows: rows.map((row) => ({
      violationId: row.violationId,
      ruleCode: row.ruleCode,
      severity: row.severity,
      occurredAt: row.occurredAt.toISOString(),
      accountNumber: row.accountNumber,
      agentExternalId: row.agentExternalId,
      statusWhenFixed: row.statusWhenFixed,
      statusNow: row.statusNow,
      contest: row.contestId === null ? null : { id: row.contestId, status: row.contestStatus!, reason: row.contestReason! },
    })),
  };
}

export type AgencyInboxSummary = {
  /** Issued (or sent back) findings waiting for the agency's answer. */
  awaitingResponse: number;
  /** Open actions of accepted plans. */
  openActions: number;
  /** Of those findings, how many are past a due day. */
  overdue: number;
};

/** The agency portal's inbox badge: what waits for the viewer's agency (an AGENCY viewer; others get their filter). */
export async function summariseAgencyInbox(viewer: FindingActorRef, now: Date, agencyId?: number): Promise<AgencyInboxSummary> {
  const { rows } = await listFindings(viewer, { agencyId, statuses: ["ISSUED", "PLAN_REJECTED", "ESCALATED", "PLAN_ACCEPTED"], now });
  const ids = rows.map((row) => row.id);
  const openActions = ids.length === 0 ? 0 : await getPrisma().findingAction.count({ where: { findingId: { in: ids }, status: "OPEN", response: { decision: "ACCEPTED" }, finding: { fixDate: { not: null } } } });
  const awaitingResponse = rows.filter((row) => row.status === "ISSUED" || row.status === "PLAN_REJECTED" || (row.status === "ESCALATED" && row.escalationReason === "RESPONSE_OVERDUE")).length;
  return { awaitingResponse, openActions, overdue: rows.filter((row) => row.overdue).length };
}
