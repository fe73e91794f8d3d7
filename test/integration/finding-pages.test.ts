import { beforeAll, expect, test } from "vitest";
import { createAgency, ensureUser } from "~/demo/factories.server";
import { createRuleTestCustomer, insertActivityEvents } from "~/demo/rule-factories.server";
import { refreshRollupsForAccounts } from "~/metrics/refresh-rollups.server";
import { evaluateRulesForAccounts } from "~/rules/evaluate-rules.server";
import { ensureDefaultRulePacks } from "~/rules/rule-packs.server";
import * as listPage from "~/routes/_app.findings._index";
import * as findingPage from "~/routes/_app.findings.$id";
import * as raiseRoute from "~/routes/findings.raise";
import * as listRows from "~/routes/findings.rows";
import { buildRequest, runRoute, sessionCookieFor } from "../support/route-harness";

// The findings pages' loaders and actions through their guards: compliance raises from a violations filter and
// issues; the agency answers with a plan; compliance decides. Agencies see only their own issued findings; a role
// not allowed gets 403 with the reason; a refused transition comes back with the domain's reason.
const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`.toUpperCase();
const code = `FPG${suffix}`;
let compliance: string;
let agency: string;
let otherAgency: string;
let executive: string;

const dayFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  await ensureDefaultRulePacks();
  const agencyId = await createAgency({ code, name: "Pages agency" });
  const otherAgencyId = await createAgency({ code: `FPO${suffix}`, name: "Pages other" });
  const customers = await Promise.all([1, 2].map(() => createRuleTestCustomer({ accounts: [{ agencyId, placedAt: "2026-02-01" }] })));
  const accountIds = customers.map((customer) => customer.accounts[0]!.accountId);
  await insertActivityEvents(customers.map((customer, index) => ({ agencyId, accountId: customer.accounts[0]!.accountId, occurredAt: `2026-03-1${index}T22:15:00+08:00` })));
  await evaluateRulesForAccounts({ accountIds });
  await refreshRollupsForAccounts(accountIds);
  const user = async (role: "COMPLIANCE" | "AGENCY" | "EXECUTIVE", name: string, agencyOf?: number) =>
    sessionCookieFor(await ensureUser({ email: `fpg-${name}-${suffix}@findings.test`.toLowerCase(), name, role, agencyId: agencyOf }));
  [compliance, agency, otherAgency, executive] = await Promise.all([user("COMPLIANCE", "compliance"), user("AGENCY", "agency", agencyId), user("AGENCY", "other", otherAgencyId), user("EXECUTIVE", "executive")]);
});

const post = (path: string, cookie: string, form: Record<string, string>) => buildRequest(path, { cookie, method: "POST", form });

test("raise from a filter, issue, answer with a plan, decide; scoped and refused with reasons", async () => {
  // Raising needs findings.manage and an agency in the filter.
  expect((await runRoute(raiseRoute.action, post("/findings/raise", agency, { agency: code }))).status).toBe(403);
  expect(await runRoute(raiseRoute.action, post("/findings/raise", compliance, { rule: "CONTACT_HOURS" }))).toMatchObject({ status: 400, body: { field: "agency" } });
  const raised = await runRoute(raiseRoute.action, post("/findings/raise", compliance, { agency: code, rule: "CONTACT_HOURS", from: "2026-03-01", to: "2026-03-31" }));
  expect(raised.status).toBe(302);
  const id = /^\/findings\/(\d+)$/.exec(raised.location ?? "")?.[1] ?? "";
  const path = `/findings/${id}`;
  const load = (cookie: string) => runRoute(findingPage.loader, buildRequest(path, { cookie }), { id });
  const act = (cookie: string, form: Record<string, string>) => runRoute(findingPage.action, post(path, cookie, form), { id });

  const draft = await load(compliance);
  expect(draft).toMatchObject({ status: 200, body: { finding: { status: "DRAFT", violationCount: 2, ruleCodes: ["CONTACT_HOURS"], can: { transitions: expect.arrayContaining(["issue", "close"]) } } } });
  // A draft is not the agency's yet: 404, like another agency's finding.
  expect((await load(agency)).status).toBe(404);
  expect((await act(agency, { intent: "issue" })).status).toBe(404);

  expect(await act(compliance, { intent: "issue", responseDueOn: dayFromToday(14) })).toMatchObject({ status: 200, body: { ok: true, status: "ISSUED" } });
  expect(await load(agency)).toMatchObject({ status: 200, body: { finding: { status: "ISSUED", can: { transitions: ["respond"] } } } });
  expect((await load(otherAgency)).status).toBe(404);
  expect((await load(executive)).status).toBe(200);
  expect((await act(executive, { intent: "close", note: "x" })).status).toBe(403);

  // Accepting without an action is refused with the field; a plan row is taken.
  expect(await act(agency, { intent: "respond", kind: "ACCEPTED", explanation: "We agree." })).toMatchObject({ status: 400, body: { ok: false, reason: "INVALID_INPUT" } });
  const answered = await act(agency, { intent: "respond", kind: "ACCEPTED", explanation: "We agree.", "actions.0.description": "Lock the dialler", "actions.0.owner": "Ops", "actions.0.dueOn": dayFromToday(20) });
  expect(answered).toMatchObject({ status: 200, body: { status: "RESPONDED" } });
  expect((await act(agency, { intent: "acceptPlan", responseId: "1" })).status).toBe(403);

  const responded = (await load(compliance)).body as { finding: { responses: { id: number; actions: { description: string }[] }[] } };
  const responseId = String(responded.finding.responses[0]!.id);
  expect(responded.finding.responses[0]!.actions.map((action) => action.description)).toEqual(["Lock the dialler"]);
  expect(await act(compliance, { intent: "rejectPlan", responseId })).toMatchObject({ body: { ok: false, reason: "NOTE_REQUIRED" } });
  expect(await act(compliance, { intent: "acceptPlan", responseId })).toMatchObject({ status: 200, body: { status: "PLAN_ACCEPTED" } });
  expect((await load(agency)).body).toMatchObject({ finding: { plan: [{ description: "Lock the dialler", status: "OPEN" }], can: { operations: expect.arrayContaining(["markActionDone"]) } } });

  // The list's rows: the agency's inbox holds only its own; compliance filters by agency and status.
  const rows = async (query: string, cookie: string) => (JSON.parse(String((await runRoute(listRows.loader, buildRequest(`/findings/rows?startRow=0&endRow=100${query}`, { cookie }))).body)) as { rows: { id: number; agencyCode: string }[] }).rows;
  expect(((await runRoute(listPage.loader, buildRequest("/findings", { cookie: agency }))).body as { isAgency: boolean }).isAgency).toBe(true);
  expect((await rows("", agency)).map((row) => row.agencyCode)).toEqual([code]);
  expect(await rows("", otherAgency)).toEqual([]);
  expect((await rows(`&agency=${code}&status=PLAN_ACCEPTED`, compliance)).map((row) => String(row.id))).toEqual([id]);
  expect(await rows(`&agency=${code}&status=CLOSED`, compliance)).toEqual([]);
});

test("the draft is edited with a logged change; contests are sent and decided on the page; evidence is paged; refusals carry a message key", async () => {
  const raised = await runRoute(raiseRoute.action, post("/findings/raise", compliance, { agency: code, rule: "CONTACT_HOURS", from: "2026-03-01", to: "2026-03-31" }));
  const id = /^\/findings\/(\d+)$/.exec(raised.location ?? "")?.[1] ?? "";
  const path = `/findings/${id}`;
  const load = (cookie: string, query = "") => runRoute(findingPage.loader, buildRequest(`${path}${query}`, { cookie }), { id });
  const act = (cookie: string, form: Record<string, string>) => runRoute(findingPage.action, post(path, cookie, form), { id });
  type Loaded = { finding: { title: string; severity: string; responseDueOn: string | null; events: { action: string; detail: unknown }[]; contests: { id: number; violationId: string; status: string }[] }; evidence: { rows: { violationId: string; statusNow: string | null; contest: { status: string } | null }[]; total: number; page: number; pageSize: number } };

  // A due day not after today is refused with the field and a message key the page translates.
  expect(await act(compliance, { intent: "edit", title: "Late calls", description: "", severity: "HIGH", responseDueOn: dayFromToday(0) })).toMatchObject({
    status: 400,
    body: { reason: "INVALID_INPUT", field: "responseDueOn", messageKey: "findings.refusal.dueAfterToday", messageParams: { today: expect.any(String) } },
  });
  expect(await act(compliance, { intent: "edit", title: "", description: "", severity: "HIGH" })).toMatchObject({ status: 400, body: { field: "title", messageKey: "validation.required" } });
  expect(await act(compliance, { intent: "edit", title: "Late calls", description: "From the dialler", severity: "URGENT" })).toMatchObject({ status: 400, body: { field: "severity", messageKey: "validation.invalidChoice" } });
  expect((await act(executive, { intent: "edit", title: "x", description: "", severity: "LOW" })).status).toBe(403);
  const due = dayFromToday(21);
  expect(await act(compliance, { intent: "edit", title: "Late calls", description: "From the dialler", severity: "HIGH", responseDueOn: due })).toMatchObject({ status: 200, body: { ok: true, intent: "edit", status: "DRAFT" } });
  const edited = (await load(compliance)).body as Loaded;
  expect(edited.finding).toMatchObject({ title: "Late calls", severity: "HIGH", responseDueOn: due });
  const editEvent = edited.finding.events.find((event) => event.action === "edit");
  expect(editEvent?.detail).toMatchObject({ changes: { title: { to: "Late calls" }, description: { from: "", to: "From the dialler" }, severity: { to: "HIGH" }, responseDueOn: { from: null, to: due } } });
  // Saving the same values again changes nothing and logs nothing.
  await act(compliance, { intent: "edit", title: "Late calls", description: "From the dialler", severity: "HIGH", responseDueOn: due });
  expect(((await load(compliance)).body as Loaded).finding.events.filter((event) => event.action === "edit")).toHaveLength(1);

  // Issued without a day: the draft's own due day. An issued finding is no longer edited.
  expect(await act(compliance, { intent: "issue" })).toMatchObject({ body: { status: "ISSUED" } });
  expect(((await load(compliance)).body as Loaded).finding.responseDueOn).toBe(due);
  expect(await act(compliance, { intent: "edit", title: "Changed after issue", description: "", severity: "LOW" })).toMatchObject({ status: 409, body: { reason: "STATUS_NOT_ALLOWED" } });

  // Evidence: a page of at most 50, a page past the end shows the last one.
  const issued = (await load(agency, "?evidence=9")).body as Loaded;
  expect(issued.evidence).toMatchObject({ total: 2, page: 1, pageSize: 50 });
  const [first, second] = issued.evidence.rows.map((row) => row.violationId);

  // Contests from the page: OTHER needs a note; compliance may not contest; the agency may not decide.
  expect(await act(agency, { intent: "contest", violationId: first!, reason: "OTHER" })).toMatchObject({ status: 400, body: { reason: "NOTE_REQUIRED", field: "note" } });
  expect((await act(compliance, { intent: "contest", violationId: first!, reason: "WRONG_DATA" })).status).toBe(403);
  expect(await act(agency, { intent: "contest", violationId: first!, reason: "CONSENT_ON_FILE", note: "Consent signed" })).toMatchObject({ status: 200, body: { intent: "contest", status: "ISSUED" } });
  expect(await act(agency, { intent: "contest", violationId: first!, reason: "WRONG_DATA" })).toMatchObject({ status: 409, body: { reason: "CONTEST_PENDING" } });
  expect((await act(agency, { intent: "contest", violationId: second!, reason: "NOT_OUR_CONTACT", note: "Not our customer: the number 13812345678 belongs to someone else" })).status).toBe(200);
  const contested = ((await load(compliance)).body as Loaded).finding.contests;
  expect(contested.map((contest) => [contest.violationId, contest.status])).toEqual([[first, "PENDING"], [second, "PENDING"]]);
  expect((await act(agency, { intent: "upholdContest", contestId: String(contested[0]!.id), note: "mine" })).status).toBe(403);
  expect(await act(compliance, { intent: "upholdContest", contestId: String(contested[0]!.id) })).toMatchObject({ status: 400, body: { reason: "NOTE_REQUIRED" } });
  expect((await act(compliance, { intent: "upholdContest", contestId: String(contested[0]!.id), note: "Consent on file checked" })).status).toBe(200);
  expect((await act(compliance, { intent: "rejectContest", contestId: String(contested[1]!.id), note: "It was our call" })).status).toBe(200);
  expect(await act(compliance, { intent: "rejectContest", contestId: String(contested[1]!.id), note: "again" })).toMatchObject({ status: 409, body: { reason: "NOT_OPEN" } });
  // The notes are free text: shown as written to compliance, masked for roles without personal-data rights.
  const noteFor = async (cookie: string) => ((await load(cookie)).body as { finding: { contests: { note: string }[] } }).finding.contests[1]!.note;
  expect(await noteFor(compliance)).toContain("13812345678");
  expect(await noteFor(executive)).not.toContain("13812345678");
  expect(await noteFor(agency)).not.toContain("13812345678");
  const decided = (await load(agency)).body as Loaded;
  expect(decided.finding.contests.map((contest) => contest.status)).toEqual(["UPHELD", "REJECTED"]);
  expect(decided.evidence.rows.map((row) => [row.statusNow, row.contest?.status])).toEqual([
    ["DISMISSED", "UPHELD"],
    ["OPEN", "REJECTED"],
  ]);
});
