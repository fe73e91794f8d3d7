import { translate } from "../../app/i18n/translate";
import { demoUserFor, expect, test } from "./fixtures";

// Findings to closure in the browser: compliance raises a finding from a violations filter and issues it, the
// agency's user (BLITZ) finds it in the inbox and answers with a plan, compliance accepts the plan.
// The clock passing the plan's due day, verification and closing are covered by the domain's integration tests.

test.describe.configure({ mode: "serial" });

const statusText = (role: "COMPLIANCE" | "AGENCY", status: string) => translate(demoUserFor(role).locale, `findings.status.${status}` as Parameters<typeof translate>[1]);

function dayFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

let findingId = "";

test("compliance raises a finding from a violations filter and issues it", async ({ page, signInAs }) => {
  test.setTimeout(150_000);
  await signInAs("COMPLIANCE");
  // Without an agency in the filter there is nothing to raise against.
  await page.goto("/violations");
  await expect(page.getByTestId("raise-finding").getByRole("button")).toBeDisabled({ timeout: 30_000 });
  await page.goto("/violations?agency=BLITZ&severity=HIGH");
  await page.getByTestId("raise-finding").getByRole("button").click();
  await expect(page).toHaveURL(/\/findings\/\d+$/, { timeout: 30_000 });
  findingId = /\/findings\/(\d+)$/.exec(page.url())?.[1] ?? "";
  await expect(page.getByTestId("finding-status")).toContainText(statusText("COMPLIANCE", "DRAFT"));
  await expect(page.getByTestId("evidence-link")).toHaveAttribute("href", /agency=BLITZ/);
  expect(await page.getByTestId("impact-violations").innerText()).toMatch(/[1-9]/);
  await page.getByTestId("finding-issue").click();
  await expect(page.getByTestId("finding-status")).toContainText(statusText("COMPLIANCE", "ISSUED"));
  await expect(page.getByTestId("finding-history")).toContainText(translate("zh-CN", "findings.transition.issue"));
});

test("the agency answers with a plan from its inbox", async ({ page, signInAs }) => {
  await signInAs("AGENCY");
  await expect(page.getByTestId("nav-badge-findings")).toBeVisible();
  await page.goto("/findings");
  await page.locator(`a[href="/findings/${findingId}"]`).click();
  await expect(page).toHaveURL(new RegExp(`/findings/${findingId}$`));
  // The agency may not decide its own plan, nor issue: only answering is offered.
  await expect(page.getByTestId("finding-acceptPlan")).toHaveCount(0);
  const form = page.getByTestId("respond-form");
  await form.locator('textarea[name="explanation"]').fill("Calls outside hours came from one team's dialler schedule.");
  await form.locator('input[name="actions.0.description"]').fill("Lock the dialler to permitted hours");
  await form.locator('input[name="actions.0.owner"]').fill("Operations lead");
  await form.locator('input[name="actions.0.dueOn"]').fill(dayFromToday(30));
  await page.getByTestId("finding-respond").click();
  await expect(page.getByTestId("finding-status")).toContainText(statusText("AGENCY", "RESPONDED"));
  await expect(page.getByTestId("finding-responses")).toContainText("Lock the dialler to permitted hours");
});

test("compliance accepts the plan", async ({ page, signInAs }) => {
  await signInAs("COMPLIANCE");
  await page.goto(`/findings/${findingId}`);
  await page.getByTestId("finding-acceptPlan").click();
  await expect(page.getByTestId("finding-status")).toContainText(statusText("COMPLIANCE", "PLAN_ACCEPTED"));
  await expect(page.getByTestId("finding-responses")).toContainText(translate("zh-CN", "findings.page.planAccepted"));
});
