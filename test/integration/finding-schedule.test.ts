import { beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { createAgency, ensureUser } from "~/demo/factories.server";
import { createRuleTestCustomer, insertActivityEvents, type FactoryEvent } from "~/demo/rule-factories.server";
import { defaultFindingPolicy, type FindingPolicy } from "~/findings/finding-policy";
import { runFindingPolicy } from "~/findings/finding-policy-runner.server";
import { getFinding } from "~/findings/finding-queries.server";
import { runFindingsSchedule } from "~/findings/finding-schedule.server";
import { actorFromUser, decidePlan, issueFinding, markActionDone, raiseFindingByRules, respondToFinding } from "~/findings/findings.server";
import { FindingError, type FindingActorRef } from "~/findings/finding-types";
import { refreshRollupsForAccounts } from "~/metrics/refresh-rollups.server";
import { evaluateRulesForAccounts } from "~/rules/evaluate-rules.server";
import { ensureDefaultRulePacks } from "~/rules/rule-packs.server";

// July and August 2025 belong to this file alone (the run's database is shared): an agency calling after 22:00 in
// July and again in September, so its rate is above any threshold and verification finds no improvement. The clock
// is `now`, moved day by day; nothing waits.
const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`.toUpperCase();
const code = `FSC${suffix}`;
let agencyId: number;
let compliance: FindingActorRef;
let agency: FindingActorRef;

const day = (iso: string) => new Date(`${iso}T04:00:00Z`);
const policy: FindingPolicy = {
  ...defaultFindingPolicy,
  clauses: [
    { kind: "RATE_ABOVE", ruleCode: "CONTACT_HOURS", per1000Contacts: 5, minOutboundContacts: 0 },
    { kind: "RATE_ABOVE", ruleCode: "CONTACT_HOURS", per1000Contacts: 1000, minOutboundContacts: 0 },
  ],
};

beforeAll(async () => {
  await ensureDefaultRulePacks();
  agencyId = await createAgency({ code, name: "Schedule agency" });
  const customers = await Promise.all([1, 2].map(() => createRuleTestCustomer({ accounts: [{ agencyId, placedAt: "2025-06-01" }] })));
  const events: FactoryEvent[] = [];
  customers.forEach((customer, index) => {
    const accountId = customer.accounts[0]!.accountId;
    events.push({ agencyId, accountId, occurredAt: `2025-07-0${index + 2}T22:40:00+08:00` });
    events.push({ agencyId, accountId, occurredAt: `2025-07-1${index + 2}T10:40:00+08:00` });
    // After the fix (verification window 26 August – 24 September): late calls again.
    events.push({ agencyId, accountId, occurredAt: `2025-09-0${index + 2}T22:45:00+08:00` });
  });
  await insertActivityEvents(events);
  const accountIds = customers.map((customer) => customer.accounts[0]!.accountId);
  await evaluateRulesForAccounts({ accountIds });
  await refreshRollupsForAccounts(accountIds);
  const [complianceId, agencyUserId] = await Promise.all([
    ensureUser({ email: `fsc-compliance-${suffix}@findings.test`, name: "Schedule Compliance", role: "COMPLIANCE" }),
    ensureUser({ email: `fsc-agency-${suffix}@findings.test`, name: "Schedule Agency", role: "AGENCY", agencyId }),
  ]);
  compliance = actorFromUser({ id: complianceId, role: "COMPLIANCE", agencyId: null });
  agency = actorFromUser({ id: agencyUserId, role: "AGENCY", agencyId });
});

describe("the automatic policy after a month closes", () => {
  test("raises a DRAFT for a rate above the threshold, once; a month not closed is refused", async () => {
    const first = await runFindingPolicy({ month: "2025-07", now: day("2025-08-01"), policy });
    const ours = first.raised.filter((raised) => raised.outcome?.agencyId === agencyId);
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatchObject({ clause: "RATE_ABOVE", status: "DRAFT", violationCount: 2 });
    const detail = await getFinding(compliance, ours[0]!.findingId, day("2025-08-01"));
    expect(detail).toMatchObject({ origin: "POLICY", status: "DRAFT", ruleCodes: ["CONTACT_HOURS"], periodFrom: "2025-07-01", periodTo: "2025-07-31" });
    expect(detail.events[0]?.detail).toMatchObject({ policyKey: `RATE_ABOVE:CONTACT_HOURS:${agencyId}:2025-07`, policyDetail: { clause: "RATE_ABOVE", threshold: 5, violations: 2, outboundContacts: 4 } });
    const second = await runFindingPolicy({ month: "2025-07", now: day("2025-08-02"), policy });
    expect(second.raised.filter((raised) => raised.outcome?.agencyId === agencyId)).toEqual([]);
    expect(second.alreadyRaised).toBeGreaterThanOrEqual(1);
    expect(await getPrisma().finding.count({ where: { agencyId, origin: "POLICY" } })).toBe(1);
    const open = await runFindingPolicy({ month: "2025-08", now: day("2025-08-31"), policy }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(open).toBeInstanceOf(FindingError);
    expect((open as FindingError).message).toContain("has not closed yet");
  });
});

describe("the findings clock", () => {
  test("reminds once, escalates an overdue answer and late actions, verifies after the fix and escalates no improvement", async () => {
    const { findingId } = await raiseFindingByRules({ agencyId, ruleCodes: ["CONTACT_HOURS"], from: "2025-07-01", to: "2025-07-31" }, compliance, day("2025-08-01"));
    await issueFinding({ findingId, responseDueOn: "2025-08-15" }, compliance, day("2025-08-01"));
    const ours = (result: Awaited<ReturnType<typeof runFindingsSchedule>>) => ({
      escalated: result.escalated.filter((outcome) => outcome.findingId === findingId).map((outcome) => outcome.detail.reason),
      started: result.verificationsStarted.filter((outcome) => outcome.findingId === findingId).length,
      reminders: result.reminders.filter((reminder) => reminder.finding.id === findingId).map((reminder) => `${reminder.subject} ${reminder.dueOn}`),
      measured: result.verificationsMeasured.filter((measured) => measured.findingId === findingId).map((measured) => measured.outcome),
    });
    const status = async () => (await getFinding(compliance, findingId, day("2025-08-01"))).status;

    expect(ours(await runFindingsSchedule(day("2025-08-11")))).toEqual({ escalated: [], started: 0, reminders: [], measured: [] });
    expect(ours(await runFindingsSchedule(day("2025-08-12"))).reminders).toEqual(["response 2025-08-15"]);
    expect(ours(await runFindingsSchedule(day("2025-08-13"))).reminders).toEqual([]);
    expect(ours(await runFindingsSchedule(day("2025-08-15")))).toEqual({ escalated: [], started: 0, reminders: [], measured: [] });
    const overdue = await runFindingsSchedule(day("2025-08-16"));
    expect(ours(overdue).escalated).toEqual(["RESPONSE_OVERDUE"]);
    expect(overdue.notifications).toContainEqual(expect.objectContaining({ type: "transition", transition: "escalate", finding: expect.objectContaining({ id: findingId }) }));
    expect(await status()).toBe("ESCALATED");
    expect(ours(await runFindingsSchedule(day("2025-08-17"))).escalated).toEqual([]);

    // Answered late, plan accepted; the action is not done by its day.
    const answer = await respondToFinding(
      { findingId, response: { kind: "ACCEPTED", explanation: "Dialler fixed.", actions: [{ description: "Block calls after 21:00", owner: "IT", dueOn: "2025-08-25" }] } },
      agency,
      day("2025-08-18"),
    );
    expect(answer.late).toBe(true);
    await decidePlan({ findingId, responseId: answer.responseId, decision: "ACCEPT" }, compliance, day("2025-08-19"));
    expect(ours(await runFindingsSchedule(day("2025-08-22"))).reminders).toEqual(["action 2025-08-25"]);
    expect(ours(await runFindingsSchedule(day("2025-08-26"))).escalated).toEqual(["ACTIONS_OVERDUE"]);
    const [action] = (await getFinding(agency, findingId, day("2025-08-27"))).plan;
    await markActionDone({ findingId, actionId: action!.id }, agency, day("2025-08-27"));

    // Late actions done: verification resumes from the fix date, and is judged once the window has passed.
    const resumed = ours(await runFindingsSchedule(day("2025-08-28")));
    expect(resumed).toMatchObject({ started: 1, measured: ["PENDING"] });
    expect(await status()).toBe("VERIFYING");
    expect(ours(await runFindingsSchedule(day("2025-09-24"))).measured).toEqual(["PENDING"]);
    const judged = ours(await runFindingsSchedule(day("2025-09-25")));
    expect(judged).toMatchObject({ measured: ["NOT_IMPROVED"], escalated: ["NO_IMPROVEMENT"] });
    const detail = await getFinding(compliance, findingId, day("2025-09-25"));
    expect(detail.status).toBe("ESCALATED");
    expect(detail.escalationReason).toBe("NO_IMPROVEMENT");
    expect(detail.verification).toMatchObject({ window: { from: "2025-08-26", to: "2025-09-24" }, before: { violations: 2, outboundContacts: 4 }, after: { violations: 2, outboundContacts: 2 } });
    // Nothing more happens to it by itself.
    expect(ours(await runFindingsSchedule(day("2025-09-26")))).toEqual({ escalated: [], started: 0, reminders: [], measured: [] });
    expect(detail.events.filter((event) => event.action === "escalate").map((event) => (event.detail as { reason: string }).reason)).toEqual(["RESPONSE_OVERDUE", "ACTIONS_OVERDUE", "NO_IMPROVEMENT"]);

    // September's late calls, raised as a new finding: a repeat of July's (same agency and rule within 12 months).
    const september = await raiseFindingByRules({ agencyId, ruleCodes: ["CONTACT_HOURS"], from: "2025-09-01", to: "2025-09-30" }, compliance, day("2025-10-01"));
    expect(september.repeatOfId).toBe(findingId);
    expect((await getFinding(compliance, september.findingId, day("2025-10-01"))).repeatOf).toMatchObject({ id: findingId, status: "ESCALATED" });
  });
});
