import { expect, test } from "./fixtures";

// Rename and delete on the mapping profiles page, as an agency user managing its own agency's profile.
const name = `E2E layout ${Date.now().toString(36)}`;

test("an agency user creates, renames and deletes a mapping profile, confirming the deletion", async ({ page, signInAs }) => {
  await signInAs("AGENCY");
  await page.goto("/imports/mappings");
  await page.getByLabel("Profile name").fill(name);
  await page.getByRole("button", { name: "Create profile" }).click();
  await expect(page.getByText(`Profile “${name}” saved.`)).toBeVisible();

  const profile = page.locator("details", { hasText: name });
  await profile.locator("summary").click();
  await profile.getByLabel("Name", { exact: true }).fill(`${name} 新版`);
  await profile.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByText(`Profile renamed to “${name} 新版”.`)).toBeVisible();

  const renamed = page.locator("details", { hasText: `${name} 新版` });
  // The profile stays open after the rename; open it only if the page was re-rendered closed.
  if (!(await renamed.evaluate((element) => (element as HTMLDetailsElement).open))) await renamed.locator("summary").click();
  await expect(renamed.getByText("Not used by any import yet")).toBeVisible();
  page.once("dialog", (dialog) => {
    expect(dialog.message()).toContain(`${name} 新版`);
    void dialog.accept();
  });
  await renamed.getByRole("button", { name: "Delete profile" }).click();
  await expect(page.getByText(`Profile “${name} 新版” deleted.`)).toBeVisible();
  await expect(page.locator("details", { hasText: name })).toHaveCount(0);
});
