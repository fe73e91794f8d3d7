import type { Page } from "@playwright/test";
import { demoPassword } from "../../app/demo/demo-users";
import { demoFeedGap } from "../../app/demo/portfolio/log-gaps";
import type { MessageKey } from "../../app/i18n/messages.en";
import { translate } from "../../app/i18n/translate";
import { resetServerClock } from "../support/e2e-clock";
import { demoUserFor, expect, signIn, test } from "./fixtures";

// What the agencies' logs leave out, followed into findings by compliance: a complaint whose agency (BLITZ) logged
// no contact with the debtor before it (NO_MATCHING_LOG) becomes a finding from its page; IDLEWOOD's missing week
// on its Data health page becomes a finding too, and the page then links to it.

test.describe.configure({ mode: "serial" });

const tr = (key: MessageKey, params?: Record<string, string | number>) => translate(demoUserFor("COMPLIANCE").locale, key, params);

async function signInAsCompliance(page: Page): Promise<void> {
  await signIn(page, demoUserFor("COMPLIANCE").email, demoPassword);
  await expect(page.getByTestId("main-nav")).toBeVisible({ timeout: 60_000 });
}

test.beforeAll(() => resetServerClock());

test("a NO_MATCHING_LOG complaint becomes a finding", async ({ page }) => {
  test.setTimeout(180_000);
  await signInAsCompliance(page);
  await page.goto("/complaints?corroboration=NO_MATCHING_LOG&agency=BLITZ");
  const first = page.getByTestId("complaint-link").first();
  await expect(first).toBeVisible({ timeout: 60_000 });
  await first.click();
  await expect(page).toHaveURL(/\/complaints\/\d+$/);
  const complaintUrl = page.url();
  await expect(page.getByTestId("complaint-corroboration")).toHaveAttribute("data-status", "NO_MATCHING_LOG");
  await page.getByTestId("raise-finding").click();
  await expect(page).toHaveURL(/\/findings\/\d+$/, { timeout: 60_000 });
  const findingId = /\/findings\/(\d+)$/.exec(page.url())?.[1] ?? "";
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`#${findingId}`);
  await expect(page.getByTestId("finding-status")).toContainText(tr("findings.status.DRAFT"));
  // The complaint now lists the finding it produced.
  await page.goto(complaintUrl);
  await expect(page.getByTestId("complaint-findings").getByRole("link", { name: new RegExp(`^#${findingId} `) })).toBeVisible();
});

test("IDLEWOOD's missing week on its Data health page becomes a finding", async ({ page }) => {
  test.setTimeout(180_000);
  const now = new Date();
  const windowStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 12, 1);
  const gap = demoFeedGap({ startMs: windowStart, days: 0, from: "", to: "" });
  await signInAsCompliance(page);
  await page.goto(`/data-health/IDLEWOOD?month=${gap.from.slice(0, 7)}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(tr("dataHealth.agencyTitle", { code: "IDLEWOOD" }));
  await expect(page.getByTestId(`feed-day-${gap.from}`)).toHaveAttribute("data-status", "MISSING");
  await expect(page.getByTestId(`feed-day-${gap.to}`)).toHaveAttribute("data-status", "MISSING");
  const raise = page.locator(`[data-testid^="raise-FEED_MISSING:IDLEWOOD:"]`).first();
  await raise.click();
  await expect(page).toHaveURL(/\/findings\/\d+$/, { timeout: 60_000 });
  const findingId = /\/findings\/(\d+)$/.exec(page.url())?.[1] ?? "";
  await expect(page.getByRole("heading", { level: 1 })).toContainText("FEED_MISSING · IDLEWOOD");
  await page.goto(`/data-health/IDLEWOOD?month=${gap.from.slice(0, 7)}`);
  await expect(page.getByRole("link", { name: tr("dataHealth.viewFinding", { id: findingId }) }).first()).toBeVisible();
});
