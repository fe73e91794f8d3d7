import { test as base, expect, type Page } from "@playwright/test";
import { demoPassword, demoUsers } from "../../app/demo/demo-users";
import type { Role } from "../../app/generated/prisma/enums";

export function demoUserFor(role: Role) {
  const user = demoUsers.find((candidate) => candidate.role === role);
  if (!user) throw new Error(`No demo user with role ${role}`);
  return user;
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel(/email|邮箱/i).fill(email);
  await page.getByLabel(/password|密码/i).fill(password);
  await page.getByRole("button", { name: /sign in|登录/i }).click();
}

type RoleFixtures = { signInAs: (role: Role) => Promise<void> };

/**
 * `signInAs("COMPLIANCE")` signs the page in as that role's demo user and waits for the app shell (the dashboard it
 * lands on may take a while on a loaded machine).
 */
export const test = base.extend<RoleFixtures>({
  signInAs: async ({ page }, use) => {
    await use(async (role) => {
      await signIn(page, demoUserFor(role).email, demoPassword);
      await expect(page.getByTestId("main-nav")).toBeVisible({ timeout: 30_000 });
    });
  },
});

export { expect };
