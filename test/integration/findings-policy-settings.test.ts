import { afterAll, beforeAll, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { ensureUser } from "~/demo/factories.server";
import { defaultFindingPolicy } from "~/findings/finding-policy";
import { getFindingPolicy } from "~/findings/finding-policy.server";
import * as policyPage from "~/routes/_app.settings.findings-policy";
import { buildRequest, runRoute, sessionCookieFor } from "../support/route-harness";

// Settings → Findings policy. Other files read the policy's deadlines while this one runs, so every save here keeps
// the default deadlines and changes only the automatic clauses; the row is removed afterwards.
const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
let complianceCookie: string;
let executiveCookie: string;

beforeAll(async () => {
  complianceCookie = await sessionCookieFor(await ensureUser({ email: `fps-compliance-${suffix}@findings.test`, name: "Policy Compliance", role: "COMPLIANCE" }));
  executiveCookie = await sessionCookieFor(await ensureUser({ email: `fps-exec-${suffix}@findings.test`, name: "Policy Executive", role: "EXECUTIVE" }));
});

afterAll(async () => {
  await getPrisma().setting.deleteMany({ where: { key: "findings.policy" } });
});

const deadlines = { responseDays: "14", dueSoonDays: "3", verificationWindowDays: "30", minImprovementPercent: "0", minOutboundContacts: "500" };

test("compliance reads and saves the policy; other roles get 403; invalid values save nothing", async () => {
  const shown = await runRoute(policyPage.loader, buildRequest("/settings/findings-policy", { cookie: complianceCookie }));
  expect(shown.status).toBe(200);
  expect((shown.body as { values: { rateThresholds: Record<string, string> } }).values.rateThresholds.CONTACT_HOURS).toBe("5");
  expect((await runRoute(policyPage.loader, buildRequest("/settings/findings-policy", { cookie: executiveCookie }))).status).toBe(403);
  expect((await runRoute(policyPage.action, buildRequest("/settings/findings-policy", { cookie: executiveCookie, form: deadlines }))).status).toBe(403);

  const saved = await runRoute(policyPage.action, buildRequest("/settings/findings-policy", { cookie: complianceCookie, form: { ...deadlines, "rate.CALL_FREQUENCY_7IN7": "2.5", high: "ABUSIVE_LANGUAGE" } }));
  expect(saved).toMatchObject({ status: 200, body: { status: "saved" } });
  expect(await getFindingPolicy()).toEqual({
    ...defaultFindingPolicy,
    clauses: [
      { kind: "RATE_ABOVE", ruleCode: "CALL_FREQUENCY_7IN7", per1000Contacts: 2.5, minOutboundContacts: 500 },
      { kind: "ANY_HIGH", ruleCodes: ["ABUSIVE_LANGUAGE"] },
    ],
  });
  const stored = await getPrisma().setting.findUniqueOrThrow({ where: { key: "findings.policy" } });
  expect(stored.updatedById).not.toBeNull();

  const refused = await runRoute(policyPage.action, buildRequest("/settings/findings-policy", { cookie: complianceCookie, form: { ...deadlines, verificationWindowDays: "2", "rate.CONTACT_HOURS": "-4" } }));
  expect(refused).toMatchObject({ status: 400, body: { status: "error", fields: expect.arrayContaining(["verificationWindowDays", "clauses"]) } });
  expect((await getFindingPolicy()).clauses).toHaveLength(2);
});
