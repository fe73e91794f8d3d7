import { beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { createAgency, ensureUser } from "~/demo/factories.server";
import { createRuleTestCustomer, insertActivityEvents } from "~/demo/rule-factories.server";
import { addComplaintAttachment } from "~/complaints/complaint-attachments.server";
import { complaintInputSchema } from "~/complaints/complaint-input";
import { getComplaintDetail } from "~/complaints/complaint-queries.server";
import { runComplaintsSchedule } from "~/complaints/complaint-schedule.server";
import { ComplaintError } from "~/complaints/complaint-types";
import { corroborateComplaints } from "~/complaints/corroborate-complaints.server";
import { investigateComplaint, linkComplaintViolation } from "~/complaints/complaint-workflow.server";
import { createComplaint } from "~/complaints/create-complaint.server";
import { queryComplaints } from "~/complaints/query-complaints.server";
import { ensureDefaultRulePacks } from "~/rules/rule-packs.server";
import { defaultFindingPolicy } from "~/findings/finding-policy";
import { runFindingPolicy } from "~/findings/finding-policy-runner.server";
import { evaluateRulesForAccounts } from "~/rules/evaluate-rules.server";
import { action as complaintAction, loader as complaintLoader } from "~/routes/_app.complaints.$id";
import { csv, importFile } from "../support/import-harness";
import { buildRequest, runRoute, sessionCookieFor } from "../support/route-harness";

const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`.toUpperCase();
const aCode = `CWA${suffix}`;
const bCode = `CWB${suffix}`;
let aId: number;
let bId: number;
let accountAtA: string;
let accountAtB: string;
let complianceId: number;
let agencyAUserId: number;
let agencyBUserId: number;
const ids: Record<"late" | "harassment" | "payment" | "atB", number> = { late: 0, harassment: 0, payment: 0, atB: 0 };
const now = new Date("2026-03-21T02:00:00Z");

async function record(agencyId: number, accountNumber: string, category: string, ref: string): Promise<number> {
  const input = complaintInputSchema.parse({ complaintRef: `${ref}-${suffix}`, accountNumber, agencyId: String(agencyId), receivedAt: "2026-03-20T10:00", source: "DEBTOR", category, severity: "MEDIUM" });
  const created = await createComplaint(input, { now });
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  return created.id;
}

const stored = async (id: number) => getPrisma().complaint.findUniqueOrThrow({ where: { id }, select: { corroboration: true, corroborationDetail: true, status: true, outcome: true, rootCause: true, escalatedAt: true, responseDueOn: true } });

beforeAll(async () => {
  await ensureDefaultRulePacks();
  aId = await createAgency({ code: aCode, name: "Complaints A" });
  bId = await createAgency({ code: bCode, name: "Complaints B" });
  // One debtor with an account at each agency: A logs a late-evening call and a daytime one; B logs nothing yet.
  const customer = await createRuleTestCustomer({ accounts: [{ agencyId: aId, placedAt: "2026-02-01" }, { agencyId: bId, placedAt: "2026-02-01" }] });
  const [a, b] = customer.accounts;
  accountAtA = a!.accountNumber;
  accountAtB = b!.accountNumber;
  await insertActivityEvents([
    { agencyId: aId, accountId: a!.accountId, occurredAt: "2026-03-05T22:30:00+08:00" },
    { agencyId: aId, accountId: a!.accountId, occurredAt: "2026-03-06T10:00:00+08:00" },
  ]);
  await evaluateRulesForAccounts({ accountIds: [a!.accountId] });
  complianceId = await ensureUser({ email: `cw-compliance-${suffix}@complaints.test`, name: "Officer Wu", role: "COMPLIANCE" });
  agencyAUserId = await ensureUser({ email: `cw-agency-a-${suffix}@complaints.test`, name: "Agency A user", role: "AGENCY", agencyId: aId });
  agencyBUserId = await ensureUser({ email: `cw-agency-b-${suffix}@complaints.test`, name: "Agency B user", role: "AGENCY", agencyId: bId });
  ids.late = await record(aId, accountAtA, "Calls at inconvenient times", "LATE");
  ids.harassment = await record(aId, accountAtA, "HARASSMENT", "HAR");
  ids.payment = await record(aId, accountAtA, "Payment not credited", "PAY");
  ids.atB = await record(bId, accountAtB, "calls at inconvenient times", "ATB");
});

describe("corroboration against the agency's log", () => {
  test("each complaint gets its answer when it is recorded", async () => {
    expect((await stored(ids.late)).corroboration).toBe("CORROBORATED");
    expect((await stored(ids.harassment)).corroboration).toBe("LOGGED_NO_VIOLATION");
    expect(await stored(ids.payment)).toMatchObject({ corroboration: "NOT_CHECKABLE", corroborationDetail: { reason: "NO_MAPPED_RULE" } });
    // The same debtor's calls at A say nothing about B.
    expect((await stored(ids.atB)).corroboration).toBe("NO_MATCHING_LOG");
    const links = await getPrisma().complaintViolation.findMany({ where: { complaintId: ids.late } });
    expect(links.map((link) => [link.ruleCode, link.linkedBy])).toEqual([["CONTACT_HOURS", "CORROBORATION"]]);
  });

  test("the grid filters by it, and an agency sees only its own", async () => {
    const block = (corroboration: "NO_MATCHING_LOG" | "CORROBORATED", scopeAgencyId?: number) =>
      queryComplaints({ filters: { corroboration, agency: undefined }, sort: { column: "receivedAt", direction: "desc" }, startRow: 0, endRow: 100, scopeAgencyId, timeZone: "Asia/Shanghai", view: "masked" });
    expect((await block("NO_MATCHING_LOG")).rows.filter((row) => row.complaintRef.endsWith(suffix)).map((row) => row.id)).toEqual([ids.atB]);
    expect((await block("NO_MATCHING_LOG", aId)).rows.map((row) => row.id)).not.toContain(ids.atB);
    expect((await block("CORROBORATED", aId)).rows.find((row) => row.id === ids.late)).toMatchObject({ corroboration: "CORROBORATED", status: "RECEIVED" });
  });

  test("the complaint page shows the contacts behind LOGGED_NO_VIOLATION", async () => {
    const detail = await getComplaintDetail({ role: "COMPLIANCE", userId: complianceId, agencyId: null }, ids.harassment, now);
    expect(detail.events).toHaveLength(2);
    expect(detail.corroborationDetail).toMatchObject({ ruleCodes: ["ABUSIVE_LANGUAGE", "CALL_FREQUENCY_7IN7", "DAILY_CONNECTED_CALLS"], eventCount: 2 });
  });

  test("a NO_MATCHING_LOG complaint becomes a finding from its page", async () => {
    const outcome = await runRoute(complaintAction, buildRequest(`/complaints/${ids.atB}`, { cookie: await sessionCookieFor(complianceId), form: { intent: "raiseFinding" } }), { id: String(ids.atB) });
    expect(outcome.status).toBe(302);
    const findingId = Number(outcome.location?.split("/").pop());
    const finding = await getPrisma().finding.findUniqueOrThrow({ where: { id: findingId }, include: { complaints: true } });
    expect(finding).toMatchObject({ agencyId: bId, status: "DRAFT", complaintCategories: ["CALLS_AT_INCONVENIENT_TIMES"] });
    expect(finding.complaints.map((link) => link.complaintId)).toEqual([ids.atB]);
    const changes = await getPrisma().complaintChange.findMany({ where: { complaintId: ids.atB, action: "raiseFinding" } });
    expect(changes.map((change) => change.detail)).toEqual([{ findingId }]);
  });

  test("a later activity import re-runs the check: the late call B logged corroborates the complaint", async () => {
    const content = csv([
      ["event_id", "account_number", "agent_id", "occurred_at", "type", "outcome"],
      [`CW-B1-${suffix}`, accountAtB, "B7", "2026-03-12 22:40", "CALL", "NO_ANSWER"],
    ]);
    const { batch } = await importFile({ kind: "ACTIVITIES", agencyId: bId, fileName: "b-late.csv", content });
    expect(batch).toMatchObject({ status: "COMMITTED", acceptedRows: 1 });
    expect((await stored(ids.atB)).corroboration).toBe("CORROBORATED");
    const change = await getPrisma().complaintChange.findFirstOrThrow({ where: { complaintId: ids.atB, action: "corroborate" }, orderBy: { id: "desc" } });
    expect(change.detail).toMatchObject({ from: "NO_MATCHING_LOG", to: "CORROBORATED" });
    // A's complaints are untouched by B's file.
    expect((await stored(ids.harassment)).corroboration).toBe("LOGGED_NO_VIOLATION");
  });

  test("a re-run replaces only its own links: one linked by hand stays, and an unchanged answer is not logged again", async () => {
    const [found] = await getPrisma().complaintViolation.findMany({ where: { complaintId: ids.atB } });
    expect(found).toMatchObject({ linkedBy: "CORROBORATION" });
    await linkComplaintViolation({ complaintId: ids.atB, violationId: String(found!.violationId) }, { role: "COMPLIANCE", userId: complianceId, agencyId: null }, new Date());
    const logged = await getPrisma().complaintChange.count({ where: { complaintId: { in: [ids.atB, ids.harassment] }, action: "corroborate" } });

    const run = await corroborateComplaints([ids.atB, ids.harassment, ids.atB]);
    expect(run).toMatchObject({ checked: 2, changed: 0, byStatus: { CORROBORATED: 1, LOGGED_NO_VIOLATION: 1 } });
    const links = await getPrisma().complaintViolation.findMany({ where: { complaintId: ids.atB } });
    expect(links.map((link) => [link.violationId, link.linkedBy])).toEqual([[found!.violationId, "MANUAL"]]);
    expect(await getPrisma().complaintChange.count({ where: { complaintId: { in: [ids.atB, ids.harassment] }, action: "corroborate" } })).toBe(logged);
    expect((await stored(ids.atB)).corroborationDetail).toMatchObject({ violationCount: 1 });
  });
});

describe("working a complaint", () => {
  test("compliance assigns and asks; the agency answers with a file; compliance closes it upheld", async () => {
    const compliance = await sessionCookieFor(complianceId);
    const agencyA = await sessionCookieFor(agencyAUserId);
    const params = { id: String(ids.late) };
    const act = (cookie: string, form: Record<string, string>) => runRoute(complaintAction, buildRequest(`/complaints/${ids.late}`, { cookie, form }), params);

    // The agency cannot answer before it is asked, nor start the investigation.
    expect((await act(agencyA, { intent: "respond", response: "Early" })).status).toBe(409);
    expect((await act(agencyA, { intent: "investigate", assigneeId: String(complianceId) })).status).toBe(403);
    expect(await act(compliance, { intent: "investigate", assigneeId: String(complianceId), note: "Please explain the 22:30 call." })).toMatchObject({ status: 200 });
    const investigating = await stored(ids.late);
    expect(investigating.status).toBe("INVESTIGATING");
    expect(investigating.responseDueOn).not.toBeNull();
    const asked = await getPrisma().notification.findMany({ where: { userId: agencyAUserId, kind: "COMPLAINT_ACCOUNT_REQUESTED" } });
    expect(asked.map((notification) => notification.link)).toEqual([`/complaints/${ids.late}`]);
    expect(await getPrisma().notification.count({ where: { userId: agencyBUserId, kind: "COMPLAINT_ACCOUNT_REQUESTED", link: `/complaints/${ids.late}` } })).toBe(0);

    // Another agency's user sees nothing of it.
    expect((await runRoute(complaintLoader, buildRequest(`/complaints/${ids.late}`, { cookie: await sessionCookieFor(agencyBUserId) }), params)).status).toBe(404);
    expect((await act(await sessionCookieFor(agencyBUserId), { intent: "respond", response: "Not ours" })).status).toBe(404);

    await addComplaintAttachment({ complaintId: ids.late, fileName: "call-log.pdf", bytes: new TextEncoder().encode("%PDF-1.4\nevidence") }, { role: "AGENCY", userId: agencyAUserId, agencyId: aId }, now);
    await expect(addComplaintAttachment({ complaintId: ids.late, fileName: "tool.pdf", bytes: new Uint8Array([0x4d, 0x5a, 0x90, 0x00]) }, { role: "AGENCY", userId: agencyAUserId, agencyId: aId }, now)).rejects.toMatchObject({ reason: "ATTACHMENT_TYPE" });
    expect(await act(agencyA, { intent: "respond", response: "The agent called back at the debtor's request." })).toMatchObject({ status: 200 });
    expect(await getPrisma().notification.count({ where: { userId: complianceId, kind: "COMPLAINT_RESPONDED" } })).toBe(1);

    expect((await act(compliance, { intent: "close", outcome: "UPHELD", rootCause: "NO_SUCH_CAUSE" })).status).toBe(400);
    expect(await act(compliance, { intent: "close", outcome: "UPHELD", rootCause: "AGENT_CONDUCT", note: "No callback request on file." })).toMatchObject({ status: 200 });
    expect(await stored(ids.late)).toMatchObject({ status: "CLOSED", outcome: "UPHELD", rootCause: "AGENT_CONDUCT" });

    const page = await runRoute(complaintLoader, buildRequest(`/complaints/${ids.late}`, { cookie: agencyA }), params);
    const { complaint } = page.body as { complaint: Awaited<ReturnType<typeof getComplaintDetail>> };
    expect(complaint.changes.map((change) => change.action)).toEqual(["corroborate", "investigate", "attach", "respond", "close"]);
    expect(complaint.attachments.map((file) => file.fileName)).toEqual(["call-log.pdf"]);
    expect(complaint.can).toEqual({ transitions: [], operations: [] });
  });

  test("an overdue agency account escalates once, on the day after it was due", async () => {
    await investigateComplaint({ complaintId: ids.harassment, assigneeId: complianceId }, { role: "COMPLIANCE", userId: complianceId, agencyId: null }, now);
    const due = (await stored(ids.harassment)).responseDueOn!.toISOString().slice(0, 10);
    expect(due).toBe("2026-04-05");
    expect((await runComplaintsSchedule(new Date("2026-04-05T12:00:00Z"))).escalated).not.toContain(ids.harassment);
    expect((await runComplaintsSchedule(new Date("2026-04-06T02:00:00Z"))).escalated).toContain(ids.harassment);
    expect((await runComplaintsSchedule(new Date("2026-04-07T02:00:00Z"))).escalated).not.toContain(ids.harassment);
    expect((await stored(ids.harassment)).escalatedAt).not.toBeNull();
    expect(await getPrisma().notification.count({ where: { userId: agencyAUserId, kind: "COMPLAINT_OVERDUE" } })).toBe(1);
  });

  test("refusals name their reason", async () => {
    await expect(investigateComplaint({ complaintId: ids.payment, assigneeId: agencyAUserId }, { role: "COMPLIANCE", userId: complianceId, agencyId: null }, now)).rejects.toMatchObject({ reason: "ASSIGNEE_NOT_OFFICER" });
    await expect(investigateComplaint({ complaintId: ids.payment, assigneeId: complianceId }, { role: "EXECUTIVE", userId: null, agencyId: null }, now)).rejects.toBeInstanceOf(ComplaintError);
    expect((await stored(ids.payment)).status).toBe("RECEIVED");
  });
});

describe("the automatic finding policy", () => {
  test("NO_MATCHING_LOG above N a month raises one draft per agency and month, with those complaints", async () => {
    const quiet = await createRuleTestCustomer({ accounts: [{ agencyId: bId, placedAt: "2026-02-01" }] });
    const first = await record(bId, quiet.accounts[0]!.accountNumber, "Wrong number", "Q1");
    const second = await record(bId, quiet.accounts[0]!.accountNumber, "Harassment", "Q2");
    expect([(await stored(first)).corroboration, (await stored(second)).corroboration]).toEqual(["NO_MATCHING_LOG", "NO_MATCHING_LOG"]);
    const policy = (perMonth: number) => ({ ...defaultFindingPolicy, clauses: [{ kind: "NO_MATCHING_LOG_ABOVE" as const, perMonth }] });
    const later = new Date("2026-04-10T02:00:00Z");
    expect((await runFindingPolicy({ month: "2026-03", now: later, policy: policy(2) })).raised.filter((row) => row.clause === "NO_MATCHING_LOG_ABOVE")).toEqual([]);
    const run = await runFindingPolicy({ month: "2026-03", now: later, policy: policy(1) });
    const raised = run.raised.filter((row) => row.clause === "NO_MATCHING_LOG_ABOVE");
    expect(raised).toHaveLength(1);
    const finding = await getPrisma().finding.findUniqueOrThrow({ where: { id: raised[0]!.findingId }, include: { complaints: true } });
    expect(finding).toMatchObject({ agencyId: bId, origin: "POLICY", status: "DRAFT" });
    expect(finding.complaints.map((link) => link.complaintId)).toEqual(expect.arrayContaining([first, second]));
    expect((await runFindingPolicy({ month: "2026-03", now: later, policy: policy(1) })).raised.filter((row) => row.clause === "NO_MATCHING_LOG_ABOVE")).toEqual([]);
  });
});
