import { copyField } from "../copy-text";
import { markWhere, rejectWhere, stagingTable } from "../staging.server";
import type { KindPlugin } from "./kind-plugin";
import { importMessageSql } from "../../rows/import-message";

// An agency's roster (ADR 031): one row per agent, uploaded for the agency (rows never name one). The agent's name and
// working dates are replaced by each roster; training records accumulate, keyed by (agent, course, training date), so
// a contact is always judged by the training that was valid on its day. An agent id twice in one file rejects every
// row of it: which of them is right cannot be guessed. Agents a roster leaves out keep what an earlier roster said.

export const agentsPlugin: KindPlugin<"AGENTS"> = {
  kind: "AGENTS",
  typedColumns: `
    agent_external_id text, agent_name text, start_date date, end_date date, course text, trained_on date, score numeric(5,2),
    expires_on date, content_hash text, agent_row_id integer`,
  copyColumns: ["agent_external_id", "agent_name", "start_date", "end_date", "course", "trained_on", "score", "expires_on", "content_hash"],
  encode(row, contentHash) {
    return [
      copyField(row.agentId), copyField(row.agentName), copyField(row.startDate), copyField(row.endDate), copyField(row.training?.course),
      copyField(row.training?.trainedOn), copyField(row.training?.score), copyField(row.training?.certificateExpiresOn), copyField(contentHash),
    ];
  },

  async check(client, context) {
    if (context.agencyId === null) throw new Error(`roster batch ${context.batchId} has no agency`);
    await rejectWhere(client, {
      field: "agent_id",
      messageSql: importMessageSql("importRow.agentRepeated", { value: "s.agent_external_id", count: "f.count", rows: "f.rows" }),
      from: `(SELECT agent_external_id, count(*) AS count, string_agg(row_number::text, ', ' ORDER BY row_number) AS rows
                FROM ${stagingTable} WHERE error_message IS NULL GROUP BY agent_external_id HAVING count(*) > 1) f`,
      where: `f.agent_external_id = s.agent_external_id`,
    });
    await client.query(`UPDATE ${stagingTable} s SET agent_row_id = g.id FROM "Agent" g WHERE g."agencyId" = $1 AND g."externalId" = s.agent_external_id`, [context.agencyId]);
    // A resend of what is already on file changes nothing; an agent already on a roster whose dates, name or
    // training the file changes is an update; the rest are new. Through markWhere: a cluster refuses an UPDATE of
    // the staging table joined to the agents with a subquery over their training (ADR 049).
    await markWhere(client, {
      outcome: "duplicate",
      from: `"Agent" g`,
      where: `g.id = s.agent_row_id
              AND g."startDate" IS NOT DISTINCT FROM s.start_date AND g."endDate" IS NOT DISTINCT FROM s.end_date AND g.name IS NOT DISTINCT FROM s.agent_name
              AND (s.course IS NULL OR EXISTS (
                    SELECT 1 FROM "AgentTraining" t WHERE t."agentId" = g.id AND t.course = s.course AND t."trainedOn" = s.trained_on
                       AND t.score IS NOT DISTINCT FROM s.score AND t."certificateExpiresOn" = s.expires_on))`,
    });
    await markWhere(client, { outcome: "updated", from: `"Agent" g`, where: `g.id = s.agent_row_id AND g."startDate" IS NOT NULL AND s.outcome IS NULL` });
  },

  async apply(client, context) {
    const changed = `s.error_message IS NULL AND s.outcome IS DISTINCT FROM 'duplicate'`;
    await client.query(
      `INSERT INTO "Agent" ("agencyId", "externalId", name, "startDate", "endDate", "rosterBatchId")
       SELECT $1::integer, s.agent_external_id, s.agent_name, s.start_date, s.end_date, $2::integer FROM ${stagingTable} s WHERE ${changed}
       ON CONFLICT ("agencyId", "externalId") DO UPDATE
         SET name = EXCLUDED.name, "startDate" = EXCLUDED."startDate", "endDate" = EXCLUDED."endDate", "rosterBatchId" = EXCLUDED."rosterBatchId"`,
      [context.agencyId, context.batchId],
    );
    // The new agents' ids into the staging table first, then the training from it alone: on a cluster an INSERT …
    // SELECT from the staging table joined to a reference table inserts nothing (ADR 049).
    await client.query(
      `UPDATE ${stagingTable} s SET agent_row_id = g.id FROM "Agent" g WHERE s.agent_row_id IS NULL AND g."agencyId" = $1 AND g."externalId" = s.agent_external_id`,
      [context.agencyId],
    );
    await client.query(
      `INSERT INTO "AgentTraining" ("agentId", course, "trainedOn", score, "certificateExpiresOn", "importBatchId", "updatedAt")
       SELECT s.agent_row_id, s.course, s.trained_on, s.score, s.expires_on, $1::integer, now()
         FROM ${stagingTable} s
        WHERE ${changed} AND s.course IS NOT NULL
       ON CONFLICT ("agentId", course, "trainedOn") DO UPDATE
         SET score = EXCLUDED.score, "certificateExpiresOn" = EXCLUDED."certificateExpiresOn", "importBatchId" = EXCLUDED."importBatchId", "updatedAt" = EXCLUDED."updatedAt"
         WHERE "AgentTraining".score IS DISTINCT FROM EXCLUDED.score OR "AgentTraining"."certificateExpiresOn" <> EXCLUDED."certificateExpiresOn"`,
      [context.batchId],
    );
    // A roster touches no account of its own, but it changes how every contact of the agency is judged (rule
    // UNTRAINED_AGENT): the accounts the agency worked are re-judged, and only when the roster changed anything.
    const { rows: changes } = await client.query(`SELECT 1 FROM ${stagingTable} s WHERE ${changed} LIMIT 1`);
    if (changes.length === 0) return [];
    const { rows } = await client.query<{ id: number }>(`SELECT DISTINCT "accountId" AS id FROM "ActivityEvent" WHERE "agencyId" = $1`, [context.agencyId]);
    return rows.map((row) => row.id);
  },
};
