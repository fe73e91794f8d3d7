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
