// Stored violations as people use them: exported for agencies and auditors, reviewed by compliance, and the
// "what would change" preview of a pack draft before anyone publishes it.
import type pg from "pg";
import { logAccess } from "~/audit/log-access.server";
import { getPrisma } from "~/db/client.server";
import type { Severity, ViolationStatus } from "~/generated/prisma/enums";
import { getPool } from "~/db/pg.server";
import { customerChunks, evaluateChunk, loadEvaluationContext, type EvaluationFailure } from "./evaluate-rules.server";
import { parseRulePackParameters } from "./rule-pack";
import type { EvaluationPack, RuleExplanation } from "./types";

export type ViolationRecord = {
  id: string;
  ruleCode: string;
  severity: Severity;
  status: ViolationStatus;
  agencyCode: string;
  agentExternalId: string | null;
  accountNumber: string;
  /** The agency's own id of the event that triggered the violation. */
  triggerEventId: string;
  /**
   * The agencies' own ids of every event the finding rests on, in time order, ending with the trigger. Evidence can
   * come from another agency (cross-agency rules), whose ids are only unique within it: see evidenceAgencyCodes.
   */
  evidenceEventIds: string[];
  /** The agency of each evidence event, position for position. */
  evidenceAgencyCodes: string[];
  /** The trigger's instant, ISO-8601 UTC. */
  occurredAt: string;
  explanation: RuleExplanation;
  rulePackCode: string;
  rulePackVersion: number;
  reviewNote: string | null;
  reviewedAt: string | null;
};

const recordSelect = `
  SELECT v.id::text AS id, v."ruleCode", v.severity::text AS severity, v.status::text AS status, ag.code AS "agencyCode",
         agt."externalId" AS "agentExternalId", acc."accountNumber", te."eventId" AS "triggerEventId",
         coalesce(evidence.ids, '{}') AS "evidenceEventIds", coalesce(evidence.agencies, '{}') AS "evidenceAgencyCodes",
         v."occurredAt", v.explanation, rp.code AS "rulePackCode", rp.version AS "rulePackVersion", v."reviewNote",
         -- timestamp without time zone holding UTC (Prisma's DateTime): pg would read it in the process's zone.
         to_char(v."reviewedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "reviewedAt"
  FROM "Violation" v
  JOIN "Agency" ag ON ag.id = v."agencyId"
  LEFT JOIN "Agent" agt ON agt.id = v."agentId"
  JOIN "Account" acc ON acc.id = v."accountId"
  JOIN "ActivityEvent" te ON te.id = v."triggerEventId"
  JOIN "RulePack" rp ON rp.id = v."rulePackId"
  LEFT JOIN LATERAL (
    SELECT array_agg(ev."eventId" ORDER BY u.ord) AS ids, array_agg(eva.code ORDER BY u.ord) AS agencies
    FROM unnest(v."evidenceEventIds") WITH ORDINALITY AS u(id, ord)
    JOIN "ActivityEvent" ev ON ev.id = u.id
    JOIN "Agency" eva ON eva.id = ev."agencyId"
  ) evidence ON true`;

type RecordRow = Omit<ViolationRecord, "occurredAt" | "explanation"> & { occurredAt: Date; explanation: unknown };

function toRecord(row: RecordRow): ViolationRecord {
  const explanation = row.explanation as Partial<RuleExplanation> | null;
  return {
    ...row,
    occurredAt: row.occurredAt.toISOString(),
    explanation: { key: explanation?.key ?? "", params: explanation?.params ?? {} },
  };
}

const EXPORT_PAGE = 5_000;

/**
 * Violations whose trigger occurred in [from, to] (both inclusive), oldest first, page by page: an export of a
 * year never holds more than one page in memory. Whoever calls this logs the export (logAccess "EXPORT").
 */
export async function* streamViolationsForExport(options: { from: Date; to: Date; agencyId?: number }): AsyncGenerator<ViolationRecord> {
  const client = await getPool().connect();
  try {
    let after: { at: Date; id: string } | null = null;
    for (;;) {
      const page: pg.QueryResult<RecordRow> = await client.query<RecordRow>(
        `${recordSelect}
         WHERE v."occurredAt" >= $1 AND v."occurredAt" <= $2 AND ($3::int IS NULL OR v."agencyId" = $3::int)
           AND ($4::timestamptz IS NULL OR (v."occurredAt", v.id) > ($4::timestamptz, $5::bigint))
         ORDER BY v."occurredAt", v.id
         LIMIT ${EXPORT_PAGE}`,
        [options.from, options.to, options.agencyId ?? null, after?.at ?? null, after?.id ?? null],
      );
      for (const row of page.rows) yield toRecord(row);
      const last = page.rows[page.rows.length - 1];
      if (!last || page.rows.length < EXPORT_PAGE) return;
      after = { at: last.occurredAt, id: last.id };
    }
  } finally {
    client.release();
  }
}

export async function listViolationsForExport(options: { from: Date; to: Date; agencyId?: number }): Promise<ViolationRecord[]> {
  const records: ViolationRecord[] = [];
  for await (const record of streamViolationsForExport(options)) records.push(record);
  return records;
}

export async function getViolationRecord(violationId: string | bigint): Promise<ViolationRecord | null> {
  const id = String(violationId);
  if (!/^\d{1,19}$/.test(id)) return null;
  const result = await getPool().query<RecordRow>(`${recordSelect} WHERE v.id = $1::bigint`, [id]);
  const row = result.rows[0];
  return row ? toRecord(row) : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Review

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
    const existing = await prisma.violation.findUnique({ where: { id: BigInt(id) }, select: { status: true } });
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
// What-if

export type WhatIfRow = { agencyId: number; agencyCode: string; ruleCode: string; current: number; draft: number; delta: number };

export type WhatIfResult = {
  code: string;
  /** The published version the draft is compared with; null for a family never published. */
  publishedVersion: number | null;
  /** Agencies judged by the family (assigned to it, or on the default when the default is this family). */
  agencyCodes: string[];
  customersEvaluated: number;
  eventsEvaluated: number;
  /** One row per agency and rule with a finding under either pack, by agency code then rule code. */
  rows: WhatIfRow[];
  totals: { current: number; draft: number };
  failures: EvaluationFailure[];
};

/**
 * How many violations the family's agencies would have had for activity in [from, to] under draft parameters,
 * against the published version: evaluated in memory over the same chunked loading as a real run (full history
 * before `from` read as context), nothing written. Throws RulePackError for invalid parameters.
 */
export async function whatIfRulePack(input: { code: string; draftParameters: unknown; from: Date; to: Date }): Promise<WhatIfResult> {
  const parameters = parseRulePackParameters(input.draftParameters);
  const context = await loadEvaluationContext();
  const published = context.packs.get(input.code) ?? null;
  const draftPack: EvaluationPack = { id: 0, code: input.code, version: (published?.version ?? 0) + 1, parameters };
  const scope = [...context.agencies].filter(([, agency]) => (agency.packCode ?? context.defaultCode) === input.code);
  const scopeIds = new Set(scope.map(([id]) => id));
  const result: WhatIfResult = {
    code: input.code,
    publishedVersion: published?.version ?? null,
    agencyCodes: scope.map(([, agency]) => agency.code).sort(),
    customersEvaluated: 0,
    eventsEvaluated: 0,
    rows: [],
    totals: { current: 0, draft: 0 },
    failures: [],
  };
  if (scopeIds.size === 0) return result;

  const pool = getPool();
  const counts = new Map<string, WhatIfRow>();
  const count = (agencyId: number, ruleCode: string, field: "current" | "draft") => {
    const key = `${agencyId}:${ruleCode}`;
    let row = counts.get(key);
    if (!row) {
      row = { agencyId, agencyCode: context.agencies.get(agencyId)?.code ?? String(agencyId), ruleCode, current: 0, draft: 0, delta: 0 };
      counts.set(key, row);
    }
    row[field] += 1;
  };
  // Customers with activity of the family's agencies in the window; their other agencies' events are loaded too,
  // since cross-agency rules count them.
  const customers = await pool.query<[number]>({
    text: `SELECT DISTINCT a."customerId" FROM "ActivityEvent" e JOIN "Account" a ON a.id = e."accountId"
           WHERE e."agencyId" = ANY($1::int[]) AND e."occurredAt" >= $2 AND e."occurredAt" <= $3 ORDER BY 1`,
    values: [[...scopeIds], input.from, input.to],
    rowMode: "array",
  });
  const draftFor = (agencyId: number) => (scopeIds.has(agencyId) ? draftPack : context.packFor(agencyId));
  const customerIds = customers.rows.map((row) => row[0]);
  for await (const chunk of customerChunks(pool, customerIds, context, { until: input.to })) {
    const current = evaluateChunk(chunk, context, { triggerFrom: input.from });
    const draft = evaluateChunk(chunk, context, { triggerFrom: input.from, packFor: draftFor });
    result.eventsEvaluated += chunk.events.length;
    result.customersEvaluated += chunk.customerIds.length - current.failures.length;
    result.failures.push(...current.failures.slice(0, Math.max(0, 100 - result.failures.length)));
    for (const violation of current.violations) if (scopeIds.has(violation.agencyId)) count(violation.agencyId, violation.ruleCode, "current");
    for (const violation of draft.violations) if (scopeIds.has(violation.agencyId)) count(violation.agencyId, violation.ruleCode, "draft");
  }
  result.rows = [...counts.values()]
    .map((row) => ({ ...row, delta: row.draft - row.current }))
    .sort((a, b) => (a.agencyCode < b.agencyCode ? -1 : a.agencyCode > b.agencyCode ? 1 : a.ruleCode < b.ruleCode ? -1 : a.ruleCode > b.ruleCode ? 1 : 0));
  for (const row of result.rows) {
    result.totals.current += row.current;
    result.totals.draft += row.draft;
  }
  return result;
}
