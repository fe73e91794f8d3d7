import type pg from "pg";
import { copyField, copyTextArray } from "../copy-text";
import { rejectWhere, stagingTable, touchedAccounts } from "../staging.server";
import type { KindPlugin } from "./kind-plugin";
import { encodeImportMessages, importMessage, importMessageSql } from "../../rows/import-message";

// Placements are the lender's own file. The key is (account, agency, placed_at). A resend may add the recall date
// to an open placement (that is how recalls arrive), with its recall_reason, or the reason to a recall sent without one;
// any other change is a conflict (ADR 039). An account is placed with one
// agency at a time: a placement that overlaps another agency's is rejected. The agency register decides whether an
// agency may receive accounts at all: rows for a SUSPENDED or TERMINATED agency are refused, and a batch that places
// accounts with an agency on PROBATION is committed with a warning naming it (ADR 030).

export const placementsPlugin: KindPlugin<"PLACEMENTS"> = {
  kind: "PLACEMENTS",
  typedColumns: `
    account_number text, customer_ref text, agency_code text, placed_at date, placed_balance numeric(14,2), currency varchar(3),
    recalled_at date, recall_reason text, dpd_at_placement integer, product text, debtor_name text, debtor_phones text[], debtor_timezone text,
    third_party_consent boolean, possible_timezones text[], debtor_state varchar(2), content_hash text, agency_id integer, account_id integer, existing_placement_id integer`,
  copyColumns: [
    "account_number", "customer_ref", "agency_code", "placed_at", "placed_balance", "currency", "recalled_at", "recall_reason", "dpd_at_placement",
    "product", "debtor_name", "debtor_phones", "debtor_timezone", "third_party_consent", "possible_timezones", "debtor_state", "content_hash",
  ],
  encode(row, contentHash) {
    return [
      copyField(row.accountNumber), copyField(row.customerId), copyField(row.agencyCode.toUpperCase()), copyField(row.placedAt),
      copyField(row.placedBalance), copyField(row.currency), copyField(row.recalledAt), copyField(row.recallReason), copyField(row.dpdAtPlacement), copyField(row.product),
      copyField(row.debtorName), copyTextArray(row.debtorPhones), copyField(row.debtorTimeZone), copyField(row.thirdPartyConsent),
      copyTextArray(row.possibleTimeZones ?? []), copyField(row.debtorState ?? null), copyField(contentHash),
    ];
  },

  async check(client, context) {
    await client.query(`UPDATE ${stagingTable} s SET agency_id = a.id FROM "Agency" a WHERE s.error_message IS NULL AND a.code = s.agency_code`);
    await rejectWhere(client, {
      field: "agency_code",
      messageSql: importMessageSql("importRow.unknownAgencyPlacement", { value: "s.agency_code" }),
      where: `s.agency_id IS NULL`,
    });
    // One statement per status, not a CASE choosing between messages: a Citus cluster refuses STABLE functions
    // (jsonb_build_object) inside CASE in an UPDATE joined to a reference table (ADR 049).
    for (const [status, key] of [["SUSPENDED", "importRow.agencySuspended"], ["TERMINATED", "importRow.agencyTerminated"]] as const) {
      await rejectWhere(client, {
        field: "agency_code",
        messageSql: importMessageSql(key, { value: "s.agency_code" }),
        from: `"Agency" a`,
        where: `a.id = s.agency_id AND a.status = '${status}'`,
      });
    }
    await warnOfProbation(client, context.batchId);
    await rejectWhere(client, {
      field: "recalled_at",
      messageSql: importMessageSql("importRow.recalledBeforePlaced", { recalledAt: "s.recalled_at", placedAt: "s.placed_at" }),
      where: `s.recalled_at < s.placed_at`,
    });
    await client.query(`UPDATE ${stagingTable} s SET account_id = a.id FROM "Account" a WHERE a."accountNumber" = s.account_number`);
    await rejectWhere(client, {
      field: "customer_id",
      messageSql: importMessageSql("importRow.otherCustomer", { value: "s.account_number", customer: 'c."customerRef"', sent: "s.customer_ref" }),
      from: `"Account" a JOIN "Customer" c ON c.id = a."customerId"`,
      where: `a.id = s.account_id AND c."customerRef" <> s.customer_ref`,
    });
    await rejectWhere(client, {
      field: "customer_id",
      messageSql: importMessageSql("importRow.customerDiffersInFile", { value: "s.account_number", sent: "s.customer_ref", other: "f.customer_ref", firstRow: "f.row_number" }),
      from: `(SELECT DISTINCT ON (account_number) account_number, customer_ref, row_number FROM ${stagingTable} WHERE error_message IS NULL ORDER BY account_number, row_number) f`,
      where: `f.account_number = s.account_number AND f.customer_ref <> s.customer_ref`,
    });
    await rejectWhere(client, {
      field: "placed_at",
      messageSql: importMessageSql("importRow.placementRepeated", { value: "s.account_number", agency: "s.agency_code", placedAt: "s.placed_at", firstRow: "f.first_row" }),
      from: `(SELECT account_number, agency_id, placed_at, min(row_number) AS first_row FROM ${stagingTable} WHERE error_message IS NULL
               GROUP BY account_number, agency_id, placed_at HAVING count(*) > 1) f`,
      where: `f.account_number = s.account_number AND f.agency_id = s.agency_id AND f.placed_at = s.placed_at AND s.row_number > f.first_row`,
    });
    await client.query(
      `UPDATE ${stagingTable} s SET existing_placement_id = p.id,
              outcome = CASE WHEN p."recalledAt" IS NOT DISTINCT FROM s.recalled_at
                                  AND (s.recall_reason IS NULL OR p."recallReason"::text IS NOT DISTINCT FROM s.recall_reason) THEN 'duplicate'
                             WHEN p."recalledAt" IS NULL OR (p."recalledAt" = s.recalled_at AND p."recallReason" IS NULL) THEN 'updated' END
         FROM "Placement" p
        WHERE s.error_message IS NULL AND p."accountId" = s.account_id AND p."agencyId" = s.agency_id AND p."placedAt" = s.placed_at
          AND p."placedBalance" = s.placed_balance AND p.currency = s.currency AND p."dpdAtPlacement" IS NOT DISTINCT FROM s.dpd_at_placement`,
    );
    await rejectWhere(client, {
      field: "recall_reason",
      messageSql: importMessageSql("importRow.recallReasonChanged", { value: "s.account_number", agency: "s.agency_code", recalledAt: 'p."recalledAt"', reason: 'p."recallReason"::text' }),
      from: `"Placement" p`,
      where: `p."accountId" = s.account_id AND p."agencyId" = s.agency_id AND p."placedAt" = s.placed_at AND p."recalledAt" = s.recalled_at
              AND p."placedBalance" = s.placed_balance AND p.currency = s.currency AND p."dpdAtPlacement" IS NOT DISTINCT FROM s.dpd_at_placement`,
    });
    await rejectWhere(client, {
      field: "placed_at",
      messageSql: importMessageSql("importRow.placementChanged", { value: "s.account_number", agency: "s.agency_code", placedAt: "s.placed_at", batch: 'p."importBatchId"' }),
      from: `"Placement" p`,
      where: `p."accountId" = s.account_id AND p."agencyId" = s.agency_id AND p."placedAt" = s.placed_at`,
    });
    // Existing placements as they will be after this file's recall dates, against new ones, and new ones against each other.
    await rejectWhere(client, {
      field: "placed_at",
      messageSql: `CASE WHEN other.recalled_at IS NULL THEN ${importMessageSql("importRow.placedElsewhere", { value: "s.account_number", agency: "other.agency_code", placedAt: "other.placed_at" })} ELSE ${importMessageSql("importRow.placedElsewhereUntil", { value: "s.account_number", agency: "other.agency_code", placedAt: "other.placed_at", recalledAt: "other.recalled_at" })} END`,
      from: `(SELECT p."accountId" AS account_id, a.code AS agency_code, p."agencyId" AS agency_id, p."placedAt" AS placed_at,
                     COALESCE(u.recalled_at, p."recalledAt") AS recalled_at, NULL::integer AS row_number
                FROM "Placement" p JOIN "Agency" a ON a.id = p."agencyId"
                LEFT JOIN ${stagingTable} u ON u.existing_placement_id = p.id AND u.outcome = 'updated' AND u.error_message IS NULL
              UNION ALL
              SELECT account_id, agency_code, agency_id, placed_at, recalled_at, row_number FROM ${stagingTable}
               WHERE error_message IS NULL AND outcome IS NULL AND account_id IS NOT NULL) other`,
      where: `other.account_id = s.account_id AND other.agency_id <> s.agency_id
              AND daterange(other.placed_at, other.recalled_at) && daterange(s.placed_at, s.recalled_at)
              AND (other.row_number IS NULL OR other.row_number < s.row_number)`,
    });
    // The same for accounts new to the lender (no account id yet): compare rows of the file with each other.
    await rejectWhere(client, {
      field: "placed_at",
      messageSql: importMessageSql("importRow.placedElsewhereInFile", { value: "s.account_number", agency: "other.agency_code", placedAt: "other.placed_at", firstRow: "other.row_number" }),
      from: `${stagingTable} other`,
      where: `s.account_id IS NULL AND other.error_message IS NULL AND other.outcome IS NULL AND other.account_number = s.account_number
              AND other.agency_id <> s.agency_id AND other.row_number < s.row_number
              AND daterange(other.placed_at, other.recalled_at) && daterange(s.placed_at, s.recalled_at)`,
    });
  },

  async apply(client, context) {
    await client.query(
      `INSERT INTO "Customer" ("customerRef") SELECT DISTINCT customer_ref FROM ${stagingTable} WHERE error_message IS NULL
       ON CONFLICT ("customerRef") DO NOTHING`,
    );
    // The latest placement row of an account carries its current details; empty values never erase known ones.
    const latestDetails = `SELECT DISTINCT ON (account_number) * FROM ${stagingTable} WHERE error_message IS NULL ORDER BY account_number, placed_at DESC, row_number DESC`;
    await client.query(
      `UPDATE "Account" a SET "debtorName" = COALESCE(d.debtor_name, a."debtorName"),
              "phoneNumbers" = CASE WHEN cardinality(d.debtor_phones) > 0 THEN d.debtor_phones ELSE a."phoneNumbers" END,
              "product" = COALESCE(d.product, a."product"), "timeZone" = COALESCE(d.debtor_timezone, a."timeZone"),
              "thirdPartyConsent" = COALESCE(d.third_party_consent, a."thirdPartyConsent"),
              "possibleTimeZones" = CASE WHEN cardinality(d.possible_timezones) > 0 THEN d.possible_timezones ELSE a."possibleTimeZones" END,
              "state" = COALESCE(d.debtor_state, a."state"), "updatedAt" = now()
         FROM (${latestDetails}) d WHERE a.id = d.account_id`,
    );
    // The new accounts' rows are gathered with their customers first and inserted from there alone: on a Citus
    // cluster an INSERT … SELECT into a distributed table from a temporary table joined to a reference table
    // inserts nothing (ADR 049).
    await client.query(
      `CREATE TEMP TABLE import_new_accounts ON COMMIT DROP AS
       SELECT d.account_number, c.id AS customer_id, d.debtor_name, COALESCE(d.debtor_phones, '{}') AS debtor_phones, d.product, d.debtor_timezone,
              COALESCE(d.third_party_consent, false) AS third_party_consent, COALESCE(d.possible_timezones, '{}') AS possible_timezones, d.debtor_state
         FROM (${latestDetails}) d JOIN "Customer" c ON c."customerRef" = d.customer_ref
        WHERE d.account_id IS NULL`,
    );
    await client.query(
      `INSERT INTO "Account" ("accountNumber", "customerId", "debtorName", "phoneNumbers", "product", "timeZone", "thirdPartyConsent", "possibleTimeZones", "state", "updatedAt")
       SELECT account_number, customer_id, debtor_name, debtor_phones, product, debtor_timezone, third_party_consent, possible_timezones, debtor_state, now()
         FROM import_new_accounts`,
    );
    await client.query("DROP TABLE import_new_accounts");
    await client.query(`UPDATE ${stagingTable} s SET account_id = a.id FROM "Account" a WHERE s.account_id IS NULL AND a."accountNumber" = s.account_number`);
    await client.query(
      `UPDATE "Placement" p SET "recalledAt" = s.recalled_at, "recallReason" = COALESCE(s.recall_reason::"RecallReason", p."recallReason") FROM ${stagingTable} s
        WHERE s.error_message IS NULL AND s.outcome = 'updated' AND p.id = s.existing_placement_id`,
    );
    await client.query(
      `INSERT INTO "Placement" ("accountId", "agencyId", "placedAt", "recalledAt", "recallReason", "placedBalance", "currency", "dpdAtPlacement", "importBatchId")
       SELECT account_id, agency_id, placed_at, recalled_at, recall_reason::"RecallReason", placed_balance, currency, dpd_at_placement, $1::integer
         FROM ${stagingTable} WHERE error_message IS NULL AND outcome IS NULL`,
      [context.batchId],
    );
    return touchedAccounts(client);
  },
};

/** One warning per agency on PROBATION that the file still places accounts with, committed with the batch. */
async function warnOfProbation(client: pg.ClientBase, batchId: number): Promise<void> {
  const { rows } = await client.query<{ code: string; rows: string }>(
    `SELECT a.code, count(*) AS rows FROM ${stagingTable} s JOIN "Agency" a ON a.id = s.agency_id
      WHERE s.error_message IS NULL AND a.status = 'PROBATION' GROUP BY a.code ORDER BY a.code`,
  );
  if (rows.length === 0) return;
  const warnings = rows.map((row) => encodeImportMessages([importMessage("importHeader.agencyOnProbation", { agency: row.code, total: Number(row.rows) })]));
  await client.query(`UPDATE "ImportBatch" SET warnings = COALESCE(warnings, '[]'::jsonb) || $2::jsonb WHERE id = $1`, [batchId, JSON.stringify(warnings)]);
}
