import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

// One debtor of BLITZ called and reached three times on 18 March 2026: within the China pack's cap of three
// connected calls a day, so only a draft with a cap of two finds a violation (the third call).
const run = Date.now().toString(36).toUpperCase();
const account = `RUL${run}01`;
const directory = mkdtempSync(path.join(os.tmpdir(), "oversight-rules-e2e-"));

function writeCsv(name: string, lines: string[][]): string {
  const file = path.join(directory, name);
  writeFileSync(file, `${lines.map((cells) => cells.join(",")).join("\n")}\n`, "utf8");
  return file;
}

const placementsFile = writeCsv("rules-placements.csv", [
  ["account_number", "customer_id", "agency_code", "placed_at", "placed_balance", "currency", "debtor_name", "debtor_phones"],
  [account, `C${run}01`, "BLITZ", "2026-03-01", "9800.00", "CNY", "赵小红", "13700001111"],
]);

const activitiesFile = writeCsv("rules-activities.csv", [
  ["event_id", "account_number", "agent_id", "agent_name", "occurred_at", "type", "outcome", "phone_number"],
  ...["10:00:00", "11:00:00", "12:00:00"].map((time, index) => [`RUL${run}-${index + 1}`, account, "B009", "Wu", `2026-03-18 ${time}`, "CALL", "CONNECTED", "13700001111"]),
]);

test.describe.configure({ mode: "serial" });

async function importFile(page: Page, kind: RegExp, file: string, agency?: string) {
  await page.goto("/imports");
  await page.getByRole("radio", { name: kind }).check();
  if (agency) await page.getByRole("combobox", { name: "Agency" }).selectOption({ label: agency });
  await page.locator('input[type="file"][name="file"]').setInputFiles(file);
  await page.getByRole("button", { name: "Upload and preview" }).click();
  await expect(page.getByTestId("import-preview")).toBeVisible();
  await page.getByTestId("confirm-import").click();
  await expect(page).toHaveURL(/\/imports\/\d+$/);
  await expect(page.getByTestId("batch-status")).toHaveText("Committed", { timeout: 30_000 });
}

test("an administrator imports a day of calls for BLITZ", async ({ page, signInAs }) => {
  await signInAs("ADMIN");
  await importFile(page, /Placements/, placementsFile);
  await importFile(page, /Activities/, activitiesFile, "BLITZ · Blitz Collections");
});

test("compliance edits a threshold in a draft, sees the what-if deltas, publishes and watches the re-evaluation finish", async ({ page, signInAs }) => {
  // The demo compliance officer reads the app in Chinese.
  await signInAs("COMPLIANCE");
  await page.getByTestId("main-nav").getByRole("link", { name: "合规规则" }).click();
  await expect(page).toHaveURL(/\/rules$/);
  await expect(page.getByTestId("pack-cn")).toContainText("默认");
  await page.getByTestId("edit-cn").click();
  await expect(page).toHaveURL(/\/rules\/cn\/draft$/);

  await page.getByTestId("rule-DAILY_CONNECTED_CALLS").locator("summary").click();
  const cap = page.locator('[name="DAILY_CONNECTED_CALLS.maxPerDay"]');
  await expect(cap).toHaveValue("3");
  await cap.fill("2");
  await page.locator('input[name="from"]').fill("2026-03-18");
  await page.locator('input[name="to"]').fill("2026-03-18");
  await page.getByTestId("run-whatif").click();

  const table = page.getByTestId("whatif-table");
  await expect(table).toBeVisible({ timeout: 30_000 });
  const row = table.getByRole("row").filter({ hasText: "BLITZ" }).filter({ hasText: "每日接通次数" });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("cell").last()).toHaveText(/^\+[1-9]/);
  await expect(page.getByTestId("whatif-chart")).toBeVisible();
  // The edited value survived the round trip.
  await expect(cap).toHaveValue("2");

  // Publishing without a note is refused with a translated message on the field.
  await page.getByTestId("publish-draft").click();
  await expect(page.getByText("发布时必须填写变更说明。")).toBeVisible();

  await page.locator('textarea[name="changeNote"]').fill("每日接通上限由 3 次改为 2 次");
  await page.getByTestId("publish-draft").click();
  await expect(page.getByText("版本 2 已生效，正在重新评估全部催收记录。")).toBeVisible();
  const progress = page.getByTestId("rule-run").first();
  await expect(progress).toHaveAttribute("data-state", "SUCCEEDED", { timeout: 60_000 });
  await expect(progress.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");
  await expect(progress.getByTestId("rule-run-state")).toHaveText("已完成");
  await expect(progress.getByTestId("rule-run-violations")).not.toHaveText("—");

  // The history shows the new version, its note and author, and what changed.
  await page.goto("/rules/cn");
  await expect(page.getByText("每日接通上限由 3 次改为 2 次")).toBeVisible();
  await expect(page.getByTestId("rule-pack-diff")).toContainText("maxPerDay");
});

test("the US draft shows the state rules over the federal pack and the states reviewed without one", async ({ page, signInAs }) => {
  await signInAs("COMPLIANCE");
  await page.goto("/rules/us/draft");
  const overlays = page.getByTestId("state-overlays");
  await expect(overlays).toBeVisible();
  const massachusetts = overlays.getByRole("row").filter({ hasText: "马萨诸塞州 (MA)" }).first();
  await expect(massachusetts).toContainText("209 CMR 18.16(1)(d)");
  await expect(massachusetts).toContainText("7 → 2");
  await expect(massachusetts).toContainText("生效");
  await expect(overlays.getByRole("row").filter({ hasText: "华盛顿州 (WA)" })).toContainText("RCW 19.16.250");
  // The China pack has no state rules.
  await page.goto("/rules/cn/draft");
  await expect(page.getByTestId("rule-pack-draft-form")).toBeVisible();
  await expect(page.getByTestId("state-overlays")).toHaveCount(0);
});
