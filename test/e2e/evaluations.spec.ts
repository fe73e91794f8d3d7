import { existsSync } from "node:fs";
import { defaultPdfFontSpec, parsePdfFont } from "../../app/evaluations/pdf-font";
import { translate } from "../../app/i18n/translate";
import { demoPassword } from "../../app/demo/demo-users";
import { demoUserFor, expect, signIn, test } from "./fixtures";

// Evaluations and the agency register in a real browser: the demo's MERIDIAN contract ends 45 days after the demo's
// day with a 60-day notice period, so the due list names it with its contract's end; ANCHOR's signed evaluation lists
// the register's documents of its information-security and operations sections and offers the PDF stored at signing.

test("a vendor manager sees an agency due because its contract ends, and the register documents of a signed evaluation", async ({ page }) => {
  test.setTimeout(180_000);
  const user = demoUserFor("VENDOR_MANAGER");
  const t = (key: Parameters<typeof translate>[1]) => translate(user.locale, key);
  await signIn(page, user.email, demoPassword);
  await expect(page.getByTestId("main-nav")).toBeVisible({ timeout: 60_000 });
  await page.goto("/evaluations");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("evaluations.title"), { timeout: 30_000 });
  const contractReason = t("evaluations.due.detail.CONTRACT_ENDING").split("{")[0]!;
  await expect(page.getByTestId("evaluation-due-MERIDIAN")).toContainText(contractReason);
  await expect(page.getByTestId("evaluation-due-MERIDIAN")).toContainText("60");

  await page.getByRole("row").filter({ hasText: "ANCHOR" }).filter({ hasText: t("evaluations.status.SIGNED") }).getByTestId(/^evaluation-link-\d+$/).first().click();
  await expect(page.getByTestId("evaluation-documents")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("evaluation-document-BUSINESS_LICENCE")).toContainText(t("evaluations.documents.state.valid"));
  // The PDF stored at signing, served as stored; a server without a CJK font signs with the workbook only.
  if (!existsSync(parsePdfFont(process.env.OVERSIGHT_PDF_FONT ?? defaultPdfFontSpec).path)) {
    await expect(page.getByTestId("evaluation-download-pdf")).toHaveCount(0);
    return;
  }
  const href = await page.getByTestId("evaluation-download-pdf").getAttribute("href");
  const pdf = await page.request.get(href ?? "");
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
});
