import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { createAgency } from "~/demo/factories.server";
import { stopQueue } from "~/jobs/queue.server";
import { reconcileAccounts } from "~/reconciliation/reconcile-accounts.server";
import { listReconciledPayments, listReconciliationItems, summariseReconciliation } from "~/reconciliation/reconciliation-queries.server";
import { csv, importFile } from "../support/import-harness";
import { renderStoredRowError } from "~/ingest/rows/import-message";

// The lender's ledger through the import pipeline and the reconciliation the batch stages store for it (ADR 038).
let rc01: number;
let rc02: number;

const placements = csv([
  ["account_number", "customer_id", "agency_code", "placed_at", "placed_balance"],
  ["RC-ACC-1", "RC-C1", "RC01", "2026-01-01", "5000.00"],
  ["RC-ACC-2", "RC-C2", "RC01", "2026-01-01", "5000.00"],
  ["RC-ACC-3", "RC-C3", "RC01", "2026-01-01", "5000.00"],
  ["RC-ACC-4", "RC-C4", "RC01", "2026-01-01", "5000.00"],
  ["RC-ACC-5", "RC-C5", "RC02", "2026-01-01", "5000.00"],
]);
const activityHeader = ["event_id", "account_number", "occurred_at", "type", "direction", "amount"];
const rc01Activities = csv([
  activityHeader,
  ["RC-E1", "RC-ACC-1", "2026-03-02 10:00", "PAYMENT", "INBOUND", "500.00"],
  ["RC-E2", "RC-ACC-2", "2026-03-03 10:00", "PAYMENT", "INBOUND", "1000.00"],
  ["RC-E3", "RC-ACC-3", "2026-03-10 10:00", "PAYMENT", "INBOUND", "800.00"],
  ["RC-E4", "RC-ACC-4", "2026-03-20 10:00", "PAYMENT", "INBOUND", "300.00"],
]);
const rc02Activities = csv([activityHeader, ["RC2-E5", "RC-ACC-5", "2026-03-01 10:00", "PAYMENT", "INBOUND", "250.00"]]);
const ledgerHeader = ["ledger_ref", "account_number", "received_at", "amount", "currency", "channel", "agency_code", "remittance_ref", "reverses_ledger_ref"];
const ledger = csv([
  ledgerHeader,
  ["RC-L1", "RC-ACC-1", "2026-03-05", "500.00", "CNY", "AGENCY_REMITTANCE", "RC01", "R1", null],
  ["RC-L2", "RC-ACC-2", "2026-03-04", "600.00", "CNY", "AGENCY_REMITTANCE", "RC01", "R1", null],
  ["RC-L3", "RC-ACC-2", "2026-03-06", "400.00", "CNY", "AGENCY_REMITTANCE", "RC01", "R2", null],
  ["RC-L4", "RC-ACC-3", "2026-03-12", "700.00", "CNY", "AGENCY_REMITTANCE", "RC01", "R2", null],
  ["RC-L5", "RC-ACC-4", "2026-03-25", "120.00", "CNY", "DIRECT", null, null, null],
  ["RC-L6", "RC-ACC-1", "2026-04-02", "-500.00", "CNY", "REVERSAL", null, null, "RC-L1"],
  ["RC-L7", "RC-ACC-5", "2026-03-09", "250.00", "CNY", "AGENCY_REMITTANCE", "RC02", "X9", null],
]);

beforeAll(async () => {
  rc01 = await createAgency({ code: "RC01", name: "对账机构一", timeZone: "Asia/Shanghai" });
  rc02 = await createAgency({ code: "RC02", name: "对账机构二", timeZone: "Asia/Shanghai" });
  await getPrisma().agency.update({ where: { id: rc02 }, data: { remittanceDays: 3 } });
  await importFile({ kind: "PLACEMENTS", fileName: "rc-placements.csv", content: placements });
  await importFile({ kind: "ACTIVITIES", agencyId: rc01, fileName: "rc01-activities.csv", content: rc01Activities });
  await importFile({ kind: "ACTIVITIES", agencyId: rc02, fileName: "rc02-activities.csv", content: rc02Activities });
});

afterAll(async () => {
  // Other files share the database: leave no ledger behind, so their figures stay "as reported".
  const accounts = await getPrisma().account.findMany({ where: { accountNumber: { startsWith: "RC-" } }, select: { id: true } });
  const accountIds = accounts.map((account) => account.id);
  await getPrisma().reconciliationItem.deleteMany({ where: { accountId: { in: accountIds } } });
  await getPrisma().ledgerEntry.deleteMany({ where: { accountId: { in: accountIds } } });
  await stopQueue();
});

// This file's agencies only, in the order the unscoped list gives (agency code): other files share the database.
const ourItems = async (month: string) => [...(await listReconciliationItems({ month, agencyId: rc01 })), ...(await listReconciliationItems({ month, agencyId: rc02 }))];

const compact = (items: Awaited<ReturnType<typeof listReconciliationItems>>) =>
  items.map((item) => `${item.agencyCode} ${item.accountNumber} ${item.agencyEventId ?? "-"} ${item.status} ${item.rule} [${item.ledgerRefs.join(",")}] ${item.reportedAmount ?? "-"} ${item.receivedAmount ?? "-"}`);

describe("the payments import kind and reconciliation", () => {
  test("before any ledger nothing is reconciled", async () => {
    expect(await ourItems("2026-03")).toEqual([]);
  });

  test("a ledger is imported and every payment of the month is reconciled at once", async () => {
    const { batch } = await importFile({ kind: "PAYMENTS", fileName: "ledger-2026-03.csv", content: ledger });
    expect(batch).toMatchObject({ status: "COMMITTED", totalRows: 7, acceptedRows: 7, rejectedRows: 0 });
    expect(batch?.stagesCompletedAt).not.toBeNull();
    expect(compact(await ourItems("2026-03"))).toEqual([
      "RC01 RC-ACC-1 RC-E1 MATCHED EXACT_IN_WINDOW [RC-L1] 500.00 500.00",
      "RC01 RC-ACC-2 RC-E2 MATCHED SPLIT_IN_WINDOW [RC-L2,RC-L3] 1000.00 1000.00",
      "RC01 RC-ACC-3 RC-E3 AMOUNT_MISMATCH DIFFERENT_AMOUNT [RC-L4] 800.00 700.00",
      "RC01 RC-ACC-4 RC-E4 REPORTED_NOT_RECEIVED NO_LEDGER_ENTRY [] 300.00 -",
      "RC01 RC-ACC-4 - RECEIVED_NOT_REPORTED UNMATCHED_ENTRY [RC-L5] - 120.00",
      "RC02 RC-ACC-5 RC2-E5 LATE_REMITTANCE EXACT_LATE [RC-L7] 250.00 250.00",
    ]);
    expect(compact(await ourItems("2026-04"))).toEqual(["RC01 RC-ACC-1 RC-E1 MATCHED REVERSAL_OF_MATCHED [RC-L6,RC-L1] - -500.00"]);
  });

  test("reconciled collected equals a payment-by-payment computation to the cent", async () => {
    const [summary] = await summariseReconciliation("2026-03", [rc01]);
    // Payment by payment: E1 500 received, E2 600 + 400, E3 700 of 800, E4 nothing.
    const receivedPerPayment = [50000, 60000 + 40000, 70000, 0];
    const reportedPerPayment = [50000, 100000, 80000, 30000];
    const money = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
    expect(summary).toMatchObject({
      agencyCode: "RC01",
      reported: money(reportedPerPayment.reduce((a, b) => a + b, 0)),
      reconciled: money(receivedPerPayment.reduce((a, b) => a + b, 0)),
      unreconciled: money(reportedPerPayment.reduce((a, b) => a + b, 0) - receivedPerPayment.reduce((a, b) => a + b, 0)),
      unreported: "120.00",
      counts: { MATCHED: 2, AMOUNT_MISMATCH: 1, REPORTED_NOT_RECEIVED: 1, RECEIVED_NOT_REPORTED: 1, LATE_REMITTANCE: 0 },
    });
    const [april] = await summariseReconciliation("2026-04", [rc01]);
    expect(april).toMatchObject({ reported: "0.00", reconciled: "-500.00" });
    // What statements read: the agency's payments, with the reversal in its own month.
    expect((await listReconciledPayments(rc01, "2026-03")).map((item) => item.agencyEventId)).toEqual(["RC-E1", "RC-E2", "RC-E3", "RC-E4"]);
    expect((await listReconciledPayments(rc01, "2026-04")).map((item) => item.receivedAmount)).toEqual(["-500.00"]);
  });

  test("a resend is recognised entry by entry, a changed entry is refused, and the stored items do not change", async () => {
    const before = compact(await ourItems("2026-03"));
    const changed = ledger.replace("RC-L4,RC-ACC-3,2026-03-12,700.00", "RC-L4,RC-ACC-3,2026-03-12,800.00") + "RC-L8,RC-ACC-4,2026-03-26,180.00,CNY,DIRECT,,,\n";
    const { batch } = await importFile({ kind: "PAYMENTS", fileName: "ledger-2026-03-again.csv", content: changed });
    expect(batch).toMatchObject({ status: "COMMITTED", totalRows: 8, duplicateRows: 6, rejectedRows: 1, acceptedRows: 1 });
    const errors = await getPrisma().importRowError.findMany({ where: { batchId: batch!.id } });
    expect(errors.map((error) => renderStoredRowError(error.message, "en"))).toEqual([expect.stringContaining("ledger_ref 'RC-L4' was already imported in batch")]);
    // RC-L5 (120) and RC-L8 (180) on RC-ACC-4 together pay RC-E4 (300) within its window.
    const after = compact(await ourItems("2026-03"));
    expect(after).toEqual(
      before
        .filter((line) => !line.includes("RC-ACC-4"))
        .toSpliced(3, 0, "RC01 RC-ACC-4 RC-E4 MATCHED SPLIT_IN_WINDOW [RC-L5,RC-L8] 300.00 300.00"),
    );
  });

  test("clear row errors: unknown account, a remittance without its agency, a reversal that is positive or of nothing", async () => {
    const bad = csv([
      ledgerHeader,
      ["RC-B1", "NO-SUCH-ACC", "2026-03-05", "10.00", null, null, null, null, null],
      ["RC-B2", "RC-ACC-1", "2026-03-05", "10.00", null, "AGENCY_REMITTANCE", null, null, null],
      ["RC-B3", "RC-ACC-1", "2026-03-05", "10.00", null, "REVERSAL", null, null, null],
      ["RC-B4", "RC-ACC-1", "2026-03-05", "-10.00", null, "REVERSAL", null, null, "RC-NOPE"],
      ["RC-B5", "RC-ACC-1", "2026-03-05", "abc", null, null, null, null, null],
      ["RC-B6", "RC-ACC-1", "2026-03-05", "-10.00", null, "REVERSAL", null, null, "RC-L7"],
    ]);
    const { batch } = await importFile({ kind: "PAYMENTS", fileName: "bad-ledger.csv", content: bad });
    expect(batch).toMatchObject({ rejectedRows: 6, acceptedRows: 0 });
    const errors = await getPrisma().importRowError.findMany({ where: { batchId: batch!.id }, orderBy: { rowNumber: "asc" } });
    expect(errors.map((error) => renderStoredRowError(error.message, "en"))).toEqual([
      "account_number 'NO-SUCH-ACC' is not a known account",
      "agency_code is required when channel is AGENCY_REMITTANCE",
      "amount '10.00' of a reversal must be negative",
      "reverses_ledger_ref 'RC-NOPE' is neither in the ledger nor in this file",
      "amount 'abc' must be a number (negative for a reversal)",
      "reverses_ledger_ref 'RC-L7' is an entry of account 'RC-ACC-5', not of this row's account",
    ]);
  });

  test("a recomputation gives the same items as the batch stages", async () => {
    // Other files share the database: a recomputation of every account would reconcile their payments too (and their
    // statements with them), so this one recomputes this file's accounts through the same reader and matcher.
    const ours = async () => compact(await ourItems("2026-03"));
    const before = await ours();
    expect(before.length).toBeGreaterThan(0);
    const accounts = await getPrisma().account.findMany({ where: { accountNumber: { startsWith: "RC-" } }, select: { id: true } });
    const result = await reconcileAccounts(accounts.map((account) => account.id));
    expect(result.skipped).toBeNull();
    expect(await ours()).toEqual(before);
  });
});
