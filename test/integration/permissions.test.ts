import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, test } from "vitest";
import type { Role } from "~/generated/prisma/enums";
import { createAgency, createPlacedAccount, ensureUser } from "~/demo/factories.server";
import { getPrisma } from "~/db/client.server";
import * as dashboard from "~/routes/_app._index";
import * as agencies from "~/routes/_app.agencies._index";
import * as cases from "~/routes/_app.cases._index";
import * as caseDetail from "~/routes/_app.cases.$accountNumber";
import * as complaints from "~/routes/_app.complaints._index";
import * as imports from "~/routes/_app.imports._index";
import * as reports from "~/routes/_app.reports._index";
import * as settings from "~/routes/_app.settings._index";
import * as accessLog from "~/routes/_app.settings.access-log";
import * as agencySettings from "~/routes/_app.settings.agencies";
import * as users from "~/routes/_app.settings.users";
import * as violations from "~/routes/_app.violations._index";
import type { CaseDetail } from "~/cases/cases.server";
import type { CaseRowsPage } from "~/cases/list-case-rows.server";
import { refreshRollupsForAccounts } from "~/metrics/refresh-rollups.server";
import * as caseRows from "~/routes/cases[.json]";
import * as scorecardSettings from "~/routes/_app.settings.scorecard";
import * as apiDocs from "~/routes/_app.help.api";
import * as findings from "~/routes/_app.findings._index";
import * as notifications from "~/routes/_app.notifications";
import * as findingsPolicy from "~/routes/_app.settings.findings-policy";
import * as agencyRegister from "~/routes/_app.agencies.$code_.register";
import * as approvedAgencies from "~/routes/_app.approved-agencies";
import * as registerSettings from "~/routes/_app.settings.agency-register";
import * as findingPage from "~/routes/_app.findings.$id";
import * as findingAttachments from "~/routes/findings.$id.attachments";
import * as raiseFinding from "~/routes/findings.raise";
import * as complaintSettings from "~/routes/_app.settings.complaints";
import * as evaluations from "~/routes/_app.evaluations._index";
import * as dataHealth from "~/routes/_app.data-health._index";
import * as agencyDataHealth from "~/routes/_app.data-health.$code";
import * as dataHealthSettings from "~/routes/_app.settings.data-health";
import * as retentionSettings from "~/routes/_app.settings.retention";
import * as dataHealthExport from "~/routes/data-health.export";
import * as recalls from "~/routes/_app.recalls._index";
import * as recallRows from "~/routes/recalls.rows";
import * as recallExport from "~/routes/recalls.export";
import * as agencyPage from "~/routes/_app.agencies.$code";
import * as statements from "~/routes/_app.statements._index";
import * as statementInvoices from "~/routes/statements.invoices";
import * as feeSchedules from "~/routes/_app.settings.fee-schedules";
import * as reconciliation from "~/routes/_app.reconciliation._index";
import * as reconciliationRows from "~/routes/reconciliation.rows";
import * as reconciliationExport from "~/routes/reconciliation.export";
import { buildRequest, runRoute, sessionCookieFor } from "../support/route-harness";

const allRoles: Role[] = ["ADMIN", "VENDOR_MANAGER", "COMPLIANCE", "EXECUTIVE", "AGENCY"];

// The expected matrix is written out here on purpose, not derived from app/auth/permissions.ts, so that a
// change to the permission table that opens a page to the wrong role fails this test.
const loaderMatrix: { name: string; path: string; loader: (args: LoaderFunctionArgs) => Promise<unknown>; allowed: Role[]; params?: () => Record<string, string> }[] = [
  { name: "dashboard", path: "/", loader: dashboard.loader, allowed: allRoles },
  { name: "agencies", path: "/agencies", loader: agencies.loader, allowed: allRoles },
  { name: "cases", path: "/cases", loader: cases.loader, allowed: allRoles },
  { name: "violations", path: "/violations", loader: violations.loader, allowed: allRoles },
  { name: "complaints", path: "/complaints", loader: complaints.loader, allowed: allRoles },
  { name: "imports", path: "/imports", loader: imports.loader, allowed: ["ADMIN", "VENDOR_MANAGER", "COMPLIANCE", "AGENCY"] },
  { name: "reports", path: "/reports", loader: reports.loader, allowed: allRoles },
  { name: "settings", path: "/settings", loader: settings.loader, allowed: allRoles },
  { name: "settings/users", path: "/settings/users", loader: users.loader, allowed: ["ADMIN"] },
  { name: "settings/agencies", path: "/settings/agencies", loader: agencySettings.loader, allowed: ["ADMIN"] },
  { name: "settings/access-log", path: "/settings/access-log", loader: accessLog.loader, allowed: ["ADMIN"] },
  { name: "settings/scorecard", path: "/settings/scorecard", loader: scorecardSettings.loader, allowed: ["ADMIN"] },
  { name: "help/api", path: "/help/api", loader: apiDocs.loader, allowed: ["ADMIN", "AGENCY"] },
  { name: "findings", path: "/findings", loader: findings.loader, allowed: allRoles },
  { name: "notifications", path: "/notifications", loader: notifications.loader, allowed: allRoles },
  { name: "settings/findings-policy", path: "/settings/findings-policy", loader: findingsPolicy.loader, allowed: ["ADMIN", "COMPLIANCE"] },
  { name: "agency register", path: "/agencies/OWN/register", loader: agencyRegister.loader, allowed: allRoles, params: () => ({ code: ownAgencyCode }) },
  { name: "approved-agencies", path: "/approved-agencies", loader: approvedAgencies.loader, allowed: allRoles },
  { name: "settings/agency-register", path: "/settings/agency-register", loader: registerSettings.loader, allowed: ["ADMIN", "COMPLIANCE"] },
  { name: "settings/complaints", path: "/settings/complaints", loader: complaintSettings.loader, allowed: ["ADMIN", "COMPLIANCE"] },
  { name: "settings/retention", path: "/settings/retention", loader: retentionSettings.loader, allowed: ["ADMIN", "COMPLIANCE"] },
  { name: "evaluations", path: "/evaluations", loader: evaluations.loader, allowed: allRoles },
  { name: "data-health", path: "/data-health", loader: dataHealth.loader, allowed: allRoles },
  { name: "agency data health", path: "/data-health/OWN", loader: agencyDataHealth.loader, allowed: allRoles, params: () => ({ code: ownAgencyCode }) },
  { name: "settings/data-health", path: "/settings/data-health", loader: dataHealthSettings.loader, allowed: ["ADMIN"] },
  { name: "recalls", path: "/recalls", loader: recalls.loader, allowed: allRoles },
  { name: "recalls/rows", path: "/recalls/rows?startRow=0&endRow=100", loader: recallRows.loader, allowed: allRoles },
  { name: "recalls/export", path: "/recalls/export?format=csv", loader: recallExport.loader, allowed: allRoles },
  { name: "recalls/export recall file", path: "/recalls/export?format=recall", loader: recallExport.loader, allowed: ["ADMIN", "VENDOR_MANAGER", "COMPLIANCE"] },
  { name: "statements", path: "/statements", loader: statements.loader, allowed: allRoles },
  { name: "settings/fee-schedules", path: "/settings/fee-schedules", loader: feeSchedules.loader, allowed: ["ADMIN", "VENDOR_MANAGER"] },
  { name: "reconciliation", path: "/reconciliation?month=2026-10", loader: reconciliation.loader, allowed: allRoles },
  { name: "reconciliation/rows", path: "/reconciliation/rows?month=2026-10&startRow=0&endRow=100", loader: reconciliationRows.loader, allowed: allRoles },
  { name: "reconciliation/export", path: "/reconciliation/export?month=2026-10&format=csv", loader: reconciliationExport.loader, allowed: allRoles },
];

// POST-only routes: a role without the permission gets 403 before anything is read; an allowed role gets past the
// guard to the route's own answer (here a 400 for the empty form, or 404 for a finding that does not exist).
const actionMatrix: { name: string; path: string; params?: Record<string, string>; action: (args: ActionFunctionArgs) => Promise<unknown>; allowed: Role[]; allowedStatus: number }[] = [
  { name: "POST findings/raise", path: "/findings/raise", action: raiseFinding.action, allowed: ["ADMIN", "COMPLIANCE"], allowedStatus: 400 },
  { name: "POST findings/:id/attachments", path: "/findings/2147483000/attachments", params: { id: "2147483000" }, action: findingAttachments.action, allowed: ["ADMIN", "COMPLIANCE", "AGENCY"], allowedStatus: 400 },
  { name: "POST findings/:id", path: "/findings/2147483000", params: { id: "2147483000" }, action: findingPage.action, allowed: allRoles, allowedStatus: 400 },
  { name: "POST recalls (the recall policy)", path: "/recalls", action: recalls.action, allowed: ["ADMIN"], allowedStatus: 200 },
  { name: "POST agencies/:code (the placement term)", path: "/agencies/NO-SUCH-AGENCY", params: { code: "NO-SUCH-AGENCY" }, action: agencyPage.action, allowed: ["ADMIN"], allowedStatus: 404 },
  { name: "POST statements", path: "/statements", action: statements.action, allowed: ["ADMIN", "VENDOR_MANAGER"], allowedStatus: 400 },
  { name: "POST statements/invoices", path: "/statements/invoices", action: statementInvoices.action, allowed: ["ADMIN", "VENDOR_MANAGER", "AGENCY"], allowedStatus: 400 },
  { name: "POST settings/retention", path: "/settings/retention", action: retentionSettings.action, allowed: ["ADMIN", "COMPLIANCE"], allowedStatus: 400 },
  { name: "POST settings/fee-schedules", path: "/settings/fee-schedules", action: feeSchedules.action, allowed: ["ADMIN", "VENDOR_MANAGER"], allowedStatus: 400 },
];

const cookies = {} as Record<Role, string>;
let ownAccount: string;
let otherAccount: string;
let ownAgencyId: number;
let ownAgencyCode: string;
let otherAgencyCode: string;
const accountIds: number[] = [];

beforeAll(async () => {
  const suffix = Date.now().toString(36).toUpperCase();
  ownAgencyCode = `OWN${suffix}`;
  otherAgencyCode = `OTH${suffix}`;
  ownAgencyId = await createAgency({ code: ownAgencyCode, name: "Own agency" });
  const otherAgencyId = await createAgency({ code: otherAgencyCode, name: "Other agency" });
  for (const role of allRoles) {
    const userId = await ensureUser({
      email: `${role.toLowerCase()}-${suffix}@permissions.test`,
      name: `${role} tester`,
      role,
      agencyId: role === "AGENCY" ? ownAgencyId : null,
    });
    cookies[role] = await sessionCookieFor(userId);
  }
  const ownCase = await createPlacedAccount({ agencyId: ownAgencyId, debtorName: "张三", phoneNumber: "13812345678" });
  const otherCase = await createPlacedAccount({ agencyId: otherAgencyId, debtorName: "李四", phoneNumber: "13900001111" });
  ownAccount = ownCase.accountNumber;
  otherAccount = otherCase.accountNumber;
  accountIds.push(ownCase.accountId, otherCase.accountId);
});

describe.each(loaderMatrix)("$name", ({ path, loader, allowed, params }) => {
  test.each(allRoles)("%s", async (role) => {
    const outcome = await runRoute(loader, buildRequest(path, { cookie: cookies[role] }), params?.());
    expect(outcome.status).toBe(allowed.includes(role) ? 200 : 403);
  });

  test("without a session redirects to sign-in, keeping the target", async () => {
    const outcome = await runRoute(loader, buildRequest(path), params?.());
    expect(outcome.status).toBe(302);
    expect(outcome.location).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
  });
});

describe.each(actionMatrix)("$name", ({ path, params, action, allowed, allowedStatus }) => {
  test.each(allRoles)("%s", async (role) => {
    const outcome = await runRoute(action, buildRequest(path, { cookie: cookies[role], method: "POST", form: {} }), params);
    expect(outcome.status).toBe(allowed.includes(role) ? allowedStatus : 403);
  });

  test("without a session redirects to sign-in", async () => {
    const outcome = await runRoute(action, buildRequest(path, { method: "POST", form: {} }), params);
    expect(outcome.status).toBe(302);
    expect(outcome.location).toMatch(/^\/login\?redirectTo=/);
  });
});

describe("actions call their own guard", () => {
  test.each(allRoles.filter((role) => role !== "ADMIN"))("%s cannot create users or agencies", async (role) => {
    const createUser = await runRoute(
      users.action,
      buildRequest("/settings/users", { cookie: cookies[role], form: { intent: "create", email: "intruder@x.test", name: "x", role: "ADMIN", password: "long-enough-password" } }),
    );
    expect(createUser.status).toBe(403);
    const saveAgency = await runRoute(
      agencySettings.action,
      buildRequest("/settings/agencies", { cookie: cookies[role], form: { code: "INTRUDER", name: "x", timeZone: "UTC", commissionRate: "0.1" } }),
    );
    expect(saveAgency.status).toBe(403);
    expect(await getPrisma().user.count({ where: { email: "intruder@x.test" } })).toBe(0);
    expect(await getPrisma().agency.count({ where: { code: "INTRUDER" } })).toBe(0);
  });

  test.each(["EXECUTIVE", "AGENCY"] as const)("%s cannot change the agency register or its settings", async (role) => {
    const status = await runRoute(agencyRegister.action, buildRequest(`/agencies/${ownAgencyCode}/register`, { cookie: cookies[role], form: { intent: "status", status: "TERMINATED", reason: "intruder" } }), { code: ownAgencyCode });
    expect(status.status).toBe(403);
    const settings = await runRoute(registerSettings.action, buildRequest("/settings/agency-register", { cookie: cookies[role], form: { "required.CN": "DPA" } }));
    expect(settings.status).toBe(403);
    expect((await getPrisma().agency.findUniqueOrThrow({ where: { id: ownAgencyId } })).status).toBe("APPROVED");
  });
});

describe("agency register scoping", () => {
  test("an AGENCY user reads their own register; another agency's is 404", async () => {
    const own = await runRoute(agencyRegister.loader, buildRequest(`/agencies/${ownAgencyCode}/register`, { cookie: cookies.AGENCY }), { code: ownAgencyCode });
    expect(own.status).toBe(200);
    const other = await runRoute(agencyRegister.loader, buildRequest(`/agencies/${otherAgencyCode}/register`, { cookie: cookies.AGENCY }), { code: otherAgencyCode });
    expect(other.status).toBe(404);
    const approved = await runRoute(approvedAgencies.loader, buildRequest("/approved-agencies", { cookie: cookies.AGENCY }));
    expect((approved.body as { rows: { code: string }[] }).rows.map((row) => row.code)).toEqual([ownAgencyCode]);
  });
});

describe("data health scoping", () => {
  test("an AGENCY user sees their own agency's data health only; another agency's page and export are 404", async () => {
    const list = await runRoute(dataHealth.loader, buildRequest("/data-health?month=2026-03", { cookie: cookies.AGENCY }));
    expect((list.body as { rows: { code: string }[] }).rows.map((row) => row.code)).toEqual([ownAgencyCode]);
    const other = await runRoute(agencyDataHealth.loader, buildRequest(`/data-health/${otherAgencyCode}`, { cookie: cookies.AGENCY }), { code: otherAgencyCode });
    expect(other.status).toBe(404);
    const otherExport = await runRoute(dataHealthExport.loader, buildRequest(`/data-health/export?format=csv&agency=${otherAgencyCode}`, { cookie: cookies.AGENCY }));
    expect(otherExport.status).toBe(404);
    const ownExport = await runRoute(dataHealthExport.loader, buildRequest("/data-health/export?format=csv&month=2026-03", { cookie: cookies.AGENCY }));
    expect(ownExport.status).toBe(200);
  });
});

describe("agency scoping", () => {
  test("an AGENCY user asking for another agency's case gets 404, never the data", async () => {
    const outcome = await runRoute(caseDetail.loader, buildRequest(`/cases/${otherAccount}`, { cookie: cookies.AGENCY }), { accountNumber: otherAccount });
    expect(outcome.status).toBe(404);
    expect(JSON.stringify(outcome.body)).not.toContain("李");
  });

  test("an AGENCY user sees their own case, masked", async () => {
    const outcome = await runRoute(caseDetail.loader, buildRequest(`/cases/${ownAccount}`, { cookie: cookies.AGENCY }), { accountNumber: ownAccount });
    expect(outcome.status).toBe(200);
    const { detail } = outcome.body as { detail: CaseDetail };
    expect(detail.debtorName).toBe("张*");
    expect(detail.phoneNumbers).toEqual(["138****5678"]);
  });

  test("lists only ever contain the agency's own cases and agency", async () => {
    // The cases grid loads its rows from /cases.json; the agencies grid lists scorecards (after the roll-ups).
    const caseList = await runRoute(caseRows.loader, buildRequest("/cases.json", { cookie: cookies.AGENCY }));
    const accountNumbers = (JSON.parse(String(caseList.body)) as CaseRowsPage).rows.map((item) => item.accountNumber);
    expect(accountNumbers).toContain(ownAccount);
    expect(accountNumbers).not.toContain(otherAccount);
    await refreshRollupsForAccounts(accountIds);
    const agencyList = await runRoute(agencies.loader, buildRequest("/agencies?from=2026-10-01&to=2026-10-31", { cookie: cookies.AGENCY }));
    expect((agencyList.body as { figures: { scorecards: { agencyId: number }[] } }).figures.scorecards.map((agency) => agency.agencyId)).toEqual([ownAgencyId]);
  });

  test("the due-for-recall list and its export hold only the agency's own placements for an AGENCY user", async () => {
    const rows = await runRoute(recallRows.loader, buildRequest("/recalls/rows?startRow=0&endRow=500", { cookie: cookies.AGENCY }));
    const codes = new Set((JSON.parse(String(rows.body)) as { rows: { agencyCode: string }[] }).rows.map((row) => row.agencyCode));
    expect([...codes].filter((code) => code !== ownAgencyCode)).toEqual([]);
    const file = await runRoute(recallExport.loader, buildRequest(`/recalls/export?format=csv&agency=${otherAgencyCode}`, { cookie: cookies.AGENCY }));
    expect(String(file.body)).not.toContain(otherAccount);
    const lender = await runRoute(recallRows.loader, buildRequest(`/recalls/rows?startRow=0&endRow=500&agency=${otherAgencyCode}`, { cookie: cookies.VENDOR_MANAGER }));
    expect((JSON.parse(String(lender.body)) as { rows: { accountNumber: string }[] }).rows.map((row) => row.accountNumber)).toContain(otherAccount);
  });

  test("the reconciliation page, its rows and its export are 404 for another agency's code for an AGENCY user", async () => {
    const other = `agency=${otherAgencyCode}&month=2026-10`;
    expect((await runRoute(reconciliation.loader, buildRequest(`/reconciliation?${other}`, { cookie: cookies.AGENCY }))).status).toBe(404);
    expect((await runRoute(reconciliationRows.loader, buildRequest(`/reconciliation/rows?${other}&startRow=0&endRow=100`, { cookie: cookies.AGENCY }))).status).toBe(404);
    expect((await runRoute(reconciliationExport.loader, buildRequest(`/reconciliation/export?${other}&format=csv`, { cookie: cookies.AGENCY }))).status).toBe(404);
    const own = await runRoute(reconciliation.loader, buildRequest(`/reconciliation?agency=${ownAgencyCode}&month=2026-10`, { cookie: cookies.AGENCY }));
    expect(own.status).toBe(200);
    expect((own.body as { agencies: { code: string }[] }).agencies.map((agency) => agency.code)).toEqual([ownAgencyCode]);
    const lender = await runRoute(reconciliationRows.loader, buildRequest(`/reconciliation/rows?${other}&startRow=0&endRow=100`, { cookie: cookies.VENDOR_MANAGER }));
    expect(lender.status).toBe(200);
  });

  test("a search for another agency's account number finds nothing for an AGENCY user", async () => {
    const outcome = await runRoute(caseRows.loader, buildRequest(`/cases.json?q=${otherAccount}`, { cookie: cookies.AGENCY }));
    expect((JSON.parse(String(outcome.body)) as CaseRowsPage).rows).toEqual([]);
  });
});

describe("personal data", () => {
  test.each([
    ["VENDOR_MANAGER", "masked"],
    ["EXECUTIVE", "masked"],
    ["COMPLIANCE", "unmasked"],
    ["ADMIN", "unmasked"],
  ] as const)("%s sees the case %s; unmasked views are logged", async (role, expected) => {
    const before = await getPrisma().accessLog.count({ where: { action: "CASE_VIEW_UNMASKED", resourceId: ownAccount } });
    const outcome = await runRoute(caseDetail.loader, buildRequest(`/cases/${ownAccount}`, { cookie: cookies[role] }), { accountNumber: ownAccount });
    const { detail } = outcome.body as { detail: CaseDetail };
    expect(detail.debtorName).toBe(expected === "masked" ? "张*" : "张三");
    expect(detail.events[0]?.phoneNumber).toBe(expected === "masked" ? "138****5678" : "13812345678");
    const after = await getPrisma().accessLog.count({ where: { action: "CASE_VIEW_UNMASKED", resourceId: ownAccount } });
    expect(after - before).toBe(expected === "unmasked" ? 1 : 0);
  });
});
