// The retention purge (ADR 041): activity events, their violations and the uploads that carried them are removed a
// whole UTC month at a time once the month is older than the retention period, except the rows of accounts and
// agencies under a legal hold. Run daily by the "retention-purge" job (purge-retention-queue.server.ts) and by
// `oversight retention purge`; "now" is injected. What a real run removed goes to the access log (months, row
// counts, files) and the job log; a dry run only counts.
//
// A month with its own partitions (ADR 041) that no legal hold touches goes whole: its complaint links are deleted,
// then its partitions of "Violation" and "ActivityEvent" detached and dropped, in one transaction; its idempotency
// keys (one per event, the only part that grows with the month) afterwards, agency by agency, locking no table, by
// whether their event is gone — so a run stopped in between is finished by the next. Otherwise (a held row in the month, its rows still in DEFAULT, or the tables too busy to lock) rows go
// in batches, each its own short transaction, oldest month first, agency by agency along the (agencyId, occurredAt)
// index. Both under the rule-evaluation lock (an evaluation never writes a violation for an event being removed); a
// violation goes with its trigger event, a complaint keeps itself but loses its link to a purged event, an event's
// key goes with it, or right after its dropped month (so a resend imports it as new).
import { rm } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import { escapeIdentifier as quoted } from "pg";
import { logAccess } from "~/audit/log-access.server";
import { advanceDataGeneration } from "~/cache/data-generation.server";
import { listMonthPartitions, partitionedTables, partitionName } from "~/db/month-partitions.server";
import { getPool, locks, lockForTransaction, releaseSessionLock, tryLockForSession, withDedicatedClient, withTransaction } from "~/db/pg.server";
import { foreignKeyNeighbours, lockTablesAllOrNone, lockTimeoutMilliseconds } from "~/db/table-locks.server";
import { uploadDirectory } from "~/ingest/pipeline/uploads.server";
import { activeHolds } from "./legal-holds.server";
import { monthsBefore, retentionCutoff } from "./retention-policy";
import { getRetentionPolicy } from "./retention-settings.server";

export type PurgedMonth = { month: string; events: number; violations: number; complaintLinks: number; heldEventsKept: number };
export type PurgedUpload = { batchId: number; fileName: string; storedFile: string | null; rejectedRows: number };
export type PurgeResult = {
  dryRun: boolean;
  now: string;
  years: number;
  /** The first instant kept. */
  cutoff: string;
  months: PurgedMonth[];
  uploads: PurgedUpload[];
  /** keysAfterDrop: idempotency keys deleted after their month's partitions were dropped (the batched path deletes them with their events). */
  totals: { events: number; violations: number; complaintLinks: number; heldEventsKept: number; keysAfterDrop: number; uploads: number; files: number };
  holds: { accounts: number; agencies: number };
};

/** Another purge holds the purge lock. */
export class PurgeBusyError extends Error {
  constructor() {
    super("Another retention purge is running; try again when it has finished.");
  }
}

const DEFAULT_BATCH_SIZE = 20_000;

/** Receives each phase of a purge as it ends, with its seconds (the purge benchmark prints them; the job logs them). */
export type PurgeTiming = (phase: string, seconds: number) => void;

/** A clock for phases: each call reports the time since the previous one under the phase's name. */
function phaseClock(timing: PurgeTiming | undefined): (phase: string) => void {
  let last = performance.now();
  return (phase) => {
    const now = performance.now();
    timing?.(phase, (now - last) / 1000);
    last = now;
  };
}

type AgencySpan = { agencyId: number; oldest: Date };

async function agenciesWithExpiredEvents(client: pg.ClientBase, cutoff: Date): Promise<AgencySpan[]> {
  // One index probe per agency (its oldest event), not a scan of the table.
  const { rows } = await client.query<{ agencyId: number; oldest: Date }>(
    `SELECT a.id AS "agencyId", o.oldest
       FROM "Agency" a
       CROSS JOIN LATERAL (SELECT min(e."occurredAt") AS oldest FROM "ActivityEvent" e WHERE e."agencyId" = a.id) o
      WHERE o.oldest < $1
      ORDER BY a.id`,
    [cutoff],
  );
  return rows;
}

async function countMonth(client: pg.ClientBase, agencyId: number, start: Date, end: Date, heldAccounts: number[], agencyHeld: boolean): Promise<PurgedMonth> {
  const { rows } = await client.query<{ expired: string; held: string; violations: string; links: string }>(
    `WITH month AS (
       SELECT e.id, ($5 OR e."accountId" = ANY($4::int[])) AS held
         FROM "ActivityEvent" e WHERE e."agencyId" = $1 AND e."occurredAt" >= $2 AND e."occurredAt" < $3)
     SELECT count(*) FILTER (WHERE NOT held)::text AS expired,
            count(*) FILTER (WHERE held)::text AS held,
            (SELECT count(*) FROM "Violation" v JOIN month m ON m.id = v."triggerEventId" WHERE NOT m.held)::text AS violations,
            (SELECT count(*) FROM "ComplaintEvent" c JOIN month m ON m.id = c."eventId" WHERE NOT m.held)::text AS links
       FROM month`,
    [agencyId, start, end, heldAccounts, agencyHeld],
  );
  const row = rows[0]!;
  return { month: "", events: Number(row.expired), violations: Number(row.violations), complaintLinks: Number(row.links), heldEventsKept: Number(row.held) };
}

async function countHeld(client: pg.ClientBase, agencyId: number, start: Date, end: Date, heldAccounts: number[], agencyHeld: boolean): Promise<number> {
  // Along the (accountId, occurredAt) index when only accounts are held: the agency's whole month is not read.
  const { rows } = await client.query<{ held: string }>(
    agencyHeld
      ? `SELECT count(*)::text AS held FROM "ActivityEvent" WHERE "agencyId" = $1 AND "occurredAt" >= $2 AND "occurredAt" < $3`
      : `SELECT count(*)::text AS held FROM "ActivityEvent" WHERE "accountId" = ANY($4::int[]) AND "occurredAt" >= $2 AND "occurredAt" < $3 AND "agencyId" = $1`,
    agencyHeld ? [agencyId, start, end] : [agencyId, start, end, heldAccounts],
  );
  return Number(rows[0]!.held);
}

/** Whether any active hold has a row in the month (the month's partition is read through its indexes). */
async function monthIsHeld(client: pg.ClientBase, month: string, heldAccounts: number[], heldAgencies: number[]): Promise<boolean> {
  if (heldAccounts.length === 0 && heldAgencies.length === 0) return false;
  const { rows } = await client.query<{ held: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM "${partitionName("ActivityEvent", month)}" WHERE "accountId" = ANY($1::int[]))
         OR EXISTS (SELECT 1 FROM "${partitionName("ActivityEvent", month)}" WHERE "agencyId" = ANY($2::int[])) AS held`,
    [heldAccounts, heldAgencies],
  );
  return rows[0]?.held ?? true;
}

/** How long dropping a month waits for the tables' locks (an import in progress holds them) before batches are used. */
const DROP_LOCK_TIMEOUT = "5s";

/**
 * Removes a whole month by dropping its partitions; null when the tables could not be locked in time (the caller
 * falls back to batches). Complaint links of the month go first, in the same transaction; its keys afterwards
 * (deleteKeysOfPurgedEvents), agency by agency, locking no table.
 */
async function dropMonth(month: string, start: Date, end: Date, phase: (name: string) => void): Promise<Omit<PurgedMonth, "month" | "heldEventsKept"> | null> {
  const events = partitionName("ActivityEvent", month);
  const violations = partitionName("Violation", month);
  try {
    return await withTransaction(async (client) => {
      await lockForTransaction(client, locks.ruleEvaluation);
      await client.query(`SET LOCAL lock_timeout = '${DROP_LOCK_TIMEOUT}'`);
      phase(`${month}: rule-evaluation lock`);
      // Detaching and dropping lock the parents and then, one by one, the tables their foreign keys touch; waiting
      // for one of those while holding a parent deadlocked with an import holding it and waiting for the parent.
      const shareRowExclusive = await foreignKeyNeighbours(client, partitionedTables);
      await lockTablesAllOrNone(client, { exclusive: partitionedTables.map((table) => quoted(table)), shareRowExclusive }, lockTimeoutMilliseconds(DROP_LOCK_TIMEOUT, 5_000));
      phase(`${month}: table locks`);
      const { rows } = await client.query<{ events: number; violations: number }>(
        `SELECT (SELECT count(*) FROM "${events}")::int AS events, (SELECT count(*) FROM "${violations}")::int AS violations`,
      );
      phase(`${month}: count`);
      const complaintLinks = (await client.query(`DELETE FROM "ComplaintEvent" WHERE "eventOccurredAt" >= $1 AND "eventOccurredAt" < $2`, [start, end])).rowCount ?? 0;
      phase(`${month}: complaint links`);
      // Violations first: they name the month's events (without a foreign key, ADR 054), and detaching the events'
      // partition checks that no complaint link references its rows any more.
      await client.query(`ALTER TABLE "Violation" DETACH PARTITION "${violations}"`);
      phase(`${month}: detach violations`);
      await client.query(`DROP TABLE "${violations}"`);
      phase(`${month}: drop violations`);
      await client.query(`ALTER TABLE "ActivityEvent" DETACH PARTITION "${events}"`);
      phase(`${month}: detach events`);
      await client.query(`DROP TABLE "${events}"`);
      phase(`${month}: drop events`);
      return { events: rows[0]!.events, violations: rows[0]!.violations, complaintLinks };
    });
  } catch (error) {
    // 55P03 lock_not_available: the month is removed in batches instead, which wait only for rows.
    if ((error as { code?: string }).code === "55P03") return null;
    throw error;
  }
}

async function deleteMonth(agencyId: number, start: Date, end: Date, heldAccounts: number[], batchSize: number): Promise<Omit<PurgedMonth, "month" | "heldEventsKept">> {
  const removed = { events: 0, violations: 0, complaintLinks: 0 };
  for (;;) {
    const done = await withTransaction(async (client) => {
      await lockForTransaction(client, locks.ruleEvaluation);
      const { rows } = await client.query<{ id: string }>(
        `SELECT id::text FROM "ActivityEvent"
          WHERE "agencyId" = $1 AND "occurredAt" >= $2 AND "occurredAt" < $3 AND NOT ("accountId" = ANY($4::int[]))
          LIMIT $5`,
        [agencyId, start, end, heldAccounts, batchSize],
      );
      if (rows.length === 0) return true;
      const ids = rows.map((row) => row.id);
      // Referencing rows first: the foreign keys refuse an event that a violation or a complaint still names. The
      // month's range on every statement keeps each to the month's partition.
      const range = [ids, start, end];
      removed.violations += (await client.query(`DELETE FROM "Violation" WHERE "triggerEventId" = ANY($1::bigint[]) AND "occurredAt" >= $2 AND "occurredAt" < $3`, range)).rowCount ?? 0;
      removed.complaintLinks += (await client.query(`DELETE FROM "ComplaintEvent" WHERE "eventId" = ANY($1::bigint[]) AND "eventOccurredAt" >= $2 AND "eventOccurredAt" < $3`, range)).rowCount ?? 0;
      const deleted = await client.query(
        `WITH gone AS (DELETE FROM "ActivityEvent" WHERE id = ANY($1::bigint[]) AND "occurredAt" >= $2 AND "occurredAt" < $3 RETURNING "agencyId", "eventId"),
              keys AS (DELETE FROM "ActivityEventKey" k USING gone WHERE k."agencyId" = gone."agencyId" AND k."eventId" = gone."eventId")
         SELECT count(*)::int AS events FROM gone`,
        range,
      );
      removed.events += (deleted.rows[0] as { events: number }).events;
      return rows.length < batchSize;
    });
    if (done) return removed;
  }
}

/** The months before the cutoff that still have keys (one index probe per month, not a scan of the key table). */
async function monthsWithKeys(client: pg.ClientBase, cutoff: Date): Promise<{ month: string; start: Date; end: Date }[]> {
  const { rows } = await client.query<{ month: string }>(
    `WITH RECURSIVE m AS (
       SELECT min("occurredMonth") AS month FROM "ActivityEventKey" WHERE "occurredMonth" < $1::date
       UNION ALL
       SELECT (SELECT min(k."occurredMonth") FROM "ActivityEventKey" k WHERE k."occurredMonth" > m.month AND k."occurredMonth" < $1::date) FROM m WHERE m.month IS NOT NULL)
     SELECT to_char(month, 'YYYY-MM') AS month FROM m WHERE month IS NOT NULL`,
    [cutoff.toISOString().slice(0, 10)],
  );
  return rows.map(({ month }) => {
    const [year, index] = month.split("-").map(Number) as [number, number];
    return { month, start: new Date(Date.UTC(year, index - 1, 1)), end: new Date(Date.UTC(year, index, 1)) };
  });
}

/**
 * Deletes the keys of a month past retention whose event is gone (its partition dropped, or a run stopped between
 * the drop and this), one agency at a time, each its own transaction that locks only the rows it deletes; the keys
 * of held events stay, and so does the key of any event of the month imported again since (it has its event).
 * Until a key is gone a resend of its event counts as imported before (a duplicate, or a conflict naming the purged
 * batch).
 */
async function deleteKeysOfPurgedEvents(month: { start: Date; end: Date }): Promise<number> {
  let removed = 0;
  const day = month.start.toISOString().slice(0, 10);
  const { rows: agencies } = await getPool().query<{ id: number }>(`SELECT id FROM "Agency" ORDER BY id`);
  for (const agency of agencies) {
    // Along the month's index straight to the rows (no probe of the primary key per key); the month's live events
    // are few or none, read once into a hashed set (a subquery of its own, so Citus can plan it too).
    const result = await getPool().query(
      `DELETE FROM "ActivityEventKey" k
        WHERE k."occurredMonth" = $1::date AND k."agencyId" = $2
          AND k."eventId" NOT IN (SELECT e."eventId" FROM "ActivityEvent" e WHERE e."agencyId" = $2 AND e."occurredAt" >= $3 AND e."occurredAt" < $4)`,
      [day, agency.id, month.start, month.end],
    );
    removed += result.rowCount ?? 0;
  }
  return removed;
}

/** Uploads made before the cutoff none of whose events is left: their stored file and their rejected rows (as sent). */
async function expiredUploads(client: pg.ClientBase, cutoff: Date, heldAgencies: number[]): Promise<PurgedUpload[]> {
  const { rows } = await client.query<{ batchId: number; fileName: string; storedFile: string | null; rejectedRows: string }>(
    `SELECT b.id AS "batchId", b."fileName", b."storedFilePath" AS "storedFile",
            (SELECT count(*) FROM "ImportRowError" r WHERE r."batchId" = b.id)::text AS "rejectedRows"
       FROM "ImportBatch" b
      WHERE b."createdAt" < $1
        AND b.status NOT IN ('QUEUED', 'RUNNING')
        AND (b."agencyId" IS NULL OR NOT b."agencyId" = ANY($2::int[]))
        AND NOT EXISTS (SELECT 1 FROM "ActivityEvent" e WHERE e."importBatchId" = b.id)
        AND (b."storedFilePath" IS NOT NULL OR EXISTS (SELECT 1 FROM "ImportRowError" r WHERE r."batchId" = b.id))
      ORDER BY b.id`,
    [cutoff, heldAgencies],
  );
  return rows.map((row) => ({ ...row, rejectedRows: Number(row.rejectedRows) }));
}

async function removeUpload(upload: PurgedUpload): Promise<boolean> {
  const fileGone = await withTransaction(async (client) => {
    await client.query(`DELETE FROM "ImportRowError" WHERE "batchId" = $1`, [upload.batchId]);
    await client.query(`UPDATE "ImportBatch" SET "storedFilePath" = NULL WHERE id = $1`, [upload.batchId]);
    if (upload.storedFile === null) return false;
    // The same bytes sent again share the stored file: it goes with the last batch that names it.
    const { rows } = await client.query(`SELECT 1 FROM "ImportBatch" WHERE "storedFilePath" = $1 LIMIT 1`, [upload.storedFile]);
    return rows.length === 0;
  });
  if (fileGone && upload.storedFile !== null) await rm(path.join(uploadDirectory(), path.basename(upload.storedFile)), { force: true });
  return fileGone;
}

export async function purgeExpiredRecords(options: { now: Date; dryRun?: boolean; userId?: number | null; batchSize?: number; timing?: PurgeTiming }): Promise<PurgeResult> {
  const dryRun = options.dryRun ?? false;
  const phase = phaseClock(options.timing);
  const policy = await getRetentionPolicy();
  const cutoff = retentionCutoff(options.now, policy.years);
  const holds = await activeHolds();
  phase("policy and holds");
  const heldAgencies = new Set(holds.agencyIds);

  const work = async (): Promise<PurgeResult> => {
    const pool = getPool();
    const client = await pool.connect();
    let spans: AgencySpan[];
    const months = new Map<string, PurgedMonth>();
    const plan: { agencyId: number; month: string; start: Date; end: Date }[] = [];
    let keysAfterDrop = 0;
    try {
      spans = await agenciesWithExpiredEvents(client, cutoff);
      for (const span of spans) for (const month of monthsBefore(span.oldest, cutoff)) plan.push({ agencyId: span.agencyId, ...month });
      plan.sort((a, b) => a.start.getTime() - b.start.getTime() || a.agencyId - b.agencyId);
      for (const step of plan) {
        const entry = months.get(step.month) ?? { month: step.month, events: 0, violations: 0, complaintLinks: 0, heldEventsKept: 0 };
        months.set(step.month, entry);
        const agencyHeld = heldAgencies.has(step.agencyId);
        if (dryRun) {
          const counted = await countMonth(client, step.agencyId, step.start, step.end, holds.accountIds, agencyHeld);
          entry.events += counted.events;
          entry.violations += counted.violations;
          entry.complaintLinks += counted.complaintLinks;
          entry.heldEventsKept += counted.heldEventsKept;
        } else if (agencyHeld || holds.accountIds.length > 0) {
          entry.heldEventsKept += await countHeld(client, step.agencyId, step.start, step.end, holds.accountIds, agencyHeld);
        }
      }
    } finally {
      client.release();
    }
    phase(dryRun ? "plan and count" : "plan");
    if (!dryRun) {
      const dropped = new Set<string>();
      const partitioned = new Set(await withTransaction((client) => listMonthPartitions(client)));
      phase("list partitions");
      for (const step of plan) {
        if (dropped.has(step.month)) continue;
        if (partitioned.has(step.month) && !dropped.has(step.month)) {
          const held = await withTransaction((client) => monthIsHeld(client, step.month, holds.accountIds, holds.agencyIds));
          phase(`${step.month}: holds probe`);
          const removed = held ? null : await dropMonth(step.month, step.start, step.end, phase);
          phase(`${step.month}: commit`);
          partitioned.delete(step.month);
          if (removed) {
            dropped.add(step.month);
            const entry = months.get(step.month)!;
            entry.events += removed.events;
            entry.violations += removed.violations;
            entry.complaintLinks += removed.complaintLinks;
            continue;
          }
        }
        if (heldAgencies.has(step.agencyId)) continue;
        const removed = await deleteMonth(step.agencyId, step.start, step.end, holds.accountIds, options.batchSize ?? DEFAULT_BATCH_SIZE);
        phase(`${step.month}: batched delete, agency ${step.agencyId}`);
        const entry = months.get(step.month)!;
        entry.events += removed.events;
        entry.violations += removed.violations;
        entry.complaintLinks += removed.complaintLinks;
      }
      // The dropped months' keys, and any a stopped run left behind: after the drops, so the tables are locked only
      // for the drops themselves.
      for (const month of await withTransaction((client) => monthsWithKeys(client, cutoff))) {
        keysAfterDrop += await deleteKeysOfPurgedEvents(month);
        phase(`${month.month}: keys of purged events`);
      }
    }
    const uploadClient = await pool.connect();
    let uploads: PurgedUpload[];
    try {
      uploads = await expiredUploads(uploadClient, cutoff, holds.agencyIds);
    } finally {
      uploadClient.release();
    }
    phase("find expired uploads");
    let files = 0;
    if (!dryRun) for (const upload of uploads) if (await removeUpload(upload)) files += 1;
    if (!dryRun) phase("remove uploads");
    if (dryRun) files = new Set(uploads.flatMap((upload) => (upload.storedFile ? [upload.storedFile] : []))).size;

    const monthList = [...months.values()].filter((month) => month.events + month.violations + month.complaintLinks + month.heldEventsKept > 0);
    const sum = (pick: (month: PurgedMonth) => number) => monthList.reduce((total, month) => total + pick(month), 0);
    return {
      dryRun,
      now: options.now.toISOString(),
      years: policy.years,
      cutoff: cutoff.toISOString(),
      months: monthList,
      uploads,
      totals: { events: sum((m) => m.events), violations: sum((m) => m.violations), complaintLinks: sum((m) => m.complaintLinks), heldEventsKept: sum((m) => m.heldEventsKept), keysAfterDrop, uploads: uploads.length, files },
      holds: { accounts: holds.accountIds.length, agencies: holds.agencyIds.length },
    };
  };

  // One purge at a time (the daily job on any worker, or the CLI); a dry run only reads and needs no lock.
  const result = dryRun
    ? await work()
    : await withDedicatedClient(async (lockClient) => {
        if (!(await tryLockForSession(lockClient, locks.retentionPurge))) throw new PurgeBusyError();
        try {
          return await work();
        } finally {
          await releaseSessionLock(lockClient, locks.retentionPurge);
        }
      }, { applicationName: "retention-purge" });

  if (!dryRun && result.totals.events + result.totals.violations + result.totals.uploads + result.totals.keysAfterDrop > 0) {
    await logAccess({
      userId: options.userId ?? null,
      action: "RETENTION_PURGED",
      resourceType: "Retention",
      resourceId: result.cutoff.slice(0, 7),
      detail: {
        years: result.years,
        cutoff: result.cutoff,
        months: result.months,
        totals: result.totals,
        uploads: result.uploads.map((upload) => ({ batchId: upload.batchId, fileName: upload.fileName, rejectedRows: upload.rejectedRows, fileDeleted: upload.storedFile !== null })),
      },
    });
    await advanceDataGeneration("retention");
    phase("access log and data generation");
  }
  return result;
}
