import { expect, test } from "./fixtures";

// The dashboards' reported/reconciled switch (ADR 044): in the demo's year CROSSLINE remits some payments short, a few
// reported payments never arrive and one remittance is reversed, so collected over the last 12 months differs between
// the two bases; the switch lives in the URL and the page says which basis it shows.
test("an executive flips the money basis on the dashboard and sees collected change", async ({ page, signInAs }) => {
  await signInAs("EXECUTIVE");
  await page.goto("/");
  await expect(page.locator('[data-testid="collections-by-agency"] .recharts-bar-rectangle path.recharts-rectangle').first()).toBeVisible();
  await page.getByTestId("period-preset").selectOption("last12Months");
  await expect(page).toHaveURL(/[?&]from=\d{4}-\d{2}-01&to=\d{4}-\d{2}-\d{2}/);
  const note = page.getByTestId("money-basis-note");
  // The demo has a ledger over the default period: reconciled by default, and the page says why.
  await expect(note).toHaveAttribute("data-basis", "reconciled");
  await expect(note).toContainText("ledger");
  const collected = page.getByTestId("kpi-collected").locator("div[title], div.text-xl").first();
  const exact = async () => (await collected.getAttribute("title")) ?? (await collected.innerText());
  // The chart draws only after hydration: from here on the select submits on change.
  await expect(page.locator('[data-testid="collections-by-agency"] .recharts-bar-rectangle path.recharts-rectangle').first()).toBeVisible();
  const reconciled = await exact();

  await page.getByTestId("money-basis").selectOption("reported");
  await expect(page).toHaveURL(/[?&]basis=reported/);
  await expect(note).toHaveAttribute("data-basis", "reported");
  await expect(note).toContainText("You chose this basis");
  await expect.poll(exact).not.toBe(reconciled);
  const reported = await exact();

  await page.getByTestId("money-basis").selectOption("reconciled");
  await expect(page).toHaveURL(/[?&]basis=reconciled/);
  await expect.poll(exact).toBe(reconciled);
  expect(reported).not.toBe(reconciled);

  // The unreconciled amounts open the reconciliation of that agency and month.
  const link = page.getByTestId("unreconciled-table").locator('a[href^="/reconciliation?"]').first();
  await expect(link).toBeVisible();
  expect(await link.getAttribute("href")).toMatch(/agency=[A-Z]+&month=\d{4}-\d{2}/);
});
