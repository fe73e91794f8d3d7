import { copyField } from "../copy-text";
import { rejectWhere, stagingTable, touchedAccounts } from "../staging.server";
import type { KindPlugin } from "./kind-plugin";
import { importMessageSql } from "../../rows/import-message";

// An agency's answer to its placements (ADR 039), uploaded for the agency: each row names one of the agency's own
// placements by account number and placement date, and says whether the agency took it up. A placement keeps the
// agency's latest answer: a resend of the same answer is a duplicate, a different one replaces it (an agency may
// accept a placement it first returned). A row naming a placement of another agency is refused exactly like a row
// naming no placement, so an agency learns nothing about other agencies' accounts.

export const acknowledgmentsPlugin: KindPlugin<"ACKNOWLEDGMENTS"> = {
  kind: "ACKNOWLEDGMENTS",
  typedColumns: `account_number text, placed_at date, status text, reason text, acknowledged_on date, content_hash text, placement_id integer`,
  copyColumns: ["account_number", "placed_at", "status", "reason", "acknowledged_on", "content_hash"],
  encode(row, contentHash) {
    return [copyField(row.accountNumber), copyField(row.placedAt), copyField(row.status), copyField(row.reason), copyField(row.acknowledgedAt), copyField(contentHash)];
  },

  async check(client, context) {
    if (context.agencyId === null) throw new Error(`acknowledgment batch ${context.batchId} has no agency`);
    await client.query(
      `UPDATE ${stagingTable} s SET placement_id = p.id
         FROM "Placement" p JOIN "Account" a ON a.id = p."accountId"
        WHERE s.error_message IS NULL AND a."accountNumber" = s.account_number AND p."agencyId" = $1 AND p."placedAt" = s.placed_at`,
      [context.agencyId],
    );
    await rejectWhere(client, {
      field: "placed_at",
      messageSql: importMessageSql("importRow.ackUnknownPlacement", { value: "s.account_number", placedAt: "s.placed_at" }),
      where: `s.placement_id IS NULL`,
    });
    await rejectWhere(client, {
      field: "placed_at",
      messageSql: importMessageSql("importRow.ackRepeated", { value: "s.account_number", placedAt: "s.placed_at", firstRow: "f.first_row" }),
      from: `(SELECT placement_id, min(row_number) AS first_row FROM ${stagingTable} WHERE error_message IS NULL GROUP BY placement_id HAVING count(*) > 1) f`,
      where: `f.placement_id = s.placement_id AND s.row_number > f.first_row`,
    });
    // The same answer again (a date left blank matches any stored date) changes nothing; another answer replaces it.
    await client.query(
      `UPDATE ${stagingTable} s SET outcome = CASE
          WHEN k.status::text = s.status AND k.reason IS NOT DISTINCT FROM s.reason AND (s.acknowledged_on IS NULL OR k."acknowledgedOn" = s.acknowledged_on)
          THEN 'duplicate' ELSE 'updated' END
         FROM "PlacementAcknowledgment" k
        WHERE s.error_message IS NULL AND k."placementId" = s.placement_id`,
    );
  },

  async apply(client, context) {
    await client.query(
      `INSERT INTO "PlacementAcknowledgment" ("placementId", "agencyId", status, reason, "acknowledgedOn", "importBatchId", "updatedAt")
       SELECT placement_id, $1::integer, status::"AcknowledgmentStatus", reason, COALESCE(acknowledged_on, CURRENT_DATE), $2::integer, now()
         FROM ${stagingTable} WHERE error_message IS NULL AND outcome IS DISTINCT FROM 'duplicate'
       ON CONFLICT ("placementId") DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason, "acknowledgedOn" = EXCLUDED."acknowledgedOn",
              "importBatchId" = EXCLUDED."importBatchId", "updatedAt" = EXCLUDED."updatedAt"`,
      [context.agencyId, context.batchId],
    );
    return touchedAccounts(client);
  },
};
