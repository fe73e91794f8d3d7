import { roles } from "../../app/auth/permissions";
import { demoUserFor, expect, test } from "./fixtures";

// The header fits one row at 1440 px for every role in both languages: the navigation (Findings and its badge
// included), the notification bell, the language switch, the user and Sign out all share one line, and nothing
// overflows it.
test.use({ viewport: { width: 1440, height: 900 } });

for (const role of roles) {
  test(`header on one row at 1440 px: ${role}`, async ({ page, signInAs }) => {
    await signInAs(role);
    for (const locale of ["en", "zh-CN"] as const) {
      await page.getByTestId(`language-${locale}`).click();
      await expect(page.getByTestId(`language-${locale}`)).toHaveAttribute("aria-pressed", "true", { timeout: 30_000 });
      await page.goto("/findings");
      const header = page.getByTestId("app-header");
      const rowTops = await header.evaluate((element) => {
        const items = [...element.querySelectorAll("nav li, [data-testid='notification-bell'], [data-testid='current-user'], form[action='/logout'] button")];
        return items.map((item) => {
          const box = item.getBoundingClientRect();
          return Math.round(box.top + box.height / 2);
        });
      });
      const middle = rowTops[0]!;
      for (const top of rowTops) expect(Math.abs(top - middle), `${locale}: every header item on one line`).toBeLessThanOrEqual(4);
      const size = await header.evaluate((element) => ({ height: element.getBoundingClientRect().height, scroll: element.scrollWidth, width: element.clientWidth }));
      expect(size.height, `${locale}: header height of one row`).toBeLessThan(72);
      expect(size.scroll, `${locale}: nothing overflows`).toBeLessThanOrEqual(size.width);
    }
    // Back to the demo user's own language, for the tests that follow.
    await page.getByTestId(`language-${demoUserFor(role).locale}`).click();
    await expect(page.getByTestId(`language-${demoUserFor(role).locale}`)).toHaveAttribute("aria-pressed", "true", { timeout: 30_000 });
  });
}
