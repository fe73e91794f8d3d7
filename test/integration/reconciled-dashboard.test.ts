import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { createAgency, ensureUser } from "~/demo/factories.server";
import type { Role } from "~/generated/prisma/enums";
import { stopQueue } from "~/jobs/queue.server";
import type { AgencyScorecard, KpiSummary } from "~/metrics/metric-types";
import type { MoneyBasisChoice } from "~/metrics/money-basis";
import type { UnreconciledMoney } from "~/metrics/query-reconciled-money.server";
import { listDueForRecall } from "~/placements/recall-due.server";
import { listReconciledPayments } from "~/reconciliation/reconciliation-queries.server";
import * as dashboard from "~/routes/_app._index";
import * as agencies from "~/routes/_app.agencies._index";
import * as agencyPage from "~/routes/_app.agencies.$code";
import * as exportCsv from "~/routes/agencies.export[.csv]";
import { csv, importFile } from "../support/import-harness";
import { buildRequest, runRoute, sessionCookieFor } from "../support/route-harness";

// The dashboards' reported/reconciled switch (ADR 044) on an agency that under-remits: the reconciled figures read in
// SQL must equal a payment-by-payment sum of what the ledger paid for each reported payment, to the cent. Months of
// 2023 and agencies of this file only: other files share the database (and their own ledgers).
const suffix = Date.now().toString(36).toUpperCase().slice(-5);
const UR = `URM${suffix}`;
const OK = `OKM${suffix}`;
const acc = (n: number) => `URD-${suffix}-${n}`;
const may = "from=2023-05-01&to=2023-05-31";
const cookies = {} as Record<Role, string>;
let urId: number;
let okId: number;

const placements = csv([
  ["account_number", "customer_id", "agency_code", "placed_at", "placed_balance", "product", "dpd_at_placement"],
  [acc(1), `URC-${suffix}-1`, UR, "2023-04-01", "10000.00", "CARD", "120"],
  [acc(2), `URC-${suffix}-2`, UR, "2023-04-01", "10000.00", "CARD", "120"],
  [acc(3), `URC-${suffix}-3`, UR, "2023-04-01", "10000.00", "CARD", "120"],
  [acc(4), `URC-${suffix}-4`, UR, "2023-04-01", "10000.00", "LOAN", "30"],
  [acc(5), `URC-${suffix}-5`, OK, "2023-04-01", "10000.00", "CARD", "120"],
  [acc(6), `URC-${suffix}-6`, UR, "2023-04-01", "500.00", "CARD", "120"],
  [acc(7), `URC-${suffix}-7`, UR, "2023-04-01", "300.00", "CARD", "120"],
]);
const header = ["event_id", "account_number", "occurred_at", "type", "direction", "amount"];
const urActivities = csv([
  header,
  [`UR-${suffix}-E1`, acc(1), "2023-05-03 10:00", "PAYMENT", "INBOUND", "1000.10"],
  [`UR-${suffix}-E2`, acc(2), "2023-05-10 10:00", "PAYMENT", "INBOUND", "500.55"],
  [`UR-${suffix}-E3`, acc(3), "2023-05-15 10:00", "PAYMENT", "INBOUND", "250.00"],
  [`UR-${suffix}-E4`, acc(4), "2023-05-20 10:00", "PAYMENT", "INBOUND", "300.33"],
  [`UR-${suffix}-E6`, acc(6), "2023-05-08 10:00", "PAYMENT", "INBOUND", "500.00"],
  [`UR-${suffix}-E7`, acc(7), "2023-05-09 10:00", "PAYMENT", "INBOUND", "300.00"],
]);
const okActivities = csv([header, [`OK-${suffix}-E5`, acc(5), "2023-05-05 10:00", "PAYMENT", "INBOUND", "700.00"]]);
const ledgerHeader = ["ledger_ref", "account_number", "received_at", "amount", "currency", "channel", "agency_code", "remittance_ref", "reverses_ledger_ref"];
// E1 remitted in full then reversed; E2 remitted short (400 of 500.55); E3 never remitted; E4 remitted a month late;
// E6 never remitted (the placement is not paid in full after all); E7 remitted; OK's E5 remitted.
const ledger = csv([
  ledgerHeader,
  [`URL-${suffix}-1`, acc(1), "2023-05-06", "1000.10", "CNY", "AGENCY_REMITTANCE", UR, "R1", null],
  [`URL-${suffix}-2`, acc(2), "2023-05-12", "400.00", "CNY", "AGENCY_REMITTANCE", UR, "R1", null],
  [`URL-${suffix}-4`, acc(4), "2023-06-20", "300.33", "CNY", "AGENCY_REMITTANCE", UR, "R2", null],
  [`URL-${suffix}-7`, acc(7), "2023-05-11", "300.00", "CNY", "AGENCY_REMITTANCE", UR, "R1", null],
  [`URL-${suffix}-R`, acc(1), "2023-05-28", "-1000.10", "CNY", "REVERSAL", null, null, `URL-${suffix}-1`],
  [`URL-${suffix}-5`, acc(5), "2023-05-07", "700.00", "CNY", "AGENCY_REMITTANCE", OK, "K1", null],
]);

const cents = (amount: string | number) => Math.round(Number(amount) * 100);
const halfUp = (value: number) => Math.round(value);

beforeAll(async () => {
  urId = await createAgency({ code: UR, name: "少汇机构", commissionRate: "0.2000" });
  okId = await createAgency({ code: OK, name: "足额机构", commissionRate: "0.1000" });
  for (const role of ["EXECUTIVE", "AGENCY"] as const) {
    const userId = await ensureUser({ email: `${role.toLowerCase()}-${suffix}@reconciled.test`, name: `${role} tester`, role, agencyId: role === "AGENCY" ? urId : null });
    cookies[role] = await sessionCookieFor(userId);
  }
  await importFile({ kind: "PLACEMENTS", fileName: "urd-placements.csv", content: placements });
  await importFile({ kind: "ACTIVITIES", agencyId: urId, fileName: "urd-ur.csv", content: urActivities });
  await importFile({ kind: "ACTIVITIES", agencyId: okId, fileName: "urd-ok.csv", content: okActivities });
  const { batch } = await importFile({ kind: "PAYMENTS", fileName: "urd-ledger.csv", content: ledger });
  expect(batch).toMatchObject({ status: "COMMITTED", acceptedRows: 6, rejectedRows: 0 });
});

afterAll(async () => {
  // Leave no ledger behind for the other files' "as reported" defaults.
  const accounts = await getPrisma().account.findMany({ where: { accountNumber: { startsWith: `URD-${suffix}-` } }, select: { id: true } });
  const accountIds = accounts.map((account) => account.id);
  await getPrisma().reconciliationItem.deleteMany({ where: { accountId: { in: accountIds } } });
  await getPrisma().ledgerEntry.deleteMany({ where: { accountId: { in: accountIds } } });
  await stopQueue();
});

type DashboardBody = { state: string; basis: MoneyBasisChoice; values: { basis?: string }; figures: { summary: KpiSummary; unreconciled: UnreconciledMoney[] } };
const load = async (query: string, role: Role = "EXECUTIVE") => {
  const outcome = await runRoute(dashboard.loader, buildRequest(`/?${query}`, { cookie: cookies[role] }));
  expect(outcome.status).toBe(200);
  return outcome.body as DashboardBody;
};

describe("collected as reported or as reconciled", () => {
  test("reconciled collected equals the ledger's payment-by-payment amounts to the cent, and differs from reported", async () => {
    // Payment by payment from the stored reconciliation: what the ledger paid for each of UR's May payments, plus
    // the reversals of May (the reversal item carries the payment's event id and a negative amount).
    const items = await listReconciledPayments(urId, "2023-05");
    const byPayment = items.reduce((sum, item) => sum + cents(item.receivedAmount ?? "0"), 0);
    expect(byPayment).toBe(cents("1000.10") + cents("400.00") + 0 + cents("300.33") + 0 + cents("300.00") - cents("1000.10"));

    const reconciled = await load(`${may}&agency=${UR}&basis=reconciled`);
    expect(reconciled.basis).toEqual({ basis: "reconciled", reason: "requested", ledgerInPeriod: true });
    expect(cents(reconciled.figures.summary.current.collected)).toBe(byPayment);
    expect(reconciled.figures.summary.current.collected).toBe(1000.33);

    const reported = await load(`${may}&agency=${UR}&basis=reported`);
    expect(reported.figures.summary.current.collected).toBe(2850.98);
    expect(reported.figures.summary.current.collected).not.toBe(reconciled.figures.summary.current.collected);
    // Recovery follows: the same placed balance, the other collected.
    const placed = reported.figures.summary.current.placedBalance;
    expect(reconciled.figures.summary.current.placedBalance).toBe(placed);
    expect(reconciled.figures.summary.current.recoveryRate).toBeCloseTo(1000.33 / placed, 8);
  });

  test("net back uses the reconciled payments: commission only on the payments the lender received", async () => {
    // Flat 20 %, per payment rounded half-up: received E1, E2 (short: commission as the statement pays it), E4 (late), E7.
    const commission = (amount: string) => halfUp(cents(amount) * 0.2);
    const received = commission("1000.10") + commission("500.55") + commission("300.33") + commission("300.00");
    const everything = received + commission("250.00") + commission("500.00");
    const reconciled = (await load(`${may}&agency=${UR}&basis=reconciled`)).figures.summary.current;
    expect(cents(reconciled.commission)).toBe(received);
    expect(cents(reconciled.netBack)).toBe(cents(reconciled.collected) - received);
    const reported = (await load(`${may}&agency=${UR}&basis=reported`)).figures.summary.current;
    expect(cents(reported.commission)).toBe(everything);
  });

  test("an agency that remits everything shows the same collected on both bases", async () => {
    const reconciled = (await load(`${may}&agency=${OK}&basis=reconciled`)).figures.summary.current;
    const reported = (await load(`${may}&agency=${OK}&basis=reported`)).figures.summary.current;
    expect(reconciled.collected).toBe(700);
    expect(reported.collected).toBe(700);
  });

  test("the default is reconciled when the ledger has an entry in the period, reported when it has none", async () => {
    const withLedger = await load(`${may}&agency=${UR}`);
    expect(withLedger.basis).toEqual({ basis: "reconciled", reason: "ledgerInPeriod", ledgerInPeriod: true });
    // A default is not written into the links: they keep "the default" for their own period.
    expect(withLedger.values.basis).toBeUndefined();
    expect(withLedger.figures.summary.current.collected).toBe(1000.33);
    const without = await load(`from=2023-02-01&to=2023-02-28&agency=${UR}`);
    expect(without.basis).toEqual({ basis: "reported", reason: "noLedgerInPeriod", ledgerInPeriod: false });
  });

  test("the filters apply on the reconciled basis: product and days-past-due bucket", async () => {
    const loans = (await load(`${may}&agency=${UR}&basis=reconciled&product=LOAN`)).figures.summary.current;
    expect(loans.collected).toBe(300.33);
    const bucket = (await load(`${may}&agency=${UR}&basis=reconciled&dpd=0-89`)).figures.summary.current;
    expect(bucket.collected).toBe(300.33);
    const cards = (await load(`${may}&agency=${UR}&basis=reconciled&product=CARD&dpd=90-179`)).figures.summary.current;
    expect(cards.collected).toBe(700);
  });

  test("the unreconciled amount per agency and month: not received, short and late", async () => {
    const body = await load(`${may}&agency=${UR}&agency=${OK}`);
    expect(body.figures.unreconciled).toEqual([
      { agencyId: urId, agencyCode: UR, month: "2023-05", reportedNotReceived: 750, amountMismatch: 100.55, late: 300.33, total: 1150.88 },
    ]);
  });

  test("an AGENCY user gets their own agency's figures on the basis they choose", async () => {
    const own = await load(`${may}&basis=reconciled`, "AGENCY");
    expect(own.figures.summary.current.collected).toBe(1000.33);
    expect(own.figures.unreconciled.map((row) => row.agencyCode)).toEqual([UR]);
  });
});

describe("the agencies grid, its export and the agency page", () => {
  test("the commission rate column is the period's effective rate on the page's basis, and the export follows", async () => {
    type AgenciesBody = { figures: { scorecards: AgencyScorecard[] } };
    const grid = async (basis: string) =>
      ((await runRoute(agencies.loader, buildRequest(`/agencies?${may}&agency=${UR}&basis=${basis}`, { cookie: cookies.EXECUTIVE }))).body as AgenciesBody).figures.scorecards[0]!;
    const reported = await grid("reported");
    expect(reported.commissionRate).toBe(0.2);
    const reconciled = await grid("reconciled");
    expect(reconciled.commissionRate).toBe(Math.round((reconciled.metrics.commission / reconciled.metrics.collected) * 10_000) / 10_000);
    expect(reconciled.commissionRate).not.toBe(0.2);
    const file = await runRoute(exportCsv.loader, buildRequest(`/agencies/export.csv?${may}&agency=${UR}&basis=reconciled`, { cookie: cookies.EXECUTIVE }));
    expect(file.status).toBe(200);
    expect(String(file.body)).toContain("1000.33");
    expect(String(file.body)).not.toContain("2850.98");
  });

  test("the agency page shows both bases and the unreconciled amount", async () => {
    type AgencyBody = { basis: MoneyBasisChoice; figures: { summary: KpiSummary; unreconciled: UnreconciledMoney[] } };
    const page = async (query: string) => (await runRoute(agencyPage.loader, buildRequest(`/agencies/${UR}?${query}`, { cookie: cookies.EXECUTIVE }), { code: UR })).body as AgencyBody;
    expect((await page(`${may}&basis=reconciled`)).figures.summary.current.collected).toBe(1000.33);
    expect((await page(`${may}&basis=reported`)).figures.summary.current.collected).toBe(2850.98);
    expect((await page(may)).figures.unreconciled.map((row) => row.total)).toEqual([1150.88]);
  });
});

describe("due for recall once a ledger exists", () => {
  test("paid in full counts what the lender received, not what the agency reported", async () => {
    const { rows } = await listDueForRecall({ scopeAgencyId: urId, filters: {}, sort: { column: "placedAt", direction: "asc" }, now: new Date("2023-05-31T12:00:00Z") });
    const reasons = (account: string) => rows.find((row) => row.accountNumber === account)?.reasons ?? [];
    // Reported 500.00 of 500.00, received nothing: not paid in full.
    expect(reasons(acc(6))).not.toContain("PAID_IN_FULL");
    expect(rows.find((row) => row.accountNumber === acc(6))?.collected ?? "0.00").toBe("0.00");
    // Reported and received 300.00 of 300.00.
    expect(reasons(acc(7))).toContain("PAID_IN_FULL");
  });
});
