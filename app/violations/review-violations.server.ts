// Review of stored violations: one from the case page (reviewViolation), ticked rows of the violations grid, each
// decided through reviewViolation, which is conditional on OPEN and writes its own access-log entry (so a batch where
// some rows were already decided by someone else reports those rows and decides the rest), and every open violation
// a filter matches, set-based.
import { logAccess } from "~/audit/log-access.server";
import { clientAddress } from "~/auth/session.server";
import { getPrisma } from "~/db/client.server";
import { getPool, withTransaction } from "~/db/pg.server";
import { and } from "~/grid/grid-query";
import { violationWhere, type ViolationFilters } from "./violation-grid-query";
import { getViolationRecord, type ViolationRecord } from "./violation-records.server";

export const MAX_REVIEW_NOTE = 2000;

export type ViolationReviewErrorReason = "NOT_FOUND" | "NOT_OPEN" | "NOTE_REQUIRED" | "NOTE_TOO_LONG" | "INVALID_DECISION";

export class ViolationReviewError extends Error {
  override readonly name = "ViolationReviewError";
  constructor(
    readonly reason: ViolationReviewErrorReason,
    message: string,
  ) {
    super(message);
  }
}

/**
 * OPEN → CONFIRMED or DISMISSED, once: a decision is never overwritten (a second reviewer gets NOT_OPEN), and
 * re-evaluation keeps it. The note is required because a dismissal without a reason is no audit trail.
 */
export async function reviewViolation(input: {
  violationId: string | bigint;
  decision: "CONFIRMED" | "DISMISSED";
  note: string;
  userId: number;
  request?: Request;
}): Promise<ViolationRecord> {
  if (input.decision !== "CONFIRMED" && input.decision !== "DISMISSED") {
    throw new ViolationReviewError("INVALID_DECISION", `A review decision is CONFIRMED or DISMISSED, not "${String(input.decision)}".`);
  }
  const note = input.note.trim();
  if (note === "") throw new ViolationReviewError("NOTE_REQUIRED", "A review note is required.");
  if (note.length > MAX_REVIEW_NOTE) throw new ViolationReviewError("NOTE_TOO_LONG", `A review note has at most ${MAX_REVIEW_NOTE} characters.`);
  const id = String(input.violationId);
  if (!/^\d{1,19}$/.test(id)) throw new ViolationReviewError("NOT_FOUND", `No violation ${id}.`);

  const prisma = getPrisma();
  // Conditional on OPEN in the statement itself, so two reviewers racing cannot both decide.
  const updated = await prisma.violation.updateMany({
    where: { id: BigInt(id), status: "OPEN" },
    data: { status: input.decision, reviewNote: note, reviewedById: input.userId, reviewedAt: new Date() },
  });
  if (updated.count === 0) {
    const existing = await prisma.violation.findFirst({ where: { id: BigInt(id) }, select: { status: true } });
    if (!existing) throw new ViolationReviewError("NOT_FOUND", `No violation ${id}.`);
    throw new ViolationReviewError("NOT_OPEN", `Violation ${id} was already reviewed (${existing.status}).`);
  }
  const record = await getViolationRecord(id);
  if (!record) throw new ViolationReviewError("NOT_FOUND", `No violation ${id}.`);
  await logAccess({
    userId: input.userId,
    action: "VIOLATION_REVIEWED",
    resourceType: "Violation",
    resourceId: id,
    detail: { decision: input.decision, ruleCode: record.ruleCode, agencyCode: record.agencyCode, accountNumber: record.accountNumber },
    request: input.request,
  });
  return record;
}

// ---------------------------------------------------------------------------------------------------------------
// Ticked rows, decided one by one.

export const MAX_BULK_REVIEW = 500;

export type ReviewFailure = { id: string; reason: ViolationReviewErrorReason };

export type BulkReviewResult = {
  decision: "CONFIRMED" | "DISMISSED";
  reviewed: string[];
  failures: ReviewFailure[];
  /** Accounts whose violations changed, for refreshing figures that count them. */
  accountIds: number[];
};

/**
 * Reviews every id with the same decision and note. A note that is empty or too long fails the whole batch up front
 * (ViolationReviewError), since every row would fail the same way.
 */
export async function reviewViolations(input: {
  ids: readonly string[];
  decision: "CONFIRMED" | "DISMISSED";
  note: string;
  userId: number;
  request?: Request;
}): Promise<BulkReviewResult> {
  const note = input.note.trim();
  if (note === "") throw new ViolationReviewError("NOTE_REQUIRED", "A review note is required.");
  if (note.length > MAX_REVIEW_NOTE) throw new ViolationReviewError("NOTE_TOO_LONG", `A review note has at most ${MAX_REVIEW_NOTE} characters.`);
  const ids = [...new Set(input.ids)];
  const reviewed: string[] = [];
  const failures: ReviewFailure[] = [];
  for (const id of ids) {
    try {
      await reviewViolation({ violationId: id, decision: input.decision, note, userId: input.userId, request: input.request });
      reviewed.push(id);
    } catch (error) {
      if (!(error instanceof ViolationReviewError)) throw error;
      failures.push({ id, reason: error.reason });
    }
  }
  const accounts =
    reviewed.length === 0
      ? []
      : await getPrisma().violation.findMany({ where: { id: { in: reviewed.map((id) => BigInt(id)) } }, select: { accountId: true }, distinct: ["accountId"] });
  return { decision: input.decision, reviewed, failures, accountIds: accounts.map((account) => account.accountId) };
}

// ---------------------------------------------------------------------------------------------------------------
// Every open violation a filter matches, decided at once: thousands of rows, so set-based (one conditional UPDATE and
// one access-log entry per violation, in one transaction) rather than row by row.

/** The most violations one filter review decides; a larger filter must be narrowed first. */
export const MAX_FILTER_REVIEW = 20_000;

export type FilterReviewInput = {
  filters: ViolationFilters;
  /** The agency an AGENCY user is bound to (they never review, but the scope is kept). */
  scopeAgencyId?: number;
  timeZone: string;
  decision: "CONFIRMED" | "DISMISSED";
  note: string;
  userId: number;
  /** The number of open violations the reviewer was shown and confirmed: nothing is decided if it changed. */
  expectedCount: number;
  request?: Request;
  now?: Date;
};

export type FilterReviewResult =
  | { status: "reviewed"; decision: "CONFIRMED" | "DISMISSED"; reviewed: number; accountIds: number[] }
  | { status: "count-changed"; count: number }
  | { status: "too-many"; count: number; max: number };

export type OpenMatchingCount = { count: number; capped: boolean };

function openMatchingSql(input: { filters: ViolationFilters; scopeAgencyId?: number; timeZone: string }, limit: number) {
  const { agencyClauses, violationClauses, values } = violationWhere(input.filters, { agencyId: input.scopeAgencyId, timeZone: input.timeZone });
  return {
    sql: `SELECT v.id FROM "Violation" v JOIN "Agency" a ON a.id = v."agencyId"
          WHERE ${and([...agencyClauses, ...violationClauses, `v.status = 'OPEN'`])} LIMIT ${limit}`,
    values,
  };
}

/** How many open violations the filter matches (counting stops past MAX_FILTER_REVIEW). */
export async function countOpenMatching(input: { filters: ViolationFilters; scopeAgencyId?: number; timeZone: string }): Promise<OpenMatchingCount> {
  const { sql, values } = openMatchingSql(input, MAX_FILTER_REVIEW + 1);
  const { rows } = await getPool().query<{ count: number }>(`SELECT count(*)::int AS count FROM (${sql}) matching`, values);
  const count = rows[0]?.count ?? 0;
  return { count: Math.min(count, MAX_FILTER_REVIEW), capped: count > MAX_FILTER_REVIEW };
}

export async function reviewViolationsMatching(input: FilterReviewInput): Promise<FilterReviewResult> {
  const note = input.note.trim();
  if (note === "") throw new ViolationReviewError("NOTE_REQUIRED", "A review note is required.");
  if (note.length > MAX_REVIEW_NOTE) throw new ViolationReviewError("NOTE_TOO_LONG", `A review note has at most ${MAX_REVIEW_NOTE} characters.`);
  const { sql, values } = openMatchingSql(input, MAX_FILTER_REVIEW + 1);
  // The early returns only read, so they commit nothing.
  return withTransaction(async (client): Promise<FilterReviewResult> => {
    const matching = await client.query<{ id: string }>(`SELECT id::text AS id FROM (${sql}) matching`, values);
    const count = matching.rows.length;
    if (count > MAX_FILTER_REVIEW) return { status: "too-many", count, max: MAX_FILTER_REVIEW };
    if (count !== input.expectedCount) return { status: "count-changed", count };
    const reviewedAt = (input.now ?? new Date()).toISOString();
    // Conditional on OPEN in the statement itself, as a single review is: a row decided meanwhile is left alone.
    // reviewedAt is a timestamp without zone holding UTC (Prisma's DateTime).
    const updated = await client.query<{ id: string; accountId: number; ruleCode: string; agencyCode: string; accountNumber: string }>(
      `UPDATE "Violation" v SET status = $2::"ViolationStatus", "reviewNote" = $3, "reviewedById" = $4, "reviewedAt" = ($5::timestamptz AT TIME ZONE 'UTC')
       FROM "Agency" a, "Account" acc
       WHERE v.id = ANY($1::bigint[]) AND v.status = 'OPEN' AND a.id = v."agencyId" AND acc.id = v."accountId"
       RETURNING v.id::text AS id, v."accountId", v."ruleCode", a.code AS "agencyCode", acc."accountNumber"`,
      [matching.rows.map((row) => row.id), input.decision, note, input.userId, reviewedAt],
    );
    const ipAddress = input.request ? clientAddress(input.request) : null;
    const filterDetail = Object.fromEntries(Object.entries(input.filters).filter(([, value]) => value !== undefined));
    await client.query(
      `INSERT INTO "AccessLog" ("userId", action, "resourceType", "resourceId", detail, "ipAddress")
       SELECT $1, 'VIOLATION_REVIEWED', 'Violation', r.id, jsonb_build_object('decision', $2::text, 'ruleCode', r."ruleCode", 'agencyCode', r."agencyCode", 'accountNumber', r."accountNumber", 'byFilter', $3::jsonb), $4
       FROM jsonb_to_recordset($5::jsonb) AS r(id text, "ruleCode" text, "agencyCode" text, "accountNumber" text)`,
      [input.userId, input.decision, JSON.stringify(filterDetail), ipAddress, JSON.stringify(updated.rows)],
    );
    return { status: "reviewed", decision: input.decision, reviewed: updated.rows.length, accountIds: [...new Set(updated.rows.map((row) => row.accountId))] };
  });
}
