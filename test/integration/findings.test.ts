import { beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { createAgency, ensureUser } from "~/demo/factories.server";
import { createRuleTestCustomer, createWrongNumberComplaint, insertActivityEvents, type FactoryEvent } from "~/demo/rule-factories.server";
import { getFinding, listFindingEvidence, listFindings, summariseAgencyInbox } from "~/findings/finding-queries.server";
import {
  actorFromUser,
  closeFinding,
  decidePlan,
  escalateFinding,
  issueFinding,
  markActionDone,
  raiseFindingByRules,
  raiseFindingFromFilter,
  raiseFindingFromViolations,
  refreshVerification,
  reopenFinding,
  respondToFinding,
  startVerification,
  systemActor,
} from "~/findings/findings.server";
import { findingsOf, getFindingsByAgency } from "~/findings/findings-by-agency.server";
import { FindingError, type FindingActorRef } from "~/findings/finding-types";
import { getViolationsByRule } from "~/metrics/metrics.server";
import { per1000 } from "~/metrics/metric-formulas";
import { queryAdditiveTotals } from "~/metrics/query-metrics.server";
import { refreshRollupsForAccounts } from "~/metrics/refresh-rollups.server";
import { evaluateRulesForAccounts } from "~/rules/evaluate-rules.server";
import { ensureDefaultRulePacks } from "~/rules/rule-packs.server";

// One agency whose collectors call after 22:00 Shanghai time in March 2026 (CONTACT_HOURS), and only in daytime
// after the fix; a second agency whose users must never see the first one's findings. Shares the run's database
// with other files, so everything is filtered by this file's agencies.
const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`.toUpperCase();
const code = `FND${suffix}`;
const otherCode = `FNO${suffix}`;
let agencyId: number;
let otherAgencyId: number;
let accountIds: number[] = [];
let compliance: FindingActorRef;
let agency: FindingActorRef;
let otherAgency: FindingActorRef;
let executive: FindingActorRef;

const at = (iso: string) => new Date(iso);
const marchPeriod = { from: "2026-03-01", to: "2026-03-31" };

async function expectFindingError(promise: Promise<unknown>, code: FindingError["code"], reason?: FindingError["reason"]) {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(FindingError);
  expect((error as FindingError).code).toBe(code);
  if (reason) expect((error as FindingError).reason).toBe(reason);
  return error as FindingError;
}

async function addEvents(events: FactoryEvent[]) {
  await insertActivityEvents(events);
  const touched = [...new Set(events.map((event) => event.accountId))];
  await evaluateRulesForAccounts({ accountIds: touched });
  await refreshRollupsForAccounts(touched);
}

beforeAll(async () => {
  await ensureDefaultRulePacks();
  agencyId = await createAgency({ code, name: "Findings agency" });
  otherAgencyId = await createAgency({ code: otherCode, name: "Other agency" });
  const customers = await Promise.all([1, 2, 3, 4].map(() => createRuleTestCustomer({ accounts: [{ agencyId, placedAt: "2026-02-01" }] })));
  accountIds = customers.map((customer) => customer.accounts[0]!.accountId);
  const other = await createRuleTestCustomer({ accounts: [{ agencyId: otherAgencyId, placedAt: "2026-02-01" }] });
  const events: FactoryEvent[] = [];
  accountIds.forEach((accountId, index) => {
    // One late call each (a CONTACT_HOURS violation), and daytime calls around it.
    events.push({ agencyId, accountId, occurredAt: `2026-03-0${index + 2}T22:10:00+08:00`, agentExternalId: index < 2 ? "FA1" : "FA2" });
    for (const day of [10, 17, 24]) events.push({ agencyId, accountId, occurredAt: `2026-03-${day}T10:00:00+08:00`, agentExternalId: "FA1" });
    // After the fix: only daytime calls in May.
    for (const day of ["05", "12", "19"]) events.push({ agencyId, accountId, occurredAt: `2026-05-${day}T11:00:00+08:00`, agentExternalId: "FA1" });
  });
  events.push({ agencyId: otherAgencyId, accountId: other.accounts[0]!.accountId, occurredAt: "2026-03-03T22:30:00+08:00", agentExternalId: "OA1" });
  await addEvents(events);
  const users = await Promise.all([
    ensureUser({ email: `fnd-compliance-${suffix}@findings.test`, name: "Findings Compliance", role: "COMPLIANCE" }),
    ensureUser({ email: `fnd-agency-${suffix}@findings.test`, name: "Findings Agency", role: "AGENCY", agencyId }),
    ensureUser({ email: `fnd-other-${suffix}@findings.test`, name: "Other Agency", role: "AGENCY", agencyId: otherAgencyId }),
    ensureUser({ email: `fnd-exec-${suffix}@findings.test`, name: "Findings Executive", role: "EXECUTIVE" }),
  ]);
  compliance = actorFromUser({ id: users[0], role: "COMPLIANCE", agencyId: null });
  agency = actorFromUser({ id: users[1], role: "AGENCY", agencyId });
  otherAgency = actorFromUser({ id: users[2], role: "AGENCY", agencyId: otherAgencyId });
  executive = actorFromUser({ id: users[3], role: "EXECUTIVE", agencyId: null });
});

const raiseMarch = (actor: FindingActorRef = compliance, extra: Partial<Parameters<typeof raiseFindingByRules>[0]> = {}) =>
  raiseFindingByRules({ agencyId, ruleCodes: ["CONTACT_HOURS"], ...marchPeriod, ...extra }, actor, at("2026-04-01T02:00:00Z"));

describe("raising", () => {
  test("a finding by rules covers the period's violations, with impact figures from the metrics module", async () => {
    const raised = await raiseMarch();
    expect(raised).toMatchObject({ created: true, status: "DRAFT", violationCount: 4, complaintCount: 0 });
    const detail = await getFinding(compliance, raised.findingId, at("2026-04-01T02:00:00Z"));
    expect(detail.ruleCodes).toEqual(["CONTACT_HOURS"]);
    expect(detail.periodFrom).toBe("2026-03-01");
    expect(detail.title).toContain(code);
    expect(detail.impact).toMatchObject({ violations: 4, accountsAffected: 4, debtorsAffected: 4, agentsInvolved: 2 });
    const filters = { ...marchPeriod, agencyIds: [agencyId] };
    const [byRule, totals] = await Promise.all([getViolationsByRule(filters), queryAdditiveTotals(filters)]);
    const ruleCount = byRule.filter((row) => row.ruleCode === "CONTACT_HOURS").reduce((sum, row) => sum + row.count, 0);
    expect(ruleCount).toBe(4);
    expect(detail.impact.measurement).toEqual({ ...marchPeriod, violations: 4, outboundContacts: totals.outboundContacts, per1000Contacts: per1000(4, totals.outboundContacts) });
    expect(detail.impact.measurement.outboundContacts).toBe(16);
    expect(detail.events.map((event) => [event.action, event.toStatus, event.userName])).toEqual([["raise", "DRAFT", "Findings Compliance"]]);
    expect(detail.can.transitions).toEqual(["issue", "close"]);
  });

  test("one agent's finding covers that agent's violations only", async () => {
    const agent = await getPrisma().agent.findUniqueOrThrow({ where: { agencyId_externalId: { agencyId, externalId: "FA2" } } });
    const raised = await raiseMarch(compliance, { agentId: agent.id });
    expect(raised.violationCount).toBe(2);
  });

  test("from the violations grid's filter, and from ticked rows", async () => {
    const byFilter = await raiseFindingFromFilter({ filters: { agency: code, rule: "CONTACT_HOURS", from: "2026-03-01", to: "2026-03-03" } }, compliance, at("2026-04-01T02:00:00Z"));
    expect(byFilter.violationCount).toBe(2);
    const ids = (await getPrisma().violation.findMany({ where: { agencyId }, select: { id: true }, orderBy: { id: "asc" }, take: 3 })).map((row) => row.id.toString());
    const bySelection = await raiseFindingFromViolations({ violationIds: ids }, compliance, at("2026-04-01T02:00:00Z"));
    expect(bySelection.violationCount).toBe(3);
    const detail = await getFinding(compliance, bySelection.findingId, at("2026-04-01T02:00:00Z"));
    expect(detail.origin).toBe("SELECTION");
    expect(detail.ruleCodes).toEqual(["CONTACT_HOURS"]);
    const mixed = (await getPrisma().violation.findFirstOrThrow({ where: { agencyId: otherAgencyId } })).id.toString();
    await expectFindingError(raiseFindingFromViolations({ violationIds: [ids[0]!, mixed] }, compliance, at("2026-04-01T02:00:00Z")), "INVALID", "INVALID_INPUT");
    await expectFindingError(raiseFindingFromFilter({ filters: { rule: "CONTACT_HOURS" } }, compliance, at("2026-04-01T02:00:00Z")), "INVALID", "INVALID_INPUT");
  });

  test("complaint categories: the period's complaints of the agency, with or without rule codes", async () => {
    await createWrongNumberComplaint({ phoneNumber: "13800000000", receivedAt: "2026-03-15T09:00:00+08:00", agencyId });
    await createWrongNumberComplaint({ phoneNumber: "13800000001", receivedAt: "2026-04-15T09:00:00+08:00", agencyId });
    const onlyComplaints = await raiseMarch(compliance, { ruleCodes: [], complaintCategories: ["WRONG_NUMBER"] });
    expect(onlyComplaints).toMatchObject({ violationCount: 0, complaintCount: 1 });
    const both = await raiseMarch(compliance, { complaintCategories: ["WRONG_NUMBER"] });
    expect(both).toMatchObject({ violationCount: 4, complaintCount: 1 });
    expect((await getFinding(compliance, both.findingId, at("2026-04-01T02:00:00Z"))).impact).toMatchObject({ violations: 4, complaints: 1 });
  });

  test("bad input: no evidence, a period backwards, an agent of another agency, a role that may not raise", async () => {
    await expectFindingError(raiseMarch(compliance, { ruleCodes: ["VISIT_RULES"] }), "INVALID", "NO_EVIDENCE");
    const backwards = await expectFindingError(raiseMarch(compliance, { from: "2026-03-31", to: "2026-03-01" }), "INVALID", "INVALID_INPUT");
    expect(backwards.field).toBe("to");
    const otherAgent = await getPrisma().agent.findFirstOrThrow({ where: { agencyId: otherAgencyId } });
    await expectFindingError(raiseMarch(compliance, { agentId: otherAgent.id }), "INVALID", "INVALID_INPUT");
    await expectFindingError(raiseMarch(executive), "FORBIDDEN", "ROLE_NOT_ALLOWED");
    await expectFindingError(raiseMarch(agency), "FORBIDDEN", "ROLE_NOT_ALLOWED");
    // Nothing was left behind by the refused attempts.
    expect(await getPrisma().finding.count({ where: { agencyId, title: "" } })).toBe(0);
  });
});

describe("the life cycle, from draft to closed", () => {
  test("issue, answer late, plan accepted, actions done, verification before and after, close, reopen", async () => {
    const { findingId } = await raiseMarch();
    // The agency does not see drafts; the other agency never sees it.
    await expectFindingError(getFinding(agency, findingId, at("2026-04-01T03:00:00Z")), "NOT_FOUND");
    expect((await listFindings(agency, { now: at("2026-04-01T03:00:00Z") })).rows.map((row) => row.id)).not.toContain(findingId);

    // An agency cannot issue (403 with the reason); compliance issues with a due day.
    await expectFindingError(issueFinding({ findingId }, agency, at("2026-04-02T02:00:00Z")), "NOT_FOUND");
    await expectFindingError(issueFinding({ findingId, responseDueOn: "2026-04-01" }, compliance, at("2026-04-02T02:00:00Z")), "INVALID", "INVALID_INPUT");
    const issued = await issueFinding({ findingId, responseDueOn: "2026-04-16" }, compliance, at("2026-04-02T02:00:00Z"));
    expect(issued).toMatchObject({ from: "DRAFT", to: "ISSUED", detail: { responseDueOn: "2026-04-16", violations: 4 } });
    // The issue is announced to the agency's users, and only to them.
    const announced = await getPrisma().notification.findMany({ where: { kind: "FINDING_ISSUED", link: `/findings/${findingId}` }, select: { params: true, user: { select: { agencyId: true } } } });
    expect(announced.length).toBeGreaterThan(0);
    expect(announced.every((notification) => notification.user.agencyId === agencyId)).toBe(true);
    expect(announced[0]?.params).toMatchObject({ title: issued.title, agency: code, dueDate: "2026-04-16" });
    await expectFindingError(issueFinding({ findingId }, agency, at("2026-04-02T02:00:00Z")), "FORBIDDEN", "ROLE_NOT_ALLOWED");
    await expectFindingError(getFinding(otherAgency, findingId, at("2026-04-02T03:00:00Z")), "NOT_FOUND");
    await expectFindingError(listFindingEvidence(otherAgency, findingId), "NOT_FOUND");
    await expectFindingError(respondToFinding({ findingId, response: { kind: "ACCEPTED", explanation: "x", actions: [{ description: "d", owner: "o", dueOn: "2026-04-30" }] } }, otherAgency, at("2026-04-03T02:00:00Z")), "NOT_FOUND");
    expect((await listFindings(otherAgency, { now: at("2026-04-02T03:00:00Z") })).rows).toEqual([]);
    const mine = await listFindings(agency, { now: at("2026-04-02T03:00:00Z") });
    expect(mine.rows.map((row) => row.id)).toContain(findingId);
    expect((await summariseAgencyInbox(agency, at("2026-04-02T03:00:00Z"))).awaitingResponse).toBeGreaterThanOrEqual(1);
    expect(await summariseAgencyInbox(otherAgency, at("2026-04-02T03:00:00Z"))).toEqual({ awaitingResponse: 0, openActions: 0, overdue: 0 });

    // Overdue from the day after the due day.
    expect((await listFindings(compliance, { agencyId, overdueOnly: true, now: at("2026-04-16T10:00:00Z") })).rows.map((row) => row.id)).not.toContain(findingId);
    expect((await listFindings(compliance, { agencyId, overdueOnly: true, now: at("2026-04-17T10:00:00Z") })).rows.map((row) => row.id)).toContain(findingId);

    // Answer without a plan when accepting: refused with the field.
    const noPlan = await expectFindingError(respondToFinding({ findingId, response: { kind: "ACCEPTED", explanation: "We agree." } }, agency, at("2026-04-20T02:00:00Z")), "INVALID");
    expect(noPlan.field).toBe("actions");
    // A late answer is accepted and marked late.
    const answered = await respondToFinding(
      {
        findingId,
        response: {
          kind: "ACCEPTED",
          explanation: "Dialler hours were misconfigured after a migration.",
          actions: [
            { description: "Lock the dialler to 08:00–21:00 local time", owner: "IT lead", dueOn: "2026-04-25" },
            { description: "Retrain team FA1 and FA2", owner: "Ops manager", dueOn: "2026-04-30" },
          ],
        },
      },
      agency,
      at("2026-04-20T02:00:00Z"),
    );
    expect(answered).toMatchObject({ to: "RESPONDED", late: true });
    await expectFindingError(decidePlan({ findingId, responseId: answered.responseId, decision: "ACCEPT" }, agency, at("2026-04-21T02:00:00Z")), "FORBIDDEN", "ROLE_NOT_ALLOWED");
    await expectFindingError(decidePlan({ findingId, responseId: answered.responseId - 1, decision: "ACCEPT" }, compliance, at("2026-04-21T02:00:00Z")), "CONFLICT", "STALE");
    await expectFindingError(decidePlan({ findingId, responseId: answered.responseId, decision: "REJECT", note: " " }, compliance, at("2026-04-21T02:00:00Z")), "INVALID", "NOTE_REQUIRED");
    const accepted = await decidePlan({ findingId, responseId: answered.responseId, decision: "ACCEPT" }, compliance, at("2026-04-21T02:00:00Z"));
    expect(accepted).toMatchObject({ to: "PLAN_ACCEPTED", detail: { fixDate: "2026-04-30" } });

    const plan = (await getFinding(agency, findingId, at("2026-04-22T02:00:00Z"))).plan;
    expect(plan.map((action) => action.owner)).toEqual(["IT lead", "Ops manager"]);
    for (const action of plan) await markActionDone({ findingId, actionId: action.id, note: "Done." }, agency, at("2026-04-24T02:00:00Z"));
    await expectFindingError(markActionDone({ findingId, actionId: plan[0]!.id }, agency, at("2026-04-24T03:00:00Z")), "CONFLICT", "NOT_OPEN");

    // Verification: the window after 30 April, measured as it passes through the metrics module.
    const verifying = await startVerification({ findingId }, systemActor, at("2026-04-30T20:00:00Z"));
    expect(verifying.to).toBe("VERIFYING");
    const partial = await refreshVerification(findingId, at("2026-05-15T02:00:00Z"));
    expect(partial).toMatchObject({ window: { from: "2026-05-01", to: "2026-05-30" }, windowComplete: false, outcome: "PENDING", after: { from: "2026-05-01", to: "2026-05-14" } });
    const done = await refreshVerification(findingId, at("2026-06-01T02:00:00Z"));
    const afterTotals = await queryAdditiveTotals({ from: "2026-05-01", to: "2026-05-30", agencyIds: [agencyId] });
    expect(done).toMatchObject({ windowComplete: true, outcome: "IMPROVED" });
    expect(done!.before).toMatchObject({ violations: 4, outboundContacts: 16 });
    expect(done!.after).toEqual({ from: "2026-05-01", to: "2026-05-30", violations: 0, outboundContacts: afterTotals.outboundContacts, per1000Contacts: 0 });
    expect(afterTotals.outboundContacts).toBe(12);

    await expectFindingError(closeFinding({ findingId, note: "" }, compliance, at("2026-06-02T02:00:00Z")), "INVALID", "NOTE_REQUIRED");
    const closed = await closeFinding({ findingId, note: "Calls after 21:00 stopped." }, compliance, at("2026-06-02T02:00:00Z"));
    expect(closed).toMatchObject({ from: "VERIFYING", to: "CLOSED", detail: { verificationOutcome: "IMPROVED" } });

    const reopened = await reopenFinding({ findingId, note: "A regulator complaint names March again." }, compliance, at("2026-06-10T02:00:00Z"));
    expect(reopened).toMatchObject({ to: "ISSUED", detail: { responseDueOn: "2026-06-24" } });
    const detail = await getFinding(compliance, findingId, at("2026-06-10T03:00:00Z"));
    expect(detail.fixDate).toBeNull();
    expect(detail.verification).toBeNull();
    expect(detail.responses).toHaveLength(1);
    expect(detail.events.map((event) => event.action)).toEqual(["raise", "issue", "respond", "acceptPlan", "markActionDone", "markActionDone", "startVerification", "close", "reopen"]);
    expect(detail.events.find((event) => event.action === "close")?.note).toBe("Calls after 21:00 stopped.");
    expect(detail.events.find((event) => event.action === "startVerification")?.detail).toMatchObject({ bySystem: true });
  });

  test("the evidence of an issued finding does not change when later imports add violations", async () => {
    const draft = await raiseMarch();
    const issuedFinding = await raiseMarch();
    await issueFinding({ findingId: issuedFinding.findingId }, compliance, at("2026-04-02T02:00:00Z"));
    const before = await listFindingEvidence(compliance, issuedFinding.findingId);
    expect(before.total).toBe(4);
    // A later import adds a fifth late call in March.
    await addEvents([{ agencyId, accountId: accountIds[0]!, occurredAt: "2026-03-28T22:20:00+08:00", agentExternalId: "FA1" }]);
    const after = await listFindingEvidence(compliance, issuedFinding.findingId);
    expect(after.total).toBe(4);
    expect(after.rows.map((row) => row.violationId)).toEqual(before.rows.map((row) => row.violationId));
    const issuedDetail = await getFinding(compliance, issuedFinding.findingId, at("2026-04-03T02:00:00Z"));
    expect(issuedDetail.impact.violations).toBe(4);
    expect(issuedDetail.violationCount).toBe(4);
    // A draft picks the new violation up when it is issued.
    await issueFinding({ findingId: draft.findingId }, compliance, at("2026-04-03T02:00:00Z"));
    expect((await getFinding(compliance, draft.findingId, at("2026-04-03T02:00:00Z"))).violationCount).toBe(5);
  });

  test("concurrent answers are both kept; compliance decides on the newest", async () => {
    const { findingId } = await raiseMarch();
    await issueFinding({ findingId, responseDueOn: "2026-04-30" }, compliance, at("2026-04-02T02:00:00Z"));
    const answer = (explanation: string) =>
      respondToFinding({ findingId, response: { kind: "DISPUTED", explanation, actions: [] } }, agency, at("2026-04-05T02:00:00Z"));
    const results = await Promise.all([answer("First answer"), answer("Second answer"), answer("Third answer")]);
    expect(results.every((result) => result.to === "RESPONDED" && !result.late)).toBe(true);
    const detail = await getFinding(compliance, findingId, at("2026-04-05T03:00:00Z"));
    expect(detail.responses.map((response) => response.explanation).sort()).toEqual(["First answer", "Second answer", "Third answer"]);
    expect(detail.events.filter((event) => event.action === "respond")).toHaveLength(3);
    const newest = Math.max(...results.map((result) => result.responseId));
    await expectFindingError(decidePlan({ findingId, responseId: Math.min(...results.map((result) => result.responseId)), decision: "REJECT", note: "no" }, compliance, at("2026-04-06T02:00:00Z")), "CONFLICT", "STALE");
    const rejected = await decidePlan({ findingId, responseId: newest, decision: "REJECT", note: "Consent records missing." }, compliance, at("2026-04-06T02:00:00Z"));
    expect(rejected).toMatchObject({ to: "PLAN_REJECTED", detail: { responseDueOn: "2026-04-20" } });
  });

  test("escalation: by compliance with a note, an escalated finding answered late, transitions refused by status", async () => {
    const { findingId } = await raiseMarch();
    await expectFindingError(escalateFinding({ findingId, note: "x" }, compliance, at("2026-04-02T02:00:00Z")), "CONFLICT", "STATUS_NOT_ALLOWED");
    await issueFinding({ findingId, responseDueOn: "2026-04-10" }, compliance, at("2026-04-02T02:00:00Z"));
    await expectFindingError(escalateFinding({ findingId }, compliance, at("2026-04-12T02:00:00Z")), "INVALID", "NOTE_REQUIRED");
    const escalated = await escalateFinding({ findingId, reason: "RESPONSE_OVERDUE" }, systemActor, at("2026-04-12T02:00:00Z"));
    expect(escalated).toMatchObject({ to: "ESCALATED", detail: { reason: "RESPONSE_OVERDUE" } });
    expect(findingsOf(await getFindingsByAgency(compliance, { agencyIds: [agencyId], now: at("2026-04-12T03:00:00Z") }), agencyId).escalated).toBeGreaterThan(0);
    const late = await respondToFinding({ findingId, response: { kind: "DISPUTED", explanation: "Consent on file for each." } }, agency, at("2026-04-13T02:00:00Z"));
    expect(late).toMatchObject({ from: "ESCALATED", to: "RESPONDED", late: true });
    expect((await getFinding(compliance, findingId, at("2026-04-13T03:00:00Z"))).escalationReason).toBeNull();
  });
});
