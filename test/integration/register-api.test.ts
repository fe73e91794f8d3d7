import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createApiToken } from "~/api-tokens/api-tokens.server";
import { addAgencyDocument, registerToday, saveAgencyLicence, saveAgencyProfile, setAgencyStatus, type RegisterActor } from "~/agency-register/register.server";
import { addDays } from "~/metrics/metric-filters";
import { onePagePdf } from "~/demo/demo-register.server";
import { createAgency, ensureUser } from "~/demo/factories.server";
import { createEvaluation, signEvaluation, updateEvaluation, type EvaluationViewer } from "~/evaluations/evaluations.server";
import { stopQueue } from "~/jobs/queue.server";
import * as approvedApi from "~/routes/api.v1.approved-agencies";
import * as evaluationsApi from "~/routes/api.v1.evaluations";
import * as registerApi from "~/routes/api.v1.register";

// The register's read endpoints (docs/API.md): REGISTER scope, always the token's own agency.
const suffix = Date.now().toString(36).toUpperCase();
const codes = { a: `RGA${suffix}`, b: `RGB${suffix}` };
let tokens: { a: string; b: string; noScope: string };
let signedId: number;
const now = new Date();
// The register judges expiries on the lender's day, which may differ from UTC's.
let today: string;
const inDays = (days: number) => addDays(today, days);

beforeAll(async () => {
  today = await registerToday(now);
  const a = await createAgency({ code: codes.a, name: "Register API A" });
  const b = await createAgency({ code: codes.b, name: "Register API B" });
  const vendorId = await ensureUser({ email: `vendor-${suffix.toLowerCase()}@register-api.test`, name: "Register API vendor", role: "VENDOR_MANAGER" });
  const complianceId = await ensureUser({ email: `compliance-${suffix.toLowerCase()}@register-api.test`, name: "Register API compliance", role: "COMPLIANCE" });
  const actor: RegisterActor = { userId: vendorId, role: "VENDOR_MANAGER", agencyId: null };
  await saveAgencyProfile(a, { legalName: "A Ltd", registrationNumber: "REG-A", contractStart: "2025-01-01", contractEnd: inDays(300), renewalNoticeDays: 60 }, actor);
  await saveAgencyLicence(a, { number: `LIC-${suffix}`, issuer: "Regulator", scope: "collection", validFrom: "2025-01-01", validTo: inDays(20) }, actor);
  await addAgencyDocument({ agencyId: a, fileName: "insurance.pdf", bytes: onePagePdf("A"), type: "INSURANCE", validFrom: "2025-01-01", expiresOn: inDays(-3) }, actor, now);
  await addAgencyDocument({ agencyId: b, fileName: "b-contract.pdf", bytes: onePagePdf("B"), type: "CONTRACT" }, actor, now);
  await setAgencyStatus(a, { status: "PROBATION", reason: "complaints up" }, actor, now);

  const vendor: EvaluationViewer = { id: vendorId, role: "VENDOR_MANAGER", agencyId: null };
  const compliance: EvaluationViewer = { id: complianceId, role: "COMPLIANCE", agencyId: null };
  const section = { score: 3, comment: "" };
  signedId = await createEvaluation({ agencyId: a, from: "2025-12-01", to: "2026-11-30" }, vendor, now);
  const edit = {
    sections: { performance: section, compliance: section, infosec: { ...section, answers: {} }, operations: { ...section, answers: {} } },
    overallRating: 3,
    decision: "RENEW",
    conditions: [],
    lenderNotes: "internal only",
    notesShared: false,
  };
  await updateEvaluation(signedId, edit, 0, vendor, now);
  await signEvaluation(signedId, 1, vendor, now);
  await signEvaluation(signedId, 2, compliance, now);
  // A draft stays the lender's own.
  await createEvaluation({ agencyId: a, from: "2026-06-01", to: "2026-11-30" }, vendor, now);

  tokens = {
    a: (await createApiToken({ agencyId: a, name: "register", createdById: vendorId, scopes: ["REGISTER"] })).token,
    b: (await createApiToken({ agencyId: b, name: "register", createdById: vendorId, scopes: ["REGISTER"] })).token,
    noScope: (await createApiToken({ agencyId: a, name: "upload only", createdById: vendorId })).token,
  };
});

afterAll(async () => {
  await stopQueue();
});

async function get(loader: (args: LoaderFunctionArgs) => Promise<Response>, path: string, token: string) {
  const response = await loader({ request: new Request(`http://test.local${path}`, { headers: { authorization: `Bearer ${token}` } }), params: {}, context: {} });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> & { error?: { code: string } } };
}

test("GET /api/v1/register: the token's agency's profile, status, licences and documents with their expiry", async () => {
  const { status, json } = await get(registerApi.loader, "/api/v1/register", tokens.a);
  expect(status).toBe(200);
  expect(json).toMatchObject({
    agencyCode: codes.a,
    today,
    agency: { code: codes.a, status: "PROBATION", contractEnd: inDays(300) },
    profile: { legalName: "A Ltd", registrationNumber: "REG-A", renewalNoticeDays: 60 },
    licences: [{ number: `LIC-${suffix}`, validTo: inDays(20), valid: true, daysLeft: 20 }],
    documents: [{ type: "INSURANCE", version: 1, current: true, expiresOn: inDays(-3), valid: false, daysLeft: -3 }],
    statusHistory: [{ fromStatus: "APPROVED", toStatus: "PROBATION", reason: "complaints up" }],
  });
  // No lender staff names in the answer.
  expect(JSON.stringify(json)).not.toContain("Register API vendor");
  const other = await get(registerApi.loader, "/api/v1/register", tokens.b);
  expect(other.json).toMatchObject({ agencyCode: codes.b, documents: [{ type: "CONTRACT", expiresOn: null, valid: true }] });
});

test("GET /api/v1/approved-agencies: an agency's token reads its own row only", async () => {
  const { status, json } = await get(approvedApi.loader, "/api/v1/approved-agencies", tokens.a);
  expect(status).toBe(200);
  expect(json.agencies).toEqual([
    expect.objectContaining({ code: codes.a, status: "PROBATION", licences: [{ number: `LIC-${suffix}`, issuer: "Regulator", validTo: inDays(20), daysLeft: 20 }], rating: "3/5", lastEvaluatedOn: now.toISOString().slice(0, 10) }),
  ]);
});

test("GET /api/v1/evaluations: signed evaluations only, the lender's notes hidden unless shared; another agency sees none", async () => {
  const { status, json } = await get(evaluationsApi.loader, "/api/v1/evaluations", tokens.a);
  expect(status).toBe(200);
  expect(json.evaluations).toEqual([expect.objectContaining({ id: signedId, status: "SIGNED", decision: "RENEW", overallRating: 3, sharedNotes: null, workbookSha256: expect.stringMatching(/^[0-9a-f]{64}$/) as string })]);
  expect(JSON.stringify(json)).not.toContain("internal only");
  expect((await get(evaluationsApi.loader, "/api/v1/evaluations", tokens.b)).json.evaluations).toEqual([]);
});

test("a token without the REGISTER scope is refused on every register endpoint", async () => {
  for (const [loader, path] of [[registerApi.loader, "/api/v1/register"], [approvedApi.loader, "/api/v1/approved-agencies"], [evaluationsApi.loader, "/api/v1/evaluations"]] as const) {
    const { status, json } = await get(loader, path, tokens.noScope);
    expect(status).toBe(403);
    expect(json.error?.code).toBe("INSUFFICIENT_SCOPE");
  }
});
