// The database half of corroboration (corroboration.ts decides): for each complaint, the named agency's contacts and
// violations in the window are read, the answer stored on the complaint with its detail, the violations it found
// linked (replacing the previous run's), and a change of answer written to the complaint's log. Runs when a
// complaint is recorded, after every import batch for the complaints its events or rows concern (a late activity
// file can turn NO_MATCHING_LOG into CORROBORATED), and on demand.
import type pg from "pg";
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

/** Complaints whose answers are stored in one transaction. */
const COMPLAINTS_PER_COMMIT = 100;

type JudgedComplaint = { complaintId: number; result: CorroborationResult };

export async function corroborateComplaints(complaintIds: readonly number[], now: Date = new Date()): Promise<CorroborationRun> {
  const run: CorroborationRun = { checked: 0, changed: 0, byStatus: { CORROBORATED: 0, LOGGED_NO_VIOLATION: 0, NO_MATCHING_LOG: 0, NOT_CHECKABLE: 0 } };
  if (complaintIds.length === 0) return run;
  const prisma = getPrisma();
  const [workflow, categoryRules, lenderZone, distributed] = await Promise.all([getComplaintWorkflow(), getCategoryRules(), getSetting("lender.timeZone"), tablesAreDistributed(getPool())]);
  const complaints = await prisma.complaint.findMany({
    where: { id: { in: [...new Set(complaintIds)] } },
    select: {
      id: true, category: true, receivedAt: true, agencyId: true, phoneNumber: true,
      account: { select: { customerId: true, timeZone: true } }, agency: { select: { timeZone: true } },
    },
    orderBy: { id: "asc" },
  });
  // Judged one by one, stored a group at a time: one commit per group instead of one per complaint, which a full run
  // (Settings → Complaints, the demo's load) would otherwise spend most of its time waiting on.
  for (let start = 0; start < complaints.length; start += COMPLAINTS_PER_COMMIT) {
    const group = complaints.slice(start, start + COMPLAINTS_PER_COMMIT);
    const judged = await withTransaction(async (client) => {
      const answers: JudgedComplaint[] = [];
      for (const complaint of group) {
        const timeZone = complaint.account?.timeZone ?? complaint.agency?.timeZone ?? lenderZone;
        const subject = { receivedAt: complaint.receivedAt, agencyId: complaint.agencyId, customerId: complaint.account?.customerId ?? null, phoneNumber: complaint.phoneNumber, timeZone };
        const ruleCodes = ruleCodesForCategory(categoryRules, complaint.category);
        const candidates = subject.agencyId !== null && (subject.customerId !== null || subject.phoneNumber !== null) && ruleCodes.length > 0
          ? await readCandidates(client, distributed, { ...subject, agencyId: subject.agencyId, from: corroborationWindowStart(subject.receivedAt, timeZone, workflow.corroborationWindowDays), ruleCodes })
          : { events: [], violations: [] };
        answers.push({ complaintId: complaint.id, result: corroborate({ complaint: subject, ruleCodes, windowDays: workflow.corroborationWindowDays, ...candidates }) });
      }
      return answers;
    }, { readOnly: true, genericPlans: !distributed });
    const changed = await storeResults(judged, now);
    for (const { complaintId, result } of judged) {
      run.checked += 1;
      run.byStatus[result.status] += 1;
      if (changed.has(complaintId)) run.changed += 1;
    }
  }
  return run;
}

async function readCandidates(client: pg.ClientBase, distributed: boolean, input: { agencyId: number; customerId: number | null; phoneNumber: string | null; from: Date; receivedAt: Date; ruleCodes: string[] }): Promise<{ events: CandidateEvent[]; violations: CandidateViolation[] }> {
  const params = [input.agencyId, input.from, input.receivedAt, input.customerId, input.phoneNumber];
  // On one server: named statements, planned once per connection (the caller's transaction asks for generic plans).
  // A Citus coordinator cannot plan these multi-shard UNIONs generically ("could not create distributed plan"): there
  // each read is planned with its values, as Citus plans its queries anyway.
  // "The debtor or the number" as two index lookups (the customer's accounts, the number) joined by UNION, not an OR
  // that reads every event of the agency in the window: a complaint costs what its debtor has, not what its agency has.
  const events = await client.query<{ id: string; agencyId: number; customerId: number; phoneNumber: string | null; occurredAt: Date; type: CandidateEvent["type"] }>({
    ...(distributed ? {} : { name: "corroboration-candidate-events" }),
    text: `SELECT id::text AS id, "agencyId", "customerId", "phoneNumber", "occurredAt", type FROM (
       SELECT e.id, e."agencyId", acc."customerId", e."phoneNumber", e."occurredAt", e.type::text AS type
       FROM "Account" acc JOIN "ActivityEvent" e ON e."accountId" = acc.id
       WHERE acc."customerId" = $4::int AND e."agencyId" = $1::int AND e."occurredAt" >= $2 AND e."occurredAt" <= $3 AND e.type::text = ANY($6::text[])
       UNION
       SELECT e.id, e."agencyId", acc."customerId", e."phoneNumber", e."occurredAt", e.type::text AS type
       FROM "ActivityEvent" e JOIN "Account" acc ON acc.id = e."accountId"
       WHERE e."phoneNumber" = $5::text AND e."agencyId" = $1::int AND e."occurredAt" >= $2 AND e."occurredAt" <= $3 AND e.type::text = ANY($6::text[])
     ) candidates
     ORDER BY "occurredAt", candidates.id LIMIT ${MAX_CANDIDATES}`,
    values: [...params, [...contactEventTypes]],
  });
  // The trigger event is named with its account as well (they share it): on a Citus cluster the join then stays
  // on each shard instead of repartitioning both tables (ADR 049).
  const violations = await client.query<{ id: string; agencyId: number; customerId: number; phoneNumber: string | null; ruleCode: string; occurredAt: Date }>({
    ...(distributed ? {} : { name: "corroboration-candidate-violations" }),
    text: `SELECT id::text AS id, "agencyId", "customerId", "phoneNumber", "ruleCode", "occurredAt" FROM (
       SELECT v.id, v."agencyId", acc."customerId", te."phoneNumber", v."ruleCode", v."occurredAt"
       FROM "Account" acc JOIN "Violation" v ON v."accountId" = acc.id
         JOIN "ActivityEvent" te ON te.id = v."triggerEventId" AND te."occurredAt" = v."occurredAt" AND te."accountId" = v."accountId"
       WHERE acc."customerId" = $4::int AND v."agencyId" = $1::int AND v."occurredAt" >= $2 AND v."occurredAt" <= $3
         AND v.status <> 'DISMISSED' AND v."ruleCode" = ANY($6::text[])
       UNION
       SELECT v.id, v."agencyId", acc."customerId", te."phoneNumber", v."ruleCode", v."occurredAt"
       FROM "ActivityEvent" te
         JOIN "Violation" v ON v."triggerEventId" = te.id AND v."occurredAt" = te."occurredAt" AND v."accountId" = te."accountId"
         JOIN "Account" acc ON acc.id = v."accountId"
       WHERE te."phoneNumber" = $5::text AND te."occurredAt" >= $2 AND te."occurredAt" <= $3 AND v."agencyId" = $1::int
         AND v.status <> 'DISMISSED' AND v."ruleCode" = ANY($6::text[])
     ) candidates
     ORDER BY "occurredAt", candidates.id LIMIT ${MAX_CANDIDATES}`,
    values: [...params, input.ruleCodes],
  });
  return { events: events.rows, violations: violations.rows };
}

/**
 * Stores each answer (replacing the previous run's links, keeping those made by hand) and logs those that differ from
 * the stored one; returns the complaints whose answer changed. A complaint deleted meanwhile is skipped.
 */
async function storeResults(judged: readonly JudgedComplaint[], now: Date): Promise<Set<number>> {
  if (judged.length === 0) return new Set();
  return withTransaction(async (client) => {
    const locked = await client.query<{ id: number; corroboration: ComplaintCorroboration | null; status: ComplaintStatus }>(
      `SELECT id, corroboration::text AS corroboration, status::text AS status FROM "Complaint" WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE`,
      [judged.map((entry) => entry.complaintId)],
    );
    const before = new Map(locked.rows.map((row) => [row.id, row]));
    const present = judged.filter((entry) => before.has(entry.complaintId));
    if (present.length === 0) return new Set<number>();
    const ids = present.map((entry) => entry.complaintId);
    const details = present.map(({ result }) => ({
      reason: result.reason, ruleCodes: result.ruleCodes, window: result.window, violationRuleCodes: result.violationRuleCodes,
      eventIds: result.eventIds, eventCount: result.eventCount, violationCount: result.violationIds.length,
    }));
    await client.query(
      `UPDATE "Complaint" c SET corroboration = u.status::"ComplaintCorroboration", "corroborationDetail" = u.detail, "corroboratedAt" = $4
       FROM unnest($1::int[], $2::text[], $3::jsonb[]) AS u(id, status, detail) WHERE c.id = u.id`,
      [ids, present.map((entry) => entry.result.status), details.map((detail) => JSON.stringify(detail)), now],
    );
    await client.query(`DELETE FROM "ComplaintViolation" WHERE "complaintId" = ANY($1::int[]) AND "linkedBy" = 'CORROBORATION'`, [ids]);
    const found = present.flatMap((entry) => entry.result.violationIds.map((violationId) => ({ complaintId: entry.complaintId, violationId })));
    if (found.length > 0) {
      // Links made by hand stay as they are; a violation deleted since it was read is not linked.
      const [manual, violations] = await Promise.all([
        client.query<{ complaintId: number; violationId: string }>(`SELECT "complaintId", "violationId"::text AS "violationId" FROM "ComplaintViolation" WHERE "complaintId" = ANY($1::int[])`, [ids]),
        client.query<{ id: string; ruleCode: string }>(`SELECT id::text AS id, "ruleCode" FROM "Violation" WHERE id = ANY($1::int8[])`, [[...new Set(found.map((link) => link.violationId))]]),
      ]).then(([manualLinks, rules]) => [new Set(manualLinks.rows.map((row) => `${row.complaintId} ${row.violationId}`)), new Map(rules.rows.map((row) => [row.id, row.ruleCode]))] as const);
      const links = found.filter((link) => !manual.has(`${link.complaintId} ${link.violationId}`) && violations.has(link.violationId));
      if (links.length > 0) {
        await client.query(
          `INSERT INTO "ComplaintViolation" ("complaintId", "violationId", "ruleCode", "linkedBy")
           SELECT * , 'CORROBORATION' FROM unnest($1::int[], $2::int8[], $3::text[])`,
          [links.map((link) => link.complaintId), links.map((link) => link.violationId), links.map((link) => violations.get(link.violationId)!)],
        );
      }
    }
    const changed = present.flatMap((entry, index) => {
      const previous = before.get(entry.complaintId)!;
      return previous.corroboration === entry.result.status ? [] : [{ entry, previous, detail: details[index]! }];
    });
    if (changed.length > 0) {
      await client.query(
        `INSERT INTO "ComplaintChange" ("complaintId", action, "fromStatus", "toStatus", "userId", detail, "createdAt")
         SELECT u.id, 'corroborate', u.status::"ComplaintStatus", u.status::"ComplaintStatus", NULL, u.detail, $4 FROM unnest($1::int[], $2::text[], $3::jsonb[]) AS u(id, status, detail)`,
        [
          changed.map(({ entry }) => entry.complaintId),
          changed.map(({ previous }) => previous.status),
          changed.map(({ entry, previous, detail }) => JSON.stringify({ from: previous.corroboration, to: entry.result.status, ...detail, eventIds: undefined })),
          now,
        ],
      );
    }
    return new Set(changed.map(({ entry }) => entry.complaintId));
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
