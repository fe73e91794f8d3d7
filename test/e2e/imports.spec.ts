import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "./fixtures";

// The demo organisation's agencies are ANCHOR, BLITZ, …; the files are written here so they name BLITZ (the
// demo AGENCY user's agency) and use account numbers no other test touches.
const run = Date.now().toString(36).toUpperCase();
const accounts = [`E2E${run}01`, `E2E${run}02`];
const directory = mkdtempSync(path.join(os.tmpdir(), "oversight-imports-e2e-"));

function writeCsv(name: string, lines: string[][]): string {
  const file = path.join(directory, name);
  writeFileSync(file, `${lines.map((cells) => cells.join(",")).join("\n")}\n`, "utf8");
  return file;
}

const placementsFile = writeCsv("placements-blitz.csv", [
  ["account_number", "customer_id", "agency_code", "placed_at", "placed_balance", "currency", "debtor_name", "debtor_phones"],
  [accounts[0] ?? "", `C${run}01`, "BLITZ", "2026-03-01", "15800.00", "CNY", "王小明", "13812345678"],
  [accounts[1] ?? "", `C${run}02`, "BLITZ", "2026-03-01", "8250.50", "CNY", "李娟", "13900002222"],
]);

const activitiesFile = writeCsv("activities-blitz.csv", [
  ["event_id", "account_number", "agent_id", "agent_name", "occurred_at", "type", "outcome", "phone_number"],
  [`EV${run}-1`, accounts[0] ?? "", "B007", "Lin", "2026-03-05 10:00:00", "CALL", "CONNECTED", "13812345678"],
  [`EV${run}-2`, accounts[1] ?? "", "B007", "Lin", "2026-03-05 10:30:00", "SMS", "DELIVERED", "13900002222"],
  [`EV${run}-3`, accounts[0] ?? "", "B007", "Lin", "2026-03-05 11:00:00", "TELEGRAM", "CONNECTED", "13812345678"],
]);

test.describe.configure({ mode: "serial" });

test("an administrator uploads the lender's placements, previews them and imports them", async ({ page, signInAs }) => {
  await signInAs("ADMIN");
  await page.goto("/imports");
  await page.getByRole("radio", { name: /Placements/ }).check();
  await page.locator('input[type="file"][name="file"]').setInputFiles(placementsFile);
  await expect(page.getByTestId("chosen-file")).toContainText("placements-blitz.csv");
  await page.getByRole("button", { name: "Upload and preview" }).click();

  const preview = page.getByTestId("import-preview");
  await expect(preview).toBeVisible();
  await expect(page.getByTestId("header-check")).toContainText("All required fields are mapped");
  await expect(page.getByTestId("sample-summary")).toHaveText("No problems found in the first 2 rows.");
  await expect(page.getByTestId("column-mapping").getByRole("combobox", { name: "Field for column agency_code" })).toHaveValue("agency_code");

  await page.getByTestId("confirm-import").click();
  await expect(page).toHaveURL(/\/imports\/\d+$/);
  await expect(page.getByTestId("batch-status")).toHaveText("Committed", { timeout: 30_000 });
  await expect(page.getByTestId("count-accepted")).toContainText("2");
  await expect(page.getByTestId("count-rejected")).toContainText("0");
});

test("an agency user uploads activities with a bad row, sees it in the preview and downloads the rejects", async ({ page, signInAs }) => {
  await signInAs("AGENCY");
  await page.goto("/imports");
  // Agency users upload their activities and their agent roster, for their own agency only.
  await expect(page.getByRole("radio")).toHaveCount(3);
  await expect(page.getByRole("radio", { name: /Activities/ })).toBeChecked();
  await expect(page.getByRole("combobox", { name: "Agency" })).toBeDisabled();
  await expect(page.getByRole("combobox", { name: "Agency" }).locator("option:checked")).toContainText("BLITZ");

  await page.locator('input[type="file"][name="file"]').setInputFiles(activitiesFile);
  await page.getByRole("button", { name: "Upload and preview" }).click();

  await expect(page.getByTestId("header-check")).toContainText("All required fields are mapped");
  await expect(page.getByTestId("sample-summary")).toHaveText("1 of the first 3 rows have problems and would be rejected.");
  await expect(page.getByTestId("preview-row-4")).toContainText("TELEGRAM");
  await expect(page.getByTestId("preview-row-4")).toContainText("is not one of");
  await expect(page.getByTestId("value-mapping").getByRole("combobox", { name: "Standard value for TELEGRAM" })).toHaveValue("");

  await page.getByTestId("confirm-import").click();
  await expect(page).toHaveURL(/\/imports\/\d+$/);
  const batchId = /\/imports\/(\d+)$/.exec(page.url())?.[1];
  await expect(page.getByTestId("batch-status")).toHaveText("Committed", { timeout: 30_000 });
  await expect(page.getByTestId("count-accepted")).toContainText("2");
  await expect(page.getByTestId("count-rejected")).toContainText("1");
  await expect(page.getByTestId("row-errors")).toContainText("TELEGRAM");

  const downloading = page.waitForEvent("download");
  await page.getByTestId("download-rejects").click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`activities-blitz-rejected-rows-batch-${batchId}.csv`);
  const content = readFileSync((await download.path()) ?? "", "utf8");
  const lines = content.replace(/^\uFEFF/, "").trimEnd().split("\r\n");
  expect(lines[0]).toBe("event_id,account_number,agent_id,agent_name,occurred_at,type,outcome,phone_number,error");
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(`EV${run}-3,${accounts[0]},B007,Lin,2026-03-05 11:00:00,TELEGRAM,CONNECTED,13812345678,`);
  expect(lines[1]).toMatch(/row 4: .*TELEGRAM/);

  // The history lists the batch for the agency.
  await page.goto("/imports");
  await expect(page.getByTestId("import-batches-grid")).toContainText("activities-blitz.csv");
});
