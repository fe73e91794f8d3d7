// A finding's evidence: the violations (and complaints) its criteria select, copied into FindingViolation and
// FindingComplaint so that what the agency was sent never changes (ADR 023), and the impact figures: counts from the
// copy, rates from the metrics module (the same functions as the dashboards, so the figures agree).
import type { Prisma } from "~/generated/prisma/client";
import { getViolationsByRule } from "~/metrics/metrics.server";
import { per1000 } from "~/metrics/metric-formulas";
import { queryAdditiveTotals } from "~/metrics/query-metrics.server";
import { and } from "~/grid/grid-query";
import { violationFiltersSchema, violationWhere } from "~/violations/violation-grid-query";
import { FindingError, type FindingCriteria, type FindingImpact, type FindingMeasurement } from "./finding-types";

/** The most violations one finding copies: a filter wider than this must be narrowed first. */
export const MAX_FINDING_VIOLATIONS = 100_000;

type Tx = Prisma.TransactionClient;

/** WHERE clauses (on `v` and its agency `a`) for a criteria, numbered from $1; never selects dismissed violations. */
export function evidenceWhere(criteria: FindingCriteria, agencyId: number, timeZone: string): { where: string; values: unknown[] } {
  if (criteria.kind === "filter") {
    const filters = violationFiltersSchema.parse(criteria.filters);
    const { agencyClauses, violationClauses, values } = violationWhere(filters, { agencyId, timeZone });
    return { where: and([...agencyClauses, ...violationClauses, `v.status <> 'DISMISSED'`]), values };
  }
  if (criteria.kind === "dataHealth" || criteria.kind === "reconciliation") return { where: "false", values: [] };
  if (criteria.kind === "selection") {
    return { where: `v."agencyId" = $1::int AND v.id = ANY($2::bigint[]) AND v.status <> 'DISMISSED'`, values: [agencyId, criteria.violationIds] };
  }
  const { agencyClauses, violationClauses, values } = violationWhere({ from: criteria.from, to: criteria.to, status: "COUNTED", severity: criteria.severity ?? undefined }, { agencyId, timeZone });
  values.push(criteria.ruleCodes);
  const clauses = [...agencyClauses, ...violationClauses, `v."ruleCode" = ANY($${values.length}::text[])`];
  if (criteria.agentId !== null) {
    values.push(criteria.agentId);
    clauses.push(`v."agentId" = $${values.length}::int`);
  }
  return { where: and(clauses), values };
}

export type EvidenceCounts = { violations: number; complaints: number; ruleCodes: string[]; firstDay: string | null; lastDay: string | null; highestSeverity: "LOW" | "MEDIUM" | "HIGH" | null };

/**
 * Replaces the finding's evidence with what its criteria select now (a draft's refresh, and the copy fixed at issue).
 * Runs in the caller's transaction, which holds the finding's row lock.
 */
export async function copyEvidence(
  tx: Tx,
  input: { findingId: number; agencyId: number; agentId: number | null; criteria: FindingCriteria; complaintCategories: readonly string[]; from: string | null; to: string | null; timeZone: string },
): Promise<EvidenceCounts> {
  await tx.$executeRaw`DELETE FROM "FindingViolation" WHERE "findingId" = ${input.findingId}`;
  await tx.$executeRaw`DELETE FROM "FindingComplaint" WHERE "findingId" = ${input.findingId}`;
  const { where, values } = evidenceWhere(input.criteria, input.agencyId, input.timeZone);
  const findingParam = `$${values.length + 1}`;
  const inserted = await tx.$executeRawUnsafe(
    `INSERT INTO "FindingViolation" ("findingId", "violationId", "ruleCode", severity, "occurredAt", "accountId", "agentId", status)
     SELECT ${findingParam}::int, v.id, v."ruleCode", v.severity, v."occurredAt", v."accountId", v."agentId", v.status
     FROM "Violation" v JOIN "Agency" a ON a.id = v."agencyId"
     WHERE ${where}
     LIMIT ${MAX_FINDING_VIOLATIONS + 1}`,
    ...values,
    input.findingId,
  );
  if (inserted > MAX_FINDING_VIOLATIONS) {
    throw new FindingError("INVALID", "INVALID_INPUT", `The criteria select more than ${MAX_FINDING_VIOLATIONS} violations: narrow the period, the agent or the rules.`, "criteria");
  }
  if (input.complaintCategories.length > 0 && input.from !== null && input.to !== null) {
    // Complaints of the categories received in the period (reporting days), except those found not upheld.
    await tx.$executeRaw`
      INSERT INTO "FindingComplaint" ("findingId", "complaintId")
      SELECT ${input.findingId}::int, c.id FROM "Complaint" c
      WHERE c."agencyId" = ${input.agencyId}::int AND c.category = ANY(${[...input.complaintCategories]}::text[]) AND c.outcome IS DISTINCT FROM 'NOT_UPHELD'
        AND c."receivedAt" >= (${input.from}::date::timestamp AT TIME ZONE ${input.timeZone}::text)
        AND c."receivedAt" < ((${input.to}::date + 1)::timestamp AT TIME ZONE ${input.timeZone}::text)
        AND (${input.agentId}::int IS NULL OR c."agentId" = ${input.agentId}::int)`;
  }
  return countEvidence(tx, input.findingId, input.timeZone);
}

export async function countEvidence(tx: Tx, findingId: number, timeZone: string): Promise<EvidenceCounts> {
  const [row] = await tx.$queryRaw<{ violations: number; complaints: number; ruleCodes: string[] | null; firstDay: string | null; lastDay: string | null; highest: string | null }[]>`
    SELECT (SELECT count(*) FROM "FindingViolation" WHERE "findingId" = ${findingId})::int AS violations,
           (SELECT count(*) FROM "FindingComplaint" WHERE "findingId" = ${findingId})::int AS complaints,
           (SELECT array_agg(DISTINCT "ruleCode" ORDER BY "ruleCode") FROM "FindingViolation" WHERE "findingId" = ${findingId}) AS "ruleCodes",
           (SELECT to_char(min("occurredAt" AT TIME ZONE ${timeZone}::text), 'YYYY-MM-DD') FROM "FindingViolation" WHERE "findingId" = ${findingId}) AS "firstDay",
           (SELECT to_char(max("occurredAt" AT TIME ZONE ${timeZone}::text), 'YYYY-MM-DD') FROM "FindingViolation" WHERE "findingId" = ${findingId}) AS "lastDay",
           (SELECT max(severity)::text FROM "FindingViolation" WHERE "findingId" = ${findingId}) AS highest`;
  return {
    violations: row?.violations ?? 0,
    complaints: row?.complaints ?? 0,
    ruleCodes: row?.ruleCodes ?? [],
    firstDay: row?.firstDay ?? null,
    lastDay: row?.lastDay ?? null,
    highestSeverity: (row?.highest as EvidenceCounts["highestSeverity"]) ?? null,
  };
}

/** The counts of the impact figures, from the copied evidence. */
export async function countImpact(tx: Tx, findingId: number): Promise<Omit<FindingImpact, "measurement" | "computedAt">> {
  // Two reads: a Citus cluster refuses a subquery in the target list of a query over a distributed table (ADR 049).
  const [row] = await tx.$queryRaw<{ violations: number; high: number; accounts: number; debtors: number; agents: number }[]>`
    SELECT count(*)::int AS violations, count(*) FILTER (WHERE fv.severity = 'HIGH')::int AS high,
           count(DISTINCT fv."accountId")::int AS accounts, count(DISTINCT acc."customerId")::int AS debtors,
           count(DISTINCT fv."agentId")::int AS agents
    FROM "FindingViolation" fv JOIN "Account" acc ON acc.id = fv."accountId"
    WHERE fv."findingId" = ${findingId}`;
  const [complaintsRow] = await tx.$queryRaw<{ complaints: number }[]>`SELECT count(*)::int AS complaints FROM "FindingComplaint" WHERE "findingId" = ${findingId}`;
  return {
    violations: row?.violations ?? 0,
    highViolations: row?.high ?? 0,
    complaints: complaintsRow?.complaints ?? 0,
    accountsAffected: row?.accounts ?? 0,
    debtorsAffected: row?.debtors ?? 0,
    agentsInvolved: row?.agents ?? 0,
  };
}

/**
 * The finding's rate over a period, from the metrics module: its rules' violations (not dismissed) per 1,000
 * outbound contacts of the agency (or agent), exactly as getViolationsByRule and the additive totals count them.
 */
export async function measureFindingRate(input: { agencyId: number; agentId: number | null; ruleCodes: readonly string[]; from: string; to: string }): Promise<FindingMeasurement> {
  const filters = { from: input.from, to: input.to, agencyIds: [input.agencyId], ...(input.agentId !== null ? { agentId: input.agentId } : {}) };
  const [byRule, totals] = await Promise.all([getViolationsByRule(filters), queryAdditiveTotals(filters)]);
  const codes = new Set(input.ruleCodes);
  const violations = byRule.filter((row) => codes.has(row.ruleCode)).reduce((sum, row) => sum + row.count, 0);
  return { from: input.from, to: input.to, violations, outboundContacts: totals.outboundContacts, per1000Contacts: per1000(violations, totals.outboundContacts) };
}
