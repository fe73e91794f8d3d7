// Stored violations as records: exported for agencies and auditors (CLI, audit workbook) and read back after a review.
import type pg from "pg";
import type { Severity, ViolationStatus } from "~/generated/prisma/enums";
import { getPool } from "~/db/pg.server";
import type { RuleExplanation } from "~/rules/types";

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
         v."evidenceEventIds"::text[] AS "evidenceIds",
         v."occurredAt", v.explanation, rp.code AS "rulePackCode", rp.version AS "rulePackVersion", v."reviewNote",
         -- timestamp without time zone holding UTC (Prisma's DateTime): pg would read it in the process's zone.
         to_char(v."reviewedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "reviewedAt"
  FROM "Violation" v
  JOIN "Agency" ag ON ag.id = v."agencyId"
  LEFT JOIN "Agent" agt ON agt.id = v."agentId"
  JOIN "Account" acc ON acc.id = v."accountId"
  JOIN "ActivityEvent" te ON te.id = v."triggerEventId" AND te."occurredAt" = v."occurredAt" AND te."accountId" = v."accountId"
  JOIN "RulePack" rp ON rp.id = v."rulePackId"`;

type RecordRow = Omit<ViolationRecord, "occurredAt" | "explanation" | "evidenceEventIds" | "evidenceAgencyCodes"> & { occurredAt: Date; explanation: unknown; evidenceIds: string[] };

export type EvidenceEvent = { eventId: string; agencyCode: string };

/**
 * The events of these violations' evidence (their database ids, as stored in "evidenceEventIds"), by database id, in
 * one read by `id = ANY(…)`: evidence can be another account's events, which a cluster refuses to join with the
 * violations (ADR 049). An id whose event is gone (a purged month) is not in the map.
 */
export async function readEvidenceEvents(client: Pick<pg.ClientBase, "query">, evidenceIds: readonly (readonly string[])[]): Promise<Map<string, EvidenceEvent>> {
  const ids = [...new Set(evidenceIds.flat())];
  const events = new Map<string, EvidenceEvent>();
  if (ids.length === 0) return events;
  const result = await client.query<{ id: string } & EvidenceEvent>(
    `SELECT ev.id::text AS id, ev."eventId", a.code AS "agencyCode" FROM "ActivityEvent" ev JOIN "Agency" a ON a.id = ev."agencyId" WHERE ev.id = ANY($1::bigint[])`,
    [ids],
  );
  for (const { id, ...event } of result.rows) events.set(id, event);
  return events;
}

/**
 * The records of these rows, with their evidence events' own ids and agencies read in one statement. Evidence can be
 * another account's events (cross-agency rules judge the customer), so it is read apart from the violations: on a
 * Citus cluster a join of violations with other accounts' events is refused (ADR 049). The trigger event is joined
 * with its account too (they share it), which keeps that join on each shard.
 */
async function toRecords(client: Pick<pg.ClientBase, "query">, rows: readonly RecordRow[]): Promise<ViolationRecord[]> {
  const events = await readEvidenceEvents(client, rows.map((row) => row.evidenceIds));
  return rows.map(({ evidenceIds, ...row }) => {
    const explanation = row.explanation as Partial<RuleExplanation> | null;
    const evidence = evidenceIds.flatMap((id) => events.get(id) ?? []);
    return {
      ...row,
      evidenceEventIds: evidence.map((event) => event.eventId),
      evidenceAgencyCodes: evidence.map((event) => event.agencyCode),
      occurredAt: row.occurredAt.toISOString(),
      explanation: { key: explanation?.key ?? "", params: explanation?.params ?? {} },
    };
  });
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
      for (const record of await toRecords(client, page.rows)) yield record;
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
  const pool = getPool();
  const result = await pool.query<RecordRow>(`${recordSelect} WHERE v.id = $1::bigint`, [id]);
  return (await toRecords(pool, result.rows))[0] ?? null;
}
