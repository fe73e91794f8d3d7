import { beforeAll, describe, expect, test } from "vitest";
import { getCase } from "~/cases/cases.server";
import { listCaseRows, type CaseRowsQuery, type CaseSortColumn } from "~/cases/list-case-rows.server";
import { getPrisma } from "~/db/client.server";
import { createAgency } from "~/demo/factories.server";
import { createRuleTestCustomer, insertActivityEvents } from "~/demo/rule-factories.server";
import { evaluateRulesForAccounts } from "~/rules/evaluate-rules.server";
import { ensureDefaultRulePacks } from "~/rules/rule-packs.server";

// Three placements with one agency, each with its own figures: the same rows and order on one server and on a Citus
// cluster (vitest.citus.config.ts), where the grid reads its figures by grouped joins instead of per-row subqueries.
// Shares the run's database with other files, so every query filters by this file's agency.
const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`.toUpperCase();
let xId: number;
const accounts: Record<"a" | "b" | "c", { accountId: number; accountNumber: string }> = {} as never;
const placementOf: Record<"a" | "b" | "c", number> = {} as never;
let otherPhone: string;

beforeAll(async () => {
  await ensureDefaultRulePacks();
  xId = await createAgency({ code: `CGX${suffix}`, name: "Cases X" });
  const yId = await createAgency({ code: `CGY${suffix}`, name: "Cases Y" });
  // A's customer has a second account with another agency, whose number on file is a 7-digit local one.
  otherPhone = "6612345";
  const a = await createRuleTestCustomer({ accounts: [{ agencyId: xId, placedAt: "2026-01-05", placedBalance: "5000.00" }, { agencyId: yId, phoneNumbers: [otherPhone] }] });
  const b = await createRuleTestCustomer({ accounts: [{ agencyId: xId, placedAt: "2026-01-10", placedBalance: "20000.00" }] });
  const c = await createRuleTestCustomer({ accounts: [{ agencyId: xId, placedAt: "2026-01-02", recalledAt: "2026-02-01", placedBalance: "8000.00" }] });
  accounts.a = a.accounts[0]!;
  accounts.b = b.accounts[0]!;
  accounts.c = c.accounts[0]!;
  for (const key of ["a", "b", "c"] as const) {
    placementOf[key] = (await getPrisma().placement.findFirstOrThrow({ where: { accountId: accounts[key].accountId, agencyId: xId } })).id;
  }
  const payment = (accountId: number, occurredAt: string, amount: string) => ({ agencyId: xId, accountId, occurredAt, type: "PAYMENT" as const, direction: "INBOUND" as const, amount, phoneNumber: null });
  await insertActivityEvents([
    payment(accounts.a.accountId, "2026-01-03T10:00:00+08:00", "999.00"), // before the placement: not collected
    payment(accounts.a.accountId, "2026-01-12T10:00:00+08:00", "100.00"),
    payment(accounts.a.accountId, "2026-02-03T10:00:00+08:00", "250.00"),
    { agencyId: xId, accountId: accounts.a.accountId, occurredAt: "2026-01-20T22:10:00+08:00" }, // after 21:00: a violation
    { agencyId: xId, accountId: accounts.a.accountId, occurredAt: "2026-01-21T10:00:00+08:00", type: "SMS", messageText: `请回电 ${otherPhone}，测试债务人` },
    payment(accounts.b.accountId, "2026-01-14T10:00:00+08:00", "40.00"),
    { agencyId: xId, accountId: accounts.b.accountId, occurredAt: "2026-01-15T10:00:00+08:00" },
    payment(accounts.c.accountId, "2026-02-05T10:00:00+08:00", "70.00"), // after the recall: not collected
  ]);
  await evaluateRulesForAccounts({ accountIds: [accounts.a.accountId, accounts.b.accountId, accounts.c.accountId] });
});

const list = (options: Partial<CaseRowsQuery> = {}) =>
  listCaseRows({ agencyIds: [xId], offset: 0, limit: 50, view: "unmasked", timeZone: "Asia/Shanghai", ...options });
const order = (rows: { placementId: number }[]) =>
  rows.map((row) => (Object.entries(placementOf).find(([, id]) => id === row.placementId) ?? ["?"])[0]);
const sorted = async (column: CaseSortColumn, direction: "asc" | "desc") => order((await list({ sort: { column, direction } })).rows);

describe("listCaseRows", () => {
  test("one row per placement with its figures, newest placement first", async () => {
    const violationsOf = (key: "a" | "c") => getPrisma().violation.count({ where: { accountId: accounts[key].accountId, agencyId: xId, status: { not: "DISMISSED" } } });
    const violationsOfA = await violationsOf("a");
    // The late call (A) and the payment after the recall (C).
    expect(violationsOfA).toBeGreaterThan(0);
    const page = await list();
    expect(page.total).toBe(3);
    expect(order(page.rows)).toEqual(["b", "a", "c"]);
    const byKey = Object.fromEntries(page.rows.map((row, index) => [order(page.rows)[index]!, row]));
    expect(byKey.a).toMatchObject({ accountNumber: accounts.a.accountNumber, collected: "350.00", lastContactAt: "2026-01-21T02:00:00.000Z", violations: violationsOfA, placedBalance: "5000.00" });
    expect(byKey.b).toMatchObject({ collected: "40.00", lastContactAt: "2026-01-15T02:00:00.000Z", violations: 0 });
    expect(byKey.c).toMatchObject({ collected: "0.00", lastContactAt: null, violations: await violationsOf("c"), recalledAt: "2026-02-01" });
  });

  test.each([
    ["collected", "asc", ["c", "b", "a"]],
    ["collected", "desc", ["a", "b", "c"]],
    ["violations", "desc", ["a", "c", "b"]],
    ["lastContactAt", "desc", ["a", "b", "c"]],
    ["lastContactAt", "asc", ["b", "a", "c"]],
    ["placedBalance", "asc", ["a", "c", "b"]],
    ["placedAt", "asc", ["c", "a", "b"]],
  ] as const)("sorted by %s %s", async (column, direction, expected) => {
    expect(await sorted(column, direction)).toEqual(expected);
  });

  test("sorted by account number and agency, paged without overlap", async () => {
    const byNumber = [...(["a", "b", "c"] as const)].sort((x, y) => accounts[x].accountNumber.localeCompare(accounts[y].accountNumber));
    expect(await sorted("accountNumber", "asc")).toEqual(byNumber);
    const pages = [];
    for (const offset of [0, 1, 2]) pages.push(...order((await list({ sort: { column: "collected", direction: "desc" }, offset, limit: 1 })).rows));
    expect(pages).toEqual(["a", "b", "c"]);
    expect(order((await list({ offset: 3 })).rows)).toEqual([]);
  });

  test("a period counts only its payments and violations, and keeps placements held in it", async () => {
    const january = await list({ from: "2026-01-01", to: "2026-01-31" });
    expect(Object.fromEntries(january.rows.map((row, index) => [order(january.rows)[index], row.collected]))).toEqual({ a: "100.00", b: "40.00", c: "0.00" });
    const march = await list({ from: "2026-03-01", to: "2026-03-31", sort: { column: "violations", direction: "desc" } });
    // C was recalled in February; A and B have no payments or violations in March.
    expect(order(march.rows)).toEqual(["b", "a"]);
    expect(march.rows.map((row) => [row.collected, row.violations])).toEqual([
      ["0.00", 0],
      ["0.00", 0],
    ]);
  });

  test("the masked view masks the debtor's name; a search finds by account number", async () => {
    const masked = await list({ view: "masked", search: accounts.a.accountNumber });
    expect(masked.total).toBe(1);
    expect(masked.rows[0]!.debtorName).not.toBe("测试债务人");
    expect(masked.rows[0]!.collected).toBe("350.00");
  });
});

describe("the case page's masked view", () => {
  test("free text is masked with the names and numbers on file for the customer's other accounts", async () => {
    const read = async (view: "masked" | "unmasked") => {
      const found = await getCase({ accountNumber: accounts.a.accountNumber, view });
      if (!found.found) throw new Error("case not found");
      return found.detail.events.find((event) => event.type === "SMS")!.messageText;
    };
    expect(await read("unmasked")).toBe(`请回电 ${otherPhone}，测试债务人`);
    const masked = await read("masked");
    expect(masked).not.toContain(otherPhone);
    expect(masked).not.toContain("测试债务人");
  });
});
