import { copyField } from "../copy-text";
import { markWhere, rejectWhere, stagingTable } from "../staging.server";
import type { KindPlugin } from "./kind-plugin";
import { importMessageSql } from "../../rows/import-message";

// Complaints come from the lender's hotline and regulator referrals. A complaint from a non-borrower may have no
// account at all (only the phone number that received the message); otherwise every reference must resolve.

export const complaintsPlugin: KindPlugin<"COMPLAINTS"> = {
  kind: "COMPLAINTS",
  typedColumns: `
    complaint_ref text, account_number text, agency_code text, agent_external_id text, received_at timestamptz(3),
    source "ComplaintSource", category text, severity "Severity", description text, phone_number text, content_hash text,
    account_id integer, agency_id integer, agent_id integer`,
  copyColumns: ["complaint_ref", "account_number", "agency_code", "agent_external_id", "received_at", "source", "category", "severity", "description", "phone_number", "content_hash"],
  encode(row, contentHash) {
    return [
      copyField(row.complaintId), copyField(row.accountNumber), copyField(row.agencyCode?.toUpperCase() ?? null), copyField(row.agentId),
      copyField(row.receivedAt), copyField(row.source), copyField(row.category), copyField(row.severity), copyField(row.description),
      copyField(row.phoneNumber), copyField(contentHash),
    ];
  },

  async check(client) {
    await client.query(`UPDATE ${stagingTable} s SET agency_id = a.id FROM "Agency" a WHERE a.code = s.agency_code`);
    await client.query(`UPDATE ${stagingTable} s SET account_id = a.id FROM "Account" a WHERE a."accountNumber" = s.account_number`);
    await rejectWhere(client, {
      field: "agency_code",
      messageSql: importMessageSql("importRow.unknownAgency", { value: "s.agency_code" }),
      where: `s.agency_code IS NOT NULL AND s.agency_id IS NULL`,
    });
    await rejectWhere(client, {
      field: "account_number",
      messageSql: importMessageSql("importRow.unknownAccount", { value: "s.account_number" }),
      where: `s.account_number IS NOT NULL AND s.account_id IS NULL`,
    });
    await rejectWhere(client, {
      field: "agent_id",
      messageSql: importMessageSql("importRow.agentNeedsAgency", { value: "s.agent_external_id" }),
      where: `s.agent_external_id IS NOT NULL AND s.agency_code IS NULL`,
    });
    await rejectWhere(client, {
      field: "account_number",
      messageSql: importMessageSql("importRow.complaintNeedsAccount"),
      where: `s.account_number IS NULL AND s.phone_number IS NULL`,
    });
    await rejectWhere(client, {
      field: "complaint_id",
      messageSql: importMessageSql("importRow.complaintRepeated", { value: "s.complaint_ref", firstRow: "f.first_row" }),
      from: `(SELECT complaint_ref, min(row_number) AS first_row FROM ${stagingTable} WHERE error_message IS NULL GROUP BY complaint_ref HAVING count(*) > 1) f`,
      where: `s.complaint_ref = f.complaint_ref AND s.row_number > f.first_row`,
    });
    const sameContent = `c."accountId" IS NOT DISTINCT FROM s.account_id AND c."agencyId" IS NOT DISTINCT FROM s.agency_id
      AND c."receivedAt" = s.received_at AND c.source = s.source AND c.category = s.category AND c.severity = s.severity
      AND c.description IS NOT DISTINCT FROM s.description AND c."phoneNumber" IS NOT DISTINCT FROM s.phone_number
      AND (SELECT g."externalId" FROM "Agent" g WHERE g.id = c."agentId") IS NOT DISTINCT FROM s.agent_external_id`;
    await markWhere(client, { outcome: "duplicate", from: `"Complaint" c`, where: `c."complaintRef" = s.complaint_ref AND ${sameContent}` });
    await rejectWhere(client, {
      field: "complaint_id",
      messageSql: `CASE WHEN c."importBatchId" IS NULL THEN ${importMessageSql("importRow.complaintChanged", { value: "s.complaint_ref" })} ELSE ${importMessageSql("importRow.complaintChangedInBatch", { value: "s.complaint_ref", batch: 'c."importBatchId"' })} END`,
      from: `"Complaint" c`,
      where: `c."complaintRef" = s.complaint_ref`,
    });
  },

  async apply(client, context) {
    await client.query(
      `INSERT INTO "Agent" ("agencyId", "externalId")
       SELECT DISTINCT agency_id, agent_external_id FROM ${stagingTable}
        WHERE error_message IS NULL AND outcome IS NULL AND agent_external_id IS NOT NULL
       ON CONFLICT ("agencyId", "externalId") DO NOTHING`,
    );
    // The agents' ids into the staging table first, then the insert from it alone: on a Citus cluster an INSERT …
    // SELECT from a temporary table joined to a reference table inserts nothing (ADR 049).
    await client.query(
      `UPDATE ${stagingTable} s SET agent_id = g.id FROM "Agent" g
        WHERE s.error_message IS NULL AND s.outcome IS NULL AND g."agencyId" = s.agency_id AND g."externalId" = s.agent_external_id`,
    );
    await client.query(
      `INSERT INTO "Complaint" ("complaintRef", "accountId", "agencyId", "agentId", "receivedAt", "source", "category", "severity",
         "description", "phoneNumber", "importBatchId", "updatedAt")
       SELECT s.complaint_ref, s.account_id, s.agency_id, s.agent_id, s.received_at, s.source, s.category, s.severity,
         s.description, s.phone_number, $1::integer, now()
         FROM ${stagingTable} s
        WHERE s.error_message IS NULL AND s.outcome IS NULL`,
      [context.batchId],
    );
    // A non-borrower's report marks a number as wrong for every account that has it on file (rule WRONG_PARTY_REPEAT).
    const { rows } = await client.query<{ id: number }>(
      `SELECT account_id AS id FROM ${stagingTable} WHERE error_message IS NULL AND outcome IS NULL AND account_id IS NOT NULL
       UNION
       SELECT a.id FROM "Account" a JOIN ${stagingTable} s ON s.phone_number = ANY (a."phoneNumbers")
        WHERE s.error_message IS NULL AND s.outcome IS NULL AND s.source = 'NON_BORROWER'`,
    );
    return rows.map((row) => row.id);
  },
};
