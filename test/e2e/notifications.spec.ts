import { ensureUser } from "../../app/demo/factories.server";
import { demoPassword } from "../../app/demo/demo-users";
import { notifyRecipients } from "../../app/notifications/notify-recipients.server";
import { translate } from "../../app/i18n/translate";
import { expect, signIn, test } from "./fixtures";

// Notifications are made the way the findings workflow makes them (notifyRecipients), in the database of the server
// Playwright started, for users of this test's own so no other test's notifications change the counts.

async function prepare(): Promise<void> {
  process.env.OVERSIGHT_DATA_DIR = process.env.E2E_DATA_DIR;
  if (process.env.E2E_DATABASE_URL) process.env.DATABASE_URL = process.env.E2E_DATABASE_URL;
  const { prepareDatabase } = await import("../../server/prepare-database");
  await prepareDatabase();
}

const run = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const params = (title: string) => ({ title, agency: "BLITZ", dueDate: "2026-12-20" });

test.beforeAll(async () => {
  await prepare();
});

for (const locale of ["en", "zh-CN"] as const) {
  test(`a notification shows in the header count and the centre and can be marked read (${locale})`, async ({ page }) => {
    const t = (key: Parameters<typeof translate>[1], values?: Record<string, string | number>) => translate(locale, key, values);
    const email = `notified-${run()}@e2e.test`;
    const userId = await ensureUser({ email, name: "通知 Tester", role: "COMPLIANCE", locale });
    await notifyRecipients({ audience: { userIds: [userId] }, kind: "FINDING_ISSUED", params: params("Calls after 21:00"), link: "/violations" }, { now: new Date(Date.now() - 60_000) });
    await notifyRecipients({ audience: { userIds: [userId] }, kind: "FINDING_RESPONDED", params: params("Texts to family"), link: "/settings" });

    await signIn(page, email, demoPassword);
    await expect(page.getByTestId("main-nav")).toBeVisible({ timeout: 30_000 });
    const bell = page.getByTestId("notification-bell");
    await expect(page.getByTestId("unread-count")).toHaveText("2");
    await expect(bell).toHaveAccessibleName(t("notifications.bellUnread", { count: 2 }));

    await bell.click();
    await expect(page.locator("main h1")).toHaveText(t("notifications.title"));
    const items = page.getByTestId("notification");
    await expect(items).toHaveCount(2);
    // Newest first, in the user's language.
    await expect(items.nth(0)).toContainText(t("notification.FINDING_RESPONDED.title", { title: "Texts to family" }));
    await expect(items.nth(1)).toContainText(t("notification.FINDING_ISSUED.body", params("Calls after 21:00")));

    await items.nth(1).getByTestId("mark-read").click();
    await expect(page.getByTestId("unread-count")).toHaveText("1");
    await expect(items.nth(1)).toHaveAttribute("data-read", "true");
    await expect(items.nth(0)).toHaveAttribute("data-read", "false");

    // Opening one reads it and goes where it points.
    await items.nth(0).getByRole("button", { name: t("notifications.open") }).click();
    await expect(page).toHaveURL(/\/settings$/, { timeout: 30_000 });
    await expect(page.getByTestId("unread-count")).toHaveCount(0);
    await expect(bell).toHaveAccessibleName(t("notifications.bell"));
  });
}

test("mark all read, and the bell at 390 px", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const email = `narrow-${run()}@e2e.test`;
  const id = await ensureUser({ email, name: "窄屏", role: "EXECUTIVE", locale: "zh-CN" });
  for (const title of ["A", "B", "C"]) await notifyRecipients({ audience: { userIds: [id] }, kind: "FINDING_OVERDUE", params: params(title), link: "/" });
  await signIn(page, email, demoPassword);
  await expect(page.getByTestId("main-nav")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("notification-bell")).toBeVisible();
  await expect(page.getByTestId("unread-count")).toHaveText("3");
  await page.goto("/notifications");
  await page.getByTestId("mark-all-read").click();
  await expect(page.getByTestId("unread-count")).toHaveCount(0);
  await expect(page.locator('[data-testid="notification"][data-read="false"]')).toHaveCount(0);
  const overflow = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(overflow.scroll).toBeLessThanOrEqual(overflow.inner);
});
