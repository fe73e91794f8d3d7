import { translate } from "../../app/i18n/translate";
import type { MessageKey } from "../../app/i18n/messages.en";
import { resetServerClock, runFindingsScheduleCli, setServerClock } from "../support/e2e-clock";
import type { Page } from "@playwright/test";
import { demoPassword } from "../../app/demo/demo-users";
import { demoUserFor, expect, signIn, test } from "./fixtures";

// Findings to closure in the browser, on the findings clock (ADR 025) set inside the demo's year so that every figure
// comes from the demo's activity: compliance raises a finding from a violations filter, edits the draft and issues
// it; the agency (BLITZ) contests violations of the evidence and answers with a plan; compliance decides the
// contests and accepts the plan; the agency marks the action done; the clock passes the plan's due day, the
// findings schedule runs through the CLI on the same clock and starts verification, which shows before and after
// with their counts; compliance closes the finding with a note.

test.describe.configure({ mode: "serial" });

type Role = "COMPLIANCE" | "AGENCY";
const tr = (role: Role, key: MessageKey, params?: Record<string, string | number>) => translate(demoUserFor(role).locale, key, params);
const statusText = (role: Role, status: string) => tr(role, `findings.status.${status}` as MessageKey);

/** Signs in and waits for the app shell, patiently: eight engineers' builds share the machine that runs these. */
async function signInAs(page: Page, role: Role): Promise<void> {
  await signIn(page, demoUserFor(role).email, demoPassword);
  await expect(page.getByTestId("main-nav")).toBeVisible({ timeout: 60_000 });
}

const DAY = 86_400_000;
const dayOf = (date: Date) => date.toISOString().slice(0, 10);
const addDays = (day: string, days: number) => dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY));
/** The first day of the month `months` before the real one (the demo's year is the 12 months before it). */
function monthStart(monthsBack: number): string {
  const now = new Date();
  return dayOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsBack, 1)));
}

// The finding covers three months of BLITZ's late-night calls; "today" is early in the month after next; the plan's one
// action is due a week later (the fix date); the clock then moves three weeks past it, inside the 30-day window.
const periodFrom = monthStart(9);
const periodTo = addDays(monthStart(6), -1);
const today = addDays(monthStart(5), 3);
const issuedAt = new Date(`${today}T10:00:00Z`);
const fixDate = addDays(today, 7);
const verifiedOn = addDays(fixDate, 21);
const editedDue = addDays(today, 12);

let findingId = "";
const findingPath = () => `/findings/${findingId}`;

test.beforeAll(() => setServerClock(issuedAt));
test.afterAll(() => resetServerClock());

test("compliance raises a finding from a violations filter, edits the draft and issues it", async ({ page }) => {
  test.setTimeout(180_000);
  await signInAs(page, "COMPLIANCE");
  // Without an agency in the filter there is nothing to raise against.
  await page.goto("/violations");
  await expect(page.getByTestId("raise-finding").getByRole("button")).toBeDisabled({ timeout: 30_000 });
  await page.goto(`/violations?agency=BLITZ&rule=CONTACT_HOURS&from=${periodFrom}&to=${periodTo}`);
  await page.getByTestId("raise-finding").getByRole("button").click();
  await expect(page).toHaveURL(/\/findings\/\d+$/, { timeout: 30_000 });
  findingId = /\/findings\/(\d+)$/.exec(page.url())?.[1] ?? "";
  await expect(page.getByTestId("finding-status")).toContainText(statusText("COMPLIANCE", "DRAFT"));
  await expect(page.getByTestId("evidence-link")).toHaveAttribute("href", /agency=BLITZ/);

  // The evidence is paged 50 at a time, and the pages add up to the finding's count.
  const impact = page.getByTestId("finding-impact");
  const violations = Number(await impact.getAttribute("data-violations"));
  expect(violations).toBeGreaterThan(50);
  await expect(page.getByTestId("evidence-count")).toHaveAttribute("data-total", String(violations));
  await expect(page.getByTestId("evidence-row")).toHaveCount(50);
  const lastPage = Math.ceil(violations / 50);
  await page.goto(`${findingPath()}?evidence=${lastPage}`);
  await expect(page.getByTestId("evidence-row")).toHaveCount(violations - (lastPage - 1) * 50);
  await expect(page.getByTestId("evidence-count")).toHaveAttribute("data-to", String(violations));
  await expect(page.getByTestId("evidence-next")).toHaveCount(0);
  await page.getByTestId("evidence-previous").click();
  await expect(page.getByTestId("evidence-count")).toHaveAttribute("data-from", String((lastPage - 2) * 50 + 1));

  // The draft's title, severity and due day are edited, and the history says so.
  const editor = page.getByTestId("draft-editor");
  await editor.locator('input[name="title"]').fill("BLITZ: calls outside permitted hours");
  await editor.locator('select[name="severity"]').selectOption("HIGH");
  await editor.locator('input[name="responseDueOn"]').fill(editedDue);
  await page.getByTestId("finding-edit").click();
  await expect(page.getByTestId("finding-header")).toContainText("BLITZ: calls outside permitted hours");
  await expect(page.getByTestId("finding-history")).toContainText(tr("COMPLIANCE", "findings.transition.edit"));
  await expect(page.getByTestId("finding-history")).toContainText(tr("COMPLIANCE", "findings.field.severity"));

  // A due day that is not after the clock's today is refused in the reader's language (compliance reads Chinese).
  const issueForm = page.locator("form", { has: page.getByTestId("finding-issue") });
  await issueForm.locator('input[name="responseDueOn"]').fill(today);
  await page.getByTestId("finding-issue").click();
  await expect(page.getByTestId("finding-refusal")).toHaveText(
    `${tr("COMPLIANCE", "findings.refusal.INVALID_INPUT")} ${tr("COMPLIANCE", "findings.refusal.format.fieldDetail", { field: tr("COMPLIANCE", "findings.field.responseDueOn"), detail: tr("COMPLIANCE", "findings.refusal.dueAfterToday", { today }) })}`,
  );
  // Issued without a day: the draft's own due day is the agency's.
  await issueForm.locator('input[name="responseDueOn"]').fill("");
  await page.getByTestId("finding-issue").click();
  await expect(page.getByTestId("finding-status")).toContainText(statusText("COMPLIANCE", "ISSUED"));
  await expect(page.getByTestId("finding-history")).toContainText(tr("COMPLIANCE", "findings.transition.issue"));
  expect(await page.getByTestId("finding-history").innerText()).toContain(statusText("COMPLIANCE", "ISSUED"));
});

test("the agency contests violations of the evidence and answers with a plan", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "AGENCY");
  await expect(page.getByTestId("nav-badge-findings")).toBeVisible();
  await page.goto("/findings");
  await page.locator(`a[href="/findings/${findingId}"]`).first().click();
  await expect(page).toHaveURL(new RegExp(`/findings/${findingId}$`));
  // The agency may not decide its own plan, nor issue, nor edit: only answering is offered.
  await expect(page.getByTestId("finding-acceptPlan")).toHaveCount(0);
  await expect(page.getByTestId("draft-editor")).toHaveCount(0);
  await expect(page.getByTestId("evidence-row")).toHaveCount(50);

  const rows = page.getByTestId("evidence-row");
  const first = (await rows.nth(0).getAttribute("data-violation-id"))!;
  const second = (await rows.nth(1).getAttribute("data-violation-id"))!;
  const contest = async (violationId: string, reason: string, note: string) => {
    const form = page.getByTestId(`contest-${violationId}`);
    // A refused contest leaves its form open with what was typed.
    if (!(await form.evaluate((details) => (details as HTMLDetailsElement).open))) await form.locator("summary").click();
    await form.locator('select[name="reason"]').selectOption(reason);
    await form.locator('input[name="note"]').fill(note);
    await form.getByRole("button").click();
  };
  // OTHER needs a note: refused in English (the agency's language), never the domain's own sentence.
  await contest(second, "OTHER", "");
  await expect(page.getByTestId("finding-refusal")).toHaveText(`${tr("AGENCY", "findings.refusal.NOTE_REQUIRED")} ${tr("AGENCY", "findings.refusal.format.field", { field: tr("AGENCY", "findings.field.note") })}`);
  await contest(first, "CONSENT_ON_FILE", "Signed consent to evening calls, 2 March.");
  await expect(page.locator(`[data-testid="contest-row"][data-violation-id="${first}"]`)).toHaveAttribute("data-status", "PENDING");
  await contest(second, "OTHER", "The call was returned at the debtor's request.");
  await expect(page.getByTestId("contest-row")).toHaveCount(2);
  await expect(page.locator(`[data-violation-id="${first}"]`).getByTestId("evidence-contest")).toContainText(tr("AGENCY", "findings.contestReason.CONSENT_ON_FILE"));
  // A pending contest cannot be sent twice.
  await expect(page.getByTestId(`contest-${first}`)).toHaveCount(0);

  // A refused file type is explained in the agency's language, next to the app's own file picker.
  await expect(page.getByTestId("attachment-picker")).toContainText(tr("AGENCY", "findings.attach.choose"));
  await page.getByTestId("attachment-picker").locator('input[type="file"]').setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("plain text") });
  await expect(page.getByTestId("attachment-chosen")).toHaveText("notes.txt");
  await page.locator('form[action$="/attachments"] button[type="submit"]').click();
  await expect(page.getByTestId("attachment-result")).toHaveText(`${tr("AGENCY", "findings.refusal.ATTACHMENT_TYPE")} ${tr("AGENCY", "findings.refusal.format.field", { field: tr("AGENCY", "findings.field.file") })}`);

  const form = page.getByTestId("respond-form");
  await form.locator('textarea[name="explanation"]').fill("Calls outside hours came from one team's dialler schedule.");
  await form.locator('input[name="actions.0.description"]').fill("Lock the dialler to permitted hours");
  await form.locator('input[name="actions.0.owner"]').fill("Operations lead");
  await form.locator('input[name="actions.0.dueOn"]').fill(fixDate);
  await page.getByTestId("finding-respond").click();
  await expect(page.getByTestId("finding-status")).toContainText(statusText("AGENCY", "RESPONDED"));
  await expect(page.getByTestId("finding-responses")).toContainText("Lock the dialler to permitted hours");
});

test("compliance upholds one contest, rejects the other and accepts the plan", async ({ page }) => {
  await signInAs(page, "COMPLIANCE");
  await page.goto(findingPath());
  const [upheld, rejected] = [page.getByTestId("contest-row").nth(0), page.getByTestId("contest-row").nth(1)];
  const upheldId = (await upheld.getAttribute("data-violation-id"))!;
  await upheld.locator('input[name="note"]').fill("Consent record checked.");
  await upheld.getByTestId("contest-uphold").click();
  await expect(page.locator(`[data-testid="contest-row"][data-violation-id="${upheldId}"]`)).toHaveAttribute("data-status", "UPHELD");
  await rejected.locator('input[name="note"]').fill("No record of the debtor's request.");
  await rejected.getByTestId("contest-reject").click();
  await expect(page.getByTestId("contest-row").nth(1)).toHaveAttribute("data-status", "REJECTED");
  // The upheld violation is dismissed now; what the agency was sent still shows its status then.
  await expect(page.locator(`[data-testid="evidence-row"][data-violation-id="${upheldId}"]`).getByTestId("evidence-status-now")).toHaveText(tr("COMPLIANCE", "violationStatus.DISMISSED"));
  await expect(page.getByTestId("finding-history")).toContainText(tr("COMPLIANCE", "findings.transition.decideContest"));

  await page.getByTestId("finding-acceptPlan").click();
  await expect(page.getByTestId("finding-status")).toContainText(statusText("COMPLIANCE", "PLAN_ACCEPTED"));
  await expect(page.getByTestId("finding-responses")).toContainText(tr("COMPLIANCE", "findings.page.planAccepted"));
});

test("the agency marks its action done", async ({ page }) => {
  await signInAs(page, "AGENCY");
  await page.goto(findingPath());
  await page.getByTestId("finding-markActionDone").click();
  await expect(page.getByTestId("finding-responses")).toContainText(tr("AGENCY", "findings.page.done", { at: "" }).trim());
  await expect(page.getByTestId("finding-status")).toContainText(statusText("AGENCY", "PLAN_ACCEPTED"));
});

test("the clock passes the fix date: the schedule verifies with before and after, and compliance closes", async ({ page }) => {
  test.setTimeout(180_000);
  await signInAs(page, "COMPLIANCE");
  await page.goto(findingPath());
  const impact = page.getByTestId("finding-impact");
  const measuredAtIssue = Number(await impact.getAttribute("data-measured-violations"));
  const contactsAtIssue = Number(await impact.getAttribute("data-contacts"));
  expect(contactsAtIssue).toBeGreaterThan(0);

  // Before the fix date the schedule leaves the finding alone; three weeks after it, it starts verifying.
  expect(await runFindingsScheduleCli()).toMatch(/ 0 verifications started/);
  setServerClock(new Date(`${verifiedOn}T10:00:00Z`));
  const printed = await runFindingsScheduleCli();
  expect(printed).toContain(`Findings clock for ${verifiedOn}`);
  expect(printed).toMatch(/[1-9]\d* verifications started/);

  await page.reload();
  await expect(page.getByTestId("finding-status")).toContainText(statusText("COMPLIANCE", "VERIFYING"));
  const before = page.getByTestId("verification-before");
  const after = page.getByTestId("verification-after");
  // Before: the finding's own period measured again — the upheld contest's violation left the figures.
  await expect(before).toHaveAttribute("data-from", periodFrom);
  await expect(before).toHaveAttribute("data-to", periodTo);
  await expect(before).toHaveAttribute("data-violations", String(measuredAtIssue - 1));
  await expect(before).toHaveAttribute("data-contacts", String(contactsAtIssue));
  // After: the window's days passed so far, measured on the demo's activity.
  await expect(after).toHaveAttribute("data-from", addDays(fixDate, 1));
  await expect(after).toHaveAttribute("data-to", addDays(verifiedOn, -1));
  const afterViolations = Number(await after.getAttribute("data-violations"));
  const afterContacts = Number(await after.getAttribute("data-contacts"));
  expect(afterContacts).toBeGreaterThan(0);
  expect(Number(await after.getAttribute("data-per1000"))).toBeCloseTo((afterViolations / afterContacts) * 1000, 6);
  await expect(page.getByTestId("verification-outcome")).toHaveAttribute("data-outcome", "PENDING");

  const closeForm = page.locator("form", { has: page.getByTestId("finding-close") });
  await closeForm.locator('textarea[name="note"]').fill("Late-night calls stopped after the dialler lock; closed on the verification.");
  await page.getByTestId("finding-close").click();
  await expect(page.getByTestId("finding-status")).toContainText(statusText("COMPLIANCE", "CLOSED"));
  await expect(page.getByTestId("finding-history")).toContainText("Late-night calls stopped after the dialler lock");
  // The figures it was closed on stay on the page.
  await expect(page.getByTestId("verification-before")).toHaveAttribute("data-violations", String(measuredAtIssue - 1));
});
