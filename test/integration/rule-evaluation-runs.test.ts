import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { createAgency, ensureUser } from "~/demo/factories.server";
import { createRuleTestCustomer, insertActivityEvents } from "~/demo/rule-factories.server";
import { evaluateAllRules } from "~/rules/evaluate-rules.server";
import { chinaPack } from "~/rules/rule-pack";
import { publishRulePackFromEditor } from "~/rules/rule-pack-changes.server";
import {
  getLatestRuleEvaluationRun,
  requestFullReevaluation,
  resumeInterruptedReevaluations,
  startRuleEvaluationWorkers,
  waitForRuleEvaluationRun,
} from "~/rules/rule-evaluation-runs.server";
import { ensureDefaultRulePacks } from "~/rules/rule-packs.server";
import { useOwnDatabase } from "../support/own-database";

// Full runs judge every customer (and withdraw OPEN findings others wrote by hand), and pg-boss workers here would
// pick up other files' jobs: this file has a database of its own.

let restoreDatabase: () => Promise<void>;
let userId: number;
let lateCallEvents: bigint[] = [];

beforeAll(async () => {
  restoreDatabase = await useOwnDatabase("rule_runs");
  await ensureDefaultRulePacks();
  userId = await ensureUser({ email: "runs@rules.test", name: "陈合规", role: "COMPLIANCE" });
  const agencyId = await createAgency({ code: "RUNS", name: "Runs agency" });
  // Five debtors, each called at 09:00, 12:00 and 23:00 Shanghai time: the 23:00 call breaks the cn contact hours.
  for (let index = 0; index < 5; index++) {
    const customer = await createRuleTestCustomer({ accounts: [{ agencyId }] });
    const accountId = customer.accounts[0]!.accountId;
    const events = await insertActivityEvents(["09:00", "12:00", "23:00"].map((time) => ({ agencyId, accountId, occurredAt: `2026-06-0${index + 1}T${time}:00+08:00` })));
    lateCallEvents.push(events[2]!.id);
  }
  lateCallEvents = lateCallEvents.sort();
});

afterAll(async () => {
  await restoreDatabase();
});

const violationKeys = async () =>
  (await getPrisma().violation.findMany({ orderBy: [{ triggerEventId: "asc" }, { ruleCode: "asc" }], select: { ruleCode: true, triggerEventId: true, status: true, rulePackId: true } })).map(
    (row) => `${row.ruleCode}:${row.triggerEventId}:${row.status}:${row.rulePackId}`,
  );

describe("full re-evaluation runs", () => {
  test("a request while one is queued joins it; the worker runs it to SUCCEEDED with the figures of a direct run", async () => {
    const first = await requestFullReevaluation({ reason: "RULE_PACK_ASSIGNED RUNS us", userId });
    expect(first).toMatchObject({ coalesced: false, run: { state: "QUEUED", reason: "RULE_PACK_ASSIGNED RUNS us", requestedById: userId, requestedByName: "陈合规" } });
    const second = await requestFullReevaluation({ reason: "RULE_PACK_PUBLISHED cn v2", userId: null });
    expect(second).toMatchObject({ coalesced: true, run: { id: first.run.id, reason: "RULE_PACK_ASSIGNED RUNS us; RULE_PACK_PUBLISHED cn v2" } });
    // The same reason again adds nothing.
    expect((await requestFullReevaluation({ reason: "RULE_PACK_PUBLISHED cn v2", userId: null })).run.reason).toBe("RULE_PACK_ASSIGNED RUNS us; RULE_PACK_PUBLISHED cn v2");
    expect(await getPrisma().ruleEvaluationRun.count()).toBe(1);
    expect(await getPrisma().violation.count()).toBe(0);

    // Nothing runs until a process is a worker.
    await startRuleEvaluationWorkers();
    const seen = new Set<string>();
    const done = await waitForRuleEvaluationRun(first.run.id, { pollMs: 20, timeoutMs: 60_000, onProgress: (run) => seen.add(run.state) });
    expect(done).toMatchObject({ state: "SUCCEEDED", totalCustomers: 5, processedCustomers: 5, violationsFound: 5, errorMessage: null });
    expect(Date.parse(done.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(done.startedAt!));
    expect([...seen].every((state) => state === "QUEUED" || state === "RUNNING")).toBe(true);
    const afterJob = await violationKeys();
    expect(afterJob).toHaveLength(5);
    expect(afterJob.every((key) => key.startsWith("CONTACT_HOURS:"))).toBe(true);
    expect(afterJob.map((key) => BigInt(key.split(":")[1]!)).sort()).toEqual(lateCallEvents);

    // A direct run over the same data finds exactly the same violations: nothing to add, change or withdraw.
    const direct = await evaluateAllRules();
    expect(direct).toMatchObject({ customersEvaluated: 5, violationsInserted: 0, violationsUpdated: 0, violationsDeleted: 0 });
    expect(await violationKeys()).toEqual(afterJob);
    expect(await getLatestRuleEvaluationRun()).toMatchObject({ id: first.run.id, state: "SUCCEEDED" });
  });

  test("publishing from the editor requests a run that re-judges with the new version", async () => {
    const later = { ...chinaPack, CONTACT_HOURS: { ...chinaPack.CONTACT_HOURS, end: "23:30" } };
    const { version, run } = await publishRulePackFromEditor({ code: "cn", parameters: later, changeNote: "晚间联系放宽至 23:30", userId });
    expect(version).toMatchObject({ code: "cn", version: 2, status: "PUBLISHED", changeNote: "晚间联系放宽至 23:30" });
    expect(run).toMatchObject({ reason: "RULE_PACK_PUBLISHED cn v2", requestedById: userId });
    expect(await waitForRuleEvaluationRun(run.id, { pollMs: 20, timeoutMs: 60_000 })).toMatchObject({ state: "SUCCEEDED", processedCustomers: 5, violationsFound: 0 });
    expect(await getPrisma().violation.count()).toBe(0);
    const log = await getPrisma().accessLog.findFirst({ where: { action: "RULE_PACK_PUBLISHED", resourceId: String(version.id) } });
    expect(log).toMatchObject({ userId });
  });

  test("a run that cannot evaluate is FAILED with the reason, and stored violations are left as they were", async () => {
    const before = await violationKeys();
    // A published version that no longer matches the parameter schema: the engine refuses to judge with it.
    const broken = await getPrisma().rulePack.create({ data: { code: "broken", version: 1, name: "Broken", status: "PUBLISHED", parameters: { CONTACT_HOURS: { enabled: "yes" } }, publishedAt: new Date() } });
    try {
      const { run } = await requestFullReevaluation({ reason: "broken pack", userId });
      const failed = await waitForRuleEvaluationRun(run.id, { pollMs: 20, timeoutMs: 60_000 });
      expect(failed.state).toBe("FAILED");
      expect(failed.errorMessage).toMatch(/Invalid rule pack parameters: CONTACT_HOURS/);
      expect(failed.finishedAt).not.toBeNull();
      expect(await violationKeys()).toEqual(before);
    } finally {
      await getPrisma().rulePack.delete({ where: { id: broken.id } });
    }
  });

  test("a request while a run is RUNNING queues a new one; a RUNNING run whose process died is resumed", async () => {
    // A row left RUNNING by a process that is gone (no one holds the runner lock).
    const orphan = await getPrisma().ruleEvaluationRun.create({ data: { reason: "orphan", state: "RUNNING", startedAt: new Date(), totalCustomers: 5, processedCustomers: 2 } });
    const { run: fresh, coalesced } = await requestFullReevaluation({ reason: "after the orphan", userId });
    expect(coalesced).toBe(false);
    expect(fresh.id).not.toBe(orphan.id);
    await waitForRuleEvaluationRun(fresh.id, { pollMs: 20, timeoutMs: 60_000 });

    // The worker that finished `fresh` may still hold the runner lock for a moment (it rebuilds the metric roll-ups
    // after marking the run done), and while any runner is alive a RUNNING row is not taken for abandoned.
    let resumed = await resumeInterruptedReevaluations();
    for (const deadline = Date.now() + 30_000; resumed.requeued.length === 0 && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      resumed = await resumeInterruptedReevaluations();
    }
    expect(resumed).toEqual({ requeued: [orphan.id] });
    expect(await waitForRuleEvaluationRun(orphan.id, { pollMs: 20, timeoutMs: 60_000 })).toMatchObject({ state: "SUCCEEDED", processedCustomers: 5, totalCustomers: 5 });
    expect(await getPrisma().ruleEvaluationRun.count({ where: { state: { in: ["QUEUED", "RUNNING"] } } })).toBe(0);
  });
});
