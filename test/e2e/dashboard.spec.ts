import { expect, test } from "./fixtures";

// The executive's path through the dashboards: the period changes through the filter bar (and the URL), a bar of
// the collections chart leads to that agency's cases for that month, and a case opens from the grid.
test("an executive changes the period, drills from an agency's bar into its cases and opens a case", async ({ page, signInAs }) => {
  await signInAs("EXECUTIVE");
  await page.goto("/");
  await expect(page.getByTestId("kpi-tiles")).toBeVisible();
  await expect(page.getByTestId("kpi-collected")).toBeVisible();
  const bars = page.locator('[data-testid="collections-by-agency"] .recharts-bar-rectangle path.recharts-rectangle');
  // The chart draws only after hydration: from here on the page reacts to input.
  await expect(bars.first()).toBeVisible();

  await page.getByTestId("period-preset").selectOption("last3Months");
  await expect(page).toHaveURL(/[?&]from=\d{4}-\d{2}-01&to=\d{4}-\d{2}-\d{2}/);
  const dashboardUrl = new URL(page.url());
  const from = dashboardUrl.searchParams.get("from") ?? "";
  const to = dashboardUrl.searchParams.get("to") ?? "";
  expect(from < to).toBe(true);
  await expect(page.getByTestId("period-preset")).toHaveValue("last3Months");
  await expect(bars.first()).toBeVisible();

  await bars.first().click();
  await expect(page).toHaveURL(/\/cases\?/);
  const casesUrl = new URL(page.url());
  const agency = casesUrl.searchParams.get("agency");
  expect(agency).toMatch(/^[A-Z0-9_-]+$/);
  // The bar's month, inside the period the dashboard showed.
  expect((casesUrl.searchParams.get("from") ?? "") >= from).toBe(true);
  expect((casesUrl.searchParams.get("to") ?? "") <= to).toBe(true);

  const grid = page.getByTestId("cases-grid");
  await expect(grid).toBeVisible();
  await expect(page.getByTestId("cases-total")).toBeVisible();
  const agencyCells = grid.locator('.ag-cell[col-id="agencyCode"]');
  await expect(agencyCells.first()).toHaveText(agency ?? "");
  const cellTexts = await agencyCells.allInnerTexts();
  expect(new Set(cellTexts)).toEqual(new Set([agency]));

  const firstCase = grid.getByTestId("case-link").first();
  const accountNumber = (await firstCase.innerText()).trim();
  await firstCase.click();
  await expect(page).toHaveURL(new RegExp(`/cases/${accountNumber}$`));
  await expect(page.getByText(accountNumber).first()).toBeVisible();
});
