import { statSync } from "node:fs";
import { expect, test } from "./fixtures";

// The demo compliance officer works in Chinese, so the steps go by test ids, and the texts checked are Chinese.
test("compliance generates a monthly audit, previews and downloads it, then finalises it with a sign-off", async ({ page, signInAs }) => {
  await signInAs("COMPLIANCE");
  await page.goto("/reports");
  const form = page.getByTestId("report-generate-form");
  await form.locator('input[name="month"]').fill("2026-10");
  await form.locator('select[name="agencyId"]').selectOption("");
  await page.getByTestId("generate-report").click();

  await expect(page).toHaveURL(/\/reports\/\d+$/);
  await expect(page.getByTestId("report-progress")).toBeVisible();
  const download = page.getByTestId("download-report");
  await expect(download).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");
  await expect(page.getByTestId("report-summary-preview")).toContainText("2026-10");
  await expect(page.getByTestId("report-status")).toHaveText("草稿");
  const draftHash = (await page.getByTestId("report-sha256").textContent())?.trim() ?? "";
  expect(draftHash).toMatch(/^[0-9a-f]{64}$/);

  const [file] = await Promise.all([page.waitForEvent("download"), download.click()]);
  expect(file.suggestedFilename()).toMatch(/^audit-2026-10-ALL-r\d+-draft\.xlsx$/);
  const savedTo = await file.path();
  expect(statSync(savedTo).size).toBeGreaterThan(5_000);

  await page.getByTestId("finalize-form").locator('textarea[name="note"]').fill("已与机构核对，签核通过。");
  await page.getByTestId("finalize-report").click();
  await expect(page.getByTestId("report-status")).toHaveText("定稿", { timeout: 60_000 });
  await expect(page.getByTestId("download-report")).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("report-sign-off-note")).toHaveText("已与机构核对，签核通过。");
  await expect(page.getByTestId("report-finalized-by")).toHaveText("陈合规");
  await expect(page.getByTestId("report-sha256")).toHaveText(/^[0-9a-f]{64}$/);
  await expect(page.getByTestId("regenerate-report")).toHaveCount(0);

  const [finalFile] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-report").click()]);
  expect(finalFile.suggestedFilename()).toMatch(/^audit-2026-10-ALL-r\d+-final\.xlsx$/);
});
