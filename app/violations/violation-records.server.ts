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
         coalesce(evidence.ids, '{}') AS "evidenceEventIds", coalesce(evidence.agencies, '{}') AS "evidenceAgencyCodes",
         v."occurredAt", v.explanation, rp.code AS "rulePackCode", rp.version AS "rulePackVersion", v."reviewNote",
         -- timestamp without time zone holding UTC (Prisma's DateTime): pg would read it in the process's zone.
         to_char(v."reviewedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "reviewedAt"
  FROM "Violation" v
  JOIN "Agency" ag ON ag.id = v."agencyId"
  LEFT JOIN "Agent" agt ON agt.id = v."agentId"
  JOIN "Account" acc ON acc.id = v."accountId"
  JOIN "ActivityEvent" te ON te.id = v."triggerEventId" AND te."occurredAt" = v."occurredAt"
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
