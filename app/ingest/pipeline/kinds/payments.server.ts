import { copyField } from "../copy-text";
import { rejectWhere, stagingTable, touchedAccounts } from "../staging.server";
import type { KindPlugin } from "./kind-plugin";
import { importMessageSql } from "../../rows/import-message";

// The lender's own ledger of money received (ADR 038). ledger_ref is the key: a resend of the same entry is a duplicate,
// a different entry under a known ref is refused (books are corrected by a reversal, never by rewriting an entry). A
// reversal names the entry it reverses, which must be in the ledger or earlier in the same file, on the same account.

export const paymentsPlugin: KindPlugin<"PAYMENTS"> = {
  kind: "PAYMENTS",
  typedColumns: `
    ledger_ref text, account_number text, received_on date, amount numeric(14,2), currency varchar(3), channel "LedgerChannel",
    agency_code text, remittance_ref text, reverses_ledger_ref text, content_hash text, account_id integer, agency_id integer`,
  copyColumns: ["ledger_ref", "account_number", "received_on", "amount", "currency", "channel", "agency_code", "remittance_ref", "reverses_ledger_ref", "content_hash"],
  encode(row, contentHash) {
    return [
      copyField(row.ledgerRef), copyField(row.accountNumber), copyField(row.receivedOn), copyField(row.amount), copyField(row.currency),
      copyField(row.channel), copyField(row.agencyCode), copyField(row.remittanceRef), copyField(row.reversesLedgerRef), copyField(contentHash),
    ];
  },

  async check(client) {
    await client.query(`UPDATE ${stagingTable} s SET agency_id = a.id FROM "Agency" a WHERE a.code = s.agency_code`);
    await client.query(`UPDATE ${stagingTable} s SET account_id = a.id FROM "Account" a WHERE a."accountNumber" = s.account_number`);
    await rejectWhere(client, {
      field: "account_number",
      messageSql: importMessageSql("importRow.unknownAccount", { value: "s.account_number" }),
      where: `s.account_id IS NULL`,
    });
    await rejectWhere(client, {
      field: "agency_code",
      messageSql: importMessageSql("importRow.unknownAgency", { value: "s.agency_code" }),
      where: `s.agency_code IS NOT NULL AND s.agency_id IS NULL`,
    });
    await rejectWhere(client, {
      field: "ledger_ref",
      messageSql: importMessageSql("importRow.ledgerRefRepeated", { value: "s.ledger_ref", firstRow: "f.first_row" }),
      from: `(SELECT ledger_ref, min(row_number) AS first_row FROM ${stagingTable} WHERE error_message IS NULL GROUP BY ledger_ref HAVING count(*) > 1) f`,
      where: `s.ledger_ref = f.ledger_ref AND s.row_number > f.first_row`,
    });
    await client.query(
      `UPDATE ${stagingTable} s SET outcome = 'duplicate' FROM "LedgerEntry" l
        WHERE s.error_message IS NULL AND l."ledgerRef" = s.ledger_ref AND l."contentHash" = s.content_hash`,
    );
    await rejectWhere(client, {
      field: "ledger_ref",
      messageSql: importMessageSql("importRow.ledgerEntryChanged", { value: "s.ledger_ref", batch: 'l."importBatchId"' }),
      from: `"LedgerEntry" l`,
      where: `l."ledgerRef" = s.ledger_ref`,
    });
    // The reversed entry: in the ledger already, or an accepted row of this file.
    await rejectWhere(client, {
      field: "reverses_ledger_ref",
      messageSql: importMessageSql("importRow.unknownReversedEntry", { value: "s.reverses_ledger_ref" }),
      whereReadsTables: true,
      where: `s.reverses_ledger_ref IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM "LedgerEntry" l WHERE l."ledgerRef" = s.reverses_ledger_ref)
              AND NOT EXISTS (SELECT 1 FROM ${stagingTable} o WHERE o.ledger_ref = s.reverses_ledger_ref AND o.error_message IS NULL)`,
    });
    await rejectWhere(client, {
      field: "reverses_ledger_ref",
      messageSql: importMessageSql("importRow.reversedOtherAccount", { value: "s.reverses_ledger_ref", account: "o.account_number" }),
      from: `(SELECT l."ledgerRef" AS ledger_ref, a."accountNumber" AS account_number FROM "LedgerEntry" l JOIN "Account" a ON a.id = l."accountId"
              UNION ALL SELECT ledger_ref, account_number FROM ${stagingTable} WHERE error_message IS NULL) o`,
      where: `o.ledger_ref = s.reverses_ledger_ref AND o.account_number <> s.account_number`,
    });
  },

  async apply(client, context) {
    await client.query(
      `INSERT INTO "LedgerEntry" ("ledgerRef", "accountId", "receivedOn", "amount", "currency", "channel", "agencyId", "remittanceRef",
         "reversesLedgerRef", "contentHash", "importBatchId")
       SELECT ledger_ref, account_id, received_on, amount, currency, channel, agency_id, remittance_ref, reverses_ledger_ref, content_hash, $1::integer
         FROM ${stagingTable} WHERE error_message IS NULL AND outcome IS NULL ORDER BY row_number`,
      [context.batchId],
    );
    return touchedAccounts(client);
  },
};
