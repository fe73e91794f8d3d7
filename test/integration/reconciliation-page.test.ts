import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { agencyInputSchema } from "~/agencies/agency-input";
import { getPrisma } from "~/db/client.server";
import { createAgency, ensureUser } from "~/demo/factories.server";
import { stopQueue } from "~/jobs/queue.server";
import { listReconciliationItems } from "~/reconciliation/reconciliation-queries.server";
import * as page from "~/routes/_app.reconciliation._index";
import * as agencySettings from "~/routes/_app.settings.agencies";
import * as exportRoute from "~/routes/reconciliation.export";
import * as rowsRoute from "~/routes/reconciliation.rows";
import { csv, importFile } from "../support/import-harness";
import { buildRequest, runRoute, sessionCookieFor } from "../support/route-harness";
import { oversight } from "../support/oversight-cli";

// The reconciliation page, its rows and its export (AGENCY users held to their own agency), and the remittance days
// edited in Settings and on the command line, which recompute the agency's items.
const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`.toUpperCase().slice(-6);
const own = `RPA${suffix}`;
const other = `RPB${suffix}`;
const account = (n: number) => `RP-${suffix}-${n}`;
let ownId: number;
let otherId: number;
const cookies: Record<"AGENCY" | "ADMIN", string> = { AGENCY: "", ADMIN: "" };

const activityHeader = ["event_id", "account_number", "occurred_at", "type", "direction", "amount"];
const ledgerHeader = ["ledger_ref", "account_number", "received_at", "amount", "currency", "channel", "agency_code", "remittance_ref", "reverses_ledger_ref"];

beforeAll(async () => {
  ownId = await createAgency({ code: own, name: "对账页机构", timeZone: "Asia/Shanghai" });
  otherId = await createAgency({ code: other, name: "Other agency", timeZone: "Asia/Shanghai" });
  await getPrisma().agency.update({ where: { id: otherId }, data: { remittanceDays: 3 } });
  const agencyUser = await ensureUser({ email: `agency-${suffix}@reconciliation.test`, name: "Agency", role: "AGENCY", agencyId: ownId });
  const admin = await ensureUser({ email: `admin-${suffix}@reconciliation.test`, name: "Admin", role: "ADMIN", agencyId: null });
  cookies.AGENCY = await sessionCookieFor(agencyUser);
  cookies.ADMIN = await sessionCookieFor(admin);
  await importFile({
    kind: "PLACEMENTS",
    fileName: "rp-placements.csv",
    content: csv([
      ["account_number", "customer_id", "agency_code", "placed_at", "placed_balance"],
      [account(1), `RPC1${suffix}`, own, "2026-01-01", "5000.00"],
      [account(2), `RPC2${suffix}`, own, "2026-01-01", "5000.00"],
      [account(3), `RPC3${suffix}`, other, "2026-01-01", "5000.00"],
    ]),
  });
  await importFile({ kind: "ACTIVITIES", agencyId: ownId, fileName: "rp-own.csv", content: csv([activityHeader, [`RP1-${suffix}`, account(1), "2026-05-04 10:00", "PAYMENT", "INBOUND", "500.00"], [`RP2-${suffix}`, account(2), "2026-05-06 10:00", "PAYMENT", "INBOUND", "800.00"]]) });
  await importFile({ kind: "ACTIVITIES", agencyId: otherId, fileName: "rp-other.csv", content: csv([activityHeader, [`RP3-${suffix}`, account(3), "2026-05-04 10:00", "PAYMENT", "INBOUND", "250.00"]]) });
  await importFile({
    kind: "PAYMENTS",
    fileName: "rp-ledger.csv",
    content: csv([
      ledgerHeader,
      [`RPL1-${suffix}`, account(1), "2026-05-06", "500.00", "CNY", "AGENCY_REMITTANCE", own, "R1", null],
      [`RPL2-${suffix}`, account(2), "2026-05-08", "700.00", "CNY", "AGENCY_REMITTANCE", own, "R1", null],
      [`RPL3-${suffix}`, account(3), "2026-05-12", "250.00", "CNY", "AGENCY_REMITTANCE", other, "R9", null],
    ]),
  });
}, 300_000);

afterAll(async () => {
  // Other files share the database: leave no ledger behind, so their figures stay "as reported".
  const accounts = await getPrisma().account.findMany({ where: { accountNumber: { startsWith: `RP-${suffix}-` } }, select: { id: true } });
  const accountIds = accounts.map((row) => row.id);
  await getPrisma().reconciliationItem.deleteMany({ where: { accountId: { in: accountIds } } });
  await getPrisma().ledgerEntry.deleteMany({ where: { accountId: { in: accountIds } } });
  await stopQueue();
});

type Rows = { rows: { accountNumber: string; agencyCode: string; status: string; difference: string }[]; total: number | null };
const rows = async (query: string, cookie: string): Promise<Rows> => {
  const outcome = await runRoute(rowsRoute.loader, buildRequest(`/reconciliation/rows?startRow=0&endRow=100&${query}`, { cookie }));
  expect(outcome.status).toBe(200);
  return JSON.parse(String(outcome.body)) as Rows;
};

describe("the reconciliation page", () => {
  test("an AGENCY user sees their own agency's summary and exceptions; MATCHED only through the filter", async () => {
    const loaded = await runRoute(page.loader, buildRequest("/reconciliation?month=2026-05", { cookie: cookies.AGENCY }));
    expect(loaded.status).toBe(200);
    const body = loaded.body as { month: string; summaries: { agencyCode: string; reported: string; reconciled: string; unreconciled: string; unreported: string }[] };
    expect(body.month).toBe("2026-05");
    expect(body.summaries).toEqual([expect.objectContaining({ agencyCode: own, reported: "1300.00", reconciled: "1200.00", unreconciled: "100.00", unreported: "0.00" })]);
    const exceptions = await rows("month=2026-05", cookies.AGENCY);
    expect(exceptions.rows.map((row) => [row.accountNumber, row.status, row.difference])).toEqual([[account(2), "AMOUNT_MISMATCH", "100.00"]]);
    expect(exceptions.total).toBe(1);
    expect((await rows("month=2026-05&status=MATCHED", cookies.AGENCY)).rows.map((row) => row.accountNumber)).toEqual([account(1)]);
    expect((await rows("month=2026-05&status=ALL&sort=accountNumber:asc", cookies.AGENCY)).rows.map((row) => row.accountNumber)).toEqual([account(1), account(2)]);
  });

  test("another agency's code is 404 for an AGENCY user on the page, the rows and the export; the lender sees it", async () => {
    const query = `agency=${other}&month=2026-05`;
    expect((await runRoute(page.loader, buildRequest(`/reconciliation?${query}`, { cookie: cookies.AGENCY }))).status).toBe(404);
    expect((await runRoute(rowsRoute.loader, buildRequest(`/reconciliation/rows?startRow=0&endRow=100&${query}`, { cookie: cookies.AGENCY }))).status).toBe(404);
    expect((await runRoute(exportRoute.loader, buildRequest(`/reconciliation/export?format=csv&${query}`, { cookie: cookies.AGENCY }))).status).toBe(404);
    expect((await rows(query, cookies.ADMIN)).rows.map((row) => [row.accountNumber, row.status])).toEqual([[account(3), "LATE_REMITTANCE"]]);
    expect((await runRoute(rowsRoute.loader, buildRequest(`/reconciliation/rows?startRow=0&endRow=100&month=2026-13`, { cookie: cookies.ADMIN }))).status).toBe(400);
  });

  test("the CSV and Excel exports hold the agency's own items only, in the reader's language, with the summary", async () => {
    const file = await runRoute(exportRoute.loader, buildRequest("/reconciliation/export?format=csv&month=2026-05&status=ALL", { cookie: cookies.AGENCY }));
    expect(file.status).toBe(200);
    const text = String(file.body);
    expect(text).toContain(account(1));
    expect(text).toContain(account(2));
    expect(text).not.toContain(account(3));
    expect(text).toContain("100.00");
    const response = (await exportRoute.loader({ request: buildRequest("/reconciliation/export?format=xlsx&month=2026-05", { cookie: cookies.AGENCY }), params: {}, context: {} })) as Response;
    expect(response.headers.get("Content-Disposition")).toContain(`reconciliation-${own}-2026-05.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    const values = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
    expect(values(2)).toEqual(expect.arrayContaining([own, account(2), 800, 700, 100]));
    expect(sheet.getRow(3).values).toEqual([]);
  });
});

describe("remittance days", () => {
  test("are validated 0–120 with a clear message", () => {
    const base = { code: "X1", name: "x", timeZone: "UTC", commissionRate: "0.1" };
    expect(agencyInputSchema.safeParse({ ...base, remittanceDays: "121" }).error?.issues[0]?.message).toBe("validation.remittanceDays");
    expect(agencyInputSchema.safeParse({ ...base, remittanceDays: "2.5" }).error?.issues[0]?.message).toBe("validation.remittanceDays");
    expect(agencyInputSchema.safeParse({ ...base, remittanceDays: "ten" }).error?.issues[0]?.message).toBe("validation.remittanceDays");
    expect(agencyInputSchema.parse({ ...base, remittanceDays: " 0 " }).remittanceDays).toBe(0);
    expect(agencyInputSchema.parse(base).remittanceDays).toBeUndefined();
  });

  test("saved in Settings, they recompute the agency's reconciliation; a bad value changes nothing", async () => {
    const form = { code: other, name: "Other agency", timeZone: "Asia/Shanghai", commissionRate: "0.18", active: "true" };
    const refused = await runRoute(agencySettings.action, buildRequest("/settings/agencies", { cookie: cookies.ADMIN, form: { ...form, remittanceDays: "500" } }));
    expect(refused.status).toBe(400);
    expect((await getPrisma().agency.findUniqueOrThrow({ where: { id: otherId } })).remittanceDays).toBe(3);
    const saved = await runRoute(agencySettings.action, buildRequest("/settings/agencies", { cookie: cookies.ADMIN, form: { ...form, remittanceDays: "10" } }));
    expect(saved.status).toBe(200);
    const items = await listReconciliationItems({ month: "2026-05", agencyId: otherId });
    // Remitted 8 days after the payment: late under 3 days, in time under 10.
    expect(items.map((item) => [item.status, item.remittanceDays])).toEqual([["MATCHED", 8]]);
  });

  test("`oversight agency upsert --remittance-days` sets them, refuses 121 with a clear error", { timeout: 300_000 }, async () => {
    const base = ["agency", "upsert", "--code", other, "--name", "Other agency", "--timezone", "Asia/Shanghai", "--commission", "0.18"];
    const refused = await oversight([...base, "--remittance-days", "121"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("--remittance-days: Enter a whole number of days from 0 to 120.");
    const done = await oversight([...base, "--remittance-days", "2"]);
    expect(done.code, done.stderr).toBe(0);
    expect((await getPrisma().agency.findUniqueOrThrow({ where: { id: otherId } })).remittanceDays).toBe(2);
    expect((await listReconciliationItems({ month: "2026-05", agencyId: otherId })).map((item) => item.status)).toEqual(["LATE_REMITTANCE"]);
    // Without the flag the days stay as they are.
    expect((await oversight(base)).code).toBe(0);
    expect((await getPrisma().agency.findUniqueOrThrow({ where: { id: otherId } })).remittanceDays).toBe(2);
  });
});

