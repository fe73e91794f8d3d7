import { seedCasework, type Casework } from "./casework-data";
import { expect, test } from "./fixtures";

let casework: Casework;

test.beforeAll(async () => {
  casework = await seedCasework();
});

// The demo compliance officer reads Chinese: this test runs the page in Chinese, the executive's in English.
test("compliance filters violations, bulk-dismisses two with a note, and they stay visible with it", async ({ page, signInAs }) => {
  await signInAs("COMPLIANCE");
  await page.goto("/violations");
  const filters = page.getByTestId("violation-filters");
  await filters.getByLabel("机构").selectOption(casework.agencyCode);
  await filters.getByLabel("规则").selectOption("CONTACT_HOURS");
  await filters.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(new RegExp(`rule=CONTACT_HOURS.*agency=${casework.agencyCode}`));
  const count = page.getByTestId("violations-count");
  await expect(count).toHaveText("共 3 条违规", { timeout: 15_000 });
  const grid = page.getByTestId("violations-grid");
  await expect(grid.getByText("2026年4月5日 22:30（Asia/Shanghai）的联系不在允许时段 08:00–22:00 内。")).toBeVisible();

  const review = page.getByTestId("violation-review");
  await grid.locator('.ag-row[row-index="0"] input.ag-checkbox-input').check();
  await grid.locator('.ag-row[row-index="1"] input.ag-checkbox-input').check();
  await expect(page.getByTestId("violations-selected")).toHaveText("已选 2 条");
  // Without a note nothing is decided.
  await review.getByRole("button", { name: "驳回" }).click();
  await expect(review.getByRole("alert")).toContainText("此项为必填项。");
  await review.getByLabel("复核备注（必填）").fill("债务人要求下班后再联系");
  await review.getByRole("button", { name: "驳回" }).click();
  await expect(review.getByText("已复核 2 条违规：已驳回。")).toBeVisible();
  // The grid reloads: the two rows now read as dismissed, with the note.
  await expect(grid.locator(".ag-row").getByText("已驳回")).toHaveCount(2);

  // Dismissed violations are still listed, with who decided and why.
  await page.goto(`/violations?agency=${casework.agencyCode}&rule=CONTACT_HOURS&status=DISMISSED`);
  await expect(count).toHaveText("共 2 条违规", { timeout: 15_000 });
  await expect(grid.getByText(/债务人要求下班后再联系/).first()).toBeVisible();
  await page.goto(`/violations?agency=${casework.agencyCode}&rule=CONTACT_HOURS`);
  await expect(count).toHaveText("共 3 条违规", { timeout: 15_000 });
});

test("an executive reads violations but cannot review them", async ({ page, signInAs }) => {
  await signInAs("EXECUTIVE");
  await page.goto(`/violations?agency=${casework.agencyCode}&rule=CONTACT_HOURS`);
  await expect(page.getByTestId("violations-count")).toHaveText("3 violations", { timeout: 15_000 });
  await expect(page.getByTestId("violations-grid").getByText("Contact at Apr 5, 2026, 22:30 (Asia/Shanghai) is outside the allowed hours 08:00–22:00.")).toBeVisible();
  await expect(page.getByText("You can read violations; only compliance officers review them.")).toBeVisible();
  await expect(page.getByTestId("violation-review")).toHaveCount(0);
});
