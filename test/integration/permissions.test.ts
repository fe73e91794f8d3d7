import type { LoaderFunctionArgs } from "@remix-run/node";
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
import * as evaluations from "~/routes/_app.evaluations._index";
import { buildRequest, runRoute, sessionCookieFor } from "../support/route-harness";

const allRoles: Role[] = ["ADMIN", "VENDOR_MANAGER", "COMPLIANCE", "EXECUTIVE", "AGENCY"];

// The expected matrix is written out here on purpose, not derived from app/auth/permissions.ts, so that a
// change to the permission table that opens a page to the wrong role fails this test.
const loaderMatrix: { name: string; path: string; loader: (args: LoaderFunctionArgs) => Promise<unknown>; allowed: Role[] }[] = [
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
  { name: "evaluations", path: "/evaluations", loader: evaluations.loader, allowed: allRoles },
];

const cookies = {} as Record<Role, string>;
let ownAccount: string;
let otherAccount: string;
let ownAgencyId: number;
const accountIds: number[] = [];

beforeAll(async () => {
  const suffix = Date.now().toString(36).toUpperCase();
  ownAgencyId = await createAgency({ code: `OWN${suffix}`, name: "Own agency" });
  const otherAgencyId = await createAgency({ code: `OTH${suffix}`, name: "Other agency" });
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

describe.each(loaderMatrix)("$name", ({ path, loader, allowed }) => {
  test.each(allRoles)("%s", async (role) => {
    const outcome = await runRoute(loader, buildRequest(path, { cookie: cookies[role] }));
    expect(outcome.status).toBe(allowed.includes(role) ? 200 : 403);
  });

  test("without a session redirects to sign-in, keeping the target", async () => {
    const outcome = await runRoute(loader, buildRequest(path));
    expect(outcome.status).toBe(302);
    expect(outcome.location).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
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
