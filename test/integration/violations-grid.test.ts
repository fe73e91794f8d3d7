import { beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { createAgency, ensureUser } from "~/demo/factories.server";
import { createRuleTestCustomer, insertActivityEvents } from "~/demo/rule-factories.server";
import { evaluateRulesForAccounts } from "~/rules/evaluate-rules.server";
import { ensureDefaultRulePacks } from "~/rules/rule-packs.server";
import { ViolationReviewError } from "~/violations/review-violations.server";
import { queryViolations } from "~/violations/query-violations.server";
import { refreshRollupsForAccounts } from "~/metrics/refresh-rollups.server";
import { reviewViolations } from "~/violations/review-violations.server";
import { defaultViolationSort, type ViolationFilters } from "~/violations/violation-grid-query";
import { action as violationsAction, loader as violationsLoader } from "~/routes/_app.violations._index";
import { loader as rowsLoader } from "~/routes/violations.rows";
import { buildRequest, runRoute, sessionCookieFor } from "../support/route-harness";

// Two agencies, each calling its own debtor after 21:00 Shanghai time: every call is a CONTACT_HOURS violation (the China pack ends at 22:00).
// Shares the run's database with other files, so every query filters by this file's agencies.
const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`.toUpperCase();
const xCode = `VGX${suffix}`;
const yCode = `VGY${suffix}`;
let xId: number;
let yId: number;
let xAccount: string;
let complianceId: number;
let agencyUserId: number;
let executiveId: number;

beforeAll(async () => {
  await ensureDefaultRulePacks();
  xId = await createAgency({ code: xCode, name: "Grid X" });
  yId = await createAgency({ code: yCode, name: "Grid Y", timeZone: "America/New_York" });
  const x = await createRuleTestCustomer({ accounts: [{ agencyId: xId }] });
  const y = await createRuleTestCustomer({ accounts: [{ agencyId: yId }] });
  const xAcc = x.accounts[0]!;
  const yAcc = y.accounts[0]!;
  xAccount = xAcc.accountNumber;
  await insertActivityEvents([
    ...[1, 2, 3, 4, 5].map((day) => ({ agencyId: xId, accountId: xAcc.accountId, occurredAt: `2026-03-0${day}T22:10:00+08:00`, agentExternalId: day % 2 ? "XA1" : "XA2" })),
    ...[2, 3, 4].map((day) => ({ agencyId: yId, accountId: yAcc.accountId, occurredAt: `2026-03-0${day}T22:40:00+08:00`, agentExternalId: "YA1" })),
  ]);
  await evaluateRulesForAccounts({ accountIds: [xAcc.accountId, yAcc.accountId] });
  complianceId = await ensureUser({ email: `vg-compliance-${suffix}@grid.test`, name: "Grid Compliance", role: "COMPLIANCE" });
  agencyUserId = await ensureUser({ email: `vg-agency-${suffix}@grid.test`, name: "Grid Agency", role: "AGENCY", agencyId: yId });
  executiveId = await ensureUser({ email: `vg-exec-${suffix}@grid.test`, name: "Grid Exec", role: "EXECUTIVE" });
});

const accountIdsOf = async (agencyIds: number[]) =>
  (await getPrisma().placement.findMany({ where: { agencyId: { in: agencyIds } }, select: { accountId: true } })).map((placement) => placement.accountId);
const contactHours = (filters: ViolationFilters = {}) => ({ rule: "CONTACT_HOURS", ...filters });
// The lender's reporting zone unless a test says otherwise.
const query = (options: Omit<Parameters<typeof queryViolations>[0], "timeZone" | "view"> & { timeZone?: string }) =>
  queryViolations({ timeZone: "Asia/Shanghai", view: "unmasked", ...options });

describe("queryViolations", () => {
  test("pages through one agency newest first, with a count on the first block and the end marked", async () => {
    const filters = contactHours({ agency: xCode });
    const first = await query({ filters, sort: defaultViolationSort, startRow: 0, endRow: 2 });
    expect(first.total).toBe(5);
    expect(first.countCapped).toBe(false);
    expect(first.lastRow).toBe(5);
    expect(first.rows.map((row) => row.occurredAt)).toEqual(["2026-03-05T14:10:00.000Z", "2026-03-04T14:10:00.000Z"]);
    const second = await query({ filters, sort: defaultViolationSort, startRow: 2, endRow: 4 });
    expect(second.total).toBeNull();
    expect(second.rows.map((row) => row.occurredAt)).toEqual(["2026-03-03T14:10:00.000Z", "2026-03-02T14:10:00.000Z"]);
    // The same page read by keyset from the first block's last row.
    const cursor = { occurredAt: first.rows[1]!.occurredAt, id: first.rows[1]!.id };
    const byCursor = await query({ filters, sort: defaultViolationSort, startRow: 2, endRow: 4, after: cursor });
    expect(byCursor.rows.map((row) => row.id)).toEqual(second.rows.map((row) => row.id));
    const ascendingCursor = await query({ filters, sort: { column: "occurredAt", direction: "asc" }, startRow: 1, endRow: 3, after: { occurredAt: "2026-03-01T14:10:00.000Z", id: "0" } });
    expect(ascendingCursor.rows.map((row) => row.occurredAt.slice(0, 10))).toEqual(["2026-03-01", "2026-03-02"]);
    const last = await query({ filters, sort: defaultViolationSort, startRow: 4, endRow: 6 });
    expect(last.rows).toHaveLength(1);
    expect(last.lastRow).toBe(5);
    expect(last.rows[0]).toMatchObject({
      ruleCode: "CONTACT_HOURS",
      severity: "MEDIUM",
      status: "OPEN",
      agencyCode: xCode,
      agentExternalId: "XA1",
      accountNumber: xAccount,
      timeZone: "Asia/Shanghai",
      explanation: { key: "rules.CONTACT_HOURS.explanation", params: { time: "2026-03-01 22:10" } },
    });
  });

  test("merges agencies in time order and sorts by other columns with stable ties", async () => {
    const both = await query({ filters: contactHours({ account: "RACC" }), sort: defaultViolationSort, startRow: 0, endRow: 500 });
    const mine = both.rows.filter((row) => row.agencyCode === xCode || row.agencyCode === yCode);
    expect(mine.map((row) => row.agencyCode)).toEqual([xCode, yCode, xCode, yCode, xCode, yCode, xCode, xCode]);
    const byAgent = await query({ filters: contactHours({ agency: xCode }), sort: { column: "agentExternalId", direction: "asc" }, startRow: 0, endRow: 10 });
    expect(byAgent.rows.map((row) => `${row.agentExternalId} ${row.occurredAt.slice(0, 10)}`)).toEqual([
      "XA1 2026-03-05",
      "XA1 2026-03-03",
      "XA1 2026-03-01",
      "XA2 2026-03-04",
      "XA2 2026-03-02",
    ]);
    const ascending = await query({ filters: contactHours({ agency: xCode }), sort: { column: "occurredAt", direction: "asc" }, startRow: 1, endRow: 3 });
    expect(ascending.rows.map((row) => row.occurredAt.slice(0, 10))).toEqual(["2026-03-02", "2026-03-03"]);
  });

  test("filters by agent, account prefix, status, severity, segment and the lender's reporting days", async () => {
    const count = async (filters: ViolationFilters, timeZone = "Asia/Shanghai") =>
      (await query({ filters: contactHours(filters), sort: defaultViolationSort, startRow: 0, endRow: 100, timeZone })).total;
    expect(await count({ agency: xCode, agent: "XA2" })).toBe(2);
    expect(await count({ agency: xCode, account: xAccount })).toBe(5);
    expect(await count({ agency: xCode, account: `${xAccount}%` })).toBe(0);
    expect(await count({ agency: xCode, severity: "HIGH" })).toBe(0);
    expect(await count({ agency: xCode, status: "OPEN", severity: "MEDIUM" })).toBe(5);
    expect(await count({ agency: xCode, status: "COUNTED" })).toBe(5);
    expect(await count({ agency: xCode, status: "DISMISSED" })).toBe(0);
    // 22:10 in Shanghai on 2 March is 2 March for a Shanghai lender, whatever the agency's own zone...
    expect(await count({ agency: xCode, from: "2026-03-02", to: "2026-03-02" })).toBe(1);
    expect(await count({ agency: yCode, from: "2026-03-03", to: "2026-03-04" })).toBe(2);
    expect(await count({ agency: yCode, from: "2026-03-05" })).toBe(0);
    // ...and 3 March for a lender reporting at UTC+14: the figures' days, so a drill-down lists what a bar counted.
    const kiritimati = await query({ filters: contactHours({ agency: xCode, from: "2026-03-03", to: "2026-03-03" }), sort: defaultViolationSort, startRow: 0, endRow: 10, timeZone: "Pacific/Kiritimati" });
    expect(kiritimati.rows.map((row) => row.occurredAt)).toEqual(["2026-03-02T14:10:00.000Z"]);
    // Segments come from the roll-ups (the account's product, its placement's days-past-due bucket: unknown here).
    await refreshRollupsForAccounts(await accountIdsOf([xId, yId]));
    expect(await count({ agency: xCode, product: "CONSUMER_LOAN" })).toBe(5);
    expect(await count({ agency: xCode, product: "CARD" })).toBe(0);
    expect(await count({ agency: xCode, product: "CONSUMER_LOAN", dpd: "0-89" })).toBe(0);
  });

  test("an agency scope wins over any agency filter", async () => {
    const scoped = await query({ filters: contactHours({ account: "RACC" }), sort: defaultViolationSort, startRow: 0, endRow: 500, scopeAgencyId: yId });
    expect(new Set(scoped.rows.map((row) => row.agencyCode))).toEqual(new Set([yCode]));
    expect(scoped.total).toBe(3);
    const crossed = await query({ filters: contactHours({ agency: xCode }), sort: defaultViolationSort, startRow: 0, endRow: 500, scopeAgencyId: yId });
    expect(crossed.rows).toEqual([]);
  });
});

describe("rows route", () => {
  test("an agency user gets only their agency's rows; bad parameters are a 400 with the fields named", async () => {
    const cookie = await sessionCookieFor(agencyUserId);
    const ok = await runRoute(rowsLoader, buildRequest(`/violations/rows?startRow=0&endRow=100&rule=CONTACT_HOURS&sort=agencyCode:asc`, { cookie }));
    expect(ok.status).toBe(200);
    const body = JSON.parse(String(ok.body)) as { rows: { agencyCode: string }[]; total: number };
    expect(body.total).toBe(3);
    expect(new Set(body.rows.map((row) => row.agencyCode))).toEqual(new Set([yCode]));
    const bad = await runRoute(rowsLoader, buildRequest(`/violations/rows?startRow=0&endRow=5000&sort=password:asc&severity=EXTREME`, { cookie }));
    expect(bad.status).toBe(400);
    const issues = (JSON.parse(String(bad.body)) as { issues: { field: string }[] }).issues.map((issue) => issue.field).sort();
    expect(issues).toEqual(["endRow", "severity", "sort"]);
    expect((await runRoute(rowsLoader, buildRequest(`/violations/rows?startRow=0&endRow=10`))).status).toBe(302);
  });
});

describe("bulk review", () => {
  test("a note is required, decided rows are reported, each decision is logged, dismissed rows stay visible", async () => {
    const open = await query({ filters: contactHours({ agency: xCode }), sort: defaultViolationSort, startRow: 0, endRow: 10 });
    const [first, second, third] = open.rows.map((row) => row.id);
    await expect(reviewViolations({ ids: [first!], decision: "DISMISSED", note: "   ", userId: complianceId })).rejects.toBeInstanceOf(ViolationReviewError);
    expect((await getPrisma().violation.findFirstOrThrow({ where: { id: BigInt(first!) } })).status).toBe("OPEN");

    await reviewViolations({ ids: [first!], decision: "CONFIRMED", note: "Clear breach", userId: complianceId });
    const result = await reviewViolations({ ids: [first!, second!, third!, "99999999999"], decision: "DISMISSED", note: "Debtor asked for an evening call", userId: complianceId });
    expect(result.reviewed).toEqual([second, third]);
    expect(result.failures).toEqual([
      { id: first, reason: "NOT_OPEN" },
      { id: "99999999999", reason: "NOT_FOUND" },
    ]);
    expect(result.accountIds).toHaveLength(1);
    const logged = await getPrisma().accessLog.findMany({ where: { userId: complianceId, action: "VIOLATION_REVIEWED", resourceId: { in: [first!, second!, third!] } } });
    expect(logged.map((entry) => [entry.resourceId, (entry.detail as { decision: string }).decision]).sort()).toEqual(
      [
        [first, "CONFIRMED"],
        [second, "DISMISSED"],
        [third, "DISMISSED"],
      ].sort(),
    );
    const dismissed = await query({ filters: contactHours({ agency: xCode, status: "DISMISSED" }), sort: defaultViolationSort, startRow: 0, endRow: 10 });
    expect(dismissed.rows.map((row) => [row.id, row.reviewNote, row.reviewedByName])).toEqual([
      [second, "Debtor asked for an evening call", "Grid Compliance"],
      [third, "Debtor asked for an evening call", "Grid Compliance"],
    ]);
    expect((await query({ filters: contactHours({ agency: xCode }), sort: defaultViolationSort, startRow: 0, endRow: 10 })).total).toBe(5);
  });

  test("the action needs the review permission, validates the form and reports per-row failures", async () => {
    const open = await query({ filters: contactHours({ agency: yCode, status: "OPEN" }), sort: defaultViolationSort, startRow: 0, endRow: 10 });
    const ids = open.rows.map((row) => row.id);
    const form = (values: Record<string, string | string[]>) => {
      const body = new URLSearchParams();
      for (const [key, value] of Object.entries(values)) for (const item of [value].flat()) body.append(key, item);
      return body;
    };
    const post = async (userId: number, body: URLSearchParams) => {
      const request = buildRequest("/violations", { cookie: await sessionCookieFor(userId), method: "POST" });
      return runRoute(violationsAction, new Request(request.url, { method: "POST", headers: request.headers, body }));
    };
    expect((await post(executiveId, form({ ids, decision: "DISMISSED", note: "x" }))).status).toBe(403);
    expect((await post(agencyUserId, form({ ids, decision: "DISMISSED", note: "x" }))).status).toBe(403);
    const noNote = await post(complianceId, form({ ids, decision: "DISMISSED", note: " " }));
    expect(noNote).toMatchObject({ status: 400, body: { ok: false, field: "note" } });
    expect((await post(complianceId, form({ ids, decision: "MAYBE", note: "x" }))).status).toBe(400);
    const done = await post(complianceId, form({ ids: [...ids, ids[0]!], decision: "CONFIRMED", note: "Late calls confirmed" }));
    expect(done).toMatchObject({ status: 200, body: { ok: true, result: { decision: "CONFIRMED", reviewed: ids, failures: [] } } });
    const again = await post(complianceId, form({ ids: [ids[0]!], decision: "DISMISSED", note: "Second opinion" }));
    expect(again).toMatchObject({ status: 200, body: { ok: true, result: { reviewed: [], failures: [{ id: ids[0], reason: "NOT_OPEN" }] } } });
  });
});

describe("review every open violation a filter matches", () => {
  test("shows the count, refuses when it changed, decides all matching open rows in one go and logs each", async () => {
    const filterQuery = `rule=CONTACT_HOURS&agency=${xCode}&from=2026-03-01&to=2026-03-31`;
    const cookie = await sessionCookieFor(complianceId);
    const openBlock = await query({ filters: contactHours({ agency: xCode, status: "OPEN" }), sort: defaultViolationSort, startRow: 0, endRow: 10 });
    const openBefore = { rows: openBlock.rows, total: openBlock.total ?? 0 };
    expect(openBefore.total).toBeGreaterThan(0);
    const page = await runRoute(violationsLoader, buildRequest(`/violations?${filterQuery}`, { cookie }));
    expect((page.body as { openMatching: { count: number; capped: boolean } }).openMatching).toEqual({ count: openBefore.total, capped: false });

    const post = async (userId: number, fields: Record<string, string>) => {
      const body = new URLSearchParams({ intent: "filter", ...Object.fromEntries(new URLSearchParams(filterQuery)), ...fields });
      const request = buildRequest("/violations", { cookie: await sessionCookieFor(userId), method: "POST" });
      return runRoute(violationsAction, new Request(request.url, { method: "POST", headers: request.headers, body }));
    };
    expect((await post(executiveId, { decision: "DISMISSED", note: "x", expectedCount: String(openBefore.total) })).status).toBe(403);
    // The reviewer saw a different number: nothing is decided, and the new number is given back.
    const stale = await post(complianceId, { decision: "DISMISSED", note: "Consent on file", expectedCount: String(openBefore.total + 3) });
    expect(stale).toMatchObject({ status: 409, body: { ok: false, field: "count", count: openBefore.total } });
    expect((await query({ filters: contactHours({ agency: xCode, status: "OPEN" }), sort: defaultViolationSort, startRow: 0, endRow: 10 })).total).toBe(openBefore.total);
    expect((await post(complianceId, { decision: "DISMISSED", note: " ", expectedCount: String(openBefore.total) })).status).toBe(400);

    const done = await post(complianceId, { decision: "DISMISSED", note: "Consent on file", expectedCount: String(openBefore.total) });
    expect(done).toMatchObject({ status: 200, body: { ok: true, reviewedCount: openBefore.total, result: { decision: "DISMISSED" } } });
    expect((await query({ filters: contactHours({ agency: xCode, status: "OPEN" }), sort: defaultViolationSort, startRow: 0, endRow: 10 })).total).toBe(0);
    // The other agency's rows were never part of the filter.
    const ids = openBefore.rows.map((row) => row.id);
    const decided = await getPrisma().violation.findMany({ where: { id: { in: ids.map((id) => BigInt(id)) } } });
    expect(decided.every((violation) => violation.status === "DISMISSED" && violation.reviewNote === "Consent on file" && violation.reviewedById === complianceId)).toBe(true);
    expect(decided.every((violation) => violation.reviewedAt !== null && Math.abs(violation.reviewedAt.getTime() - Date.now()) < 60_000)).toBe(true);
    const logged = await getPrisma().accessLog.findMany({ where: { userId: complianceId, action: "VIOLATION_REVIEWED", resourceId: { in: ids } } });
    expect(logged.map((entry) => entry.resourceId).sort()).toEqual([...ids].sort());
    expect(logged[0]?.detail).toMatchObject({ decision: "DISMISSED", ruleCode: "CONTACT_HOURS", agencyCode: xCode, byFilter: { rule: "CONTACT_HOURS", agency: xCode } });
    const after = await runRoute(violationsLoader, buildRequest(`/violations?${filterQuery}`, { cookie }));
    expect((after.body as { openMatching: { count: number } }).openMatching.count).toBe(0);
  });
});

describe("the masked view", () => {
  test("a review note naming the debtor is masked with the names on file for the account's customer", async () => {
    const [confirmed] = (await query({ filters: contactHours({ agency: xCode, status: "CONFIRMED" }), sort: defaultViolationSort, startRow: 0, endRow: 10 })).rows;
    await getPrisma().violation.updateMany({ where: { id: BigInt(confirmed!.id) }, data: { reviewNote: "Spoke to 测试债务人 about the evening call" } });
    const read = (view: "masked" | "unmasked") => queryViolations({ timeZone: "Asia/Shanghai", view, filters: contactHours({ agency: xCode, status: "CONFIRMED" }), sort: defaultViolationSort, startRow: 0, endRow: 10 });
    expect((await read("unmasked")).rows[0]!.reviewNote).toBe("Spoke to 测试债务人 about the evening call");
    const masked = (await read("masked")).rows[0]!.reviewNote;
    expect(masked).not.toContain("测试债务人");
    expect(masked).toContain("about the evening call");
  });
});
