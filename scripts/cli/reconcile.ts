import { once } from "node:events";
import { logAccess } from "../../app/audit/log-access.server";
import { CSV_BYTE_ORDER_MARK, toCsvLine } from "../../app/csv/write-csv";
import { getPrisma } from "../../app/db/client.server";
import { closePool } from "../../app/db/pg.server";
import { advanceDataGeneration } from "../../app/cache/data-generation.server";
import { hasLedger, reconcileAllAccounts } from "../../app/reconciliation/reconcile-accounts.server";
import { listReconciliationItems, type ReconciliationRecord } from "../../app/reconciliation/reconciliation-queries.server";
import { prepareDatabase } from "../../server/prepare-database";
import { CliUsageError, parseFlags } from "./errors";

export const reconcileUsage = `  reconcile --month YYYY-MM [--agency CODE] --format json|csv [--recompute]
      The reconciliation of the agencies' reported payments with the lender's ledger for a reporting month: one record
      per agency PAYMENT event, per ledger entry no payment took and per reversal, with status (MATCHED,
      REPORTED_NOT_RECEIVED, RECEIVED_NOT_REPORTED, AMOUNT_MISMATCH, LATE_REMITTANCE), agencyCode, accountNumber,
      eventId (the agency's), ledgerRefs, amount and the matching rule that decided it. json: JSON Lines; csv: UTF-8 with
      a byte-order mark, ledger refs ";"-joined. --recompute matches every account again first (the stored results are
      otherwise kept current by every import).
`;

export const reconcileCsvColumns = ["status", "agencyCode", "accountNumber", "eventId", "ledgerRefs", "amount", "rule", "day", "reportedAmount", "receivedAmount", "currency", "remittanceDays"] as const;

/** The record as the CLI prints it: the agency's own event id. */
function output(record: ReconciliationRecord) {
  return {
    status: record.status,
    agencyCode: record.agencyCode,
    accountNumber: record.accountNumber,
    eventId: record.agencyEventId,
    ledgerRefs: record.ledgerRefs,
    amount: record.amount,
    rule: record.rule,
    day: record.day,
    reportedAmount: record.reportedAmount,
    receivedAmount: record.receivedAmount,
    currency: record.currency,
    remittanceDays: record.remittanceDays,
  };
}

async function write(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, "drain");
}

/** `oversight reconcile --month YYYY-MM [--agency CODE] --format json|csv`: to stdout. */
export async function reconcileCommand(args: string[]): Promise<void> {
  const values = parseFlags(args, { month: { type: "string" }, agency: { type: "string" }, format: { type: "string" }, recompute: { type: "boolean" } }, reconcileUsage);
  const month = values.month;
  if (typeof month !== "string" || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new CliUsageError(`--month must be a month YYYY-MM.\n\n${reconcileUsage}`);
  const format = values.format;
  if (format !== "json" && format !== "csv") throw new CliUsageError(`--format must be json or csv.\n\n${reconcileUsage}`);

  const database = await prepareDatabase();
  try {
    let agencyId: number | undefined;
    if (typeof values.agency === "string") {
      const agency = await getPrisma().agency.findUnique({ where: { code: values.agency.toUpperCase() }, select: { id: true } });
      if (!agency) throw new CliUsageError(`No agency with code "${values.agency}".`);
      agencyId = agency.id;
    }
    if (!(await hasLedger())) console.error("No ledger has been imported (import --kind payments FILE): there is nothing to reconcile against.");
    if (values.recompute === true) {
      const result = await reconcileAllAccounts();
      // The dashboards' reconciled figures (ADR 044) are cached per data generation.
      await advanceDataGeneration("import");
      console.error(`Reconciled ${result.payments} payments and ${result.entries} ledger entries of ${result.accounts} accounts.`);
    }
    const records = await listReconciliationItems({ month, agencyId });
    if (format === "csv") await write(`${CSV_BYTE_ORDER_MARK}${toCsvLine(reconcileCsvColumns)}`);
    for (const record of records) {
      const row = output(record);
      await write(format === "csv" ? toCsvLine(reconcileCsvColumns.map((column) => (column === "ledgerRefs" ? row.ledgerRefs.join(";") : row[column]))) : `${JSON.stringify(row)}\n`);
    }
    await logAccess({ userId: null, action: "EXPORT", resourceType: "Reconciliation", detail: { via: "CLI", month, agency: values.agency ?? null, format, count: records.length } });
  } finally {
    await closePool();
    await database.close();
  }
}
