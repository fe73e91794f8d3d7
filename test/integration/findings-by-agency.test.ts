import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAgency, ensureUser } from "~/demo/factories.server";
import { createRuleTestCustomer, insertActivityEvents, type FactoryEvent } from "~/demo/rule-factories.server";
import { listFindings } from "~/findings/finding-queries.server";
import { findingsOf, getFindingsByAgency } from "~/findings/findings-by-agency.server";
import { actorFromUser, closeFinding, decidePlan, escalateFinding, issueFinding, raiseFindingByRules, respondToFinding, systemActor } from "~/findings/findings.server";
import type { FindingActorRef } from "~/findings/finding-types";
import { getAgenciesAtRisk } from "~/metrics/agencies-at-risk.server";
import { getAgencyScorecards } from "~/metrics/get-agency-scorecards.server";
import { refreshRollupsForAccounts } from "~/metrics/refresh-rollups.server";
import { getScorecardWeights } from "~/metrics/scorecard-weights.server";
import { evaluateRulesForAccounts } from "~/rules/evaluate-rules.server";
import { ensureDefaultRulePacks } from "~/rules/rule-packs.server";
import * as dashboard from "~/routes/_app._index";
import { buildRequest, runRoute, sessionCookieFor } from "../support/route-harness";
import { useOwnDatabase } from "../support/own-database";

// One agency with late calls (CONTACT_HOURS) in March and April 2026 and findings in every counted state, one without
// any; the counts are read at fixed instants (Shanghai reporting days).
const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`.toUpperCase();
let agencyId: number;
let quietAgencyId: number;
let compliance: FindingActorRef;
let complianceCookie: string;
let agency: FindingActorRef;
let quietAgency: FindingActorRef;
const at = (iso: string) => new Date(iso);

let restoreDatabase: () => Promise<void>;

beforeAll(async () => {
  // A database of its own: a grade read before and after an escalation depends on the lender-wide weights, which
  // another file changes, and on the recovery index's portfolio-wide rates, which other files' imports move.
  restoreDatabase = await useOwnDatabase("findings_by_agency");
  await ensureDefaultRulePacks();
  agencyId = await createAgency({ code: `FBA${suffix}`, name: "Findings by agency" });
  quietAgencyId = await createAgency({ code: `FBQ${suffix}`, name: "Quiet agency" });
  const customers = await Promise.all([1, 2, 3].map(() => createRuleTestCustomer({ accounts: [{ agencyId, placedAt: "2026-02-01" }] })));
  const accountIds = customers.map((customer) => customer.accounts[0]!.accountId);
  const events: FactoryEvent[] = accountIds.flatMap((accountId, index) => [
    { agencyId, accountId, occurredAt: `2026-03-0${index + 2}T22:10:00+08:00`, agentExternalId: "FB1" },
    { agencyId, accountId, occurredAt: `2026-04-0${index + 2}T22:10:00+08:00`, agentExternalId: "FB1" },
    { agencyId, accountId, occurredAt: `2026-03-10T10:00:00+08:00`, agentExternalId: "FB1" },
  ]);
  await insertActivityEvents(events);
  await evaluateRulesForAccounts({ accountIds });
  await refreshRollupsForAccounts(accountIds);
  const users = await Promise.all([
    ensureUser({ email: `fba-compliance-${suffix}@findings.test`, name: "FBA Compliance", role: "COMPLIANCE" }),
    ensureUser({ email: `fba-agency-${suffix}@findings.test`, name: "FBA Agency", role: "AGENCY", agencyId }),
    ensureUser({ email: `fba-quiet-${suffix}@findings.test`, name: "FBA Quiet", role: "AGENCY", agencyId: quietAgencyId }),
  ]);
  compliance = actorFromUser({ id: users[0], role: "COMPLIANCE", agencyId: null });
  complianceCookie = await sessionCookieFor(users[0]);
  agency = actorFromUser({ id: users[1], role: "AGENCY", agencyId });
  quietAgency = actorFromUser({ id: users[2], role: "AGENCY", agencyId: quietAgencyId });

  const raise = async (from: string, to: string) => (await raiseFindingByRules({ agencyId, ruleCodes: ["CONTACT_HOURS"], from, to }, compliance, at("2026-05-01T02:00:00Z"))).findingId;
  // Closed 10 and 20 reporting days after issue: median 15.
  for (const closedOn of ["2026-05-11", "2026-05-21"]) {
    const id = await raise("2026-03-01", "2026-03-31");
    await issueFinding({ findingId: id, responseDueOn: "2026-05-08" }, compliance, at("2026-05-01T02:00:00Z"));
    await closeFinding({ findingId: id, note: "Resolved." }, compliance, at(`${closedOn}T02:00:00Z`));
  }
  // Awaiting an answer due 2026-06-05: overdue from 2026-06-06; a repeat of the March findings.
  const awaiting = await raise("2026-04-01", "2026-04-30");
  await issueFinding({ findingId: awaiting, responseDueOn: "2026-06-05" }, compliance, at("2026-06-01T02:00:00Z"));
  // Escalated for an overdue answer.
  const escalated = await raise("2026-03-01", "2026-03-31");
  await issueFinding({ findingId: escalated, responseDueOn: "2026-05-05" }, compliance, at("2026-05-01T02:00:00Z"));
  await escalateFinding({ findingId: escalated, reason: "RESPONSE_OVERDUE" }, systemActor, at("2026-05-06T02:00:00Z"));
  // A plan accepted with an action due 2026-06-10: overdue from 2026-06-11.
  const planned = await raise("2026-03-01", "2026-03-31");
  await issueFinding({ findingId: planned, responseDueOn: "2026-05-20" }, compliance, at("2026-05-01T02:00:00Z"));
  const answer = await respondToFinding({ findingId: planned, response: { kind: "ACCEPTED", explanation: "Agreed.", actions: [{ description: "Dialler curfew", owner: "Ops lead", dueOn: "2026-06-10" }] } }, agency, at("2026-05-10T02:00:00Z"));
  await decidePlan({ findingId: planned, responseId: answer.responseId, decision: "ACCEPT" }, compliance, at("2026-05-12T02:00:00Z"));
  // A draft counts nowhere.
  await raise("2026-04-01", "2026-04-30");
});

afterAll(async () => {
  await restoreDatabase();
});

describe("findings per agency", () => {
  test.each([
    // The escalated finding's answer has been overdue since 2026-05-06 throughout.
    ["before the other due days", "2026-06-02T02:00:00Z", 1],
    ["an answer overdue", "2026-06-06T02:00:00Z", 2],
    ["an answer and the plan's action overdue", "2026-06-11T02:00:00Z", 3],
  ])("%s: open, overdue, escalated, repeats and median days to close in one query", async (_label, now, overdue) => {
    const counts = findingsOf(await getFindingsByAgency(compliance, { now: at(now) }), agencyId);
    expect(counts).toEqual({ agencyId, open: 3, overdue, escalated: 1, repeats: 1, medianDaysToClose: 15 });
    // Overdue decided as the findings list decides it (in JavaScript over the same rows).
    expect((await listFindings(compliance, { agencyId, overdueOnly: true, now: at(now) })).total).toBe(overdue);
  });

  test("an agency without findings has zeros; AGENCY viewers see their own agency only", async () => {
    const now = at("2026-06-11T02:00:00Z");
    const all = await getFindingsByAgency(compliance, { agencyIds: [agencyId, quietAgencyId], now });
    expect(all.has(quietAgencyId)).toBe(false);
    expect(findingsOf(all, quietAgencyId)).toEqual({ agencyId: quietAgencyId, open: 0, overdue: 0, escalated: 0, repeats: 0, medianDaysToClose: null });
    expect([...(await getFindingsByAgency(agency, { now })).keys()]).toEqual([agencyId]);
    expect((await getFindingsByAgency(quietAgency, { agencyIds: [agencyId], now })).size).toBe(0);
    expect((await getFindingsByAgency(quietAgency, { now })).size).toBe(0);
  });
});

describe("the scorecard counts escalations", () => {
  test("each escalated finding takes the weight's points off the total; without one the grade is as before", async () => {
    const gradedId = await createAgency({ code: `FBS${suffix}`, name: "Scored agency" });
    const customer = await createRuleTestCustomer({ accounts: [{ agencyId: gradedId, placedAt: "2026-02-01" }] });
    const accountId = customer.accounts[0]!.accountId;
    // 60 daytime calls (enough activity for a grade) and one late call.
    const events: FactoryEvent[] = Array.from({ length: 60 }, (_, index) => ({ agencyId: gradedId, accountId, occurredAt: `2026-03-${String(1 + (index % 28)).padStart(2, "0")}T${String(9 + Math.floor(index / 28)).padStart(2, "0")}:00:00+08:00`, agentExternalId: "FS1" }));
    events.push({ agencyId: gradedId, accountId, occurredAt: "2026-03-29T22:30:00+08:00", agentExternalId: "FS1" });
    await insertActivityEvents(events);
    await evaluateRulesForAccounts({ accountIds: [accountId] });
    await refreshRollupsForAccounts([accountId]);
    const filters = { from: "2026-03-01", to: "2026-03-31", agencyIds: [gradedId] };
    const [before] = await getAgencyScorecards(filters);
    expect(before).toMatchObject({ agencyId: gradedId, findings: { escalated: 0, open: 0 }, gradeScores: { escalationPenalty: 0 } });
    expect(before!.gradeScores.total).not.toBeNull();

    const raised = await raiseFindingByRules({ agencyId: gradedId, ruleCodes: ["CONTACT_HOURS"], from: "2026-03-01", to: "2026-03-31" }, compliance, at("2026-04-01T02:00:00Z"));
    await issueFinding({ findingId: raised.findingId, responseDueOn: "2026-04-10" }, compliance, at("2026-04-01T02:00:00Z"));
    const [issued] = await getAgencyScorecards(filters);
    expect(issued!.gradeScores.total).toBe(before!.gradeScores.total);
    await escalateFinding({ findingId: raised.findingId, reason: "RESPONSE_OVERDUE" }, systemActor, at("2026-04-11T02:00:00Z"));

    const { escalatedFindings } = await getScorecardWeights();
    const [after] = await getAgencyScorecards(filters);
    expect(after).toMatchObject({ findings: { escalated: 1, open: 1 }, gradeScores: { escalationPenalty: escalatedFindings } });
    expect(after!.gradeScores.total!).toBeCloseTo(Math.max(0, before!.gradeScores.total! - escalatedFindings), 6);
    const atRisk = await getAgenciesAtRisk(filters);
    expect(atRisk.rows.find((row) => row.agencyId === gradedId)?.escalatedFindings).toBe(1);
    // The executive dashboard's findings tiles, for the agency in view (the answer is overdue today).
    const page = await runRoute(dashboard.loader, buildRequest(`/?from=2026-03-01&to=2026-03-31&agency=FBS${suffix}`, { cookie: complianceCookie }));
    expect(page.body).toMatchObject({ figures: { findings: { open: 1, overdue: 1, escalated: 1 } } });
  });
});
