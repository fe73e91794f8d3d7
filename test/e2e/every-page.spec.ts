import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Locator, Page } from "@playwright/test";
import { can, roles, type Permission } from "../../app/auth/permissions";
import { DEMO_VIOLATION_ACCOUNT } from "../../app/demo/portfolio/facts";
import type { Role } from "../../app/generated/prisma/enums";
import type { MessageKey } from "../../app/i18n/messages.en";
import { translate } from "../../app/i18n/translate";
import { demoPassword } from "../../app/demo/demo-users";
import { demoUserFor, expect, signIn, test } from "./fixtures";

// Every page route, as every role allowed to see it: the page's own heading and one thing only that page renders
// must be on screen. A route module that loads but renders something else (a parent without an <Outlet/>, a
// blank page) fails here. The table is checked against app/routes, so a new page without a row fails too.

/** Ids the table's paths need, found through the UI once (a batch, a report, an agent of BLITZ). */
type Found = { batchId: string; reportId: string; agentId: string; findingId: string; complaintId: string; evaluationId: string; statementId: string };
type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

type PageCase = {
  /** The route module under app/routes, without ".tsx". */
  route: string;
  permission: Permission | "signedIn";
  path: (found: Found) => string;
  heading: (t: Translate, found: Found) => string | RegExp;
  /** Something only this page renders. */
  own: (page: Page, t: Translate) => Locator;
};

const heading = (key: MessageKey, params?: Record<string, string | number>) => (t: Translate) => t(key, params);

const pages: PageCase[] = [
  { route: "_app._index", permission: "dashboard.view", path: () => "/", heading: heading("dashboard.title"), own: (page) => page.getByTestId("kpi-tiles") },
  { route: "_app.agencies._index", permission: "agencies.view", path: () => "/agencies", heading: heading("agencies.title"), own: (page) => page.getByTestId("agencies-grid") },
  { route: "_app.agencies.$code", permission: "agencies.view", path: () => "/agencies/BLITZ", heading: () => /^BLITZ · /, own: (page) => page.getByTestId("agency-scorecard") },
  {
    route: "_app.agencies.$code_.agents.$agentId",
    permission: "agencies.view",
    path: (found) => `/agencies/BLITZ/agents/${found.agentId}`,
    heading: (t) => new RegExp(`^${escapeRegExp(t("agencies.agentTitle", { id: "__" })).replace("__", "BL\\d+")}$`),
    own: (page, t) => page.getByRole("link", { name: t("agencies.backToAgency", { agency: "BLITZ" }) }),
  },
  { route: "_app.agencies.$code_.register", permission: "agencies.view", path: () => "/agencies/BLITZ/register", heading: heading("register.title"), own: (page) => page.getByTestId("register-documents") },
  { route: "_app.data-health._index", permission: "agencies.view", path: () => "/data-health", heading: heading("dataHealth.title"), own: (page) => page.getByTestId("data-health-agencies") },
  { route: "_app.data-health.$code", permission: "agencies.view", path: () => "/data-health/BLITZ", heading: heading("dataHealth.agencyTitle", { code: "BLITZ" }), own: (page) => page.getByTestId("feed-calendar").or(page.getByTestId("empty-state")).first() },
  { route: "_app.settings.data-health", permission: "settings.agencies", path: () => "/settings/data-health", heading: heading("dataHealth.settings.title"), own: (page) => page.getByTestId("data-health-settings") },
  { route: "_app.settings.retention", permission: "retention.manage", path: () => "/settings/retention", heading: heading("retention.title"), own: (page) => page.getByTestId("retention-period") },
  { route: "_app.approved-agencies", permission: "agencies.view", path: () => "/approved-agencies", heading: heading("approved.title"), own: (page) => page.getByTestId("approved-agencies") },
  { route: "_app.cases._index", permission: "cases.view", path: () => "/cases", heading: heading("cases.title"), own: (page) => page.getByTestId("cases-total") },
  { route: "_app.recalls._index", permission: "cases.view", path: () => "/recalls", heading: heading("recalls.title"), own: (page) => page.getByTestId("recall-filters") },
  { route: "_app.cases.$accountNumber", permission: "cases.view", path: () => `/cases/${DEMO_VIOLATION_ACCOUNT}`, heading: (t) => `${t("cases.accountNumber")} ${DEMO_VIOLATION_ACCOUNT}`, own: (page) => page.getByTestId("case-facts") },
  { route: "_app.findings._index", permission: "findings.view", path: () => "/findings", heading: (t) => new RegExp(`^(${escapeRegExp(t("findings.list.title"))}|${escapeRegExp(t("findings.list.inboxTitle"))})$`), own: (page) => page.getByTestId("finding-filters") },
  { route: "_app.findings.$id", permission: "findings.view", path: (found) => `/findings/${found.findingId}`, heading: (_t, found) => new RegExp(`^#${found.findingId} `), own: (page) => page.getByTestId("finding-history") },
  { route: "_app.settings.complaints", permission: "complaints.manage", path: () => "/settings/complaints", heading: heading("complaintWork.settings.title"), own: (page) => page.getByTestId("category-rules") },
  {
    route: "_app.evaluations._index",
    permission: "evaluations.view",
    path: () => "/evaluations",
    heading: heading("evaluations.title"),
    own: (page) => page.getByTestId(/^evaluation-link-\d+$/).first().or(page.getByTestId("empty-state")),
  },
  // ANCHOR's signed evaluation: the demo's agency user belongs to BLITZ, so the lender's editors visit it.
  { route: "_app.evaluations.$id", permission: "evaluations.manage", path: (found) => `/evaluations/${found.evaluationId}`, heading: (_t, found) => new RegExp(`#${found.evaluationId} · ANCHOR$`), own: (page) => page.getByTestId("evaluation-figures") },
  { route: "_app.settings.findings-policy", permission: "findings.policy", path: () => "/settings/findings-policy", heading: heading("findings.policy.title"), own: (page) => page.locator('input[name="responseDays"]') },
  { route: "_app.violations._index", permission: "violations.view", path: () => "/violations", heading: heading("violations.title"), own: (page) => page.getByTestId("violation-filters") },
  { route: "_app.complaints._index", permission: "complaints.view", path: () => "/complaints", heading: heading("complaints.title"), own: (page) => page.getByTestId("complaint-filters") },
  { route: "_app.complaints.$id", permission: "complaints.view", path: (found) => `/complaints/${found.complaintId}`, heading: () => / · /, own: (page) => page.getByTestId("complaint-corroboration") },
  { route: "_app.complaints.new", permission: "complaints.create", path: () => "/complaints/new", heading: heading("complaints.newTitle"), own: (page) => page.getByTestId("complaint-form") },
  { route: "_app.imports._index", permission: "imports.view", path: () => "/imports", heading: heading("imports.title"), own: (page) => page.getByTestId("import-batches-grid") },
  { route: "_app.imports.$batchId", permission: "imports.view", path: (found) => `/imports/${found.batchId}`, heading: (t, found) => t("imports.batch.title", { id: found.batchId }), own: (page) => page.getByTestId("batch-status") },
  { route: "_app.imports.mappings", permission: "imports.view", path: () => "/imports/mappings", heading: heading("imports.profiles.title"), own: (page) => page.getByTestId("profile-filter") },
  { route: "_app.reports._index", permission: "reports.view", path: () => "/reports", heading: heading("reports.title"), own: (page) => page.getByTestId(/^report-link-\d+$/).first() },
  { route: "_app.reports.$id", permission: "reports.view", path: (found) => `/reports/${found.reportId}`, heading: (_t, found) => new RegExp(`\\b${found.reportId}\\b`), own: (page) => page.getByTestId("report-status") },
  { route: "_app.rules._index", permission: "rulePacks.view", path: () => "/rules", heading: heading("rulePacks.title"), own: (page, t) => page.getByRole("heading", { level: 2, name: t("rulePacks.families"), exact: true }) },
  { route: "_app.rules.$code._index", permission: "rulePacks.view", path: () => "/rules/cn", heading: heading("rulePacks.historyTitle", { code: "cn" }), own: (page, t) => page.getByRole("heading", { level: 2, name: t("rulePacks.versions"), exact: true }) },
  { route: "_app.rules.$code.draft", permission: "rulePacks.edit", path: () => "/rules/cn/draft", heading: heading("rulePacks.draftTitle", { code: "cn" }), own: (page) => page.getByTestId("rule-pack-draft-form") },
  {
    route: "_app.notifications",
    permission: "signedIn",
    path: () => "/notifications",
    heading: heading("notifications.title"),
    own: (page) => page.getByTestId("notification-list").or(page.getByTestId("empty-state")),
  },
  { route: "_app.settings._index", permission: "signedIn", path: () => "/settings", heading: heading("settings.title"), own: (page, t) => page.getByRole("heading", { level: 2, name: t("settings.preferences"), exact: true }) },
  { route: "_app.settings.access-log", permission: "accessLog.view", path: () => "/settings/access-log", heading: heading("accessLog.title"), own: (page) => page.getByRole("table") },
  { route: "_app.settings.agencies", permission: "settings.agencies", path: () => "/settings/agencies", heading: heading("agencyForm.title"), own: (page, t) => page.getByRole("heading", { level: 2, name: t("agencyForm.new"), exact: true }) },
  { route: "_app.settings.api-tokens", permission: "settings.apiTokens", path: () => "/settings/api-tokens", heading: heading("apiTokens.title"), own: (page, t) => page.getByRole("heading", { level: 2, name: t("apiTokens.new"), exact: true }) },
  { route: "_app.settings.agency-register", permission: "register.settings", path: () => "/settings/agency-register", heading: heading("register.settings.title"), own: (page) => page.getByTestId("required-documents") },
  { route: "_app.reconciliation._index", permission: "reconciliation.view", path: () => "/reconciliation", heading: heading("reconciliation.title"), own: (page) => page.getByTestId("reconciliation-filters") },
  { route: "_app.statements._index", permission: "statements.view", path: () => "/statements", heading: heading("statements.title"), own: (page) => page.getByTestId("statements-list") },
  { route: "_app.statements.$id", permission: "statements.view", path: (found) => `/statements/${found.statementId}`, heading: (t) => new RegExp(`^${escapeRegExp(t("statements.title"))} · BLITZ · \\d{4}-\\d{2}$`), own: (page) => page.getByTestId("statement-totalDue") },
  { route: "_app.settings.fee-schedules", permission: "settings.feeSchedules", path: () => "/settings/fee-schedules?agency=BLITZ", heading: heading("feeSchedules.title"), own: (page) => page.locator('input[name="effectiveFrom"]') },
  { route: "_app.settings.scorecard", permission: "settings.scorecard", path: () => "/settings/scorecard", heading: heading("agencies.weights.title"), own: (page) => page.locator('input[name="recoveryIndex"]') },
  { route: "_app.help.api", permission: "api.docs", path: () => "/help/api", heading: heading("apiDocs.title"), own: (page) => page.getByTestId("api-docs") },
  { route: "_app.settings.users", permission: "settings.users", path: () => "/settings/users", heading: heading("users.title"), own: (page, t) => page.getByRole("heading", { level: 2, name: t("users.new"), exact: true }) },
];

/** Pages that must be usable on a phone: no sideways scrolling of the page itself. */
const narrowPages = ["_app._index", "_app.agencies.$code", "_app.cases.$accountNumber", "_app.notifications"];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function translatorFor(role: Role): Translate {
  return (key, params) => translate(demoUserFor(role).locale, key, params);
}

const allowed = (entry: PageCase) => roles.filter((role) => entry.permission === "signedIn" || can(role, entry.permission));

test("the table names every page route under app/routes, and no other", () => {
  const directory = path.resolve(process.cwd(), "app/routes");
  const pageRoutes = readdirSync(directory)
    .filter((file) => file.startsWith("_app.") && file.endsWith(".tsx") && file !== "_app.tsx")
    .filter((file) => /^export default function/m.test(readFileSync(path.join(directory, file), "utf8")))
    .map((file) => file.replace(/\.tsx$/, ""))
    .sort();
  expect(pages.map((entry) => entry.route).sort()).toEqual(pageRoutes);
});

test.describe.configure({ mode: "serial" });

let found: Found;

test("find a batch, a report and an agent to visit", async ({ page, signInAs }) => {
  test.setTimeout(150_000);
  // The first sign-in after the server starts waits for the first dashboard's figures.
  await signIn(page, demoUserFor("AGENCY").email, demoPassword);
  await expect(page.getByTestId("main-nav")).toBeVisible({ timeout: 60_000 });
  await page.goto("/imports");
  const batchLink = page.getByTestId("import-batches-grid").locator('a[href^="/imports/"]').first();
  await expect(batchLink).toBeVisible({ timeout: 20_000 });
  const batchId = /\/imports\/(\d+)/.exec((await batchLink.getAttribute("href")) ?? "")?.[1] ?? "";
  await page.goto("/agencies/BLITZ");
  const agentLink = page.locator('a[href*="/agencies/BLITZ/agents/"]').first();
  await expect(agentLink).toBeVisible({ timeout: 20_000 });
  const agentId = /\/agents\/(\d+)/.exec((await agentLink.getAttribute("href")) ?? "")?.[1] ?? "";
  // One of the agency's own complaints, so every role (the agency's user included) may open it.
  await page.goto("/complaints");
  const complaintLink = page.getByTestId("complaint-link").first();
  await expect(complaintLink).toBeVisible({ timeout: 20_000 });
  const complaintId = /\/complaints\/(\d+)/.exec((await complaintLink.getAttribute("href")) ?? "")?.[1] ?? "";
  await page.context().clearCookies();

  // A masked BLITZ report, so every role that may read reports (the agency's own user included) can open it.
  await signInAs("ADMIN");
  await page.goto("/reports");
  const form = page.getByTestId("report-generate-form");
  await form.locator('select[name="agencyId"]').selectOption({ label: await form.locator('select[name="agencyId"] option', { hasText: "BLITZ" }).first().innerText() });
  await form.locator('input[name="masked"]').check();
  await form.locator('button[type="submit"]').click();
  await expect(page).toHaveURL(/\/reports\/\d+$/);
  const reportId = /\/reports\/(\d+)$/.exec(page.url())?.[1] ?? "";
  // A BLITZ commission statement (the agency's own user may read it too).
  await page.goto("/statements");
  const statementForm = page.getByTestId("statement-generate-form");
  await statementForm.locator('select[name="agencyId"]').selectOption({ label: await statementForm.locator('select[name="agencyId"] option', { hasText: "BLITZ" }).first().innerText() });
  await statementForm.locator('input[name="month"]').fill("2026-03");
  await statementForm.locator('button[type="submit"]').click();
  await expect(page).toHaveURL(/\/statements\/\d+$/, { timeout: 30_000 });
  const statementId = /\/statements\/(\d+)$/.exec(page.url())?.[1] ?? "";
  await page.context().clearCookies();

  // The demo may hold no finding yet: compliance raises one from a BLITZ filter and issues it, so the agency's user
  // sees it too.
  await signInAs("COMPLIANCE");
  await page.goto("/violations?agency=BLITZ");
  await page.getByTestId("raise-finding").getByRole("button").click();
  await expect(page).toHaveURL(/\/findings\/\d+$/, { timeout: 30_000 });
  const findingId = /\/findings\/(\d+)$/.exec(page.url())?.[1] ?? "";
  await page.getByTestId("finding-issue").click();
  await expect(page.getByTestId("finding-status")).toContainText(translate(demoUserFor("COMPLIANCE").locale, "findings.status.ISSUED"));
  // An evaluation of ANCHOR (the demo command signs one; the browser tests' database may hold none yet).
  await page.goto("/evaluations");
  const start = page.locator('form[method="post"]').filter({ has: page.locator('select[name="agencyId"]') });
  await start.locator('select[name="agencyId"]').selectOption({ label: await start.locator('select[name="agencyId"] option', { hasText: "ANCHOR" }).first().innerText() });
  await start.getByRole("button").click();
  await expect(page).toHaveURL(/\/evaluations\/\d+$/, { timeout: 60_000 });
  const evaluationId = /\/evaluations\/(\d+)$/.exec(page.url())?.[1] ?? "";
  found = { batchId, reportId, agentId, findingId, complaintId, evaluationId, statementId };
  expect(Object.values(found).every((id) => /^\d+$/.test(id))).toBe(true);
});

for (const role of roles) {
  test(`every page ${role} may open shows its own heading and content`, async ({ page, signInAs }) => {
    test.setTimeout(180_000);
    const t = translatorFor(role);
    await signInAs(role);
    for (const entry of pages.filter((candidate) => allowed(candidate).includes(role))) {
      const url = entry.path(found);
      await test.step(`${url} (${entry.route})`, async () => {
        const response = await page.goto(url);
        expect(response?.status(), url).toBe(200);
        await expect(page.locator("main h1"), url).toHaveCount(1);
        await expect(page.locator("main h1"), url).toHaveText(entry.heading(t, found));
        await expect(entry.own(page, t), url).toBeVisible({ timeout: 20_000 });
      });
    }
  });
}

test("pages a role may not open answer 403, not a blank or another page", async ({ page, signInAs }) => {
  await signInAs("AGENCY");
  for (const entry of pages.filter((candidate) => !allowed(candidate).includes("AGENCY") && candidate.permission !== "signedIn")) {
    const response = await page.goto(entry.path(found));
    // The agency's user may see evaluations, only not another agency's (ANCHOR's): that record answers 404, as every
    // other agency's record does, rather than admitting it exists.
    expect(response?.status(), entry.route).toBe(entry.route === "_app.evaluations.$id" ? 404 : 403);
  }
});

test.describe("at 390 px", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  for (const role of ["EXECUTIVE", "AGENCY"] as const) {
    test(`dashboard, agency, case and notification pages fit the screen for ${role}`, async ({ page, signInAs }) => {
      const t = translatorFor(role);
      await signInAs(role);
      for (const entry of pages.filter((candidate) => narrowPages.includes(candidate.route))) {
        const url = entry.path(found);
        await page.goto(url);
        await expect(page.locator("main h1"), url).toHaveText(entry.heading(t, found));
        await expect(entry.own(page, t), url).toBeVisible({ timeout: 20_000 });
        await expect(page.getByTestId("language-zh-CN")).toBeVisible();
        await expect(page.getByTestId("notification-bell")).toBeVisible();
        const overflow = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
        expect(overflow.scroll, `${url} is ${overflow.scroll}px wide`).toBeLessThanOrEqual(overflow.inner);
        // A KPI figure is read whole: nothing in a tile is cut off or hidden behind an ellipsis.
        const cutFigures = await page
          .locator("[data-testid=kpi-tiles] > *")
          .evaluateAll((tiles) => tiles.flatMap((tile) => [...tile.querySelectorAll("div")].filter((cell) => cell.scrollWidth > cell.clientWidth + 1).map((cell) => cell.textContent ?? "")));
        expect(cutFigures, `${url}: KPI figures cut at 390 px`).toEqual([]);
      }
    });
  }
});

test.describe("keyboard", () => {
  test("the sign-in page starts in the e-mail field; the skip link leads to the content", async ({ page }) => {
    await page.goto("/login");
    await expect(page.getByLabel(/email|邮箱/i)).toBeFocused();
    await page.getByLabel(/email|邮箱/i).fill(demoUserFor("EXECUTIVE").email);
    await page.getByLabel(/password|密码/i).fill("oversight-demo-2026");
    await page.getByRole("button", { name: /sign in|登录/i }).click();
    await expect(page.getByTestId("main-nav")).toBeVisible();
    await page.keyboard.press("Tab");
    const skip = page.getByTestId("skip-link");
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    const outline = await skip.evaluate((element) => getComputedStyle(element).outlineStyle);
    expect(outline).not.toBe("none");
    await page.keyboard.press("Enter");
    await expect(page.locator("main#main")).toBeFocused();
  });
});
