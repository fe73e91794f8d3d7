import { expect, test } from "./fixtures";

// The production build runs under the strict Content-Security-Policy (nonce-only inline scripts): every main page
// must hydrate and draw its grids and charts without the browser refusing anything.

const mainPages = ["/", "/agencies", "/cases", "/violations", "/complaints", "/imports", "/reports", "/rules", "/settings"];

test("main pages run under the Content-Security-Policy without a violation", async ({ page, signInAs }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/content security policy/i.test(message.text())) violations.push(`console: ${message.text()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  await signInAs("ADMIN");
  for (const path of mainPages) {
    const response = await page.goto(path);
    expect(response?.headers()["content-security-policy"]).toMatch(/script-src 'self' 'unsafe-eval' 'nonce-[A-Za-z0-9+/=]+'/);
    await expect(page.getByTestId("main-nav")).toBeVisible();
    // Hydrated: client-side navigation works (it needs the nonce-carrying scripts to have run).
    await page.waitForLoadState("networkidle");
  }
  await page.getByTestId("main-nav").getByRole("link", { name: "Agencies" }).click();
  await expect(page).toHaveURL(/\/agencies$/);
  expect(violations).toEqual([]);
});

test("a cross-site form post is refused, the app's own forms work", async ({ page, request, baseURL }) => {
  const forged = await request.post("/login", { form: { email: "x@example.com", password: "x" }, headers: { Origin: "https://evil.example" }, maxRedirects: 0 });
  expect(forged.status()).toBe(403);
  const withoutOrigin = await request.post("/login", { form: { email: "x@example.com", password: "x" }, maxRedirects: 0 });
  expect(withoutOrigin.status()).toBe(403);
  const sameOrigin = await request.post("/login", { form: { email: "x@example.com", password: "x" }, headers: { Origin: baseURL ?? "" }, maxRedirects: 0 });
  expect(sameOrigin.status()).not.toBe(403);
  await page.goto("/login");
  expect((await page.request.get("/login")).headers()["x-frame-options"]).toBe("DENY");
});
