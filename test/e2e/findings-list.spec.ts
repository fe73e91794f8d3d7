import { translate } from "../../app/i18n/translate";
import { demoUserFor, expect, test } from "./fixtures";

// The findings list on the grid kit (filters in the URL, CSV and Excel export, the agency's inbox scoped to its own),
// the dashboard's findings tiles, and raising a finding from the violations grid's ticked rows, the agency page (a
// rule) and the agent page. The demo holds findings in every state (app/demo/demo-findings.server.ts).

const draftText = () => translate(demoUserFor("COMPLIANCE").locale, "findings.status.DRAFT");

test("compliance filters the findings grid and exports it", async ({ page, signInAs }) => {
  test.setTimeout(120_000);
  await signInAs("COMPLIANCE");
  await page.goto("/findings?status=ESCALATED");
  const grid = page.getByTestId("findings-grid");
  await expect(grid.getByTestId("finding-link").first()).toBeVisible({ timeout: 30_000 });
  await expect(grid.locator(".ag-row").filter({ hasText: "BLITZ" }).first()).toBeVisible();
  await expect(page.getByTestId("findings-count")).toContainText(/\d/);
  // Every row shown is escalated.
  const statuses = await grid.getByTestId("finding-status").allInnerTexts();
  expect(statuses.length).toBeGreaterThan(0);
  for (const status of statuses) expect(status).toContain(translate(demoUserFor("COMPLIANCE").locale, "findings.status.ESCALATED"));

  const csv = await page.request.get(`/findings/export?format=csv&status=ESCALATED`);
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain("BLITZ");
  const download = page.waitForEvent("download");
  await page.getByTestId("findings-export-xlsx").click();
  expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);
});

test("the agency's inbox lists its own findings only, and the dashboard shows the escalated ones", async ({ page, signInAs }) => {
  await signInAs("AGENCY");
  await page.goto("/findings");
  const grid = page.getByTestId("findings-grid");
  await expect(grid.getByTestId("finding-link").first()).toBeVisible({ timeout: 30_000 });
  const agencies = await grid.locator('.ag-cell[col-id="agencyCode"]').allInnerTexts();
  expect(new Set(agencies)).toEqual(new Set(["BLITZ"]));
  await page.goto("/");
  await expect(page.getByTestId("finding-tile-escalated")).toContainText(/[1-9]/, { timeout: 30_000 });
  await page.getByTestId("finding-tile-escalated").click();
  await expect(page).toHaveURL(/\/findings\?status=ESCALATED/);
});

test("compliance raises findings from ticked violations, the agency page's rule and the agent page", async ({ page, signInAs }) => {
  test.setTimeout(150_000);
  await signInAs("COMPLIANCE");
  await page.goto("/violations?agency=BLITZ&status=OPEN");
  const grid = page.getByTestId("violations-grid");
  await grid.locator('.ag-row[row-index="0"] input.ag-checkbox-input').check({ timeout: 30_000 });
  await grid.locator('.ag-row[row-index="1"] input.ag-checkbox-input').check();
  const raiseSelected = page.getByTestId("raise-finding-selection").getByRole("button");
  await expect(raiseSelected).toContainText("2");
  await raiseSelected.click();
  await expect(page).toHaveURL(/\/findings\/\d+$/, { timeout: 30_000 });
  await expect(page.getByTestId("finding-status")).toContainText(draftText());
  await expect(page.getByTestId("impact-violations")).toContainText("2");

  await page.goto("/agencies/BLITZ");
  const panel = page.getByTestId("raise-finding-panel");
  await panel.getByTestId("raise-finding-rule").selectOption("CONTACT_HOURS");
  await panel.getByRole("button").click();
  await expect(page).toHaveURL(/\/findings\/\d+$/, { timeout: 30_000 });
  await expect(page.getByTestId("finding-status")).toContainText(draftText());

  await page.goto("/agencies/BLITZ");
  const agentLink = page.locator('a[href*="/agencies/BLITZ/agents/"]').first();
  await expect(agentLink).toBeVisible({ timeout: 20_000 });
  await page.goto((await agentLink.getAttribute("href")) ?? "");
  const agentPanel = page.getByTestId("raise-finding-panel");
  await expect(agentPanel).toBeVisible();
  await agentPanel.getByRole("button").click();
  await expect(page).toHaveURL(/\/findings\/\d+$/, { timeout: 30_000 });
  await expect(page.getByTestId("finding-status")).toContainText(draftText());
});
