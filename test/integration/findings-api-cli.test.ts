import { beforeAll, describe, expect, test } from "vitest";
import { createApiToken } from "~/api-tokens/api-tokens.server";
import { createAgency, ensureUser } from "~/demo/factories.server";
import { createRuleTestCustomer, insertActivityEvents } from "~/demo/rule-factories.server";
import { findingApiError } from "~/findings/finding-api.server";
import { getFinding } from "~/findings/finding-queries.server";
import { actorFromUser, decidePlan, issueFinding, raiseFindingByRules } from "~/findings/findings.server";
import { FindingError, type FindingActorRef } from "~/findings/finding-types";
import { refreshRollupsForAccounts } from "~/metrics/refresh-rollups.server";
import { evaluateRulesForAccounts } from "~/rules/evaluate-rules.server";
import { ensureDefaultRulePacks } from "~/rules/rule-packs.server";
import * as findingsApi from "~/routes/api.v1.findings";
import * as responseApi from "~/routes/api.v1.findings.$id.response";
import { oversight } from "../support/oversight-cli";

const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 4)}`.toUpperCase();
const codeA = `FAA${suffix}`;
const codeB = `FAB${suffix}`;
let agencyA: number;
let tokenA: string;
let tokenB: string;
let uploadOnly: string;
let compliance: FindingActorRef;
let findingId: number;

beforeAll(async () => {
  await ensureDefaultRulePacks();
  agencyA = await createAgency({ code: codeA, name: "API findings A" });
  const agencyB = await createAgency({ code: codeB, name: "API findings B" });
  const customers = await Promise.all([1, 2].map(() => createRuleTestCustomer({ accounts: [{ agencyId: agencyA, placedAt: "2026-01-01" }] })));
  await insertActivityEvents(customers.map((customer, index) => ({ agencyId: agencyA, accountId: customer.accounts[0]!.accountId, occurredAt: `2026-02-0${index + 3}T22:05:00+08:00`, agentExternalId: "AG7" })));
  const accountIds = customers.map((customer) => customer.accounts[0]!.accountId);
  await evaluateRulesForAccounts({ accountIds });
  await refreshRollupsForAccounts(accountIds);
  const complianceId = await ensureUser({ email: `faa-compliance-${suffix}@findings.test`, name: "API Compliance", role: "COMPLIANCE" });
  compliance = actorFromUser({ id: complianceId, role: "COMPLIANCE", agencyId: null });
  tokenA = (await createApiToken({ agencyId: agencyA, name: "findings", createdById: null, scopes: ["FINDINGS"] })).token;
  tokenB = (await createApiToken({ agencyId: agencyB, name: "findings", createdById: null, scopes: ["FINDINGS"] })).token;
  uploadOnly = (await createApiToken({ agencyId: agencyA, name: "upload", createdById: null })).token;
  findingId = (await raiseFindingByRules({ agencyId: agencyA, ruleCodes: ["CONTACT_HOURS"], from: "2026-02-01", to: "2026-02-28" }, compliance, new Date())).findingId;
});

function apiRequest(pathAndQuery: string, token: string, body?: unknown, contentType = "application/json"): Request {
  const headers = new Headers({ authorization: `Bearer ${token}` });
  if (body !== undefined) headers.set("content-type", contentType);
  return new Request(`http://test.local${pathAndQuery}`, { method: body === undefined ? "GET" : "POST", headers, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
}

type Answer = { status: number; json: Record<string, unknown> & { error?: { code: string; message: string; reason?: string; field?: string } } };

async function call(fn: (args: never) => Promise<Response>, request: Request, params: Record<string, string> = {}): Promise<Answer> {
  const response = await fn({ request, params, context: {} } as never);
  return { status: response.status, json: (await response.json()) as Answer["json"] };
}

const plan = { kind: "ACCEPTED", explanation: "We moved the dialler's window.", actions: [{ description: "Dialler window 08:00–21:00", owner: "IT", dueOn: "2099-01-31" }] };

describe("GET /api/v1/findings and POST /api/v1/findings/:id/response", () => {
  test("an agency's token lists its issued findings only and answers them; other agencies get 404", async () => {
    // A draft is not the agency's yet.
    expect(((await call(findingsApi.loader, apiRequest("/api/v1/findings", tokenA))).json.findings as unknown[]).length).toBe(0);
    await issueFinding({ findingId }, compliance, new Date());
    const listed = await call(findingsApi.loader, apiRequest("/api/v1/findings?status=issued", tokenA));
    expect(listed.status).toBe(200);
    expect(listed.json).toMatchObject({ agencyCode: codeA, total: 1, findings: [{ id: findingId, status: "ISSUED", ruleCodes: ["CONTACT_HOURS"], violationCount: 2, agentId: null, responseUrl: `/api/v1/findings/${findingId}/response` }] });
    expect(((await call(findingsApi.loader, apiRequest("/api/v1/findings", tokenB))).json.findings as unknown[]).map((row) => (row as { id: number }).id)).not.toContain(findingId);
    const wrongScope = await call(findingsApi.loader, apiRequest("/api/v1/findings", uploadOnly));
    expect(wrongScope).toMatchObject({ status: 403, json: { error: { code: "INSUFFICIENT_SCOPE" } } });
    expect((await call(findingsApi.loader, apiRequest("/api/v1/findings?status=NOPE", tokenA))).status).toBe(400);

    const params = { id: String(findingId) };
    expect(await call(responseApi.action, apiRequest(`/api/v1/findings/${findingId}/response`, tokenB, plan), params)).toMatchObject({ status: 404, json: { error: { code: "NOT_FOUND" } } });
    expect((await call(responseApi.action, apiRequest(`/api/v1/findings/${findingId}/response`, tokenA, "{not json"), params)).status).toBe(400);
    expect((await call(responseApi.action, apiRequest(`/api/v1/findings/${findingId}/response`, tokenA, "kind=ACCEPTED", "application/x-www-form-urlencoded"), params)).status).toBe(415);
    const noPlan = await call(responseApi.action, apiRequest(`/api/v1/findings/${findingId}/response`, tokenA, { kind: "ACCEPTED", explanation: "ok" }), params);
    expect(noPlan).toMatchObject({ status: 400, json: { error: { code: "INVALID_REQUEST", field: "actions" } } });
    const answered = await call(responseApi.action, apiRequest(`/api/v1/findings/${findingId}/response`, tokenA, plan), params);
    expect(answered).toMatchObject({ status: 201, json: { findingId, status: "RESPONDED", late: false } });
    const detail = await getFinding(compliance, findingId, new Date());
    expect(detail.responses[0]).toMatchObject({ viaApi: true, explanation: plan.explanation });

    await decidePlan({ findingId, responseId: answered.json.responseId as number, decision: "ACCEPT" }, compliance, new Date());
    const again = await call(responseApi.action, apiRequest(`/api/v1/findings/${findingId}/response`, tokenA, plan), params);
    expect(again).toMatchObject({ status: 409, json: { error: { code: "CONFLICT", reason: "STATUS_NOT_ALLOWED" } } });
  });

  test("a refusal for the role answers 403 with the reason", async () => {
    const response = findingApiError(new FindingError("FORBIDDEN", "ROLE_NOT_ALLOWED", "The role AGENCY may not issue a finding."));
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: { code: "FORBIDDEN", message: "The role AGENCY may not issue a finding.", reason: "ROLE_NOT_ALLOWED" } });
  });
});


describe("npm run oversight -- findings", () => {
  test("raise prints the finding's id and its violations; the list prints one record per finding", { timeout: 240_000 }, async () => {
    const raised = await oversight(["findings", "raise", "--agency", codeA, "--rule", "CONTACT_HOURS", "--from", "2026-02-01", "--to", "2026-02-28", "--agent", "AG7", "--due", "2099-02-15"]);
    expect(raised.code, raised.stderr).toBe(0);
    // The same period again is not a repeat (that needs an earlier period): the line says nothing of one.
    const match = /^Finding (\d+) \(ISSUED\) covers 2 violations; response due 2099-02-15\.$/m.exec(raised.stdout);
    expect(match, raised.stdout).not.toBeNull();
    const newId = Number(match?.[1]);
    const listed = await oversight(["findings", "--agency", codeA, "--format", "json"]);
    expect(listed.code).toBe(0);
    const records = listed.stdout.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.map((record) => record.id)).toEqual([newId, findingId]);
    expect(records[0]).toMatchObject({ agency: codeA, agent: "AG7", ruleCodes: ["CONTACT_HOURS"], status: "ISSUED", violationCount: 2, periodFrom: "2026-02-01", periodTo: "2026-02-28", responseDueOn: "2099-02-15", repeatOf: null });
    const refused = await oversight(["findings", "raise", "--agency", codeA, "--rule", "VISIT_RULES", "--from", "2026-02-01", "--to", "2026-02-28"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("No violations or complaints match");
  });
});
