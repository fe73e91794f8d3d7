import ExcelJS from "exceljs";
import { beforeAll, describe, expect, test } from "vitest";
import { clientAddressHeader } from "~/auth/session.server";
import { getPrisma } from "~/db/client.server";
import { createAgency, ensureUser } from "~/demo/factories.server";
import { createRuleTestCustomer, insertActivityEvents } from "~/demo/rule-factories.server";
import { actorFromUser, escalateFinding, issueFinding, raiseFindingByRules, systemActor } from "~/findings/findings.server";
import { refreshRollupsForAccounts } from "~/metrics/refresh-rollups.server";
import { evaluateRulesForAccounts } from "~/rules/evaluate-rules.server";
import { ensureDefaultRulePacks } from "~/rules/rule-packs.server";
import * as exportRoute from "~/routes/findings.export";
import * as raiseRoute from "~/routes/findings.raise";
import * as rowsRoute from "~/routes/findings.rows";
import { buildRequest, runRoute, sessionCookieFor } from "../support/route-harness";

// The findings grid's rows and its CSV and Excel export through their guards: the filters (status, agency, rule,
// overdue, repeat), the sort whitelist, AGENCY scoping (rows and files), the reader's language, the access log.
const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`.toUpperCase();
const code = `FGR${suffix}`;
const otherCode = `FGO${suffix}`;
let compliance: string;
let agency: string;
let otherAgency: string;
let complianceZh: string;
let complianceUserId: number;
let agencyIdOf: { own: number; other: number };
const ids: Record<"draft" | "overdue" | "repeat" | "escalated" | "other", number> = { draft: 0, overdue: 0, repeat: 0, escalated: 0, other: 0 };

type Block = { rows: { id: number; agencyCode: string; status: string; overdue: boolean; repeatOfId: number | null }[]; total: number | null; lastRow: number | null };

beforeAll(async () => {
  await ensureDefaultRulePacks();
  const agencyId = await createAgency({ code, name: "Grid agency" });
  const otherAgencyId = await createAgency({ code: otherCode, name: "Grid other" });
  agencyIdOf = { own: agencyId, other: otherAgencyId };
  const customers = await Promise.all([agencyId, agencyId, otherAgencyId].map((owner) => createRuleTestCustomer({ accounts: [{ agencyId: owner, placedAt: "2026-01-01" }] })));
  const accountIds = customers.map((customer) => customer.accounts[0]!.accountId);
  // Late calls (CONTACT_HOURS) in February and March for both agencies.
  await insertActivityEvents(
    customers.flatMap((customer, index) => [
      { agencyId: index < 2 ? agencyId : otherAgencyId, accountId: customer.accounts[0]!.accountId, occurredAt: `2026-02-1${index}T22:15:00+08:00`, agentExternalId: "FG1" },
      { agencyId: index < 2 ? agencyId : otherAgencyId, accountId: customer.accounts[0]!.accountId, occurredAt: `2026-03-1${index}T22:15:00+08:00`, agentExternalId: "FG1" },
    ]),
  );
  await evaluateRulesForAccounts({ accountIds });
  await refreshRollupsForAccounts(accountIds);
  const users = await Promise.all([
    ensureUser({ email: `fgr-compliance-${suffix}@findings.test`.toLowerCase(), name: "Grid Compliance", role: "COMPLIANCE" }),
    ensureUser({ email: `fgr-agency-${suffix}@findings.test`.toLowerCase(), name: "Grid Agency", role: "AGENCY", agencyId }),
    ensureUser({ email: `fgr-other-${suffix}@findings.test`.toLowerCase(), name: "Grid Other", role: "AGENCY", agencyId: otherAgencyId }),
    ensureUser({ email: `fgr-zh-${suffix}@findings.test`.toLowerCase(), name: "Grid 合规", role: "COMPLIANCE", locale: "zh-CN" }),
  ]);
  complianceUserId = users[0];
  const cookies = await Promise.all(users.map((id) => sessionCookieFor(id)));
  [compliance, agency, otherAgency, complianceZh] = [cookies[0]!, cookies[1]!, cookies[2]!, cookies[3]!];
  const actor = actorFromUser({ id: users[0], role: "COMPLIANCE", agencyId: null });
  const at = new Date("2026-04-02T02:00:00Z");
  const raise = async (owner: number, from: string, to: string, title: string) => (await raiseFindingByRules({ agencyId: owner, ruleCodes: ["CONTACT_HOURS"], from, to, title }, actor, at)).findingId;
  // Issued with a due day long past: overdue whenever the test runs.
  ids.overdue = await raise(agencyId, "2026-02-01", "2026-02-28", "=February late calls");
  await issueFinding({ findingId: ids.overdue, responseDueOn: "2026-04-10" }, actor, at);
  // March repeats February (same agency and rule within 12 months); due far ahead.
  ids.repeat = await raise(agencyId, "2026-03-01", "2026-03-31", "March late calls");
  await issueFinding({ findingId: ids.repeat, responseDueOn: "2099-12-31" }, actor, at);
  ids.escalated = await raise(agencyId, "2026-03-01", "2026-03-31", "March escalated");
  await issueFinding({ findingId: ids.escalated, responseDueOn: "2026-04-05" }, actor, at);
  await escalateFinding({ findingId: ids.escalated, reason: "RESPONSE_OVERDUE" }, systemActor, new Date("2026-04-06T02:00:00Z"));
  ids.draft = await raise(agencyId, "2026-03-01", "2026-03-31", "March draft");
  ids.other = await raise(otherAgencyId, "2026-03-01", "2026-03-31", "Other agency");
  await issueFinding({ findingId: ids.other, responseDueOn: "2099-12-31" }, actor, at);
});

async function block(cookie: string, query: string): Promise<Block> {
  const outcome = await runRoute(rowsRoute.loader, buildRequest(`/findings/rows?startRow=0&endRow=100${query}`, { cookie }));
  expect(outcome.status).toBe(200);
  return JSON.parse(String(outcome.body)) as Block;
}

const idsOf = (result: Block) => result.rows.map((row) => row.id);

describe("findings grid rows", () => {
  test.each([
    ["the agency's findings, newest first", `&agency=${code}`, () => [ids.draft, ids.escalated, ids.repeat, ids.overdue]],
    ["by status", `&agency=${code}&status=ESCALATED`, () => [ids.escalated]],
    ["open: issued and not closed", `&agency=${code}&status=OPEN`, () => [ids.escalated, ids.repeat, ids.overdue]],
    ["overdue only (an answer past due, escalated or not)", `&agency=${code}&overdue=1`, () => [ids.escalated, ids.overdue]],
    ["repeats only", `&agency=${code}&repeat=1&status=ISSUED`, () => [ids.repeat]],
    ["by rule", `&agency=${code}&rule=CONTACT_HOURS&status=ISSUED`, () => [ids.repeat, ids.overdue]],
    ["another rule", `&agency=${code}&rule=CALL_FREQUENCY`, () => []],
    ["an unknown agency matches nothing", `&agency=NOPE${suffix}`, () => []],
    ["sorted by id ascending", `&agency=${code}&sort=id:asc`, () => [ids.overdue, ids.repeat, ids.escalated, ids.draft]],
  ])("%s", async (_label, query, expected) => {
    const result = await block(compliance, query);
    expect(idsOf(result)).toEqual(expected());
    expect(result.total).toBe(expected().length);
  });

  test("a block is a window of the whole; bad parameters answer 400 with the field", async () => {
    const page = JSON.parse(String((await runRoute(rowsRoute.loader, buildRequest(`/findings/rows?startRow=1&endRow=3&agency=${code}`, { cookie: compliance }))).body)) as Block;
    expect(idsOf(page)).toEqual([ids.escalated, ids.repeat]);
    for (const query of ["&overdue=yes", "&status=NOPE", "&sort=agencyId:asc", "&rule=a%20b"]) {
      const outcome = await runRoute(rowsRoute.loader, buildRequest(`/findings/rows?startRow=0&endRow=100${query}`, { cookie: compliance }));
      expect(outcome.status, query).toBe(400);
    }
  });

  test("AGENCY users: their own issued findings only, whatever agency they ask for", async () => {
    expect(idsOf(await block(agency, ""))).toEqual([ids.escalated, ids.repeat, ids.overdue]);
    expect(idsOf(await block(agency, `&agency=${otherCode}`))).toEqual([]);
    expect(idsOf(await block(otherAgency, ""))).toEqual([ids.other]);
    expect((await runRoute(rowsRoute.loader, buildRequest("/findings/rows?startRow=0&endRow=100"))).status).toBe(302);
  });
});

describe("findings export", () => {
  test("CSV in the reader's language, scoped, escaped, logged", async () => {
    const outcome = await runRoute(exportRoute.loader, buildRequest(`/findings/export?format=csv&agency=${code}&overdue=1`, { cookie: compliance }));
    expect(outcome.status).toBe(200);
    const lines = String(outcome.body).replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toContain("Title");
    expect(lines[0]).toContain("Overdue");
    expect(lines.filter((line) => line.startsWith(`${ids.overdue},`) || line.startsWith(`${ids.escalated},`))).toHaveLength(2);
    // A title starting with "=" is neutralised, never a formula.
    expect(lines.find((line) => line.startsWith(`${ids.overdue},`))).toContain("'=February late calls");
    expect(String(outcome.body)).toContain(`agency=${code}&overdue=1`);
    const logged = await getPrisma().accessLog.findFirst({ where: { userId: complianceUserId, action: "EXPORT", resourceType: "findings" }, orderBy: { id: "desc" } });
    expect(logged?.detail).toMatchObject({ format: "csv", rows: 2 });

    const zh = String((await runRoute(exportRoute.loader, buildRequest(`/findings/export?format=csv&agency=${code}`, { cookie: complianceZh }))).body);
    expect(zh.split("\r\n")[0]).toContain("标题");
    const own = String((await runRoute(exportRoute.loader, buildRequest(`/findings/export?format=csv&agency=${code}`, { cookie: otherAgency }))).body);
    expect(own.split("\r\n").filter((line) => /^\d+,/.test(line))).toEqual([]);
    expect((await runRoute(exportRoute.loader, buildRequest(`/findings/export?format=pdf`, { cookie: compliance }))).status).toBe(400);
  });

  test("Excel keeps counts as numbers", async () => {
    const response = (await exportRoute.loader({ request: buildRequest(`/findings/export?format=xlsx&agency=${code}`, { cookie: agency }), params: {}, context: {} })) as Response;
    expect(response.headers.get("content-disposition")).toMatch(/\.xlsx/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    const violationsColumn = headers.indexOf("Violations") + 1;
    const idsInFile = [2, 3, 4].map((row) => sheet.getRow(row).getCell(1).value);
    expect(idsInFile).toEqual([ids.escalated, ids.repeat, ids.overdue]);
    expect(typeof sheet.getRow(2).getCell(violationsColumn).value).toBe("number");
  });
});

describe("raising from the violations grid's ticked rows and from the agency and agent pages", () => {
  const post = (cookie: string, form: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(form)) for (const item of [value].flat()) body.append(name, item);
    return runRoute(raiseRoute.action, new Request("http://test.local/findings/raise", { method: "POST", headers: { cookie, [clientAddressHeader]: "127.0.0.1", "content-type": "application/x-www-form-urlencoded" }, body }));
  };
  const raisedId = (location: string | undefined) => Number(/^\/findings\/(\d+)$/.exec(location ?? "")?.[1]);

  test("a rule for the page's period, optionally an agent of that agency", async () => {
    const prisma = getPrisma();
    const agent = await prisma.agent.findFirstOrThrow({ where: { agencyId: agencyIdOf.own, externalId: "FG1" } });
    const otherAgent = await prisma.agent.findFirstOrThrow({ where: { agencyId: agencyIdOf.other, externalId: "FG1" } });
    const byRule = await post(compliance, { intent: "rules", agency: code, rule: "CONTACT_HOURS", from: "2026-03-01", to: "2026-03-31" });
    expect(byRule.status).toBe(302);
    const draft = await prisma.finding.findUniqueOrThrow({ where: { id: raisedId(byRule.location) }, include: { _count: { select: { violations: true } } } });
    expect(draft).toMatchObject({ agencyId: agencyIdOf.own, agentId: null, ruleCodes: ["CONTACT_HOURS"], status: "DRAFT", origin: "CRITERIA", _count: { violations: 2 } });

    const byAgent = await post(compliance, { intent: "rules", agency: code, agentId: String(agent.id), rule: "CONTACT_HOURS", from: "2026-02-01", to: "2026-03-31" });
    expect(byAgent.status).toBe(302);
    expect(await prisma.finding.findUniqueOrThrow({ where: { id: raisedId(byAgent.location) } })).toMatchObject({ agentId: agent.id });

    // Another agency's agent, an unknown agency: 404; a period the wrong way round: 400 with the field.
    expect((await post(compliance, { intent: "rules", agency: code, agentId: String(otherAgent.id), rule: "CONTACT_HOURS", from: "2026-03-01", to: "2026-03-31" })).status).toBe(404);
    expect((await post(compliance, { intent: "rules", agency: `NO${suffix}`, rule: "CONTACT_HOURS", from: "2026-03-01", to: "2026-03-31" })).status).toBe(404);
    expect(await post(compliance, { intent: "rules", agency: code, rule: "CONTACT_HOURS", from: "2026-03-31", to: "2026-03-01" })).toMatchObject({ status: 400, body: { field: "to" } });
    // Only findings.manage raises.
    expect((await post(agency, { intent: "rules", agency: code, rule: "CONTACT_HOURS", from: "2026-03-01", to: "2026-03-31" })).status).toBe(403);
  });

  test("ticked rows: all of one agency become the evidence; rows of two agencies are refused", async () => {
    const prisma = getPrisma();
    const own = await prisma.violation.findMany({ where: { agencyId: agencyIdOf.own }, select: { id: true }, orderBy: { id: "asc" } });
    const other = await prisma.violation.findFirstOrThrow({ where: { agencyId: agencyIdOf.other }, select: { id: true } });
    const picked = own.slice(0, 3).map((row) => row.id.toString());
    const raised = await post(compliance, { intent: "selection", violationIds: picked });
    expect(raised.status).toBe(302);
    const finding = await prisma.finding.findUniqueOrThrow({ where: { id: raisedId(raised.location) }, include: { violations: { select: { violationId: true } } } });
    expect(finding).toMatchObject({ agencyId: agencyIdOf.own, origin: "SELECTION" });
    expect(finding.violations.map((row) => row.violationId.toString()).sort()).toEqual([...picked].sort());
    expect(await post(compliance, { intent: "selection", violationIds: [picked[0]!, other.id.toString()] })).toMatchObject({ status: 400, body: { field: "violationIds" } });
    expect(await post(compliance, { intent: "selection" })).toMatchObject({ status: 400, body: { field: "violationIds" } });
  });
});
