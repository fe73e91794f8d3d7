// The findings life cycle's writes (ADR 023): raise, issue, respond, decide the plan, mark actions done, verify,
// escalate, close, reopen. Each runs in one transaction that locks the finding's row, asks finding-state.ts whether
// the actor may, writes the change and its FindingEvent (who, when, note) together: nothing is overwritten without a
// trace and nothing is deleted. Every function takes `now`, so the scheduler and the tests control the clock.
import type { SessionUser } from "~/auth/session.server";
import { getPrisma } from "~/db/client.server";
import { Prisma } from "~/generated/prisma/client";
import type { FindingOrigin, FindingStatus, Severity } from "~/generated/prisma/enums";
import { addDays } from "~/metrics/metric-filters";
import { getSetting } from "~/settings/settings.server";
import { violationFiltersSchema } from "~/violations/violation-grid-query";
import { dayInZone, elapsedWindow, fixDateOf, isOverdue, isWindowComplete, repeatLookbackStart, verificationWindow } from "./finding-dates";
import { copyEvidence, countImpact, measureFindingRate } from "./finding-evidence.server";
import { noteSchema, raiseByRulesSchema, respondSchema, dueDaySchema, severitySchema, type RaiseByRulesInput, type RespondInput } from "./finding-input";
import { judgeImprovement, type FindingPolicy } from "./finding-policy";
import { getFindingPolicy } from "./finding-policy.server";
import { notifyFindingTransition } from "./notify-finding.server";
import { advanceDataGeneration } from "~/cache/data-generation.server";
import { checkOperation, checkTransition, isVisibleToAgency, type FindingActor, type FindingOperation, type FindingStateContext, type FindingTransition, type TransitionCheck } from "./finding-state";
import { FindingError, type FindingActorRef, type FindingCriteria, type FindingErrorMessage, type FindingImpact, type FindingVerification } from "./finding-types";
import { describeIssue } from "~/i18n/validation";

type Tx = Prisma.TransactionClient;
type FindingRow = Awaited<ReturnType<Tx["finding"]["findUniqueOrThrow"]>>;

// ---------------------------------------------------------------------------------------------------------------
// Actors

export function actorFromUser(user: Pick<SessionUser, "id" | "role" | "agencyId">, request?: Request): FindingActorRef {
  return { role: user.role, userId: user.id, agencyId: user.agencyId, request };
}

/** An agency's API token acts as its agency (role AGENCY) without a user. */
export function actorFromApiToken(token: { id: number; agencyId: number }, request?: Request): FindingActorRef {
  return { role: "AGENCY", userId: null, agencyId: token.agencyId, apiTokenId: token.id, request };
}

export const systemActor: FindingActorRef = Object.freeze({ role: "SYSTEM", userId: null, agencyId: null });

/** The command line acts with an administrator's rights and no user (like `oversight user create`). */
export const commandLineActor: FindingActorRef = Object.freeze({ role: "ADMIN", userId: null, agencyId: null, via: "CLI" });

/** What a transition did, for the caller's page and for finding-notifications.ts. */
export type FindingTransitionOutcome = {
  findingId: number;
  agencyId: number;
  title: string;
  transition: FindingTransition | "raise" | "markActionDone" | "edit";
  from: FindingStatus | null;
  to: FindingStatus;
  actor: { role: FindingActor; userId: number | null };
  note: string | null;
  detail: Record<string, unknown>;
  at: string;
};

// ---------------------------------------------------------------------------------------------------------------
// Helpers

const dayDate = (day: string) => new Date(`${day}T00:00:00Z`);
const dayOf = (date: Date | null) => (date === null ? null : date.toISOString().slice(0, 10));
const json = (value: unknown) => value as Prisma.InputJsonValue;

export function findingNotFound(id: number | string): FindingError {
  return new FindingError("NOT_FOUND", "NOT_FOUND", `No finding ${id}.`);
}

function refusal(check: Extract<TransitionCheck, { allowed: false }>): FindingError {
  if (check.reason === "ROLE_NOT_ALLOWED") return new FindingError("FORBIDDEN", check.reason, check.message);
  if (check.reason === "NOTE_REQUIRED") return new FindingError("INVALID", check.reason, check.message, "note");
  return new FindingError("CONFLICT", check.reason, check.message);
}

function invalid(field: string, message: string, i18n?: FindingErrorMessage): FindingError {
  return new FindingError("INVALID", "INVALID_INPUT", message, field, i18n);
}

function parseNote(note: string | null | undefined): string | null {
  const parsed = noteSchema.safeParse(note ?? "");
  if (!parsed.success) throw invalid("note", "A note has at most 2,000 characters.", { key: "validation.tooLong", params: { maximum: 2000 } });
  return parsed.data === "" ? null : parsed.data;
}

/** AGENCY actors see their own agency's findings once issued; anything else is "not found", never "forbidden". */
export function assertVisibleTo(finding: { id: number; agencyId: number; status: FindingStatus; issuedAt: Date | null }, actor: FindingActorRef): void {
  if (actor.role !== "AGENCY") return;
  if (actor.agencyId === null || finding.agencyId !== actor.agencyId || !isVisibleToAgency(finding.status, finding.issuedAt !== null)) throw findingNotFound(finding.id);
}

export function stateContextOf(finding: { fixDate: Date | null; issuedAt: Date | null }): FindingStateContext {
  return { hasAcceptedPlan: finding.fixDate !== null, wasIssued: finding.issuedAt !== null };
}

async function lockFinding(tx: Tx, findingId: number): Promise<FindingRow> {
  if (!Number.isInteger(findingId) || findingId <= 0 || findingId > 2_147_483_647) throw findingNotFound(findingId);
  const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM "Finding" WHERE id = ${findingId}::int FOR UPDATE`;
  if (locked.length === 0) throw findingNotFound(findingId);
  return tx.finding.findUniqueOrThrow({ where: { id: findingId } });
}

async function writeEvent(tx: Tx, input: { findingId: number; action: string; from: FindingStatus | null; to: FindingStatus; actor: FindingActorRef; note: string | null; detail: Record<string, unknown> }): Promise<void> {
  await tx.findingEvent.create({
    data: {
      findingId: input.findingId,
      action: input.action,
      fromStatus: input.from,
      toStatus: input.to,
      userId: input.actor.userId,
      note: input.note,
      detail: json({ ...input.detail, ...(input.actor.apiTokenId ? { apiTokenId: input.actor.apiTokenId } : {}), ...(input.actor.role === "SYSTEM" ? { bySystem: true } : {}), ...(input.actor.via ? { via: input.actor.via } : {}) }),
    },
  });
}

type Setup = { timeZone: string; today: string; policy: FindingPolicy };

async function setup(now: Date): Promise<Setup> {
  const [timeZone, policy] = await Promise.all([getSetting("lender.timeZone"), getFindingPolicy()]);
  return { timeZone, today: dayInZone(now, timeZone), policy };
}

type Applied = { data?: Prisma.FindingUncheckedUpdateInput; detail?: Record<string, unknown> };

/** Findings counts are on the dashboards and scorecards: once a change has committed, their cached figures are old. */
async function afterFindingChange<T>(committed: Promise<T>): Promise<T> {
  const result = await committed;
  await advanceDataGeneration("finding");
  return result;
}

/**
 * One transition: lock the row, check visibility and the state machine, apply the change, move the version on and
 * log the event, all in one transaction.
 */
async function runTransition(input: {
  findingId: number;
  actor: FindingActorRef;
  transition: FindingTransition;
  note: string | null | undefined;
  now: Date;
  env: Setup;
  apply?: (tx: Tx, finding: FindingRow, to: FindingStatus) => Promise<Applied>;
}): Promise<FindingTransitionOutcome> {
  const note = parseNote(input.note);
  return afterFindingChange(getPrisma().$transaction(async (tx) => {
    const finding = await lockFinding(tx, input.findingId);
    assertVisibleTo(finding, input.actor);
    const check = checkTransition({ transition: input.transition, from: finding.status, actor: input.actor.role, context: stateContextOf(finding), note });
    if (!check.allowed) throw refusal(check);
    const applied = (await input.apply?.(tx, finding, check.to)) ?? {};
    await tx.finding.update({ where: { id: finding.id }, data: { ...applied.data, status: check.to, version: { increment: 1 } } });
    const detail = applied.detail ?? {};
    await writeEvent(tx, { findingId: finding.id, action: input.transition, from: finding.status, to: check.to, actor: input.actor, note, detail });
    await notifyFindingTransition(tx, { findingId: finding.id, transition: input.transition, from: finding.status, to: check.to, detail }, input.now);
    return {
      findingId: finding.id,
      agencyId: finding.agencyId,
      title: finding.title,
      transition: input.transition,
      from: finding.status,
      to: check.to,
      actor: { role: input.actor.role, userId: input.actor.userId },
      note,
      detail,
      at: input.now.toISOString(),
    };
  }));
}

function assertOperation(operation: FindingOperation, status: FindingStatus, actor: FindingActorRef): void {
  const check = checkOperation(operation, status, actor.role);
  if (!check.allowed) throw new FindingError(check.reason === "ROLE_NOT_ALLOWED" ? "FORBIDDEN" : "CONFLICT", check.reason, check.message);
}

/** The newest finding of the agency, issued before, sharing a rule code, whose period ended within 12 months before this one's start. */
async function findRepeatOf(tx: Tx, input: { findingId: number; agencyId: number; ruleCodes: string[]; periodFrom: string }): Promise<number | null> {
  if (input.ruleCodes.length === 0) return null;
  const earlier = await tx.finding.findFirst({
    where: {
      id: { not: input.findingId },
      agencyId: input.agencyId,
      issuedAt: { not: null },
      ruleCodes: { hasSome: input.ruleCodes },
      periodTo: { gte: dayDate(repeatLookbackStart(input.periodFrom)) },
      periodFrom: { lt: dayDate(input.periodFrom) },
    },
    orderBy: [{ periodTo: "desc" }, { id: "desc" }],
    select: { id: true },
  });
  return earlier?.id ?? null;
}

/** Counts from the evidence copy plus the metrics module's rate for the finding's period: stored as the impact. */
export async function computeFindingImpact(findingId: number, now: Date): Promise<FindingImpact> {
  const prisma = getPrisma();
  const finding = await prisma.finding.findUniqueOrThrow({ where: { id: findingId } });
  const [counts, measurement] = await Promise.all([
    countImpact(prisma, findingId),
    measureFindingRate({ agencyId: finding.agencyId, agentId: finding.agentId, ruleCodes: finding.ruleCodes, from: dayOf(finding.periodFrom)!, to: dayOf(finding.periodTo)! }),
  ]);
  return { ...counts, measurement, computedAt: now.toISOString() };
}

async function storeImpact(findingId: number, now: Date): Promise<FindingImpact> {
  const impact = await computeFindingImpact(findingId, now);
  await getPrisma().finding.update({ where: { id: findingId }, data: { impact: json(impact) } });
  return impact;
}

// ---------------------------------------------------------------------------------------------------------------
// Raise

/** Findings whose evidence is kept in their criteria (data health, reconciliation), not violations or complaints. */
function evidenceOutsideViolations(criteria: FindingCriteria): boolean {
  return criteria.kind === "dataHealth" || criteria.kind === "reconciliation";
}

export type RaiseFindingResult = {
  findingId: number;
  /** False when an automatic policy had already raised this finding (same policy key). */
  created: boolean;
  status: FindingStatus;
  violationCount: number;
  complaintCount: number;
  repeatOfId: number | null;
  outcome: FindingTransitionOutcome | null;
};

type RaiseCore = {
  agencyId: number;
  agentId: number | null;
  criteria: FindingCriteria;
  ruleCodes: string[];
  complaintCategories: string[];
  from: string | null;
  to: string | null;
  severity: Severity | null;
  title?: string;
  description?: string;
  origin: FindingOrigin;
  policyKey?: string;
  /** For automatic findings: the figures that triggered the policy clause (language-neutral, in the raise event). */
  policyDetail?: Record<string, string | number | null>;
};

async function raise(core: RaiseCore, actor: FindingActorRef, now: Date): Promise<RaiseFindingResult> {
  if (actor.role !== "COMPLIANCE" && actor.role !== "ADMIN" && actor.role !== "SYSTEM") {
    throw new FindingError("FORBIDDEN", "ROLE_NOT_ALLOWED", `The role ${actor.role} may not raise a finding.`);
  }
  const env = await setup(now);
  const agency = await getPrisma().agency.findUnique({ where: { id: core.agencyId }, select: { id: true, code: true } });
  if (!agency) throw invalid("agency", `No agency ${core.agencyId}.`);
  if (core.agentId !== null) {
    const agent = await getPrisma().agent.findUnique({ where: { id: core.agentId }, select: { agencyId: true } });
    if (!agent || agent.agencyId !== core.agencyId) throw invalid("agent", `Agent ${core.agentId} does not belong to agency ${agency.code}.`);
  }
  const result = await afterFindingChange(getPrisma().$transaction(async (tx): Promise<RaiseFindingResult> => {
    if (core.policyKey) {
      const existing = await tx.finding.findUnique({ where: { policyKey: core.policyKey }, include: { _count: { select: { violations: true, complaints: true } } } });
      if (existing) {
        return openFindingResult(existing);
      }
    }
    const placeholderDay = dayDate(core.from ?? env.today);
    const created = await tx.finding.create({
      data: {
        agencyId: core.agencyId,
        agentId: core.agentId,
        title: core.title ?? "",
        description: core.description ?? "",
        ruleCodes: core.ruleCodes,
        complaintCategories: core.complaintCategories,
        severity: core.severity ?? "MEDIUM",
        periodFrom: placeholderDay,
        periodTo: core.to ? dayDate(core.to) : placeholderDay,
        origin: core.origin,
        criteria: json(core.criteria),
        policyKey: core.policyKey ?? null,
        impact: json({}),
        createdById: actor.userId,
      },
    });
    const counts = await copyEvidence(tx, {
      findingId: created.id,
      agencyId: core.agencyId,
      agentId: core.agentId,
      criteria: core.criteria,
      complaintCategories: core.complaintCategories,
      from: core.from,
      to: core.to,
      timeZone: env.timeZone,
    });
    if (counts.violations + counts.complaints === 0 && !evidenceOutsideViolations(core.criteria)) {
      throw new FindingError("INVALID", "NO_EVIDENCE", `No violations or complaints match: agency ${agency.code}${core.ruleCodes.length ? `, rules ${core.ruleCodes.join(", ")}` : ""}${core.from ? `, ${core.from} to ${core.to}` : ""}.`, "criteria");
    }
    const ruleCodes = core.ruleCodes.length > 0 ? core.ruleCodes : counts.ruleCodes;
    const from = core.from ?? counts.firstDay ?? env.today;
    const to = core.to ?? counts.lastDay ?? from;
    const repeatOfId = await findRepeatOf(tx, { findingId: created.id, agencyId: core.agencyId, ruleCodes, periodFrom: from });
    const title = core.title?.trim() || `${[...ruleCodes, ...core.complaintCategories].join(", ")} · ${agency.code} · ${from} – ${to}`;
    await tx.finding.update({
      where: { id: created.id },
      data: { ruleCodes, periodFrom: dayDate(from), periodTo: dayDate(to), severity: core.severity ?? counts.highestSeverity ?? "MEDIUM", repeatOfId, title },
    });
    const detail = { origin: core.origin, violations: counts.violations, complaints: counts.complaints, repeatOfId, ...(core.policyKey ? { policyKey: core.policyKey, policyDetail: core.policyDetail ?? null } : {}) };
    await writeEvent(tx, { findingId: created.id, action: "raise", from: null, to: "DRAFT", actor, note: null, detail });
    return {
      findingId: created.id,
      created: true,
      status: "DRAFT",
      violationCount: counts.violations,
      complaintCount: counts.complaints,
      repeatOfId,
      outcome: { findingId: created.id, agencyId: core.agencyId, title, transition: "raise", from: null, to: "DRAFT", actor: { role: actor.role, userId: actor.userId }, note: null, detail, at: now.toISOString() },
    };
  }));
  if (result.created) await storeImpact(result.findingId, now);
  return result;
}

function parseOrThrow<T>(schema: { safeParse: (value: unknown) => { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const described = issue ? describeIssue(issue as Parameters<typeof describeIssue>[0]) : { key: "validation.invalidFormat" };
    throw invalid(issue?.path.map(String).join(".") || "input", issue?.message ?? "validation.invalidFormat", described);
  }
  return parsed.data;
}

/** A finding for an agency (optionally one agent), rule codes and/or complaint categories and a period (CLI, agency and agent pages). */
export async function raiseFindingByRules(input: RaiseByRulesInput & { policyKey?: string; policyDetail?: Record<string, string | number | null> }, actor: FindingActorRef, now: Date): Promise<RaiseFindingResult> {
  const parsed = parseOrThrow(raiseByRulesSchema, input);
  return raise(
    {
      agencyId: parsed.agencyId,
      agentId: parsed.agentId,
      criteria: { kind: "rules", ruleCodes: parsed.ruleCodes, complaintCategories: parsed.complaintCategories, from: parsed.from, to: parsed.to, agentId: parsed.agentId, severity: parsed.severity },
      ruleCodes: parsed.ruleCodes,
      complaintCategories: parsed.complaintCategories,
      from: parsed.from,
      to: parsed.to,
      severity: parsed.severity,
      title: parsed.title,
      description: parsed.description,
      origin: input.policyKey ? "POLICY" : "CRITERIA",
      policyKey: input.policyKey,
      policyDetail: input.policyDetail,
    },
    actor,
    now,
  );
}

/**
 * A finding from the violations grid's filter (its URL parameters): the filter must name one agency; its period
 * and rule become the finding's (or, when absent, the evidence's first and last day and its rules).
 */
export async function raiseFindingFromFilter(input: { filters: Record<string, string>; title?: string; description?: string; severity?: Severity }, actor: FindingActorRef, now: Date): Promise<RaiseFindingResult> {
  const filters = parseOrThrow(violationFiltersSchema, input.filters);
  if (!filters.agency) throw invalid("agency", "Filter the violations by one agency before raising a finding.", { key: "findings.raise.needsAgency" });
  const agency = await getPrisma().agency.findUnique({ where: { code: filters.agency.toUpperCase() }, select: { id: true } });
  if (!agency) throw invalid("agency", `No agency ${filters.agency}.`);
  let agentId: number | null = null;
  if (filters.agent) {
    const agent = await getPrisma().agent.findUnique({ where: { agencyId_externalId: { agencyId: agency.id, externalId: filters.agent } }, select: { id: true } });
    if (!agent) throw invalid("agent", `No agent ${filters.agent} at ${filters.agency}.`);
    agentId = agent.id;
  }
  const stored = Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined)) as Record<string, string>;
  return raise(
    {
      agencyId: agency.id,
      agentId,
      criteria: { kind: "filter", filters: stored },
      ruleCodes: filters.rule ? [filters.rule] : [],
      complaintCategories: [],
      from: filters.from ?? null,
      to: filters.to ?? null,
      severity: input.severity ?? null,
      title: input.title,
      description: input.description,
      origin: "FILTER",
    },
    actor,
    now,
  );
}

/**
 * A finding from a data-health item (app/data-health): its evidence is the item's figures (kept in the criteria and
 * the raise event), since what it is about is what the log does not hold. An item with an open finding already
 * answers with that finding instead of raising a second one.
 */
/** An open finding that already covers what was asked: answered instead of raising a second one. */
function openFindingResult(existing: { id: number; status: FindingStatus; repeatOfId: number | null; _count: { violations: number; complaints: number } }): RaiseFindingResult {
  return { findingId: existing.id, created: false, status: existing.status, violationCount: existing._count.violations, complaintCount: existing._count.complaints, repeatOfId: existing.repeatOfId, outcome: null };
}

export async function raiseFindingFromDataHealth(
  input: { agencyId: number; agentId: number | null; item: string; itemKind: string; figures: Record<string, string | number | null>; from: string; to: string; title: string; description?: string; severity?: Severity },
  actor: FindingActorRef,
  now: Date,
): Promise<RaiseFindingResult> {
  const existing = await getPrisma().finding.findFirst({
    where: { agencyId: input.agencyId, status: { not: "CLOSED" }, criteria: { path: ["item"], equals: input.item } },
    include: { _count: { select: { violations: true, complaints: true } } },
  });
  if (existing) {
    return openFindingResult(existing);
  }
  return raise(
    {
      agencyId: input.agencyId,
      agentId: input.agentId,
      criteria: { kind: "dataHealth", item: input.item, itemKind: input.itemKind, figures: input.figures },
      ruleCodes: [],
      complaintCategories: [],
      from: input.from,
      to: input.to,
      severity: input.severity ?? "MEDIUM",
      title: input.title,
      description: input.description,
      origin: "CRITERIA",
    },
    actor,
    now,
  );
}

/**
 * A finding from an agency's reconciliation exceptions of a month (app/reconciliation, ADR 045): the exceptions are
 * its evidence, copied into the criteria as they are now. An automatic one carries a policy key (raised once); one
 * raised by hand for the same month and statuses while another is open answers with that one.
 */
export async function raiseFindingFromReconciliation(
  input: {
    agencyId: number;
    criteria: Extract<FindingCriteria, { kind: "reconciliation" }>;
    from: string;
    to: string;
    title: string;
    description?: string;
    severity?: Severity;
    policyKey?: string;
    policyDetail?: Record<string, string | number | null>;
  },
  actor: FindingActorRef,
  now: Date,
): Promise<RaiseFindingResult> {
  if (!input.policyKey) {
    const existing = await getPrisma().finding.findFirst({
      where: { agencyId: input.agencyId, status: { not: "CLOSED" }, AND: [{ criteria: { path: ["kind"], equals: "reconciliation" } }, { criteria: { path: ["month"], equals: input.criteria.month } }, { criteria: { path: ["statuses"], equals: input.criteria.statuses } }] },
      include: { _count: { select: { violations: true, complaints: true } } },
    });
    if (existing) {
      return openFindingResult(existing);
    }
  }
  return raise(
    {
      agencyId: input.agencyId,
      agentId: null,
      criteria: input.criteria,
      ruleCodes: [],
      complaintCategories: [],
      from: input.from,
      to: input.to,
      severity: input.severity ?? "MEDIUM",
      title: input.title,
      description: input.description,
      origin: input.policyKey ? "POLICY" : "CRITERIA",
      policyKey: input.policyKey,
      policyDetail: input.policyDetail,
    },
    actor,
    now,
  );
}

/** A finding from rows ticked in the violations grid: all of one agency; the evidence is exactly those (not dismissed). */
export async function raiseFindingFromViolations(input: { violationIds: string[]; title?: string; description?: string; severity?: Severity }, actor: FindingActorRef, now: Date): Promise<RaiseFindingResult> {
  const ids = [...new Set(input.violationIds)];
  if (ids.length === 0 || ids.length > 10_000 || ids.some((id) => !/^\d{1,19}$/.test(id))) throw invalid("violationIds", "Select between 1 and 10,000 violations.");
  const agencies = await getPrisma().violation.groupBy({ by: ["agencyId", "agentId"], where: { id: { in: ids.map((id) => BigInt(id)) } } });
  const agencyIds = [...new Set(agencies.map((row) => row.agencyId))];
  if (agencyIds.length !== 1) throw invalid("violationIds", agencyIds.length === 0 ? "None of the selected violations exists." : "The selected violations belong to more than one agency: a finding is raised against one.");
  const agentIds = [...new Set(agencies.map((row) => row.agentId))];
  return raise(
    {
      agencyId: agencyIds[0]!,
      agentId: agentIds.length === 1 ? (agentIds[0] ?? null) : null,
      criteria: { kind: "selection", violationIds: ids },
      ruleCodes: [],
      complaintCategories: [],
      from: null,
      to: null,
      severity: input.severity ?? null,
      title: input.title,
      description: input.description,
      origin: "SELECTION",
    },
    actor,
    now,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Draft edits

export type FindingDraftEdit = { findingId: number; title?: string; description?: string; severity?: string; responseDueOn?: string | null };

/**
 * A draft's title, description, severity or response due day (what the agency receives is fixed at issue). Only
 * what changed is written, with an "edit" event naming each change (from → to); nothing changed writes nothing.
 */
export async function updateFindingDraft(input: FindingDraftEdit, actor: FindingActorRef, now: Date): Promise<FindingTransitionOutcome & { changed: string[] }> {
  const title = input.title?.trim();
  if (title !== undefined && (title === "" || title.length > 200)) throw invalid("title", "A title has 1 to 200 characters.", { key: title === "" ? "validation.required" : "validation.tooLong", params: { maximum: 200 } });
  const description = input.description?.trim();
  if (description !== undefined && description.length > 4000) throw invalid("description", "A description has at most 4,000 characters.", { key: "validation.tooLong", params: { maximum: 4000 } });
  const severityParsed = input.severity === undefined ? undefined : severitySchema.safeParse(input.severity);
  if (severityParsed && !severityParsed.success) throw invalid("severity", `A severity is one of LOW, MEDIUM, HIGH, not "${input.severity}".`, { key: "validation.invalidChoice" });
  const severity = severityParsed?.data;
  const env = await setup(now);
  const dueOn = input.responseDueOn === undefined || input.responseDueOn === null ? input.responseDueOn : parseOrThrow(dueDaySchema, input.responseDueOn);
  if (dueOn && dueOn <= env.today) throw invalid("responseDueOn", `The response due day must lie after today (${env.today}).`, { key: "findings.refusal.dueAfterToday", params: { today: env.today } });
  return afterFindingChange(getPrisma().$transaction(async (tx) => {
    const finding = await lockFinding(tx, input.findingId);
    assertVisibleTo(finding, actor);
    assertOperation("edit", finding.status, actor);
    const before = { title: finding.title, description: finding.description, severity: finding.severity, responseDueOn: dayOf(finding.responseDueOn) };
    const after = { title: title ?? before.title, description: description ?? before.description, severity: severity ?? before.severity, responseDueOn: dueOn === undefined ? before.responseDueOn : dueOn };
    const changes: Record<string, { from: string | null; to: string | null }> = {};
    for (const key of Object.keys(before) as (keyof typeof before)[]) if (before[key] !== after[key]) changes[key] = { from: before[key], to: after[key] };
    const changed = Object.keys(changes);
    const outcome = { findingId: finding.id, agencyId: finding.agencyId, title: after.title, transition: "edit" as const, from: finding.status, to: finding.status, actor: { role: actor.role, userId: actor.userId }, note: null, detail: { changes }, at: now.toISOString(), changed };
    if (changed.length === 0) return outcome;
    await tx.finding.update({
      where: { id: finding.id },
      data: { title: after.title, description: after.description, severity: after.severity, responseDueOn: after.responseDueOn === null ? null : dayDate(after.responseDueOn), version: { increment: 1 } },
    });
    await writeEvent(tx, { findingId: finding.id, action: "edit", from: finding.status, to: finding.status, actor, note: null, detail: { changes } });
    return outcome;
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// Issue

/**
 * DRAFT → ISSUED: the evidence is selected once more and fixed from now on, the impact figures computed and frozen,
 * the response due day set (default: the draft's own, else today + the policy's responseDays; it must lie after today).
 */
export async function issueFinding(input: { findingId: number; responseDueOn?: string; note?: string }, actor: FindingActorRef, now: Date): Promise<FindingTransitionOutcome> {
  const env = await setup(now);
  // Without a day given: the one compliance set while editing the draft, else the policy's default.
  const drafted = input.responseDueOn === undefined ? await getPrisma().finding.findUnique({ where: { id: input.findingId }, select: { responseDueOn: true } }) : null;
  const dueOn = input.responseDueOn !== undefined ? parseOrThrow(dueDaySchema, input.responseDueOn) : (dayOf(drafted?.responseDueOn ?? null) ?? addDays(env.today, env.policy.responseDays));
  if (dueOn <= env.today) throw invalid("responseDueOn", `The response due day must lie after today (${env.today}).`, { key: "findings.refusal.dueAfterToday", params: { today: env.today } });
  const outcome = await runTransition({
    findingId: input.findingId,
    actor,
    transition: "issue",
    note: input.note,
    now,
    env,
    apply: async (tx, finding) => {
      const criteria = finding.criteria as FindingCriteria;
      const counts = await copyEvidence(tx, {
        findingId: finding.id,
        agencyId: finding.agencyId,
        agentId: finding.agentId,
        criteria,
        complaintCategories: finding.complaintCategories,
        from: dayOf(finding.periodFrom),
        to: dayOf(finding.periodTo),
        timeZone: env.timeZone,
      });
      if (counts.violations + counts.complaints === 0 && !evidenceOutsideViolations(criteria)) throw new FindingError("CONFLICT", "NO_EVIDENCE", "The finding's criteria no longer select any violation or complaint: it cannot be issued.");
      const repeatOfId = await findRepeatOf(tx, { findingId: finding.id, agencyId: finding.agencyId, ruleCodes: finding.ruleCodes, periodFrom: dayOf(finding.periodFrom)! });
      return {
        data: { issuedAt: now, issuedById: actor.userId, responseDueOn: dayDate(dueOn), evidenceFrozenAt: now, repeatOfId },
        detail: { responseDueOn: dueOn, violations: counts.violations, complaints: counts.complaints, repeatOfId },
      };
    },
  });
  await storeImpact(input.findingId, now);
  return outcome;
}

// ---------------------------------------------------------------------------------------------------------------
// The agency's answer

export type RespondOutcome = FindingTransitionOutcome & { responseId: number; late: boolean };

/**
 * The agency accepts or disputes, explains, and proposes its corrective actions. Every answer is kept (a second one
 * before compliance decides supersedes the first without erasing it; concurrent answers are serialised by the row
 * lock, so none is lost). An answer after the due day is accepted and marked late.
 */
export async function respondToFinding(input: { findingId: number; response: RespondInput }, actor: FindingActorRef, now: Date): Promise<RespondOutcome> {
  const env = await setup(now);
  const response = parseOrThrow(respondSchema, input.response);
  const pastAction = response.actions.findIndex((action) => action.dueOn < env.today);
  if (pastAction >= 0) throw invalid(`actions.${pastAction}.dueOn`, `An action's due day cannot lie before today (${env.today}).`, { key: "findings.refusal.actionDueBeforeToday", params: { today: env.today } });
  let created = { id: 0, late: false };
  const outcome = await runTransition({
    findingId: input.findingId,
    actor,
    transition: "respond",
    note: null,
    now,
    env,
    apply: async (tx, finding) => {
      const late = isOverdue(dayOf(finding.responseDueOn), env.today);
      const row = await tx.findingResponse.create({
        data: { findingId: finding.id, kind: response.kind, explanation: response.explanation, late, userId: actor.userId, apiTokenId: actor.apiTokenId ?? null },
      });
      if (response.actions.length > 0) {
        await tx.findingAction.createMany({
          data: response.actions.map((action) => ({ findingId: finding.id, responseId: row.id, description: action.description, owner: action.owner, dueOn: dayDate(action.dueOn) })),
        });
      }
      created = { id: row.id, late };
      return { data: { escalationReason: null }, detail: { responseId: row.id, kind: response.kind, late, actions: response.actions.length } };
    },
  });
  return { ...outcome, responseId: created.id, late: created.late };
}

/**
 * Compliance accepts or rejects the newest answer's plan (`responseId` names the answer the decision was made on:
 * a newer one arriving meanwhile makes it STALE). Accepting fixes the verification's fix date (the plan's last due
 * day); rejecting needs a note and gives the agency a new due day.
 */
export async function decidePlan(
  input: { findingId: number; responseId: number; decision: "ACCEPT" | "REJECT"; note?: string; responseDueOn?: string },
  actor: FindingActorRef,
  now: Date,
): Promise<FindingTransitionOutcome> {
  const env = await setup(now);
  const dueOn = input.decision === "REJECT" ? (input.responseDueOn === undefined ? addDays(env.today, env.policy.responseDays) : parseOrThrow(dueDaySchema, input.responseDueOn)) : null;
  if (dueOn !== null && dueOn <= env.today) throw invalid("responseDueOn", `The new response due day must lie after today (${env.today}).`, { key: "findings.refusal.dueAfterToday", params: { today: env.today } });
  return runTransition({
    findingId: input.findingId,
    actor,
    transition: input.decision === "ACCEPT" ? "acceptPlan" : "rejectPlan",
    note: input.note,
    now,
    env,
    apply: async (tx, finding) => {
      const latest = await tx.findingResponse.findFirst({ where: { findingId: finding.id }, orderBy: { id: "desc" }, include: { actions: true } });
      if (!latest || latest.id !== input.responseId || latest.decision !== null) {
        throw new FindingError("CONFLICT", "STALE", "The agency's answer changed since the page was loaded: review the newest answer.");
      }
      const decision = input.decision === "ACCEPT" ? "ACCEPTED" : "REJECTED";
      await tx.findingResponse.update({ where: { id: latest.id }, data: { decision, decisionNote: parseNote(input.note), decidedById: actor.userId, decidedAt: now } });
      if (input.decision === "ACCEPT") {
        const fixDate = fixDateOf(latest.actions.map((action) => dayOf(action.dueOn)!), env.today);
        return { data: { fixDate: dayDate(fixDate) }, detail: { responseId: latest.id, fixDate } };
      }
      return { data: { responseDueOn: dayDate(dueOn!) }, detail: { responseId: latest.id, responseDueOn: dueOn } };
    },
  });
}

/** The agency marks one action of its accepted plan done (late ones too). */
export async function markActionDone(input: { findingId: number; actionId: number; note?: string }, actor: FindingActorRef, now: Date): Promise<FindingTransitionOutcome> {
  const note = parseNote(input.note);
  const env = await setup(now);
  return afterFindingChange(getPrisma().$transaction(async (tx) => {
    const finding = await lockFinding(tx, input.findingId);
    assertVisibleTo(finding, actor);
    assertOperation("markActionDone", finding.status, actor);
    const action = await tx.findingAction.findFirst({ where: { id: input.actionId, findingId: finding.id }, include: { response: { select: { decision: true } } } });
    if (!action || action.response.decision !== "ACCEPTED") throw new FindingError("NOT_FOUND", "NOT_FOUND", `No action ${input.actionId} in the finding's accepted plan.`);
    const updated = await tx.findingAction.updateMany({ where: { id: action.id, status: "OPEN" }, data: { status: "DONE", doneAt: now, doneById: actor.userId, doneNote: note } });
    if (updated.count === 0) throw new FindingError("CONFLICT", "NOT_OPEN", "The action is already marked done.");
    const late = isOverdue(dayOf(action.dueOn), env.today);
    const detail = { actionId: action.id, late };
    await tx.finding.update({ where: { id: finding.id }, data: { version: { increment: 1 } } });
    await writeEvent(tx, { findingId: finding.id, action: "markActionDone", from: finding.status, to: finding.status, actor, note, detail });
    return { findingId: finding.id, agencyId: finding.agencyId, title: finding.title, transition: "markActionDone", from: finding.status, to: finding.status, actor: { role: actor.role, userId: actor.userId }, note, detail, at: now.toISOString() };
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// Verification, escalation, closing

/**
 * → VERIFYING: the window after the fix date is measured as it passes (refreshVerification), and judged once it
 * has. The scheduler starts it when the plan's last action is due and every action is done.
 */
export async function startVerification(input: { findingId: number; note?: string }, actor: FindingActorRef, now: Date): Promise<FindingTransitionOutcome> {
  const env = await setup(now);
  const outcome = await runTransition({
    findingId: input.findingId,
    actor,
    transition: "startVerification",
    note: input.note,
    now,
    env,
    apply: async (_tx, finding) => {
      const fixDate = dayOf(finding.fixDate) ?? env.today;
      const window = verificationWindow(fixDate, env.policy.verificationWindowDays);
      return { data: { escalationReason: null, verification: Prisma.DbNull }, detail: { fixDate, window } };
    },
  });
  await refreshVerification(input.findingId, now);
  return outcome;
}

/**
 * Measures the finding's rate before (its own period) and after the fix (the window's days passed so far), through
 * the metrics module, and stores it on a VERIFYING finding. Returns null for a finding not being verified.
 */
export async function refreshVerification(findingId: number, now: Date): Promise<FindingVerification | null> {
  const env = await setup(now);
  const prisma = getPrisma();
  const finding = await prisma.finding.findUnique({ where: { id: findingId } });
  if (!finding || finding.status !== "VERIFYING") return null;
  const fixDate = dayOf(finding.fixDate) ?? dayOf(finding.updatedAt)!;
  const window = verificationWindow(fixDate, env.policy.verificationWindowDays);
  const base = { agencyId: finding.agencyId, agentId: finding.agentId, ruleCodes: finding.ruleCodes };
  const elapsed = elapsedWindow(window, env.today);
  const [before, after] = await Promise.all([
    measureFindingRate({ ...base, from: dayOf(finding.periodFrom)!, to: dayOf(finding.periodTo)! }),
    elapsed ? measureFindingRate({ ...base, ...elapsed }) : Promise.resolve(null),
  ]);
  const windowComplete = isWindowComplete(window, env.today);
  const verification: FindingVerification = {
    before,
    after,
    window,
    windowComplete,
    outcome: windowComplete ? judgeImprovement(before.per1000Contacts, after?.per1000Contacts ?? null, env.policy.minImprovementPercent) : "PENDING",
    minImprovementPercent: env.policy.minImprovementPercent,
    measuredAt: now.toISOString(),
  };
  // Only while still verifying: a close or escalation meanwhile keeps what it was decided on.
  await prisma.finding.updateMany({ where: { id: findingId, status: "VERIFYING" }, data: { verification: json(verification) } });
  return verification;
}

export type EscalationReason = "MANUAL" | "RESPONSE_OVERDUE" | "ACTIONS_OVERDUE" | "NO_IMPROVEMENT";

/** → ESCALATED: by compliance (note required) or the scheduler (with its reason). */
export async function escalateFinding(input: { findingId: number; note?: string; reason?: EscalationReason }, actor: FindingActorRef, now: Date): Promise<FindingTransitionOutcome> {
  const env = await setup(now);
  const reason: EscalationReason = actor.role === "SYSTEM" ? (input.reason ?? "MANUAL") : "MANUAL";
  return runTransition({ findingId: input.findingId, actor, transition: "escalate", note: input.note, now, env, apply: async () => ({ data: { escalationReason: reason }, detail: { reason } }) });
}

/** → CLOSED (compliance, note required). Nothing is removed: the finding stays with its history and can be reopened. */
export async function closeFinding(input: { findingId: number; note: string }, actor: FindingActorRef, now: Date): Promise<FindingTransitionOutcome> {
  const env = await setup(now);
  return runTransition({
    findingId: input.findingId,
    actor,
    transition: "close",
    note: input.note,
    now,
    env,
    apply: async (_tx, finding) => {
      const verification = finding.verification as FindingVerification | null;
      return { data: { closedAt: now }, detail: { verificationOutcome: verification?.outcome ?? null } };
    },
  });
}

/**
 * CLOSED → ISSUED (with a new due day; a finding never issued reopens as a DRAFT). The accepted plan and the
 * verification are set aside (they stay in the history): the agency answers again.
 */
export async function reopenFinding(input: { findingId: number; note: string; responseDueOn?: string }, actor: FindingActorRef, now: Date): Promise<FindingTransitionOutcome> {
  const env = await setup(now);
  const dueOn = input.responseDueOn === undefined ? addDays(env.today, env.policy.responseDays) : parseOrThrow(dueDaySchema, input.responseDueOn);
  if (dueOn <= env.today) throw invalid("responseDueOn", `The response due day must lie after today (${env.today}).`, { key: "findings.refusal.dueAfterToday", params: { today: env.today } });
  return runTransition({
    findingId: input.findingId,
    actor,
    transition: "reopen",
    note: input.note,
    now,
    env,
    apply: async (_tx, finding, to) => ({
      data: { closedAt: null, escalationReason: null, fixDate: null, verification: Prisma.DbNull, responseDueOn: to === "ISSUED" ? dayDate(dueOn) : finding.responseDueOn },
      detail: { responseDueOn: to === "ISSUED" ? dueOn : null, previousVerification: finding.verification ?? null },
    }),
  });
}
