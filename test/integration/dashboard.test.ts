import ExcelJS from "exceljs";
import { beforeAll, describe, expect, test } from "vitest";
import type { CaseRowsPage } from "~/cases/list-case-rows.server";
import { getPrisma } from "~/db/client.server";
import { createAgency, createPlacedAccount, ensureUser } from "~/demo/factories.server";
import { insertActivityEvents } from "~/demo/rule-factories.server";
import type { Role } from "~/generated/prisma/enums";
import { refreshRollupsForAccounts } from "~/metrics/refresh-rollups.server";
import { getScorecardWeights } from "~/metrics/scorecard-weights.server";
import type { AgencyScorecard, KpiSummary, MonthlyMetricsPoint } from "~/metrics/metric-types";
import * as dashboard from "~/routes/_app._index";
import * as agencies from "~/routes/_app.agencies._index";
import * as agencyPage from "~/routes/_app.agencies.$code";
import * as agentPage from "~/routes/_app.agencies.$code_.agents.$agentId";
import * as exportCsv from "~/routes/agencies.export[.csv]";
import * as exportXlsx from "~/routes/agencies.export[.xlsx]";
import * as caseRows from "~/routes/cases[.json]";
import * as caseExport from "~/routes/cases.export";
import * as scorecardSettings from "~/routes/_app.settings.scorecard";
import { buildRequest, runRoute, sessionCookieFor } from "../support/route-harness";

const period = "from=2026-10-01&to=2026-10-31";
const cookies = {} as Record<Role, string>;
const userIds = {} as Record<Role, number>;
let own: { id: number; code: string };
let other: { id: number; code: string };
let ownAccounts: string[];
let otherAccount: string;
let otherAgentId: number;
let ownAgentId: number;

beforeAll(async () => {
  const suffix = Date.now().toString(36).toUpperCase();
  own = { code: `DSO${suffix}`, id: 0 };
  other = { code: `DSX${suffix}`, id: 0 };
  own.id = await createAgency({ code: own.code, name: "看板自有机构", commissionRate: "0.2000" });
  // A name Excel would run as a formula: exports must write it as text.
  other.id = await createAgency({ code: other.code, name: "=HYPERLINK(\"http://x\")", commissionRate: "0.1000" });
  for (const role of ["ADMIN", "EXECUTIVE", "VENDOR_MANAGER", "AGENCY"] as const) {
    const userId = await ensureUser({ email: `${role.toLowerCase()}-${suffix}@dashboard.test`, name: `${role} tester`, role, agencyId: role === "AGENCY" ? own.id : null });
    cookies[role] = await sessionCookieFor(userId);
    userIds[role] = userId;
  }
  const first = await createPlacedAccount({ agencyId: own.id, debtorName: "张三" });
  const second = await createPlacedAccount({ agencyId: own.id, debtorName: "王五" });
  const third = await createPlacedAccount({ agencyId: other.id, debtorName: "李四" });
  ownAccounts = [first.accountNumber, second.accountNumber];
  otherAccount = third.accountNumber;
  await insertActivityEvents([
    { agencyId: own.id, accountId: first.accountId, occurredAt: "2026-10-12T10:00:00+08:00", type: "PAYMENT", direction: "INBOUND", amount: "1500.25", agentExternalId: "A001" },
    { agencyId: own.id, accountId: first.accountId, occurredAt: "2026-10-20T10:00:00+08:00", type: "PAYMENT", direction: "INBOUND", amount: "499.75", agentExternalId: "A001" },
    // Outside the period: not in the October figures.
    { agencyId: own.id, accountId: first.accountId, occurredAt: "2026-11-03T10:00:00+08:00", type: "PAYMENT", direction: "INBOUND", amount: "100.00", agentExternalId: "A001" },
    { agencyId: other.id, accountId: third.accountId, occurredAt: "2026-10-15T10:00:00+08:00", type: "PAYMENT", direction: "INBOUND", amount: "300.00", agentExternalId: "A001" },
  ]);
  await refreshRollupsForAccounts([first.accountId, second.accountId, third.accountId]);
  const agents = await getPrisma().agent.findMany({ where: { agencyId: { in: [own.id, other.id] } } });
  ownAgentId = agents.find((agent) => agent.agencyId === own.id)?.id ?? 0;
  otherAgentId = agents.find((agent) => agent.agencyId === other.id)?.id ?? 0;
});

type DashboardBody = { state: string; agencyFixed: boolean; options: { agencies: { code: string }[] }; figures: { summary: KpiSummary; collections: { series: string[] }; recoveryTrend: { series: string[]; rows: { key: string }[] } } };

describe("executive dashboard", () => {
  test("an executive sees every agency's figures for the period, and the month before as comparison", async () => {
    const outcome = await runRoute(dashboard.loader, buildRequest(`/?${period}&agency=${own.code}&agency=${other.code}`, { cookie: cookies.EXECUTIVE }));
    expect(outcome.status).toBe(200);
    const body = outcome.body as DashboardBody;
    expect(body.state).toBe("ready");
    expect(body.figures.summary.period).toEqual({ from: "2026-10-01", to: "2026-10-31" });
    expect(body.figures.summary.previousPeriod).toEqual({ from: "2026-09-01", to: "2026-09-30" });
    expect(body.figures.summary.current.placedAccounts).toBe(3);
    expect(body.figures.summary.current.collected).toBeCloseTo(2300, 2);
    // The monthly charts come pivoted, one series per agency, one row per month.
    expect(body.figures.collections.series).toEqual([own.code, other.code].sort());
    expect(body.figures.recoveryTrend.series).toEqual([own.code, other.code].sort());
  });

  test("an AGENCY user sees only their own agency, whatever the link asks for", async () => {
    const outcome = await runRoute(dashboard.loader, buildRequest(`/?${period}`, { cookie: cookies.AGENCY }));
    const body = outcome.body as DashboardBody;
    expect(body.agencyFixed).toBe(true);
    expect(body.options.agencies.map((agency) => agency.code)).toEqual([own.code]);
    expect(body.figures.collections.series).toEqual([own.code]);
    expect(body.figures.summary.current.collected).toBeCloseTo(2000, 2);
    const forbidden = await runRoute(dashboard.loader, buildRequest(`/?${period}&agency=${other.code}`, { cookie: cookies.AGENCY }));
    expect(forbidden.status).toBe(403);
  });

  test("filters that are not valid give an error state, not a crash", async () => {
    const outcome = await runRoute(dashboard.loader, buildRequest(`/?from=2026-10-31&to=2026-10-01`, { cookie: cookies.EXECUTIVE }));
    expect(outcome.status).toBe(200);
    expect((outcome.body as DashboardBody).state).toBe("invalidFilters");
  });
});

describe("agencies comparison, agency and agent pages", () => {
  type AgenciesBody = { figures: { scorecards: AgencyScorecard[]; compareCodes: string[]; compareMonthly: MonthlyMetricsPoint[] }; canEditWeights: boolean };

  test("the grid has every agency for executives and only their own for AGENCY users", async () => {
    const all = (await runRoute(agencies.loader, buildRequest(`/agencies?${period}`, { cookie: cookies.EXECUTIVE }))).body as AgenciesBody;
    const codes = all.figures.scorecards.map((row) => row.agencyCode);
    expect(codes).toEqual(expect.arrayContaining([own.code, other.code]));
    expect(all.canEditWeights).toBe(false);
    const ownRow = all.figures.scorecards.find((row) => row.agencyCode === own.code);
    expect(ownRow?.metrics.collected).toBeCloseTo(2000, 2);
    const scoped = (await runRoute(agencies.loader, buildRequest(`/agencies?${period}`, { cookie: cookies.AGENCY }))).body as AgenciesBody;
    expect(scoped.figures.scorecards.map((row) => row.agencyCode)).toEqual([own.code]);
  });

  test("two agencies selected open the comparison with their monthly figures", async () => {
    const body = (await runRoute(agencies.loader, buildRequest(`/agencies?${period}&compare=${own.code},${other.code}`, { cookie: cookies.ADMIN }))).body as AgenciesBody;
    expect(body.canEditWeights).toBe(true);
    expect(body.figures.compareCodes.sort()).toEqual([own.code, other.code].sort());
    expect(new Set(body.figures.compareMonthly.map((point) => point.agencyCode))).toEqual(new Set([own.code, other.code]));
  });

  test("an AGENCY user opening another agency's page or agent gets 404", async () => {
    const page = await runRoute(agencyPage.loader, buildRequest(`/agencies/${other.code}?${period}`, { cookie: cookies.AGENCY }), { code: other.code });
    expect(page.status).toBe(404);
    const agent = await runRoute(agentPage.loader, buildRequest(`/agencies/${other.code}/agents/${otherAgentId}`, { cookie: cookies.AGENCY }), { code: other.code, agentId: String(otherAgentId) });
    expect(agent.status).toBe(404);
    // An agent id of another agency under one's own agency code is not found either.
    const crossed = await runRoute(agentPage.loader, buildRequest(`/agencies/${own.code}/agents/${otherAgentId}`, { cookie: cookies.AGENCY }), { code: own.code, agentId: String(otherAgentId) });
    expect(crossed.status).toBe(404);
    const unknown = await runRoute(agencyPage.loader, buildRequest(`/agencies/NOPE`, { cookie: cookies.EXECUTIVE }), { code: "NOPE" });
    expect(unknown.status).toBe(404);
  });

  test("the agency page has its own figures, league and violations by rule; the agent page its agent's", async () => {
    const page = await runRoute(agencyPage.loader, buildRequest(`/agencies/${own.code}?${period}`, { cookie: cookies.AGENCY }), { code: own.code });
    expect(page.status).toBe(200);
    const body = page.body as { figures: { summary: KpiSummary; agents: { agentId: number; agencyCode: string }[]; scorecard: AgencyScorecard | null } };
    expect(body.figures.summary.current.collected).toBeCloseTo(2000, 2);
    expect(body.figures.agents.map((row) => row.agencyCode)).toEqual(body.figures.agents.map(() => own.code));
    expect(body.figures.scorecard?.agencyCode).toBe(own.code);
    const agent = await runRoute(agentPage.loader, buildRequest(`/agencies/${own.code}/agents/${ownAgentId}?${period}`, { cookie: cookies.EXECUTIVE }), { code: own.code, agentId: String(ownAgentId) });
    expect(agent.status).toBe(200);
    expect((agent.body as { agent: { id: number } }).agent.id).toBe(ownAgentId);
  });
});

describe("cases grid rows", () => {
  async function rows(role: Role, query: string) {
    const outcome = await runRoute(caseRows.loader, buildRequest(`/cases.json?${query}`, { cookie: cookies[role] }));
    return { status: outcome.status, page: JSON.parse(String(outcome.body)) as CaseRowsPage };
  }

  test("a drill-down link filters by agency and period; names are masked; figures are the period's", async () => {
    const { status, page } = await rows("EXECUTIVE", `agency=${own.code}&${period}`);
    expect(status).toBe(200);
    expect(page.total).toBe(2);
    expect(page.rows.map((row) => row.accountNumber).sort()).toEqual([...ownAccounts].sort());
    const paid = page.rows.find((row) => row.accountNumber === ownAccounts[0]);
    expect(paid).toMatchObject({ agencyCode: own.code, collected: "2000.00", debtorName: "张*", placedBalance: "12000.50", currency: "CNY", violations: 0 });
    expect(paid?.lastContactAt).toBe("2026-10-02T02:15:00.000Z");
  });

  test("compliance sees names and can search by one; each page of names shown is in the access log", async () => {
    const adminId = userIds.ADMIN;
    const logged = () => getPrisma().accessLog.findMany({ where: { userId: adminId, action: "CASE_LIST_UNMASKED" }, select: { detail: true } });
    const before = (await logged()).length;
    const { page } = await rows("ADMIN", `q=${encodeURIComponent("李四")}&agency=${other.code}`);
    expect(page.rows.map((row) => [row.accountNumber, row.debtorName])).toEqual([[otherAccount, "李四"]]);
    const entries = await logged();
    expect(entries.length).toBe(before + 1);
    expect(entries.at(-1)?.detail).toEqual({ search: "李四", offset: 0, accounts: [otherAccount] });
    // Masked pages are not personal data: nothing logged for the executive.
    await rows("EXECUTIVE", `agency=${own.code}&${period}`);
    expect(await getPrisma().accessLog.count({ where: { userId: userIds.EXECUTIVE, action: "CASE_LIST_UNMASKED" } })).toBe(0);
  });

  test("an AGENCY user gets their own agency's rows, even when the link names another", async () => {
    const { page } = await rows("AGENCY", `agency=${other.code}`);
    expect(page.rows.every((row) => row.agencyCode === own.code)).toBe(true);
    expect(page.rows.map((row) => row.accountNumber)).not.toContain(otherAccount);
    const search = await rows("AGENCY", `q=${otherAccount}`);
    expect(search.page.total).toBe(0);
  });

  test("pages and sort orders come from the database", async () => {
    const all = await rows("EXECUTIVE", `agency=${own.code}&agency=${other.code}&sort=accountNumber&dir=asc`);
    expect(all.page.rows.map((row) => row.accountNumber)).toEqual([...ownAccounts, otherAccount].sort());
    const second = await rows("EXECUTIVE", `agency=${own.code}&agency=${other.code}&sort=accountNumber&dir=asc&offset=1&limit=1`);
    expect(second.page.total).toBe(3);
    expect(second.page.rows.map((row) => row.accountNumber)).toEqual([all.page.rows[1]?.accountNumber]);
  });

  test("a vintage curve's drill-down lists the agency's placements of that month", async () => {
    expect((await rows("EXECUTIVE", `agency=${own.code}&vintage=2026-10`)).page.rows.map((row) => row.accountNumber).sort()).toEqual([...ownAccounts].sort());
    expect((await rows("EXECUTIVE", `agency=${own.code}&vintage=2026-09`)).page.total).toBe(0);
    expect((await rows("EXECUTIVE", `vintage=2026-13`)).status).toBe(400);
  });

  test("collected is the placement's own: a payment before the account was placed is not a collection", async () => {
    const late = await createPlacedAccount({ agencyId: own.id, debtorName: "赵六" });
    await insertActivityEvents([
      { agencyId: own.id, accountId: late.accountId, occurredAt: "2026-09-30T10:00:00+08:00", type: "PAYMENT", direction: "INBOUND", amount: "50.00", agentExternalId: "A001" },
      { agencyId: own.id, accountId: late.accountId, occurredAt: "2026-10-02T10:00:00+08:00", type: "PAYMENT", direction: "INBOUND", amount: "70.00", agentExternalId: "A001" },
    ]);
    const { page } = await rows("EXECUTIVE", `agency=${own.code}&from=2026-09-01&to=2026-10-31&q=${late.accountNumber}`);
    expect(page.rows.map((row) => row.collected)).toEqual(["70.00"]);
  });

  test.each(["collected", "violations", "lastContactAt"] as const)("sorted by %s in the database, over every matching placement", async (column) => {
    const query = `agency=${own.code}&agency=${other.code}&${period}`;
    const everything = (await rows("EXECUTIVE", query)).page.rows;
    expect(everything.length).toBeGreaterThanOrEqual(3);
    const key = (row: CaseRowsPage["rows"][number]) => (column === "collected" ? Number(row.collected) : column === "violations" ? row.violations : row.lastContactAt ? Date.parse(row.lastContactAt) : null);
    for (const dir of ["desc", "asc"] as const) {
      const expected = [...everything]
        .sort((a, b) => {
          const [x, y] = [key(a), key(b)];
          // Never-contacted placements come last either way; ties by placement id in the sort's direction.
          if (x === null || y === null) return x === y ? (dir === "asc" ? a.placementId - b.placementId : b.placementId - a.placementId) : x === null ? 1 : -1;
          return x !== y ? (dir === "asc" ? x - y : y - x) : dir === "asc" ? a.placementId - b.placementId : b.placementId - a.placementId;
        })
        .map((row) => row.placementId);
      const sorted = await rows("EXECUTIVE", `${query}&sort=${column}&dir=${dir}`);
      expect(sorted.page.rows.map((row) => row.placementId)).toEqual(expected);
      // Paging through the figure order gives the same rows.
      const secondPage = await rows("EXECUTIVE", `${query}&sort=${column}&dir=${dir}&offset=1&limit=1`);
      expect(secondPage.page.rows.map((row) => row.placementId)).toEqual(expected.slice(1, 2));
    }
  });

  test("exports the filtered cases in the grid's order as CSV and Excel, masked as the role requires, logged", async () => {
    const query = `agency=${own.code}&agency=${other.code}&${period}&sort=collected&dir=desc`;
    const exported = async (role: Role, format: string) => {
      const outcome = await caseExport.loader({ request: buildRequest(`/cases/export?${query}&format=${format}`, { cookie: cookies[role] }), params: {}, context: {} });
      expect(outcome.status).toBe(200);
      return outcome;
    };
    const grid = (await rows("EXECUTIVE", query)).page.rows;
    const csvText = await (await exported("EXECUTIVE", "csv")).text();
    const lines = csvText.replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toContain("Collected");
    const accountsInFile = lines.slice(1, 1 + grid.length).map((line) => line.split(",")[0]);
    expect(accountsInFile).toEqual(grid.map((row) => row.accountNumber));
    expect(csvText).toContain("张*");
    expect(csvText).not.toContain("张三");
    expect(csvText).toContain("2000.00");
    expect(await getPrisma().accessLog.findFirst({ where: { userId: userIds.EXECUTIVE, action: "EXPORT", resourceType: "cases" }, orderBy: { id: "desc" } })).toMatchObject({
      detail: expect.objectContaining({ format: "csv", rows: grid.length, personalData: "masked" }),
    });
    expect(await (await exported("ADMIN", "csv")).text()).toContain("张三");

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await (await exported("EXECUTIVE", "xlsx")).arrayBuffer()) as never);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(2).getCell(1).value).toBe(grid[0]?.accountNumber);
    // Money as numbers, so sums work in Excel.
    expect(sheet.getRow(2).getCell(11).value).toBe(Number(grid[0]?.collected));
    // The AGENCY user's file holds its own agency only.
    const agencyFile = await (await exported("AGENCY", "csv")).text();
    expect(agencyFile).not.toContain(otherAccount);
    expect((await caseExport.loader({ request: buildRequest(`/cases/export?format=pdf`, { cookie: cookies.EXECUTIVE }), params: {}, context: {} })).status).toBe(400);
  });

  test("bad paging or filters are a 400 with the reason", async () => {
    expect((await runRoute(caseRows.loader, buildRequest(`/cases.json?limit=100000`, { cookie: cookies.EXECUTIVE }))).status).toBe(400);
    expect((await runRoute(caseRows.loader, buildRequest(`/cases.json?sort=debtorName`, { cookie: cookies.EXECUTIVE }))).status).toBe(400);
    expect((await runRoute(caseRows.loader, buildRequest(`/cases.json?from=2026-02-30`, { cookie: cookies.EXECUTIVE }))).status).toBe(400);
  });
});

describe("agencies export", () => {
  async function download(route: typeof exportCsv | typeof exportXlsx, path: string, role: Role): Promise<Response> {
    const request = buildRequest(path, { cookie: cookies[role] });
    return (await route.loader({ request, params: {}, context: {} })) as Response;
  }

  test("CSV: every agency with its figures, formula-like text escaped, logged as an export", async () => {
    const before = await getPrisma().accessLog.count({ where: { action: "EXPORT", resourceType: "agency-scorecards" } });
    const response = await download(exportCsv, `/agencies/export.csv?${period}&agency=${own.code}&agency=${other.code}`, "EXECUTIVE");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    const bytes = Buffer.from(await response.arrayBuffer());
    // The byte order mark that makes Excel read the file as UTF-8.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString("utf8").trim().split("\r\n");
    expect(lines[0]).toMatch(/^Agency code,Agency name,Grade,/);
    const ownLine = lines.find((line) => line.startsWith(`${own.code},`));
    expect(ownLine).toContain("看板自有机构");
    expect(ownLine).toContain(",2000.00,");
    const otherLine = lines.find((line) => line.startsWith(`${other.code},`));
    expect(otherLine).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(await getPrisma().accessLog.count({ where: { action: "EXPORT", resourceType: "agency-scorecards" } })).toBe(before + 1);
  });

  test("Excel: numbers are numbers with formats, text is escaped; AGENCY users get their own row only", async () => {
    const response = await download(exportXlsx, `/agencies/export.xlsx?${period}`, "AGENCY");
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error("no sheet");
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers.slice(0, 2)).toEqual(["Agency code", "Agency name"]);
    expect(new Set(headers).size).toBe(headers.length);
    expect(headers).toEqual(expect.arrayContaining(["Commission rate", "Commission"]));
    const collectedColumn = headers.indexOf("Collected") + 1;
    expect(collectedColumn).toBeGreaterThan(0);
    expect(sheet.getRow(2).getCell(1).value).toBe(own.code);
    expect(sheet.getRow(2).getCell(collectedColumn).value).toBeCloseTo(2000, 2);
    expect(sheet.getRow(2).getCell(collectedColumn).numFmt).toBe("#,##0.00");
    expect(sheet.getRow(3).getCell(1).value).toBeNull();

    const admin = await download(exportXlsx, `/agencies/export.xlsx?${period}&agency=${other.code}`, "ADMIN");
    const adminBook = new ExcelJS.Workbook();
    await adminBook.xlsx.load(Buffer.from(await admin.arrayBuffer()) as never);
    expect(adminBook.worksheets[0]?.getRow(2).getCell(2).value).toBe(`'=HYPERLINK("http://x")`);
  });
});

describe("scorecard weights", () => {
  test("only ADMIN may open or save them", async () => {
    for (const role of ["EXECUTIVE", "VENDOR_MANAGER", "AGENCY"] as const) {
      expect((await runRoute(scorecardSettings.loader, buildRequest("/settings/scorecard", { cookie: cookies[role] }))).status).toBe(403);
      const save = await runRoute(scorecardSettings.action, buildRequest("/settings/scorecard", { cookie: cookies[role], form: { recoveryIndex: "100", violations: "0", complaints: "0" } }));
      expect(save.status).toBe(403);
    }
  });

  test("weights that do not add up to 100 are refused and nothing changes; valid ones are used by the grade", async () => {
    const before = await getScorecardWeights();
    const refused = await runRoute(scorecardSettings.action, buildRequest("/settings/scorecard", { cookie: cookies.ADMIN, form: { recoveryIndex: "70", violations: "20", complaints: "20" } }));
    expect(refused.body).toMatchObject({ status: "error", error: "sum", total: 110 });
    expect(await getScorecardWeights()).toEqual(before);
    const saved = await runRoute(scorecardSettings.action, buildRequest("/settings/scorecard", { cookie: cookies.ADMIN, form: { recoveryIndex: "60", violations: "30", complaints: "10" } }));
    expect(saved.body).toMatchObject({ status: "saved" });
    const weights = await getScorecardWeights();
    expect(weights.recoveryIndex).toBeCloseTo(0.6, 10);
    expect(weights.complaintsPer1000Accounts).toBeCloseTo(0.1, 10);
    const loaded = await runRoute(scorecardSettings.loader, buildRequest("/settings/scorecard", { cookie: cookies.ADMIN }));
    // The page also shows the conduct gate (its own setting, the documented default here).
    // A form without the escalated findings' points keeps the saved ones (the default 10).
    // A form without the upheld complaints' part (a page saved before that part existed) gives it no weight.
    expect(loaded.body).toEqual({ shares: { recoveryIndex: 60, violations: 30, complaints: 10, upheldComplaints: 0, escalatedFindings: 10 }, gate: { enabled: true, highViolationsPer1000Contacts: 5, capGrade: "D" } });
    const tooMany = await runRoute(scorecardSettings.action, buildRequest("/settings/scorecard", { cookie: cookies.ADMIN, form: { recoveryIndex: "60", violations: "30", complaints: "10", escalatedFindings: "150" } }));
    expect(tooMany.body).toMatchObject({ status: "error", error: "invalid" });
    await runRoute(scorecardSettings.action, buildRequest("/settings/scorecard", { cookie: cookies.ADMIN, form: { recoveryIndex: "60", violations: "30", complaints: "10", escalatedFindings: "25" } }));
    expect((await getScorecardWeights()).escalatedFindings).toBe(25);
    // Put the defaults back for other tests in this run.
    await runRoute(scorecardSettings.action, buildRequest("/settings/scorecard", { cookie: cookies.ADMIN, form: { recoveryIndex: String(Math.round(before.recoveryIndex * 100)), violations: String(Math.round(before.violationsPer1000Contacts * 100)), complaints: String(Math.round(before.complaintsPer1000Accounts * 100)), upheldComplaints: String(Math.round(before.upheldComplaintsPer1000Accounts * 100)), escalatedFindings: String(before.escalatedFindings) } }));
    expect(await getScorecardWeights()).toEqual(before);
  });
});
