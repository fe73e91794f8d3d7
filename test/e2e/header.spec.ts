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
      const boxes = await header.evaluate((element) => {
        const items = [...element.querySelectorAll("nav li, [data-testid='notification-bell'], [data-testid^='language-'], [data-testid='current-user'], form[action='/logout'] button")];
        return items.map((item) => {
          const box = item.getBoundingClientRect();
          return { name: (item.textContent ?? "").trim() || item.getAttribute("data-testid") || "", left: box.left, right: box.right, middle: Math.round(box.top + box.height / 2), height: box.height };
        });
      });
      const middle = boxes[0]!.middle;
      for (const box of boxes) {
        expect(Math.abs(box.middle - middle), `${locale}: ${box.name} on the header's one line`).toBeLessThanOrEqual(4);
        expect(box.height, `${locale}: ${box.name} keeps its label on one line`).toBeLessThan(40);
      }
      // In document order each item starts where the one before it ends: none is drawn over another.
      boxes.slice(1).forEach((box, index) => expect(box.left, `${locale}: ${box.name} clear of ${boxes[index]!.name}`).toBeGreaterThanOrEqual(boxes[index]!.right - 1));
      const size = await header.evaluate((element) => ({ height: element.getBoundingClientRect().height, scroll: element.scrollWidth, width: element.clientWidth }));
      expect(size.height, `${locale}: header height of one row`).toBeLessThan(72);
      expect(size.scroll, `${locale}: nothing overflows`).toBeLessThanOrEqual(size.width);
    }
    // Back to the demo user's own language, for the tests that follow.
    await page.getByTestId(`language-${demoUserFor(role).locale}`).click();
    await expect(page.getByTestId(`language-${demoUserFor(role).locale}`)).toHaveAttribute("aria-pressed", "true", { timeout: 30_000 });
  });
}
