import { beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { createAgency, ensureUser } from "~/demo/factories.server";
import { createRuleTestCustomer, insertActivityEvents } from "~/demo/rule-factories.server";
import { getCase } from "~/cases/cases.server";
import { complaintInputSchema } from "~/complaints/complaint-input";
import { createComplaint } from "~/complaints/create-complaint.server";
import { queryComplaints } from "~/complaints/query-complaints.server";
import { evaluateRulesForAccounts } from "~/rules/evaluate-rules.server";
import { getMetricValues } from "~/metrics/metrics.server";
import { refreshRollupsForAccounts } from "~/metrics/refresh-rollups.server";
import { recomputeMetricsFromEvents } from "../support/recompute-metrics";
import { ensureDefaultRulePacks } from "~/rules/rule-packs.server";
import { action as newComplaintAction } from "~/routes/_app.complaints.new";
import { action as caseAction, loader as caseLoader } from "~/routes/_app.cases.$accountNumber";
import { loader as complaintRowsLoader } from "~/routes/complaints.rows";
import { buildRequest, runRoute, sessionCookieFor } from "../support/route-harness";

const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`.toUpperCase();
const aCode = `CCA${suffix}`;
const bCode = `CCB${suffix}`;
let aId: number;
let bId: number;
let accountNumber: string;
let accountId: number;
let complianceId: number;
let executiveId: number;
let agencyBUserId: number;

beforeAll(async () => {
  await ensureDefaultRulePacks();
  aId = await createAgency({ code: aCode, name: "Cases A" });
  bId = await createAgency({ code: bCode, name: "Cases B" });
  // One debtor, one account placed first with A then with B. Three connected calls in one day by A, and a fourth by
  // B: the China pack allows 3 connected calls a day across agencies, so B's call is a violation resting on A's calls.
  const customer = await createRuleTestCustomer({ accounts: [{ agencyId: aId, placedAt: "2026-02-01", recalledAt: "2026-03-01", placedBalance: "5000.00" }] });
  const account = customer.accounts[0]!;
  accountNumber = account.accountNumber;
  accountId = account.accountId;
  await getPrisma().placement.create({ data: { accountId, agencyId: bId, placedAt: new Date("2026-03-02T00:00:00Z"), placedBalance: "4200.00", currency: "CNY", dpdAtPlacement: 120 } });
  await insertActivityEvents([
    { agencyId: aId, accountId, occurredAt: "2026-02-10T10:00:00+08:00", type: "PAYMENT", amount: "800.00", contactParty: null, outcome: null },
    ...[9, 10, 11].map((hour) => ({ agencyId: bId, accountId, occurredAt: `2026-03-05T${String(hour).padStart(2, "0")}:00:00+08:00`, outcome: "CONNECTED" as const, eventId: `CC-${hour}-${suffix}` })),
    { agencyId: bId, accountId, occurredAt: "2026-03-05T12:00:00+08:00", type: "SMS", messageText: "<b>请尽快还款</b> 回复TD退订", eventId: `CC-SMS-${suffix}` },
    { agencyId: bId, accountId, occurredAt: "2026-03-05T15:00:00+08:00", outcome: "CONNECTED", eventId: `CC-15-${suffix}` },
    { agencyId: bId, accountId, occurredAt: "2026-03-06T10:00:00+08:00", type: "PAYMENT", amount: "200.00", contactParty: null, outcome: null },
  ]);
  await evaluateRulesForAccounts({ accountIds: [accountId] });
  complianceId = await ensureUser({ email: `cc-compliance-${suffix}@cases.test`, name: "Case Compliance", role: "COMPLIANCE" });
  executiveId = await ensureUser({ email: `cc-exec-${suffix}@cases.test`, name: "Case Exec", role: "EXECUTIVE" });
  agencyBUserId = await ensureUser({ email: `cc-agency-${suffix}@cases.test`, name: "Case Agency B", role: "AGENCY", agencyId: bId });
});

describe("case page", () => {
  test("placements, running balance, violation with its evidence, masked for the executive", async () => {
    const lookup = await getCase({ accountNumber, view: "masked" });
    if (!lookup.found) throw new Error("case not found");
    const { detail } = lookup;
    expect(detail.placements.map((placement) => [placement.agencyCode, placement.placedAt, placement.recalledAt, placement.placedBalance, placement.dpdAtPlacement])).toEqual([
      [aCode, "2026-02-01", "2026-03-01", "5000.00", null],
      [bCode, "2026-03-02", null, "4200.00", 120],
    ]);
    expect(detail.debtorName).toBe("测****");
    expect(detail.events.map((event) => [event.type, event.balance])).toEqual([
      ["PAYMENT", "4200.00"],
      ["CALL", "4200.00"],
      ["CALL", "4200.00"],
      ["CALL", "4200.00"],
      ["SMS", "4200.00"],
      ["CALL", "4200.00"],
      ["PAYMENT", "4000.00"],
    ]);
    const daily = detail.violations.find((violation) => violation.ruleCode === "DAILY_CONNECTED_CALLS");
    expect(daily).toMatchObject({ agencyCode: bCode, status: "OPEN", explanation: { key: "rules.DAILY_CONNECTED_CALLS.explanation", params: { count: 4, max: 3 } } });
    const byId = new Map(detail.events.map((event) => [event.id, event.eventId]));
    expect(daily!.evidenceEventIds.map((id) => byId.get(id))).toEqual([`CC-9-${suffix}`, `CC-10-${suffix}`, `CC-11-${suffix}`, `CC-15-${suffix}`]);
    expect(byId.get(daily!.triggerEventId)).toBe(`CC-15-${suffix}`);
  });

  test("an agency user sees only their agency's part; review from the case page needs the permission and this case", async () => {
    const agencyView = await runRoute(caseLoader, buildRequest(`/cases/${accountNumber}`, { cookie: await sessionCookieFor(agencyBUserId) }), { accountNumber });
    const body = agencyView.body as { detail: { placements: { agencyCode: string }[]; events: { agencyCode: string }[] }; canReview: boolean };
    expect(body.detail.placements.map((placement) => placement.agencyCode)).toEqual([bCode]);
    expect(new Set(body.detail.events.map((event) => event.agencyCode))).toEqual(new Set([bCode]));
    expect(body.canReview).toBe(false);

    const violation = await getPrisma().violation.findFirstOrThrow({ where: { accountId, ruleCode: "DAILY_CONNECTED_CALLS" } });
    const form = (values: Record<string, string>) => new URLSearchParams(values);
    const post = async (userId: number, path: string, params: Record<string, string>, values: Record<string, string>) => {
      const request = buildRequest(path, { cookie: await sessionCookieFor(userId), method: "POST" });
      return runRoute(caseAction, new Request(request.url, { method: "POST", headers: request.headers, body: form(values) }), params);
    };
    const values = { ids: violation.id.toString(), decision: "DISMISSED", note: "Debtor called back himself" };
    expect((await post(executiveId, `/cases/${accountNumber}`, { accountNumber }, values)).status).toBe(403);
    const other = await createRuleTestCustomer({ accounts: [{ agencyId: aId }] });
    const otherNumber = other.accounts[0]!.accountNumber;
    expect((await post(complianceId, `/cases/${otherNumber}`, { accountNumber: otherNumber }, values)).status).toBe(404);
    expect((await post(complianceId, `/cases/${accountNumber}`, { accountNumber }, { ...values, note: "" })).status).toBe(400);
    const done = await post(complianceId, `/cases/${accountNumber}`, { accountNumber }, values);
    expect(done).toMatchObject({ status: 200, body: { ok: true, result: { reviewed: [violation.id.toString()], failures: [] } } });
    const after = await getCase({ accountNumber, view: "unmasked" });
    expect(after.found && after.detail.violations.find((entry) => entry.id === violation.id.toString())).toMatchObject({
      status: "DISMISSED",
      reviewNote: "Debtor called back himself",
      reviewedByName: "Case Compliance",
    });
    expect(await getPrisma().accessLog.count({ where: { action: "VIOLATION_REVIEWED", resourceId: violation.id.toString(), userId: complianceId } })).toBe(1);
  });
});

describe("complaints", () => {
  const valid = { receivedAt: "2026-03-07T09:30", source: "DEBTOR", category: "harassment", severity: "HIGH" };

  test.each<[string, Record<string, string>, string[]]>([
    ["missing time and category", { source: "DEBTOR", severity: "LOW" }, ["receivedAt", "category"]],
    ["unknown source", { ...valid, source: "PIGEON" }, ["source"]],
    ["bad phone", { ...valid, phoneNumber: "call me" }, ["phoneNumber"]],
    ["bad reference", { ...valid, complaintRef: "A B" }, ["complaintRef"]],
  ])("form validation: %s", (_name, values, fields) => {
    const parsed = complaintInputSchema.safeParse(values);
    expect(parsed.success).toBe(false);
    expect([...new Set(parsed.error!.issues.map((issue) => String(issue.path[0])))].sort()).toEqual([...fields].sort());
  });

  test("checks the account, agency, agent, reference and time against what is stored, then stores it in the agency's time", async () => {
    const input = (values: Record<string, string>) => complaintInputSchema.parse({ ...valid, ...values });
    const bad = await createComplaint(input({ accountNumber: "NO-SUCH-ACCOUNT", agencyId: "999999", agentExternalId: "R001" }));
    expect(bad).toEqual({
      ok: false,
      errors: {
        accountNumber: { key: "validation.complaintAccountUnknown" },
        agencyId: { key: "validation.complaintAgencyUnknown" },
        agentExternalId: { key: "validation.complaintAgentNeedsAgency" },
      },
    });
    expect((await createComplaint(input({ agencyId: String(bId), agentExternalId: "NOBODY" })))).toMatchObject({ ok: false, errors: { agentExternalId: { key: "validation.complaintAgentUnknown" } } });
    expect(await createComplaint(input({ receivedAt: "2999-01-01T00:00" }))).toMatchObject({ ok: false, errors: { receivedAt: { key: "validation.complaintReceivedInFuture" } } });

    const created = await createComplaint(input({ accountNumber, agencyId: String(bId), agentExternalId: "R001", phoneNumber: "+86 139-0000-1111", description: "催收员态度恶劣" }));
    expect(created).toMatchObject({ ok: true, complaintRef: expect.stringMatching(/^MAN-\d{8}-[0-9A-F]{6}$/) });
    if (!created.ok) throw new Error("not created");
    const stored = await getPrisma().complaint.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored).toMatchObject({ accountId, agencyId: bId, category: "HARASSMENT", severity: "HIGH", phoneNumber: "+8613900001111", description: "催收员态度恶劣" });
    expect(stored.receivedAt.toISOString()).toBe("2026-03-07T01:30:00.000Z");
    expect(await createComplaint(input({ complaintRef: created.complaintRef }))).toMatchObject({ ok: false, errors: { complaintRef: { key: "validation.complaintRefTaken" } } });

    const grid = await queryComplaints({ view: "unmasked", timeZone: "Asia/Shanghai", filters: { agency: bCode }, sort: { column: "receivedAt", direction: "desc" }, startRow: 0, endRow: 100 });
    expect(grid.rows.map((row) => [row.complaintRef, row.accountNumber, row.agentExternalId, row.category])).toEqual([[created.complaintRef, accountNumber, "R001", "HARASSMENT"]]);
    expect(grid).toMatchObject({ total: 1, lastRow: 1 });
    // The dashboards' segment filters, from the roll-ups the complaint's stages refreshed.
    const bySegment = async (product: string) =>
      (await queryComplaints({ view: "unmasked", timeZone: "Asia/Shanghai", filters: { agency: bCode, product }, sort: { column: "receivedAt", direction: "desc" }, startRow: 0, endRow: 100 })).total;
    expect(await bySegment("CONSUMER_LOAN")).toBe(1);
    expect(await bySegment("CARD")).toBe(0);
    const caseView = await getCase({ accountNumber, view: "masked" });
    expect(caseView.found && caseView.detail.complaints.map((complaint) => [complaint.complaintRef, complaint.phoneNumber])).toEqual([[created.complaintRef, "+861****1111"]]);
  });

  test("a complaint entered by hand counts in the metrics at once; a wrong-number report re-judges and re-counts later contacts", async () => {
    // An agency of its own: the file's other factories write accounts whose roll-ups they never refresh.
    const cId = await createAgency({ code: `CCC${suffix}`, name: "Cases C" });
    const customer = await createRuleTestCustomer({ accounts: [{ agencyId: cId, placedAt: "2026-04-01", phoneNumbers: ["13955550001"] }] });
    const target = customer.accounts[0]!;
    // A call to the number before the report and one after it: only the later one is to a number reported wrong.
    await insertActivityEvents([
      { agencyId: cId, accountId: target.accountId, occurredAt: "2026-04-02T10:00:00+08:00", phoneNumber: "13955550001" },
      { agencyId: cId, accountId: target.accountId, occurredAt: "2026-04-10T10:00:00+08:00", phoneNumber: "13955550001" },
    ]);
    await evaluateRulesForAccounts({ accountIds: [target.accountId] });
    await refreshRollupsForAccounts([target.accountId]);
    const april = { from: "2026-04-01", to: "2026-04-30", agencyIds: [cId] };
    expect(await getMetricValues(april)).toMatchObject({ complaints: 0, wrongPartyContacts: 0, outboundContacts: 2 });

    const reported = await createComplaint(complaintInputSchema.parse({ receivedAt: "2026-04-05T09:00", source: "NON_BORROWER", category: "not me", severity: "MEDIUM", agencyId: String(cId), phoneNumber: "13955550001" }));
    expect(reported.ok).toBe(true);
    const after = await getMetricValues(april);
    expect(after).toMatchObject({ complaints: 1, wrongPartyContacts: 1, outboundContacts: 2 });
    expect(after).toEqual(await recomputeMetricsFromEvents(april));
    const repeat = await getPrisma().violation.findMany({ where: { accountId: target.accountId, ruleCode: "WRONG_PARTY_REPEAT" }, select: { occurredAt: true } });
    expect(repeat.map((violation) => violation.occurredAt.toISOString())).toEqual(["2026-04-10T02:00:00.000Z"]);
  });

  test("the form route refuses roles without complaints.create and keeps the typed values on errors", async () => {
    const post = async (userId: number, values: Record<string, string>) => {
      const request = buildRequest("/complaints/new", { cookie: await sessionCookieFor(userId), method: "POST" });
      return runRoute(newComplaintAction, new Request(request.url, { method: "POST", headers: request.headers, body: new URLSearchParams(values) }));
    };
    expect((await post(executiveId, valid)).status).toBe(403);
    const rejected = await post(complianceId, { ...valid, accountNumber: "NOPE", description: "keep me" });
    expect(rejected).toMatchObject({ status: 400, body: { errors: { accountNumber: { key: "validation.complaintAccountUnknown" } }, values: { description: "keep me" } } });
    const ok = await post(complianceId, { ...valid, complaintRef: `REF-${suffix}`, agencyId: String(aId) });
    expect(ok).toMatchObject({ status: 302, location: `/complaints?created=REF-${suffix}` });
  });

  test("the rows route scopes agency users to their agency", async () => {
    const response = await runRoute(complaintRowsLoader, buildRequest(`/complaints/rows?startRow=0&endRow=100&agency=${aCode}`, { cookie: await sessionCookieFor(agencyBUserId) }));
    expect(JSON.parse(String(response.body))).toMatchObject({ rows: [], total: 0 });
    const own = await runRoute(complaintRowsLoader, buildRequest(`/complaints/rows?startRow=0&endRow=100&sort=category:asc`, { cookie: await sessionCookieFor(agencyBUserId) }));
    const rows = (JSON.parse(String(own.body)) as { rows: { agencyCode: string }[] }).rows;
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((row) => row.agencyCode))).toEqual(new Set([bCode]));
  });
});
