import type pg from "pg";
import { copyField } from "../copy-text";
import { rejectWhere, stagingTable } from "../staging.server";
import type { KindPlugin } from "./kind-plugin";

export const activitiesPlugin: KindPlugin<"ACTIVITIES"> = {
  kind: "ACTIVITIES",
  chunked: true,
  indexedColumns: ["event_id"],
  typedColumns: `
    event_id text, account_number text, agent_external_id text, agent_name text, occurred_at timestamptz(3),
    local_time text, utc_offset_minutes integer, type "ActivityType", direction "Direction", contact_party "ContactParty",
    outcome_code "Outcome", phone_number text, address text, duration_seconds integer, message_text text,
    amount numeric(14,2), currency varchar(3), promise_due_date date, visitors integer, recording_id text, content_hash text`,
  copyColumns: [
    "event_id", "account_number", "agent_external_id", "agent_name", "occurred_at", "local_time", "utc_offset_minutes", "type",
    "direction", "contact_party", "outcome_code", "phone_number", "address", "duration_seconds", "message_text", "amount",
    "currency", "promise_due_date", "visitors", "recording_id", "content_hash",
  ],
  encode(row, contentHash) {
    return [
      copyField(row.eventId), copyField(row.accountNumber), copyField(row.agentId), copyField(row.agentName), copyField(row.occurredAt),
      copyField(row.localTime), copyField(row.utcOffsetMinutes), copyField(row.type), copyField(row.direction), copyField(row.contactParty),
      copyField(row.outcome), copyField(row.phoneNumber), copyField(row.address), copyField(row.durationSeconds), copyField(row.messageText),
      copyField(row.amount), copyField(row.currency), copyField(row.promiseDueDate), copyField(row.visitors), copyField(row.recordingId),
      copyField(contentHash),
    ];
  },

  async check(client, context) {
    const agencyId = context.agencyId;
    const rows = context.rows;
    // One message whether the account is unknown or placed elsewhere: an agency learns nothing about other agencies' accounts.
    await rejectWhere(client, {
      field: "account_number",
      messageSql: `format('account_number ''%s'' was never placed with agency %s', s.account_number, $2::text)`,
      where: `${rows} AND NOT EXISTS (SELECT 1 FROM "Account" a JOIN "Placement" p ON p."accountId" = a.id WHERE a."accountNumber" = s.account_number AND p."agencyId" = $1)`,
      params: [agencyId, context.agencyCode],
    });
    await rejectWhere(client, {
      field: "event_id",
      messageSql: `format('event_id ''%s'' appears more than once in this file (first at row %s)', s.event_id, f.first_row)`,
      // Earlier chunks count too: they are staged (and already merged) before this one.
      from: `(SELECT event_id, min(row_number) AS first_row FROM ${stagingTable}
               WHERE error_message IS NULL AND event_id IN (SELECT s.event_id FROM ${stagingTable} s WHERE ${rows})
               GROUP BY event_id HAVING count(*) > 1) f`,
      where: `${rows} AND s.event_id = f.event_id AND s.row_number > f.first_row`,
    });
    // One probe of the events index per row decides both cases: the same content is a duplicate, other content a conflict.
    await client.query(
      `UPDATE ${stagingTable} s
          SET outcome = CASE WHEN e."contentHash" = s.content_hash THEN 'duplicate' END,
              error_field = CASE WHEN e."contentHash" <> s.content_hash THEN 'event_id' END,
              error_message = CASE WHEN e."contentHash" <> s.content_hash THEN format('event_id ''%s'' was already imported in batch #%s with different content; an imported event cannot be changed by resending it', s.event_id, e."importBatchId") END
         FROM "ActivityEvent" e
        WHERE ${rows} AND s.error_message IS NULL AND s.outcome IS NULL AND e."agencyId" = $1 AND e."eventId" = s.event_id`,
      [agencyId],
    );
  },

  async apply(client, context) {
    await client.query(
      `INSERT INTO "Agent" ("agencyId", "externalId", "name")
       SELECT DISTINCT ON (agent_external_id) $1::integer, agent_external_id, agent_name FROM ${stagingTable} s
        WHERE ${context.rows} AND error_message IS NULL AND outcome IS NULL AND agent_external_id IS NOT NULL
        ORDER BY agent_external_id, (agent_name IS NULL), row_number DESC
       ON CONFLICT ("agencyId", "externalId") DO UPDATE SET "name" = COALESCE("Agent"."name", EXCLUDED."name")`,
      [context.agencyId],
    );
    await client.query(
      `INSERT INTO "ActivityEvent" ("agencyId", "agentId", "accountId", "eventId", "occurredAt", "localTime", "utcOffsetMinutes", "type",
         "direction", "contactParty", "outcome", "phoneNumber", "address", "durationSeconds", "messageText", "amount", "currency",
         "promiseDueDate", "visitors", "recordingId", "contentHash", "importBatchId")
       SELECT $1::integer, g.id, a.id, s.event_id, s.occurred_at, s.local_time, s.utc_offset_minutes, s.type,
         s.direction, s.contact_party, s.outcome_code, s.phone_number, s.address, s.duration_seconds, s.message_text, s.amount, s.currency,
         s.promise_due_date, s.visitors, s.recording_id, s.content_hash, $2::integer
         FROM ${stagingTable} s JOIN "Account" a ON a."accountNumber" = s.account_number
         LEFT JOIN "Agent" g ON g."agencyId" = $1 AND g."externalId" = s.agent_external_id
        WHERE ${context.rows} AND s.error_message IS NULL AND s.outcome IS NULL`,
      [context.agencyId, context.batchId],
    );
    return [];
  },
};

export async function touchedAccounts(client: pg.ClientBase): Promise<number[]> {
  const { rows } = await client.query<{ id: number }>(
    `SELECT DISTINCT a.id FROM ${stagingTable} s JOIN "Account" a ON a."accountNumber" = s.account_number
      WHERE s.error_message IS NULL AND s.outcome IS DISTINCT FROM 'duplicate'`,
  );
  return rows.map((row) => row.id);
}
