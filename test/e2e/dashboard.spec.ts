import { DEMO_VIOLATION_ACCOUNT } from "../../app/demo/portfolio/facts";
import { expect, test } from "./fixtures";

// The executive's path through the dashboards: the period changes through the filter bar (and the URL), a bar of
// the collections chart leads to that agency's cases for that month, and a case opens from the grid with its
// violations' evidence.
test("an executive changes the period, drills from an agency's bar into its cases and opens a case with its violation's evidence", async ({ page, signInAs }) => {
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

  // BLITZ's bar of the last month shown: the agency whose scripted account breaks the rules.
  await page.locator('[data-testid="collections-by-agency"] .series-BLITZ path.recharts-rectangle').last().click();
  await expect(page).toHaveURL(/\/cases\?/);
  const casesUrl = new URL(page.url());
  const agency = casesUrl.searchParams.get("agency");
  expect(agency).toBe("BLITZ");
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

  // Within the drilled-down grid, the scripted account (placed all year, so in every month's cases) is found by its
  // number and opened: its violations are shown on the case with their explanation and evidence.
  await page.getByTestId("cases-filters").locator('input[name="q"]').fill(DEMO_VIOLATION_ACCOUNT);
  await page.getByTestId("cases-filters").getByRole("button").click();
  await expect(page).toHaveURL(new RegExp(`q=${DEMO_VIOLATION_ACCOUNT}`));
  expect(new URL(page.url()).searchParams.get("agency")).toBe("BLITZ");
  const caseLink = grid.getByTestId("case-link").filter({ hasText: DEMO_VIOLATION_ACCOUNT });
  await expect(caseLink).toHaveCount(1);
  await caseLink.click();
  await expect(page).toHaveURL(new RegExp(`/cases/${DEMO_VIOLATION_ACCOUNT}$`));
  const timeline = page.getByTestId("case-timeline");
  const violation = timeline.locator('[id^="violation-"]').filter({ hasText: "Call attempts per number per day" }).first();
  await expect(violation.getByTestId("violation-explanation")).toBeVisible();
  const evidence = violation.getByTestId("evidence-link");
  expect(await evidence.count()).toBeGreaterThan(0);
  const target = await evidence.first().getAttribute("href");
  await expect(page.locator(target ?? "#missing").getByTestId("evidence-badge")).toBeVisible();
});

// The executive's minute: the agencies-at-risk panel puts the threatening agency above the compliant one, and a
// rate opens the violations it counted.
test("the agencies-at-risk panel ranks BLITZ first and its HIGH rate opens BLITZ's HIGH violations", async ({ page, signInAs }) => {
  await signInAs("EXECUTIVE");
  await page.goto("/");
  const panel = page.getByTestId("agencies-at-risk");
  await expect(panel).toBeVisible();
  const rows = panel.locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  // BLITZ, CROSSLINE and KINLINK break HIGH rules all the time; the compliant ANCHOR comes after every one of them.
  const order = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute("data-testid")?.replace("risk-row-", "")));
  expect(order.indexOf("BLITZ")).toBeGreaterThanOrEqual(0);
  expect(order.indexOf("ANCHOR")).toBeGreaterThan(order.indexOf("BLITZ"));
  await expect(page.getByTestId("violation-rates-by-agency")).toBeVisible();
  await expect(page.getByTestId("kpi-link-complaints")).toHaveAttribute("href", /^\/complaints\?from=/);
  await expect(page.getByTestId("metric-definitions")).toContainText("How these figures are computed");

  const high = page.getByTestId("risk-high-BLITZ");
  // "12 of 1,840": the HIGH violations behind the rate, which the grid must list.
  const counted = Number(((await high.getAttribute("title")) ?? "").split(" of ")[0]?.replace(/\D/g, ""));
  expect(counted).toBeGreaterThan(0);
  await high.click();
  await expect(page).toHaveURL(/\/violations\?/);
  const url = new URL(page.url());
  expect(url.searchParams.get("agency")).toBe("BLITZ");
  expect(url.searchParams.get("severity")).toBe("HIGH");
  expect(url.searchParams.get("status")).toBe("COUNTED");
  await expect(page.getByTestId("violations-count")).toHaveText(`${counted.toLocaleString("en")} violations`, { timeout: 15_000 });
  const grid = page.getByTestId("violations-grid");
  await expect(grid.locator('.ag-cell[col-id="agencyCode"]').first()).toHaveText("BLITZ");
  expect(new Set(await grid.locator('.ag-cell[col-id="agencyCode"]').allInnerTexts())).toEqual(new Set(["BLITZ"]));
});
