import { seedCasework, type Casework } from "./casework-data";
import { expect, test } from "./fixtures";

let casework: Casework;

test.beforeAll(async () => {
  casework = await seedCasework();
});

test("an executive opens a case from the violations grid and sees the violation's explanation and evidence", async ({ page, signInAs }) => {
  await signInAs("EXECUTIVE");
  await page.goto(`/violations?agency=${casework.agencyCode}&rule=DAILY_CONNECTED_CALLS`);
  await expect(page.getByTestId("violations-count")).toHaveText("1 violations", { timeout: 15_000 });
  await page.getByTestId("violations-grid").getByRole("link", { name: casework.accountNumber }).click();

  await expect(page).toHaveURL(new RegExp(`/cases/${casework.accountNumber}\\?violation=\\d+`));
  await expect(page.getByText("Personal data is masked for your role.")).toBeVisible();
  const timeline = page.getByTestId("case-timeline");
  const violation = timeline.locator('[id^="violation-"]').filter({ hasText: "Connected calls per day" });
  await expect(violation.getByTestId("violation-explanation")).toHaveText(
    "Connected call no. 4 with the debtor on Apr 1, 2026, all agencies together, is over the daily limit of 3: Apr 1, 09:10; Apr 1, 11:10; Apr 1, 14:10; Apr 1, 17:10.",
  );
  // The three earlier calls are marked as evidence and linked from the violation.
  await expect(timeline.getByTestId("evidence-badge")).toHaveCount(3);
  const links = violation.getByTestId("evidence-link");
  await expect(links).toHaveCount(3);
  const target = await links.first().getAttribute("href");
  expect(target).toMatch(/^#event-\d+$/);
  await expect(page.locator(target ?? "#missing").getByTestId("evidence-badge")).toBeVisible();
  // SMS text is shown as text, never as markup; the balance runs alongside.
  await expect(timeline.getByText("<script>alert(1)</script> 请于4月10日前还款，退订回T")).toBeVisible();
  await expect(timeline.getByTestId("running-balance").first()).toHaveText("CN¥9,800.00");
  await expect(page.getByTestId("placement-history")).toContainText(casework.agencyCode);
  // Executives read; they do not review.
  await expect(page.getByTestId("violation-review")).toHaveCount(0);
});

test("compliance confirms the violation from the case page and sees the decision", async ({ page, signInAs }) => {
  await signInAs("COMPLIANCE");
  await page.goto(`/cases/${casework.accountNumber}`);
  await expect(page.getByText("您正在查看未脱敏的个人信息")).toBeVisible();
  const violation = page.getByTestId("case-timeline").locator('[id^="violation-"]').filter({ hasText: "每日接通次数" });
  await violation.getByLabel("复核备注（必填）").fill("第四通接通电话经录音核实");
  await violation.getByRole("button", { name: "确认违规" }).click();
  // The page reloads its data: the review controls give way to the decision and its note.
  await expect(violation.getByTestId("violation-review-note")).toContainText("第四通接通电话经录音核实");
  await expect(violation.getByText("已确认")).toBeVisible();
  await expect(violation.getByTestId("violation-review")).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("violation-review-note")).toContainText("第四通接通电话经录音核实");
});
