import type { Role } from "../../app/generated/prisma/enums";
import { demoPassword } from "../../app/demo/demo-users";
import { demoUserFor, expect, signIn, test } from "./fixtures";

const allNav = ["Dashboard", "Agencies", "Cases", "Violations", "Complaints", "Findings", "Evaluations", "Imports", "Reports", "Rules", "Settings"];
const expectedNavigation: Record<Role, (string | RegExp)[]> = {
  ADMIN: allNav,
  VENDOR_MANAGER: allNav,
  COMPLIANCE: allNav,
  EXECUTIVE: ["Dashboard", "Agencies", "Cases", "Violations", "Complaints", "Findings", "Evaluations", "Reports", "Settings"],
  // The agency's Findings entry carries the count of findings waiting for it, when there are any.
  AGENCY: ["Dashboard", "Agencies", "Cases", "Violations", "Complaints", /^Findings\s*\d*$/, "Evaluations", "Imports", "Reports", "Settings"],
};

for (const role of Object.keys(expectedNavigation) as Role[]) {
  test(`${role} signs in, sees their navigation and signs out`, async ({ page, signInAs }) => {
    // The compliance demo user prefers Chinese; start every role from English for comparable labels.
    await signInAs(role);
    const user = demoUserFor(role);
    if (user.locale !== "en") {
      await page.getByTestId("language-en").click();
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
    }
    await expect(page.getByTestId("main-nav").getByRole("link")).toHaveText(expectedNavigation[role]);
    await expect(page.getByTestId("current-user")).toContainText(user.name);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByRole("status")).toContainText("You have signed out.");
    // The session is gone: a protected page sends us back to sign-in.
    await page.goto("/agencies");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Fagencies/);
    // The language is remembered per user: give the demo user back its own, for the specs that follow.
    if (user.locale !== "en") {
      await signInAs(role);
      await page.getByTestId(`language-${user.locale}`).click();
      await expect(page.locator("html")).toHaveAttribute("lang", user.locale);
    }
  });
}

test("a wrong password shows a clear error and does not sign in", async ({ page }) => {
  await signIn(page, demoUserFor("ADMIN").email, "not-the-password");
  await expect(page.getByRole("alert")).toHaveText("The email or password is not correct.");
  await expect(page).toHaveURL(/\/login/);
});

test("switching language translates the interface and is remembered for the user", async ({ page, signInAs }) => {
  await signInAs("VENDOR_MANAGER");
  await page.getByTestId("language-zh-CN").click();
  await expect(page.getByTestId("main-nav")).toContainText("催收机构");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await page.reload();
  await expect(page.getByTestId("main-nav")).toContainText("数据导入");
  // Back to English so the demo user is left as found.
  await page.getByTestId("language-en").click();
  await expect(page.getByTestId("main-nav")).toContainText("Imports");
});

test("a page the role may not open answers 403 inside the app shell", async ({ page, signInAs }) => {
  await signInAs("EXECUTIVE");
  const response = await page.goto("/settings/users");
  expect(response?.status()).toBe(403);
  await expect(page.getByTestId("error-page")).toContainText("You do not have permission to see this page.");
  await expect(page.getByTestId("main-nav")).toBeVisible();
});

test("an agency user sees only their own agency", async ({ page, signInAs }) => {
  await signInAs("AGENCY");
  await page.goto("/agencies");
  // The comparison grid lists their agency and no other.
  await expect(page.getByRole("link", { name: "BLITZ", exact: true }).first()).toBeVisible();
  for (const other of ["ANCHOR", "CROSSLINE", "KINLINK", "IDLEWOOD", "MERIDIAN"]) await expect(page.getByRole("link", { name: other, exact: true })).toHaveCount(0);
  expect((await page.goto("/agencies/ANCHOR"))?.status()).toBe(404);
});

test("an administrator invites a user, who chooses a password through the link and is signed in", async ({ page, signInAs }) => {
  await signInAs("ADMIN");
  await page.goto("/settings/users");
  const form = page.getByTestId("new-user-form");
  const email = `new-${Date.now()}@oversight.demo`;
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Name").fill("New Analyst");
  await form.getByLabel("Role").selectOption("EXECUTIVE");
  await form.getByLabel("Interface language").selectOption("zh-CN");
  await form.getByRole("button", { name: "Create" }).click();
  await expect(page.getByRole("status")).toContainText(`User ${email} created.`);
  const link = await page.getByTestId("invitation-link").inputValue();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
  // The form is empty again for the next user.
  await expect(form.getByLabel("Email")).toHaveValue("");
  await expect(form.getByLabel("Name")).toHaveValue("");
  await page.getByRole("button", { name: "Sign out" }).click();

  const invitation = new URL(link).pathname;
  await page.goto(invitation);
  await expect(page.getByTestId("invite-page")).toContainText("New Analyst");
  await page.getByLabel("New password").fill("a-long-enough-password");
  await page.getByLabel("Repeat the password").fill("a-long-enough-password");
  await page.getByRole("button", { name: "Save password and sign in" }).click();
  // Signed in, in the language chosen at creation.
  await expect(page.getByTestId("current-user")).toContainText("New Analyst");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  expect(demoPassword).not.toBe("a-long-enough-password");

  // The link works once.
  await page.getByTestId("current-user").waitFor();
  await page.context().clearCookies();
  await page.goto(invitation);
  await expect(page.getByRole("alert")).toBeVisible();
  await expect(page.getByTestId("invite-page").getByLabel(/password|密码/i)).toHaveCount(0);
});

test("a password an administrator types for someone else must be changed at their next sign-in", async ({ page, signInAs }) => {
  await signInAs("ADMIN");
  await page.goto("/settings/users");
  const email = `reset-${Date.now()}@oversight.demo`;
  const form = page.getByTestId("new-user-form");
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Name").fill("Reset Person");
  await form.getByLabel("Role").selectOption("VENDOR_MANAGER");
  await form.getByRole("button", { name: "Create" }).click();
  await expect(page.getByRole("status")).toContainText(`User ${email} created.`);
  const row = page.getByTestId(`user-${email}`);
  await row.getByPlaceholder("Set new password").fill("temporary-password-1");
  await row.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toContainText("Saved");
  await page.getByRole("button", { name: "Sign out" }).click();
  // Wait for the sign-out to land: going to /login while it is in flight cancels it and /login sends a signed-in admin home.
  await expect(page).toHaveURL(/\/login/);

  await signIn(page, email, "temporary-password-1");
  await expect(page).toHaveURL(/\/change-password\?redirectTo=%2F/);
  await page.goto("/agencies");
  await expect(page).toHaveURL(/\/change-password\?redirectTo=%2Fagencies/);
  await page.getByLabel("Current password").fill("temporary-password-1");
  // "New password" also names the repeat field and carries the policy hint: the field is found by its name.
  await page.locator('input[name="password"]').fill("my-own-password-22");
  await page.getByLabel("Repeat the new password").fill("my-own-password-22");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/agencies$/);
  await expect(page.getByTestId("current-user")).toContainText("Reset Person");
});
