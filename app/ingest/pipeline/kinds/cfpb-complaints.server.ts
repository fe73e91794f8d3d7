import { copyField } from "../copy-text";
import { stagingTable } from "../staging.server";
import type { KindPlugin, MergeContext } from "./kind-plugin";
import type pg from "pg";
import type { CfpbRowResult } from "~/complaints/cfpb/cfpb-layout";

// The regulator's public complaints (layout "cfpb", ADR 035): rows of other products are skipped and rows of companies
// that are none of the lender's agencies counted apart; neither is an error. A complaint id seen before (in an earlier
// file or earlier in this one) adds nothing. Stored with source REGULATOR_PUBLIC, without account: they are the agency's
// record with the regulator, never complaints about the lender's accounts.

/** What the layout's reader hands the plugin for a row it did not reject. */
export type CfpbStagedRow = Exclude<CfpbRowResult, { disposition: "rejected" }>;

export const cfpbComplaintsPlugin = {
  kind: "COMPLAINTS",
  typedColumns: `complaint_ref text, agency_id integer, received_day date, category text, description text, record jsonb, disposition text, content_hash text`,
  copyColumns: ["complaint_ref", "agency_id", "received_day", "category", "description", "record", "disposition", "content_hash"],
  encode(staged: CfpbStagedRow, contentHash: string) {
    if (staged.disposition !== "accepted") return ["\\N", "\\N", "\\N", "\\N", "\\N", "\\N", copyField(staged.disposition), copyField(contentHash)];
    const { row } = staged;
    return [
      copyField(row.complaintRef), copyField(String(row.agencyId)), copyField(row.dateReceived), copyField(row.category), copyField(row.narrative),
      copyField(JSON.stringify(row.record)), "\\N", copyField(contentHash),
    ];
  },

  async check(client: pg.ClientBase) {
    await client.query(`UPDATE ${stagingTable} SET outcome = disposition WHERE error_message IS NULL AND disposition IS NOT NULL`);
    await client.query(
      `UPDATE ${stagingTable} s SET outcome = 'duplicate'
         FROM (SELECT complaint_ref, min(row_number) AS first_row FROM ${stagingTable} WHERE error_message IS NULL AND outcome IS NULL GROUP BY complaint_ref HAVING count(*) > 1) f
        WHERE s.error_message IS NULL AND s.outcome IS NULL AND s.complaint_ref = f.complaint_ref AND s.row_number > f.first_row`,
    );
    await client.query(`UPDATE ${stagingTable} s SET outcome = 'duplicate' FROM "Complaint" c WHERE s.error_message IS NULL AND s.outcome IS NULL AND c."complaintRef" = s.complaint_ref`);
  },

  async apply(client: pg.ClientBase, context: MergeContext) {
    // Received on the published day: the start of that day in the lender's reporting zone.
    await client.query(
      `INSERT INTO "Complaint" ("complaintRef", "agencyId", "receivedAt", source, category, description, "regulatorRecord", "importBatchId", "updatedAt")
       SELECT s.complaint_ref, s.agency_id, (s.received_day::timestamp AT TIME ZONE $2), 'REGULATOR_PUBLIC', s.category, s.description, s.record, $1::integer, now()
         FROM ${stagingTable} s WHERE s.error_message IS NULL AND s.outcome IS NULL`,
      [context.batchId, context.timeZone ?? "UTC"],
    );
    return [];
  },
} as unknown as KindPlugin<"COMPLAINTS">;

/** Rows the layout set aside: not debt collection, and debt collection of companies that are none of the lender's agencies. */
export async function countSetAside(client: pg.ClientBase): Promise<{ skipped: number; otherCompany: number }> {
  const { rows } = await client.query<{ skipped: string; other: string }>(
    `SELECT count(*) FILTER (WHERE outcome = 'skipped') AS skipped, count(*) FILTER (WHERE outcome = 'otherCompany') AS other FROM ${stagingTable} WHERE error_message IS NULL`,
  );
  return { skipped: Number(rows[0]?.skipped ?? 0), otherCompany: Number(rows[0]?.other ?? 0) };
}
