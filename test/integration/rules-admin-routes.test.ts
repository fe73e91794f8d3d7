import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { clientAddressHeader } from "~/auth/session.server";
import { getPrisma } from "~/db/client.server";
import { createAgency, ensureUser } from "~/demo/factories.server";
import { createRuleTestCustomer, insertActivityEvents } from "~/demo/rule-factories.server";
import type { Role } from "~/generated/prisma/enums";
import { chinaPack } from "~/rules/rule-pack";
import { fieldsOf } from "~/rules/rule-pack-form";
import { RULE_CODES } from "~/rules/rule-pack";
import { startRuleEvaluationWorkers, waitForRuleEvaluationRun, type RuleEvaluationRunSummary } from "~/rules/rule-evaluation-runs.server";
import { assignRulePack, createRulePackDraft, ensureDefaultRulePacks, listRulePackVersions, publishRulePack } from "~/rules/rule-packs.server";
import type { WhatIfResult } from "~/rules/what-if.server";
import * as draftRoute from "~/routes/_app.rules.$code.draft";
import * as historyRoute from "~/routes/_app.rules.$code._index";
import * as rulesRoute from "~/routes/_app.rules._index";
import * as runRoute from "~/routes/rules.runs.$runId";
import * as agenciesRoute from "~/routes/_app.settings.agencies";
import { buildRequest, runRoute as run, sessionCookieFor } from "../support/route-harness";
import { useOwnDatabase } from "../support/own-database";

// Publishing and assigning request full re-evaluations, which judge every customer: a database of its own.

let restoreDatabase: () => Promise<void>;
const cookies = {} as Record<Role, string>;
const family = "whatif";
let agencyCodes: [string, string];

beforeAll(async () => {
  restoreDatabase = await useOwnDatabase("rules_routes");
  await ensureDefaultRulePacks();
  const x = await createAgency({ code: "RTX", name: "Agency X" });
  const y = await createAgency({ code: "RTY", name: "Agency Y" });
  agencyCodes = ["RTX", "RTY"];
  for (const role of ["ADMIN", "VENDOR_MANAGER", "COMPLIANCE", "EXECUTIVE", "AGENCY"] as const) {
    const id = await ensureUser({ email: `${role.toLowerCase()}@routes.test`, name: role === "COMPLIANCE" ? "陈合规" : role, role, agencyId: role === "AGENCY" ? x : null });
    cookies[role] = await sessionCookieFor(id);
  }
  // A family of its own, judging both agencies: three connected calls on one Shanghai day, taking turns.
  const v1 = await createRulePackDraft({ code: family, parameters: chinaPack, changeNote: "Copy of cn", userId: null, name: "What-if family" });
  await publishRulePack(v1.id, null);
  await assignRulePack("RTX", family);
  await assignRulePack("RTY", family);
  const customer = await createRuleTestCustomer({ accounts: [{ agencyId: x }, { agencyId: y }] });
  await insertActivityEvents(
    [0, 1, 2].map((index) => ({
      agencyId: index % 2 === 0 ? x : y,
      accountId: customer.accounts[index % 2]!.accountId,
      occurredAt: `2026-04-14T${String(9 + index).padStart(2, "0")}:00:00+08:00`,
      outcome: "CONNECTED" as const,
    })),
  );
});

afterAll(async () => {
  await restoreDatabase();
});

/** The editor's form for parameters, as a browser posts it (repeated names for lists), plus extra fields. */
function editorForm(parameters: Record<string, Record<string, unknown>>, extra: Record<string, string>, override: Record<string, string> = {}): URLSearchParams {
  const form = new URLSearchParams();
  for (const code of RULE_CODES) {
    const rule = parameters[code];
    if (!rule) continue;
    if (rule.enabled) form.append(`${code}.enabled`, "on");
    form.append(`${code}.severity`, String(rule.severity));
    for (const [key, kind] of fieldsOf(code)) {
      const name = `${code}.${key}`;
      const value = rule[key];
      if (name in override) form.append(name, override[name]!);
      else if (kind.type === "boolean") {
        if (value) form.append(name, "on");
      } else if (kind.type === "checkboxes") {
        if (value === null) form.append(`${name}.any`, "on");
        else for (const item of value as string[]) form.append(name, item);
      } else if (kind.type === "lines") form.append(name, (value as string[]).join("\n"));
      else if (kind.type === "smsRequirements") {
        (value as { label: string; patterns: string[] }[]).forEach((requirement, index) => {
          form.append(`${name}.${index}.label`, requirement.label);
          form.append(`${name}.${index}.patterns`, requirement.patterns.join("\n"));
        });
      } else form.append(name, String(value));
    }
  }
  for (const [key, value] of Object.entries(extra)) form.append(key, value);
  return form;
}

function post(path: string, role: Role, body: URLSearchParams): Request {
  return new Request(`http://test.local${path}`, { method: "POST", body, headers: { cookie: cookies[role], [clientAddressHeader]: "127.0.0.1" } });
}

const pack = chinaPack as unknown as Record<string, Record<string, unknown>>;

describe("who may see and change rule packs", () => {
  test.each([
    ["ADMIN", 200, 200],
    ["COMPLIANCE", 200, 200],
    ["VENDOR_MANAGER", 200, 403],
    ["EXECUTIVE", 403, 403],
    ["AGENCY", 403, 403],
  ] as const)("%s: /rules %i, the draft editor %i", async (role, view, edit) => {
    expect((await run(rulesRoute.loader, buildRequest("/rules", { cookie: cookies[role] }))).status).toBe(view);
    expect((await run(historyRoute.loader, buildRequest("/rules/cn", { cookie: cookies[role] }), { code: "cn" })).status).toBe(view);
    expect((await run(draftRoute.loader, buildRequest(`/rules/${family}/draft`, { cookie: cookies[role] }), { code: family })).status).toBe(edit);
    const assign = await run(rulesRoute.action, buildRequest("/rules", { cookie: cookies[role], form: { intent: "assignPack", agencyCode: "RTX", packCode: family } }));
    expect(assign.status).toBe(edit === 200 ? 200 : 403);
    // Allowed roles would really publish: only the refusals are exercised here.
    if (edit !== 200) expect((await run(draftRoute.action, post(`/rules/${family}/draft`, role, editorForm(pack, { intent: "publish", changeNote: "x" })), { code: family })).status).toBe(403);
  });

  test("no session: redirect to sign in; an unknown family: 404", async () => {
    expect(await run(rulesRoute.loader, buildRequest("/rules"))).toMatchObject({ status: 302, location: expect.stringContaining("/login") });
    expect((await run(historyRoute.loader, buildRequest("/rules/nope", { cookie: cookies.ADMIN }), { code: "nope" })).status).toBe(404);
    expect((await run(draftRoute.loader, buildRequest("/rules/Bad!/draft", { cookie: cookies.ADMIN }), { code: "Bad!" })).status).toBe(404);
  });
});

describe("the draft editor", () => {
  test("invalid values come back per field with message keys, and nothing is saved", async () => {
    const before = await listRulePackVersions(family);
    const result = await run(
      draftRoute.action,
      post(`/rules/${family}/draft`, "COMPLIANCE", editorForm(pack, { intent: "save", changeNote: "" }, { "DAILY_CONNECTED_CALLS.maxPerDay": "0", "ABUSIVE_LANGUAGE.lexicon": "坐牢\n老赖\n坐牢", "CONTACT_HOURS.end": "25:00" })),
      { code: family },
    );
    expect(result.status).toBe(400);
    expect((result.body as { errors: unknown }).errors).toEqual({
      "DAILY_CONNECTED_CALLS.maxPerDay": { key: "rulePacks.validation.atLeast", params: { minimum: 1 } },
      "ABUSIVE_LANGUAGE.lexicon": { key: "rulePacks.validation.duplicates" },
      "CONTACT_HOURS.end": { key: "rulePacks.validation.time" },
    });
    expect(await listRulePackVersions(family)).toEqual(before);
  });

  test("saving keeps one working draft, edited in place, with Chinese terms intact", async () => {
    const lexicon = [...chinaPack.ABUSIVE_LANGUAGE.lexicon, "欠债不还就去坐牢"].join("\n");
    const first = await run(draftRoute.action, post(`/rules/${family}/draft`, "COMPLIANCE", editorForm(pack, { intent: "save", changeNote: "" }, { "ABUSIVE_LANGUAGE.lexicon": lexicon })), { code: family });
    expect(first).toMatchObject({ status: 200, body: { intent: "save", ok: true, version: 2 } });
    const second = await run(draftRoute.action, post(`/rules/${family}/draft`, "COMPLIANCE", editorForm(pack, { intent: "save", changeNote: "加一个词" }, { "ABUSIVE_LANGUAGE.lexicon": lexicon })), { code: family });
    expect(second.body).toMatchObject({ version: 2 });
    const versions = await listRulePackVersions(family);
    expect(versions.map((version) => [version.version, version.status, version.changeNote, version.createdByName])).toEqual([
      [2, "DRAFT", "加一个词", "陈合规"],
      [1, "PUBLISHED", "Copy of cn", null],
    ]);
    expect((versions[0]!.parameters as typeof chinaPack).ABUSIVE_LANGUAGE.lexicon).toContain("欠债不还就去坐牢");
    const loaded = await run(draftRoute.loader, buildRequest(`/rules/${family}/draft`, { cookie: cookies.COMPLIANCE }), { code: family });
    expect(loaded.body).toMatchObject({ draftVersion: 2, publishedVersion: 1, draftNote: "加一个词" });

    // The history compares the draft with the version in force.
    const history = await run(historyRoute.loader, buildRequest(`/rules/${family}`, { cookie: cookies.VENDOR_MANAGER }), { code: family });
    expect((history.body as { compare: unknown }).compare).toEqual({
      from: 1,
      to: 2,
      changes: [{ ruleCode: "ABUSIVE_LANGUAGE", parameter: "lexicon", before: chinaPack.ABUSIVE_LANGUAGE.lexicon, after: [...chinaPack.ABUSIVE_LANGUAGE.lexicon, "欠债不还就去坐牢"], added: ["欠债不还就去坐牢"], removed: [] }],
    });
  });

  test("what-if through the action: per agency and rule, current vs draft", async () => {
    const stricter = { "DAILY_CONNECTED_CALLS.maxPerDay": "2" };
    const result = await run(draftRoute.action, post(`/rules/${family}/draft`, "COMPLIANCE", editorForm(pack, { intent: "whatif", from: "2026-04-14", to: "2026-04-14" }, stricter)), { code: family });
    expect(result.status).toBe(200);
    const whatIf = (result.body as { whatIf: WhatIfResult }).whatIf;
    expect(whatIf).toMatchObject({ code: family, publishedVersion: 1, agencyCodes, customersEvaluated: 1, eventsEvaluated: 3, totals: { current: 0, draft: 1 } });
    expect(whatIf.rows).toEqual([{ agencyId: expect.any(Number), agencyCode: "RTX", ruleCode: "DAILY_CONNECTED_CALLS", current: 0, draft: 1, delta: 1 }]);

    const badPeriod = await run(draftRoute.action, post(`/rules/${family}/draft`, "COMPLIANCE", editorForm(pack, { intent: "whatif", from: "2026-04-20", to: "2026-04-14" })), { code: family });
    expect(badPeriod).toMatchObject({ status: 400, body: { errors: { to: { key: "rulePacks.validation.periodOrder" } } } });
  });

  test("publishing needs a note, then puts the version in force and requests a full re-evaluation", async () => {
    const withoutNote = await run(draftRoute.action, post(`/rules/${family}/draft`, "COMPLIANCE", editorForm(pack, { intent: "publish", changeNote: "  " }, { "DAILY_CONNECTED_CALLS.maxPerDay": "2" })), { code: family });
    expect(withoutNote).toMatchObject({ status: 400, body: { errors: { changeNote: { key: "rulePacks.validation.noteRequired" } } } });

    const published = await run(draftRoute.action, post(`/rules/${family}/draft`, "COMPLIANCE", editorForm(pack, { intent: "publish", changeNote: "每日接通上限改为 2 次" }, { "DAILY_CONNECTED_CALLS.maxPerDay": "2" })), { code: family });
    expect(published).toMatchObject({ status: 200, body: { intent: "publish", ok: true, version: 2, run: { state: "QUEUED", reason: `RULE_PACK_PUBLISHED ${family} v2`, requestedByName: "陈合规" } } });
    const requested = (published.body as { run: RuleEvaluationRunSummary }).run;
    const versions = await listRulePackVersions(family);
    expect(versions.map((version) => [version.version, version.status, version.changeNote])).toEqual([
      [2, "PUBLISHED", "每日接通上限改为 2 次"],
      [1, "ARCHIVED", "Copy of cn"],
    ]);
    expect(await getPrisma().accessLog.count({ where: { action: "RULE_PACK_PUBLISHED", resourceId: String(versions[0]!.id) } })).toBe(1);

    // The progress resource, then the run itself once a worker takes it.
    const progress = await run(runRoute.loader, buildRequest(`/rules/runs/${requested.id}`, { cookie: cookies.VENDOR_MANAGER }), { runId: String(requested.id) });
    expect(progress.status).toBe(200);
    expect((await run(runRoute.loader, buildRequest(`/rules/runs/${requested.id}`, { cookie: cookies.EXECUTIVE }), { runId: String(requested.id) })).status).toBe(403);
    await startRuleEvaluationWorkers();
    expect(await waitForRuleEvaluationRun(requested.id, { pollMs: 20, timeoutMs: 60_000 })).toMatchObject({ state: "SUCCEEDED", processedCustomers: 1, violationsFound: 1 });
    const stored = await getPrisma().violation.findMany({ include: { rulePack: true } });
    expect(stored.map((row) => [row.ruleCode, row.rulePack.code, row.rulePack.version])).toEqual([["DAILY_CONNECTED_CALLS", family, 2]]);
  });

  test("assignment from the rules page and from Settings → Agencies is logged and requests a run", async () => {
    const fromRules = await run(rulesRoute.action, buildRequest("/rules", { cookie: cookies.COMPLIANCE, form: { intent: "assignPack", agencyCode: "RTY", packCode: "default" } }));
    // The request may join a run still waiting from the publication: its reason then lists both.
    expect(fromRules).toMatchObject({ status: 200, body: { ok: true, changed: true, run: { reason: expect.stringContaining("RULE_PACK_ASSIGNED RTY default") } } });
    const again = await run(rulesRoute.action, buildRequest("/rules", { cookie: cookies.COMPLIANCE, form: { intent: "assignPack", agencyCode: "RTY", packCode: "default" } }));
    expect(again.body).toMatchObject({ ok: true, changed: false, run: null });
    const unknown = await run(rulesRoute.action, buildRequest("/rules", { cookie: cookies.COMPLIANCE, form: { intent: "assignPack", agencyCode: "RTY", packCode: "zz" } }));
    expect(unknown).toMatchObject({ status: 400, body: { ok: false, reason: "UNKNOWN_PACK" } });

    const fromSettings = await run(agenciesRoute.action, buildRequest("/settings/agencies", { cookie: cookies.ADMIN, form: { intent: "setDefaultPack", packCode: "us" } }));
    expect(fromSettings).toMatchObject({ status: 200, body: { ok: true, pack: { ok: true, changed: true, run: { reason: expect.stringContaining("RULE_PACK_DEFAULT us") } } } });
    expect((await run(agenciesRoute.action, buildRequest("/settings/agencies", { cookie: cookies.COMPLIANCE, form: { intent: "setDefaultPack", packCode: "cn" } }))).status).toBe(403);
    const overview = await run(rulesRoute.loader, buildRequest("/rules", { cookie: cookies.VENDOR_MANAGER }));
    const body = overview.body as Awaited<ReturnType<typeof rulesRoute.loader>>;
    expect(body.defaultPackCode).toBe("us");
    expect(body.canEdit).toBe(false);
    expect(body.families.find((item) => item.code === "us")).toMatchObject({ isDefault: true, publishedVersion: 1, agencies: [{ code: "RTY", explicit: false }] });
    expect(body.families.find((item) => item.code === family)).toMatchObject({ publishedVersion: 2, publishedByName: "陈合规", agencies: [{ code: "RTX", explicit: true }] });
    const log = await getPrisma().accessLog.findMany({ where: { action: "RULE_PACK_ASSIGNED" }, orderBy: { id: "asc" } });
    expect(log.map((entry) => entry.detail)).toContainEqual({ from: "cn", to: "us" });
    expect(log.map((entry) => entry.detail)).toContainEqual({ agencyCode: "RTY", from: family, to: null });
    // Both requests were made while the first could still be waiting: at most two runs, and they finish.
    const latest = body.latestRun!;
    expect(await waitForRuleEvaluationRun(latest.id, { pollMs: 20, timeoutMs: 60_000 })).toMatchObject({ state: "SUCCEEDED" });
  });
});
