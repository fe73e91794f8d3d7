import { can, roles } from "../../app/auth/permissions";
import { translate } from "../../app/i18n/translate";
import { demoPassword } from "../../app/demo/demo-users";
import { demoUserFor, expect, signIn, test } from "./fixtures";

// The agency register in a real browser, as every role: the register of BLITZ (whose licence the demo lets expire
// within 30 days), the approved-agency list, the settings only for those who may change them, and for a vendor
// manager the dashboard's "action required" (CROSSLINE) and IDLEWOOD on probation.

test.describe.configure({ mode: "serial" });

for (const role of roles) {
  test(`the register's pages as ${role}`, async ({ page }) => {
    test.setTimeout(180_000);
    const locale = demoUserFor(role).locale;
    const t = (key: Parameters<typeof translate>[1]) => translate(locale, key);
    await signIn(page, demoUserFor(role).email, demoPassword);
    await expect(page.getByTestId("main-nav")).toBeVisible({ timeout: 60_000 });
    await page.goto("/agencies/BLITZ/register");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("register.title"), { timeout: 30_000 });
    await expect(page.getByTestId("register-documents")).toBeVisible();
    await expect(page.getByTestId("register-licences")).toContainText("SZ-CL-2024-0233");
    await page.goto("/approved-agencies");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("approved.title"), { timeout: 30_000 });
    await expect(page.getByTestId("approved-agencies")).toContainText("BLITZ");
    await page.goto("/settings/agency-register");
    if (can(role, "register.settings")) await expect(page.getByTestId("required-documents")).toBeVisible({ timeout: 30_000 });
    else await expect(page.getByTestId("required-documents")).toHaveCount(0);
    if (role === "VENDOR_MANAGER") {
      await page.goto("/");
      await expect(page.getByTestId("action-required-panel")).toContainText("CROSSLINE", { timeout: 60_000 });
      await page.goto("/agencies/IDLEWOOD/register");
      await expect(page.getByTestId("agency-status").first()).toContainText(t("register.status.PROBATION"), { timeout: 30_000 });
    }
    await page.context().clearCookies();
  });
}
