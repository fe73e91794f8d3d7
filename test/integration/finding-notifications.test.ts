import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { createAgency, ensureUser } from "~/demo/factories.server";
import { createRuleTestCustomer, insertActivityEvents, type FactoryEvent } from "~/demo/rule-factories.server";
import { contestViolation, decideContest } from "~/findings/contests.server";
import { runFindingsSchedule } from "~/findings/finding-schedule.server";
import { actorFromUser, issueFinding, raiseFindingByRules, respondToFinding } from "~/findings/findings.server";
import { FindingError, type FindingActorRef } from "~/findings/finding-types";
import { refreshRollupsForAccounts } from "~/metrics/refresh-rollups.server";
import { sendPendingNotificationEmails } from "~/notifications/send-notification-emails.server";
import { evaluateRulesForAccounts } from "~/rules/evaluate-rules.server";
import { ensureDefaultRulePacks } from "~/rules/rule-packs.server";
import { useOwnDatabase } from "../support/own-database";
import { useSmtpCapture, type SmtpCapture } from "../support/smtp-capture";

// The findings life cycle calling the notification centre: who hears about what, once, and in which language by
// e-mail (a real SMTP server on 127.0.0.1). Role audiences reach every compliance officer of the database, and the
// e-mail pass sends every pending row, so this file has a database of its own. The clock is `now`; nothing waits.
let restoreDatabase: () => Promise<void>;
let restoreSmtp: () => Promise<void>;
let smtp: SmtpCapture;
const ids = {} as Record<"agency" | "other" | "agencyZh" | "agencyEn" | "agencyOff" | "otherUser" | "compliance" | "vendorManager", number>;
let compliance: FindingActorRef;
let agency: FindingActorRef;

const day = (iso: string) => new Date(`${iso}T04:00:00Z`); // 12:00 in Shanghai, the lender's default reporting zone

async function notificationsOf(findingId: number) {
  const rows = await getPrisma().notification.findMany({ where: { link: `/findings/${findingId}` }, orderBy: [{ id: "asc" }] });
  return rows.map((row) => ({ userId: row.userId, kind: row.kind, params: row.params as Record<string, unknown> }));
}

const recipientsOf = (rows: { userId: number; kind: string }[], kind: string) =>
  rows
    .filter((row) => row.kind === kind)
    .map((row) => row.userId)
    .sort((a, b) => a - b);

beforeAll(async () => {
  restoreDatabase = await useOwnDatabase("finding_notifications");
  ({ smtp, restore: restoreSmtp } = await useSmtpCapture());
  await ensureDefaultRulePacks();
  ids.agency = await createAgency({ code: "NOTIFYA", name: "Notify agency" });
  ids.other = await createAgency({ code: "NOTIFYB", name: "Other agency" });
  const customers = await Promise.all([1, 2].map(() => createRuleTestCustomer({ accounts: [{ agencyId: ids.agency, placedAt: "2026-02-01" }] })));
  const otherCustomer = await createRuleTestCustomer({ accounts: [{ agencyId: ids.other, placedAt: "2026-02-01" }] });
  const events: FactoryEvent[] = customers.map((customer, index) => ({ agencyId: ids.agency, accountId: customer.accounts[0]!.accountId, occurredAt: `2026-03-0${index + 2}T22:10:00+08:00` }));
  events.push({ agencyId: ids.other, accountId: otherCustomer.accounts[0]!.accountId, occurredAt: "2026-03-03T22:30:00+08:00" });
  await insertActivityEvents(events);
  const accountIds = [...customers, otherCustomer].map((customer) => customer.accounts[0]!.accountId);
  await evaluateRulesForAccounts({ accountIds });
  await refreshRollupsForAccounts(accountIds);

  ids.agencyZh = await ensureUser({ email: "ops-zh@notifya.test", name: "机构运营", role: "AGENCY", agencyId: ids.agency, locale: "zh-CN" });
  ids.agencyEn = await ensureUser({ email: "ops-en@notifya.test", name: "Agency ops", role: "AGENCY", agencyId: ids.agency, locale: "en" });
  ids.agencyOff = await ensureUser({ email: "left@notifya.test", name: "Left the agency", role: "AGENCY", agencyId: ids.agency });
  await getPrisma().user.update({ where: { id: ids.agencyOff }, data: { active: false } });
  ids.otherUser = await ensureUser({ email: "ops@notifyb.test", name: "Other agency ops", role: "AGENCY", agencyId: ids.other });
  ids.compliance = await ensureUser({ email: "compliance@lender.test", name: "Compliance", role: "COMPLIANCE", locale: "en" });
  ids.vendorManager = await ensureUser({ email: "vm@lender.test", name: "Vendor manager", role: "VENDOR_MANAGER" });
  compliance = actorFromUser({ id: ids.compliance, role: "COMPLIANCE", agencyId: null });
  agency = actorFromUser({ id: ids.agencyZh, role: "AGENCY", agencyId: ids.agency });
}, 120_000);

afterAll(async () => {
  await restoreSmtp();
  await restoreDatabase();
});

beforeEach(() => {
  smtp.messages.length = 0;
});

const raiseAndIssue = async (title: string, responseDueOn: string, issuedOn = "2026-04-01") => {
  const { findingId } = await raiseFindingByRules({ agencyId: ids.agency, ruleCodes: ["CONTACT_HOURS"], from: "2026-03-01", to: "2026-03-31", title }, compliance, day(issuedOn));
  expect(await notificationsOf(findingId)).toEqual([]); // a draft is compliance's own
  await issueFinding({ findingId, responseDueOn }, compliance, day(issuedOn));
  return findingId;
};

describe("the life cycle notifies", () => {
  test("an issued finding: the agency's active users only, e-mailed in each one's language; an answer: compliance", async () => {
    const findingId = await raiseAndIssue("夜间催收 Calls after 22:00", "2026-04-20");
    const issued = await notificationsOf(findingId);
    expect(recipientsOf(issued, "FINDING_ISSUED")).toEqual([ids.agencyZh, ids.agencyEn].sort((a, b) => a - b));
    expect(issued).toHaveLength(2);
    expect(issued[0]?.params).toMatchObject({ findingId, title: "夜间催收 Calls after 22:00", agency: "NOTIFYA", dueDate: "2026-04-20" });

    expect(await sendPendingNotificationEmails({ now: day("2026-04-01") })).toEqual({ sent: 2, failed: 0 });
    expect(smtp.messages.flatMap((message) => message.to).sort()).toEqual(["ops-en@notifya.test", "ops-zh@notifya.test"]);
    const zh = smtp.messages.find((message) => message.to.includes("ops-zh@notifya.test"));
    expect(zh?.subject).toBe("新的检查发现：夜间催收 Calls after 22:00");
    expect(zh?.text).toContain("已向 NOTIFYA 下发一项检查发现，须在 2026-04-20 前回复。");
    expect(zh?.text).toContain(`打开：https://oversight.example.com/findings/${findingId}`);
    const en = smtp.messages.find((message) => message.to.includes("ops-en@notifya.test"));
    expect(en?.subject).toBe("New finding: 夜间催收 Calls after 22:00");

    await respondToFinding({ findingId, response: { kind: "DISPUTED", explanation: "Consent on file." } }, agency, day("2026-04-03"));
    const responded = (await notificationsOf(findingId)).filter((row) => row.kind === "FINDING_RESPONDED");
    expect(responded.map((row) => row.userId)).toEqual([ids.compliance]);
    expect(responded[0]?.params).toMatchObject({ agency: "NOTIFYA", late: 0 });
  });

  test("a refused transition notifies nobody", async () => {
    const findingId = await raiseAndIssue("Refused", "2026-04-20");
    const before = await getPrisma().notification.count();
    const otherAgency = actorFromUser({ id: ids.otherUser, role: "AGENCY", agencyId: ids.other });
    await expect(respondToFinding({ findingId, response: { kind: "ACCEPTED", explanation: "x", actions: [{ description: "d", owner: "o", dueOn: "2026-04-30" }] } }, otherAgency, day("2026-04-02"))).rejects.toBeInstanceOf(FindingError);
    await expect(issueFinding({ findingId }, compliance, day("2026-04-02"))).rejects.toBeInstanceOf(FindingError);
    expect(await getPrisma().notification.count()).toBe(before);
  });

  test("a contest decided: the agency user who contested hears it", async () => {
    const findingId = await raiseAndIssue("Contested", "2026-04-25");
    const violation = await getPrisma().findingViolation.findFirstOrThrow({ where: { findingId }, select: { violationId: true } });
    const { contest } = await contestViolation({ violationId: violation.violationId.toString(), reason: "CONSENT_ON_FILE", note: "Consent on file", findingId }, agency, day("2026-04-02"));
    await decideContest({ contestId: contest.id, decision: "REJECT", note: "No consent on file for that hour." }, compliance, day("2026-04-03"));
    const decided = (await notificationsOf(findingId)).filter((row) => row.kind === "CONTEST_DECIDED");
    expect(decided).toEqual([{ userId: ids.agencyZh, kind: "CONTEST_DECIDED", params: expect.objectContaining({ contestId: contest.id, decision: "REJECTED", agency: "NOTIFYA" }) }]);
  });
});

describe("the daily schedule notifies", () => {
  test("due in 3 days: once, whatever the runs; overdue: the agency, and the escalation to compliance and vendor managers", async () => {
    const findingId = await raiseAndIssue("Due soon", "2026-05-10", "2026-05-01");
    const dueSoon = async () => recipientsOf(await notificationsOf(findingId), "FINDING_DUE_SOON");

    await runFindingsSchedule(day("2026-05-06"));
    expect(await dueSoon()).toEqual([]);
    // Two runs at the same moment (two workers), then the next days: still one reminder per agency user.
    await Promise.all([runFindingsSchedule(day("2026-05-07")), runFindingsSchedule(day("2026-05-07"))]);
    await runFindingsSchedule(day("2026-05-08"));
    await runFindingsSchedule(day("2026-05-10"));
    expect(await dueSoon()).toEqual([ids.agencyZh, ids.agencyEn].sort((a, b) => a - b));
    const reminder = (await notificationsOf(findingId)).find((row) => row.kind === "FINDING_DUE_SOON");
    expect(reminder?.params).toMatchObject({ dueDate: "2026-05-10", subject: "response", agency: "NOTIFYA" });
    expect(await getPrisma().findingEvent.count({ where: { findingId, action: "reminder" } })).toBe(1);

    await runFindingsSchedule(day("2026-05-11"));
    await runFindingsSchedule(day("2026-05-12"));
    const rows = await notificationsOf(findingId);
    expect(recipientsOf(rows, "FINDING_OVERDUE")).toEqual([ids.agencyZh, ids.agencyEn].sort((a, b) => a - b));
    expect(recipientsOf(rows, "FINDING_ESCALATED")).toEqual([ids.compliance, ids.vendorManager].sort((a, b) => a - b));
    expect(rows.find((row) => row.kind === "FINDING_ESCALATED")?.params).toMatchObject({ reason: "RESPONSE_OVERDUE" });
    // Nobody of the other agency ever heard of this agency's findings.
    expect(await getPrisma().notification.count({ where: { userId: ids.otherUser } })).toBe(0);
  });
});
