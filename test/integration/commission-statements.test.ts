import { createHash } from "node:crypto";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { createAgency } from "~/demo/factories.server";
import { stopQueue } from "~/jobs/queue.server";
import { getMetricValues } from "~/metrics/metrics.server";
import { saveFeeSchedule } from "~/money/fee-schedules.server";
import { enterInvoice, finalizeStatement, generateStatement, getStatement, readStatementFile, StatementError } from "~/money/statements.server";
import { csv, importFile } from "../support/import-harness";

// One agency on a tiered contract from the start, and a new flat contract (with a fee per placement) from 16 April:
// every payment's commission is worked out by hand below, in the lender's zone (Asia/Shanghai).
let agencyId: number;
const placementHeader = ["account_number", "customer_id", "agency_code", "placed_at", "placed_balance", "recalled_at", "dpd_at_placement", "product", "debtor_phones"];
const activityHeader = ["event_id", "account_number", "agent_id", "occurred_at", "type", "direction", "contact_party", "outcome", "phone_number", "amount", "promise_due_date"];
const payment = (id: string, account: string, at: string, amount: string) => [id, account, null, at, "PAYMENT", "INBOUND", null, null, null, amount, null];

// Payment by payment: event, its day's tier and rate, the commission to the cent.
const expected = [
  { event: "S1", tier: 0, rate: "0.1000", commission: "5.00" }, // 40.00 at 10% = 4.00, raised to the minimum 5
  { event: "S2", tier: 0, rate: "0.1000", commission: "123.46" }, // 1234.57 at 10% = 123.457
  { event: "S3", tier: 1, rate: "0.1500", commission: "300.00" }, // 90-179, month 0: 2000 at 15%
  { event: "S4", tier: 1, rate: "0.1500", commission: "450.00" }, // placed 10 Mar, paid 10 Apr: month 1, still 15%
  { event: "S5", tier: 2, rate: "0.2000", commission: "300.00" }, // placed 10 Feb, paid 00:30 on 10 Apr: month 2, 2000 at 20% capped at 300
  { event: "S6", tier: 0, rate: "0.2500", commission: "250.00" }, // the new flat contract from 16 Apr
];

beforeAll(async () => {
  agencyId = await createAgency({ code: "FEE1", name: "阶梯佣金机构", commissionRate: "0.18" });
  await saveFeeSchedule({
    agencyId,
    effectiveFrom: "1970-01-01",
    terms: {
      tiers: [
        { dpdBuckets: ["0-89"], rate: "0.10", minFee: "5" },
        { dpdBuckets: ["90-179"], monthsFrom: 0, monthsTo: 1, rate: "0.15" },
        { dpdBuckets: ["90-179"], rate: "0.20", maxFee: "300" },
      ],
    },
    by: { via: "test" },
  });
  await saveFeeSchedule({ agencyId, effectiveFrom: "2026-04-16", terms: { tiers: [{ rate: "0.25" }] }, flatFeePerPlacement: "10.00", by: { via: "test" } });
  const placements = await importFile({
    kind: "PLACEMENTS",
    fileName: "fee-placements.csv",
    content: csv([
      placementHeader,
      ["FEE-A1", "FEE-C1", "FEE1", "2026-03-01", "5000.00", null, 30, "CARD", "13900000001"],
      ["FEE-A2", "FEE-C2", "FEE1", "2026-03-10", "8000.00", null, 120, "LOAN", "13900000002"],
      ["FEE-A3", "FEE-C3", "FEE1", "2026-02-10", "9000.00", null, 150, "LOAN", "13900000003"],
      ["FEE-A4", "FEE-C4", "FEE1", "2026-04-20", "3000.00", null, 60, "CARD", "13900000004"],
    ]),
  });
  expect(placements.batch).toMatchObject({ status: "COMMITTED", acceptedRows: 4 });
  const activities = await importFile({
    kind: "ACTIVITIES",
    agencyId,
    fileName: "fee-payments.csv",
    content: csv([
      activityHeader,
      payment("S1", "FEE-A1", "2026-03-05 10:00", "40.00"),
      payment("S2", "FEE-A1", "2026-03-20 10:00", "1234.57"),
      payment("S3", "FEE-A2", "2026-03-15 10:00", "2000.00"),
      payment("S4", "FEE-A2", "2026-04-10 10:00", "3000.00"),
      payment("S5", "FEE-A3", "2026-04-10 00:30", "2000.00"),
      payment("S6", "FEE-A1", "2026-04-20 10:00", "1000.00"),
    ]),
  });
  expect(activities.batch).toMatchObject({ status: "COMMITTED", rejectedRows: 0 });
}, 240_000);

afterAll(async () => {
  await stopQueue();
});

describe("commission per payment from the schedule in force on its day", () => {
  test("each payment's tier, rate and commission, to the cent", async () => {
    const rows = await getPrisma().$queryRaw<{ event: string; tier: number | null; rate: string; commission: string }[]>`
      SELECT e."eventId" AS event, pc."tierIndex" AS tier, pc.rate::text AS rate, pc.commission::text AS commission
      FROM "PaymentCommission" pc JOIN "ActivityEvent" e ON e.id = pc."eventId" WHERE pc."agencyId" = ${agencyId} ORDER BY e."eventId"`;
    expect(rows.map((row) => ({ ...row, rate: Number(row.rate).toFixed(4), commission: Number(row.commission).toFixed(2) }))).toEqual(expected);
  });

  test("the metrics' commission equals the payment-by-payment sum, per period", async () => {
    const sum = (events: string[]) => expected.filter((row) => events.includes(row.event)).reduce((total, row) => total + Math.round(Number(row.commission) * 100), 0) / 100;
    expect(await getMetricValues({ from: "2026-03-01", to: "2026-03-31", agencyIds: [agencyId] })).toMatchObject({ collected: 3274.57, commission: sum(["S1", "S2", "S3"]) });
    const april = await getMetricValues({ from: "2026-04-01", to: "2026-04-30", agencyIds: [agencyId] });
    expect(april).toMatchObject({ collected: 6000, commission: sum(["S4", "S5", "S6"]), netBack: 6000 - sum(["S4", "S5", "S6"]) });
    // Half a month: the days outside whole months come from the daily roll-up.
    expect(await getMetricValues({ from: "2026-04-01", to: "2026-04-15", agencyIds: [agencyId] })).toMatchObject({ commission: sum(["S4", "S5"]) });
  });
});

describe("commission statements", () => {
  let marchBytes: Buffer;
  let marchSha: string;

  test("March: payments with tier and rate, finalised with its file's SHA-256", async () => {
    const draft = await generateStatement({ agencyId, month: "2026-03", userId: null, locale: "en" });
    expect(draft).toMatchObject({ status: "DRAFT", paymentsTotal: "3274.57", commissionTotal: "428.46", adjustmentsTotal: "0.00", flatFeesTotal: "0.00", totalDue: "428.46" });
    expect(draft.lines.map((line) => [line.kind, line.accountNumber, line.rate, line.commission])).toEqual([
      ["PAYMENT", "FEE-A1", "0.1000", "5.00"],
      ["PAYMENT", "FEE-A2", "0.1500", "300.00"],
      ["PAYMENT", "FEE-A1", "0.1000", "123.46"],
    ]);
    expect(draft.lines[1]!.tierLabel).toBe("#2 · DPD 90-179 · M0-1");
    const final = await finalizeStatement({ id: draft.id, expectedContentSha256: draft.contentSha256, userId: null, locale: "zh-CN" });
    expect(final.status).toBe("FINAL");
    const file = (await readStatementFile(final.id))!;
    expect(createHash("sha256").update(file.bytes).digest("hex")).toBe(file.sha256);
    marchBytes = file.bytes;
    marchSha = file.sha256;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.bytes as never);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe("结算单");
    const values = sheet.getSheetValues().flat().map(String);
    expect(values).toContain("应付合计");
    expect(values).toContain("428.46");
    await expect(generateStatement({ agencyId, month: "2026-03", userId: null, locale: "en" })).rejects.toMatchObject({ code: "ALREADY_FINAL" });
  });

  test("a finalised statement's bytes are unchanged after new imports; the late payment is adjusted in April", async () => {
    const late = await importFile({
      kind: "ACTIVITIES",
      agencyId,
      fileName: "fee-late.csv",
      content: csv([activityHeader, payment("S7", "FEE-A1", "2026-03-28 10:00", "500.00")]),
    });
    expect(late.batch).toMatchObject({ status: "COMMITTED", rejectedRows: 0 });
    const march = await getPrisma().commissionStatement.findFirstOrThrow({ where: { agencyId, status: "FINAL" } });
    expect(Buffer.from(march.fileBytes!).equals(marchBytes)).toBe(true);
    expect(march.fileSha256).toBe(marchSha);
    expect((await getStatement(march.id))!.totalDue).toBe("428.46");

    const april = await generateStatement({ agencyId, month: "2026-04", userId: null, locale: "en" });
    // 450 + 300 + 250 on payments; the March payment reported late at 10%: 50; one placement after 16 April: 10.
    expect(april).toMatchObject({ commissionTotal: "1000.00", adjustmentsTotal: "50.00", flatFeesTotal: "10.00", totalDue: "1060.00" });
    expect(april.lines.find((line) => line.kind === "ADJUSTMENT")).toMatchObject({ accountNumber: "FEE-A1", day: "2026-03-28", commission: "50.00", previously: "0.00", adjustsMonth: "2026-03-01" });
    expect(april.lines.find((line) => line.kind === "FLAT_FEE")).toMatchObject({ accountNumber: "FEE-A4", commission: "10.00" });
  });

  test("an invoice that differs is flagged with the line that explains it; a stale draft is not finalised", async () => {
    const april = (await getPrisma().commissionStatement.findFirstOrThrow({ where: { agencyId, status: "DRAFT" } })).id;
    // The agency billed 1010.00: it left off the late March payment's 50.00.
    const compared = await enterInvoice({ id: april, total: "1010.00", reference: "INV-2026-04", userId: null });
    expect(compared.comparison).toMatchObject({ status: "DIFFERS", difference: "-50.00" });
    const explaining = compared.comparison.status === "DIFFERS" ? compared.comparison.explaining.map((index) => compared.lines[index]!) : [];
    expect(explaining.map((line) => [line.kind, line.accountNumber, line.commission])).toEqual([["ADJUSTMENT", "FEE-A1", "50.00"]]);
    await expect(enterInvoice({ id: april, total: "12,00", userId: null })).rejects.toBeInstanceOf(StatementError);

    const reviewed = (await getStatement(april))!;
    await importFile({ kind: "ACTIVITIES", agencyId, fileName: "fee-more.csv", content: csv([activityHeader, payment("S8", "FEE-A2", "2026-04-25 10:00", "100.00")]) });
    await expect(finalizeStatement({ id: april, expectedContentSha256: reviewed.contentSha256, userId: null, locale: "en" })).rejects.toMatchObject({ code: "STALE" });
    const again = await generateStatement({ agencyId, month: "2026-04", userId: null, locale: "en" });
    // The invoice stays with the month's draft.
    expect(again).toMatchObject({ totalDue: "1085.00", invoiceTotal: "1010.00" });
  });
});

// A reconciled agency (ADR 038, ADR 045): the lender's ledger decides which payments count; a reversal in June of a
// May payment takes its commission back in June; invoices arrive as a file.
describe("statements of reconciled months", () => {
  let reconciledId: number;
  const ledgerHeader = ["ledger_ref", "account_number", "received_at", "amount", "currency", "channel", "agency_code", "remittance_ref", "reverses_ledger_ref"];
  let mayBytes: Buffer;
  let maySha: string;
  let mayId: number;

  beforeAll(async () => {
    reconciledId = await createAgency({ code: "FEE2R", name: "对账佣金机构", commissionRate: "0.18" });
    await saveFeeSchedule({ agencyId: reconciledId, effectiveFrom: "1970-01-01", terms: { tiers: [{ dpdBuckets: ["0-89"], rate: "0.10" }, { rate: "0.20" }] }, by: { via: "test" } });
    const placed = await importFile({
      kind: "PLACEMENTS",
      fileName: "rec-placements.csv",
      content: csv([placementHeader, ["REC-A1", "REC-C1", "FEE2R", "2026-04-01", "5000.00", null, 30, "CARD", "13900000011"], ["REC-A2", "REC-C2", "FEE2R", "2026-04-01", "8000.00", null, 120, "LOAN", "13900000012"]]),
    });
    expect(placed.batch).toMatchObject({ status: "COMMITTED", acceptedRows: 2 });
    const reported = await importFile({
      kind: "ACTIVITIES",
      agencyId: reconciledId,
      fileName: "rec-payments.csv",
      content: csv([activityHeader, payment("R1", "REC-A1", "2026-05-05 10:00", "1000.00"), payment("R2", "REC-A2", "2026-05-10 10:00", "2000.00"), payment("R3", "REC-A1", "2026-05-20 10:00", "500.00")]),
    });
    expect(reported.batch).toMatchObject({ status: "COMMITTED", rejectedRows: 0 });
    // R1 and R2 remitted within the window; R3 never arrives.
    const ledger = await importFile({
      kind: "PAYMENTS",
      fileName: "rec-ledger-may.csv",
      content: csv([ledgerHeader, ["REC-L1", "REC-A1", "2026-05-07", "1000.00", "CNY", "AGENCY_REMITTANCE", "FEE2R", "RM-1", null], ["REC-L2", "REC-A2", "2026-05-12", "2000.00", "CNY", "AGENCY_REMITTANCE", "FEE2R", "RM-1", null]]),
    });
    expect(ledger.batch).toMatchObject({ status: "COMMITTED", rejectedRows: 0 });
  }, 240_000);

  test("May counts only the payments the ledger received, each with its tier and rate; finalised with its SHA-256", async () => {
    const draft = await generateStatement({ agencyId: reconciledId, month: "2026-05", userId: null, locale: "en" });
    expect(draft).toMatchObject({ basis: "RECONCILED", paymentsTotal: "3000.00", commissionTotal: "500.00", totalDue: "500.00" });
    expect(draft.lines.map((line) => [line.kind, line.accountNumber, line.amount, line.tierIndex, line.rate, line.commission])).toEqual([
      ["PAYMENT", "REC-A1", "1000.00", 0, "0.1000", "100.00"],
      ["PAYMENT", "REC-A2", "2000.00", 1, "0.2000", "400.00"],
    ]);
    const final = await finalizeStatement({ id: draft.id, expectedContentSha256: draft.contentSha256, userId: null, locale: "en" });
    const file = (await readStatementFile(final.id))!;
    expect(createHash("sha256").update(file.bytes).digest("hex")).toBe(file.sha256);
    mayBytes = file.bytes;
    maySha = file.sha256;
    mayId = final.id;
  });

  test("a June reversal of May's R2 is taken back in June; May's final file is unchanged by the new imports", async () => {
    const june = await importFile({
      kind: "PAYMENTS",
      fileName: "rec-ledger-june.csv",
      content: csv([ledgerHeader, ["REC-L3", "REC-A2", "2026-06-15", "-2000.00", "CNY", "REVERSAL", null, null, "REC-L2"]]),
    });
    expect(june.batch).toMatchObject({ status: "COMMITTED", rejectedRows: 0 });
    await importFile({ kind: "ACTIVITIES", agencyId: reconciledId, fileName: "rec-late.csv", content: csv([activityHeader, payment("R4", "REC-A1", "2026-05-28 10:00", "300.00")]) });
    const may = await getPrisma().commissionStatement.findUniqueOrThrow({ where: { id: mayId } });
    expect(Buffer.from(may.fileBytes!).equals(mayBytes)).toBe(true);
    expect(may.fileSha256).toBe(maySha);

    const statement = await generateStatement({ agencyId: reconciledId, month: "2026-06", userId: null, locale: "en" });
    expect(statement.lines.filter((line) => line.kind === "ADJUSTMENT").map((line) => [line.accountNumber, line.amount, line.rate, line.commission, line.adjustsMonth, line.previously])).toEqual([
      ["REC-A2", "-2000.00", "0.2000", "-400.00", "2026-05-01", null],
    ]);
    expect(statement).toMatchObject({ paymentsTotal: "0.00", adjustmentsTotal: "-400.00", totalDue: "-400.00" });
    // Finalised, June's reversal is not mistaken later for a correction of May.
    await finalizeStatement({ id: statement.id, expectedContentSha256: statement.contentSha256, userId: null, locale: "en" });
    const july = await generateStatement({ agencyId: reconciledId, month: "2026-07", userId: null, locale: "en" });
    expect(july.lines.filter((line) => line.eventId !== null)).toEqual([]);
  });

  test("invoice totals from a file: recorded whole or not at all, compared with the statement, the final file unchanged", async () => {
    const { importInvoiceTotals } = await import("~/money/invoice-import.server");
    const header = ["agency_code", "month", "invoice_ref", "invoice_total", "currency"];
    const bad = await importInvoiceTotals({ fileName: "invoices.csv", bytes: Buffer.from(csv([header, ["FEE2R", "2026-05", "INV-5", "900.00", "CNY"], ["FEE2R", "2026-09", "INV-9", "1", ""], ["NOPE", "2026-05", "", "x", ""]])), userId: null, locale: "en" });
    expect(bad).toMatchObject({ status: "REJECTED", errors: [{ row: 3, field: "month", key: "invoiceImport.error.noStatement" }, { row: 4, field: "invoice_total", key: "invoiceImport.error.amount" }] });
    expect((await getStatement(mayId))!.invoiceTotal).toBeNull();
    const other = await importInvoiceTotals({ fileName: "invoices.csv", bytes: Buffer.from(csv([header, ["FEE2R", "2026-05", "INV-5", "900.00", ""]])), agencyId: agencyId, userId: null, locale: "en" });
    expect(other).toMatchObject({ status: "REJECTED", errors: [{ row: 2, key: "invoiceImport.error.otherAgency" }] });

    const good = await importInvoiceTotals({ fileName: "invoices.csv", bytes: Buffer.from(csv([header, ["fee2r", "2026-05", "INV-5", "900.00", "CNY"]])), agencyId: reconciledId, userId: null, locale: "en" });
    expect(good).toMatchObject({ status: "RECORDED", recorded: [{ agencyCode: "FEE2R", month: "2026-05", statementId: mayId, comparison: { status: "DIFFERS", difference: "400.00" } }] });
    const may = (await getStatement(mayId))!;
    expect(may.comparison.status === "DIFFERS" ? may.comparison.explaining.map((index) => may.lines[index]!.accountNumber) : []).toEqual(["REC-A2"]);
    expect((await readStatementFile(mayId))!.sha256).toBe(maySha);
    const { renderStatementWithInvoice } = await import("~/money/statements.server");
    const compared = (await renderStatementWithInvoice(mayId, { locale: "zh-CN" }))!;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(compared.bytes as never);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["结算单", "机构发票"]);
    expect(workbook.worksheets[1]!.getSheetValues().flat().map(String)).toEqual(expect.arrayContaining(["INV-5", "REC-A2"]));
  });
  test("May's payment that never arrived passes the policy's threshold: a DRAFT finding citing it, raised once", async () => {
    const { runFindingPolicy } = await import("~/findings/finding-policy-runner.server");
    const { defaultFindingPolicy } = await import("~/findings/finding-policy");
    const policy = { ...defaultFindingPolicy, clauses: [{ kind: "UNRECONCILED_ABOVE" as const, amount: "499.99", lateRemittances: null }] };
    const run = await runFindingPolicy({ month: "2026-05", now: new Date("2026-06-03T00:00:00Z"), policy });
    const mine = run.raised.filter((raised) => raised.clause === "UNRECONCILED_ABOVE");
    const finding = await getPrisma().finding.findFirstOrThrow({ where: { agencyId: reconciledId, policyKey: `UNRECONCILED_ABOVE:${reconciledId}:2026-05` } });
    expect(mine.map((raised) => raised.findingId)).toContain(finding.id);
    expect(finding).toMatchObject({ status: "DRAFT", origin: "POLICY", title: "RECONCILIATION · FEE2R · 2026-05" });
    const criteria = finding.criteria as { kind: string; items: { accountNumber: string; status: string; reportedAmount: string }[]; figures: Record<string, unknown> };
    expect(criteria.kind).toBe("reconciliation");
    expect(criteria.items.map((item) => [item.accountNumber, item.status, item.reportedAmount])).toEqual(expect.arrayContaining([["REC-A1", "REPORTED_NOT_RECEIVED", "500.00"]]));
    // R3, and R4 too once it is reconciled as never received.
    expect(["500.00", "800.00"]).toContain(criteria.figures.unreconciledCNY);
    const again = await runFindingPolicy({ month: "2026-05", now: new Date("2026-06-03T00:00:00Z"), policy });
    expect(again.raised.map((raised) => raised.findingId)).not.toContain(finding.id);
  });
});
