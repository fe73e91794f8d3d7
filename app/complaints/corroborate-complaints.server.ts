// The database half of corroboration (corroboration.ts decides): for each complaint, the named agency's contacts and
// violations in the window are read, the answer stored on the complaint with its detail, the violations it found
// linked (replacing the previous run's), and a change of answer written to the complaint's log. Runs when a
// complaint is recorded, after every import batch for the complaints its events or rows concern (a late activity
// file can turn NO_MATCHING_LOG into CORROBORATED), and on demand.
import { getPrisma } from "~/db/client.server";
import { tablesAreDistributed } from "~/db/citus.server";
import { getPool, withTransaction } from "~/db/pg.server";
import type { ComplaintCorroboration, ComplaintStatus } from "~/generated/prisma/enums";
import { getSetting } from "~/settings/settings.server";
import { getCategoryRules, getComplaintWorkflow } from "./complaint-settings.server";
import { ruleCodesForCategory } from "./complaint-settings";
import { contactEventTypes, corroborate, corroborationWindowStart, type CandidateEvent, type CandidateViolation, type CorroborationResult } from "./corroboration";

export type CorroborationRun = { checked: number; changed: number; byStatus: Record<ComplaintCorroboration, number> };

/** The most candidate records read per complaint and kind (a debtor called thousands of times in a month is checked on the first of them). */
const MAX_CANDIDATES = 2000;

export async function corroborateComplaints(complaintIds: readonly number[], now: Date = new Date()): Promise<CorroborationRun> {
  const run: CorroborationRun = { checked: 0, changed: 0, byStatus: { CORROBORATED: 0, LOGGED_NO_VIOLATION: 0, NO_MATCHING_LOG: 0, NOT_CHECKABLE: 0 } };
  if (complaintIds.length === 0) return run;
  const prisma = getPrisma();
  const [workflow, categoryRules, lenderZone] = await Promise.all([getComplaintWorkflow(), getCategoryRules(), getSetting("lender.timeZone")]);
  const complaints = await prisma.complaint.findMany({
    where: { id: { in: [...new Set(complaintIds)] } },
    select: {
      id: true, status: true, category: true, receivedAt: true, agencyId: true, phoneNumber: true, corroboration: true,
      account: { select: { customerId: true, timeZone: true } }, agency: { select: { timeZone: true } },
    },
    orderBy: { id: "asc" },
  });
  for (const complaint of complaints) {
    const timeZone = complaint.account?.timeZone ?? complaint.agency?.timeZone ?? lenderZone;
    const subject = { receivedAt: complaint.receivedAt, agencyId: complaint.agencyId, customerId: complaint.account?.customerId ?? null, phoneNumber: complaint.phoneNumber, timeZone };
    const ruleCodes = ruleCodesForCategory(categoryRules, complaint.category);
    const candidates = subject.agencyId !== null && (subject.customerId !== null || subject.phoneNumber !== null) && ruleCodes.length > 0
      ? await readCandidates({ ...subject, agencyId: subject.agencyId, from: corroborationWindowStart(subject.receivedAt, timeZone, workflow.corroborationWindowDays), ruleCodes })
      : { events: [], violations: [] };
    const result = corroborate({ complaint: subject, ruleCodes, windowDays: workflow.corroborationWindowDays, ...candidates });
    const changed = await storeResult(complaint, result, now);
    run.checked += 1;
    run.byStatus[result.status] += 1;
    if (changed) run.changed += 1;
  }
  return run;
}

async function readCandidates(input: { agencyId: number; customerId: number | null; phoneNumber: string | null; from: Date; receivedAt: Date; ruleCodes: string[] }): Promise<{ events: CandidateEvent[]; violations: CandidateViolation[] }> {
  const pool = getPool();
  const params = [input.agencyId, input.from, input.receivedAt, input.customerId, input.phoneNumber];
  const [events, violations] = await Promise.all([
    pool.query<{ id: string; agencyId: number; customerId: number; phoneNumber: string | null; occurredAt: Date; type: CandidateEvent["type"] }>(
      `SELECT e.id::text AS id, e."agencyId", acc."customerId", e."phoneNumber", e."occurredAt", e.type::text AS type
       FROM "ActivityEvent" e JOIN "Account" acc ON acc.id = e."accountId"
       WHERE e."agencyId" = $1::int AND e."occurredAt" >= $2 AND e."occurredAt" <= $3
         AND (acc."customerId" = $4::int OR e."phoneNumber" = $5::text) AND e.type::text = ANY($6::text[])
       ORDER BY e."occurredAt", e.id LIMIT ${MAX_CANDIDATES}`,
      [...params, [...contactEventTypes]],
    ),
    // The trigger event is named with its account as well (they share it): on a Citus cluster the join then stays
    // on each shard instead of repartitioning both tables (ADR 049).
    pool.query<{ id: string; agencyId: number; customerId: number; phoneNumber: string | null; ruleCode: string; occurredAt: Date }>(
      `SELECT v.id::text AS id, v."agencyId", acc."customerId", te."phoneNumber", v."ruleCode", v."occurredAt"
       FROM "Violation" v JOIN "Account" acc ON acc.id = v."accountId" JOIN "ActivityEvent" te ON te.id = v."triggerEventId" AND te."occurredAt" = v."occurredAt" AND te."accountId" = v."accountId"
       WHERE v."agencyId" = $1::int AND v."occurredAt" >= $2 AND v."occurredAt" <= $3 AND v.status <> 'DISMISSED'
         AND (acc."customerId" = $4::int OR te."phoneNumber" = $5::text) AND v."ruleCode" = ANY($6::text[])
       ORDER BY v."occurredAt", v.id LIMIT ${MAX_CANDIDATES}`,
      [...params, input.ruleCodes],
    ),
  ]);
  return { events: events.rows, violations: violations.rows };
}

/** Stores the answer; logs it when it differs from the stored one. Returns whether it changed. */
async function storeResult(complaint: { id: number; status: ComplaintStatus; corroboration: ComplaintCorroboration | null }, result: CorroborationResult, now: Date): Promise<boolean> {
  const prisma = getPrisma();
  const detail = { reason: result.reason, ruleCodes: result.ruleCodes, window: result.window, violationRuleCodes: result.violationRuleCodes, eventIds: result.eventIds, eventCount: result.eventCount, violationCount: result.violationIds.length };
  return prisma.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ corroboration: ComplaintCorroboration | null; status: typeof complaint.status }[]>`SELECT corroboration, status FROM "Complaint" WHERE id = ${complaint.id}::int FOR UPDATE`;
    if (!locked) return false;
    await tx.complaint.update({ where: { id: complaint.id }, data: { corroboration: result.status, corroborationDetail: detail, corroboratedAt: now } });
    await tx.complaintViolation.deleteMany({ where: { complaintId: complaint.id, linkedBy: "CORROBORATION" } });
    if (result.violationIds.length > 0) {
      const manual = new Set((await tx.complaintViolation.findMany({ where: { complaintId: complaint.id }, select: { violationId: true } })).map((row) => row.violationId.toString()));
      const ruleOf = new Map<string, string>();
      const rows = await tx.violation.findMany({ where: { id: { in: result.violationIds.map(BigInt) } }, select: { id: true, ruleCode: true } });
      for (const row of rows) ruleOf.set(row.id.toString(), row.ruleCode);
      await tx.complaintViolation.createMany({
        data: result.violationIds.filter((id) => !manual.has(id) && ruleOf.has(id)).map((id) => ({ complaintId: complaint.id, violationId: BigInt(id), ruleCode: ruleOf.get(id)!, linkedBy: "CORROBORATION" })),
      });
    }
    if (locked.corroboration === result.status) return false;
    await tx.complaintChange.create({
      data: { complaintId: complaint.id, action: "corroborate", fromStatus: locked.status, toStatus: locked.status, userId: null, detail: { from: locked.corroboration, to: result.status, ...detail, eventIds: undefined }, createdAt: now },
    });
    return true;
  });
}

/**
 * After an import batch: its own complaints (a complaints file), or the complaints of the agencies whose events it
 * brought, received after one of those events and within the window of it, about the same debtor or number.
 */
export async function complaintsConcernedByBatch(batchId: number): Promise<number[]> {
  const prisma = getPrisma();
  const batch = await prisma.importBatch.findUnique({ where: { id: batchId }, select: { kind: true } });
  if (!batch) return [];
  if (batch.kind === "COMPLAINTS") return (await prisma.complaint.findMany({ where: { importBatchId: batchId }, select: { id: true } })).map((row) => row.id);
  if (batch.kind !== "ACTIVITIES") return [];
  const { corroborationWindowDays } = await getComplaintWorkflow();
  if (await tablesAreDistributed(getPool())) return complaintsConcernedOnCluster(batchId, corroborationWindowDays);
  const result = await getPool().query<{ id: number }>(
    `SELECT c.id FROM "Complaint" c LEFT JOIN "Account" ca ON ca.id = c."accountId"
     WHERE c."agencyId" IS NOT NULL AND EXISTS (
       SELECT 1 FROM "ActivityEvent" e JOIN "Account" ea ON ea.id = e."accountId"
       WHERE e."importBatchId" = $1::int AND e."agencyId" = c."agencyId"
         AND (ea."customerId" = ca."customerId" OR e."phoneNumber" = c."phoneNumber")
         AND e."occurredAt" <= c."receivedAt" AND e."occurredAt" >= c."receivedAt" - make_interval(days => $2::int + 1))
     ORDER BY c.id`,
    [batchId, corroborationWindowDays],
  );
  return result.rows.map((row) => row.id);
}

/**
 * The same complaints on a Citus cluster (ADR 049), which refuses the correlated subquery over distributed tables
 * beside the complaints' reference table: the batch's events with their customers (a join on the account, local to
 * each shard) and the complaints with theirs are copied into temporary tables, and the same test runs on those.
 */
async function complaintsConcernedOnCluster(batchId: number, windowDays: number): Promise<number[]> {
  return withTransaction(async (client) => {
    await client.query(
      `CREATE TEMP TABLE corroboration_events ON COMMIT DROP AS
       SELECT e."agencyId", ea."customerId", e."phoneNumber", e."occurredAt" FROM "ActivityEvent" e JOIN "Account" ea ON ea.id = e."accountId"
        WHERE e."importBatchId" = $1::int`,
      [batchId],
    );
    const agencies = await client.query<{ agencyId: number }>(`SELECT DISTINCT "agencyId" FROM corroboration_events`);
    await client.query(
      `CREATE TEMP TABLE corroboration_complaints ON COMMIT DROP AS
       SELECT c.id, c."agencyId", c."accountId", NULL::int AS "customerId", c."phoneNumber", c."receivedAt" FROM "Complaint" c
        WHERE c."agencyId" = ANY($1::int[])`,
      [agencies.rows.map((row) => row.agencyId)],
    );
    await client.query(`UPDATE corroboration_complaints c SET "customerId" = a."customerId" FROM "Account" a WHERE a.id = c."accountId"`);
    const result = await client.query<{ id: number }>(
      `SELECT c.id FROM corroboration_complaints c
       WHERE EXISTS (
         SELECT 1 FROM corroboration_events e
         WHERE e."agencyId" = c."agencyId" AND (e."customerId" = c."customerId" OR e."phoneNumber" = c."phoneNumber")
           AND e."occurredAt" <= c."receivedAt" AND e."occurredAt" >= c."receivedAt" - make_interval(days => $1::int + 1))
       ORDER BY c.id`,
      [windowDays],
    );
    return result.rows.map((row) => row.id);
  });
}

/** Every complaint checked again (Settings → Complaints, and the demo's load after its one pass of the rules). */
export async function corroborateAllComplaints(now: Date = new Date()): Promise<CorroborationRun> {
  const ids = (await getPrisma().complaint.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((row) => row.id);
  return corroborateComplaints(ids, now);
}

/** The pipeline's post-commit step: never fails the batch (a complaint left unchecked is checked on the next run). */
export async function corroborateAfterBatch(batchId: number, now: Date = new Date()): Promise<CorroborationRun | null> {
  try {
    return await corroborateComplaints(await complaintsConcernedByBatch(batchId), now);
  } catch (error) {
    console.error(`[import ${batchId}] complaint corroboration failed`, error);
    return null;
  }
}
