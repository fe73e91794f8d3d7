import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { createAgency } from "~/demo/factories.server";
import { createRuleTestCustomer, insertActivityEvents } from "~/demo/rule-factories.server";
import { evaluateAllRules, evaluateRulesForAccounts, type RulesProgress } from "~/rules/evaluate-rules.server";
import { ensureDefaultRulePacks } from "~/rules/rule-packs.server";
import { benchmarkRules } from "../../scripts/bench/rules-bench";
import { useOwnDatabase } from "../support/own-database";

// A full run judges (and may delete OPEN findings of) every customer in the database, so this file works in a
// database of its own: the shared one holds other files' data, some of it written straight into Violation.

let restoreDatabase: () => Promise<void>;

beforeAll(async () => {
  restoreDatabase = await useOwnDatabase("rules_full");
  await ensureDefaultRulePacks();
});

afterAll(async () => {
  await restoreDatabase();
});

/** A debtor called at 09:00, 12:00 and 23:00 local on 2 June 2026 (the last one too late). */
async function customerWithLateCall(agencyId: number) {
  const customer = await createRuleTestCustomer({ accounts: [{ agencyId }] });
  const accountId = customer.accounts[0]!.accountId;
  const events = await insertActivityEvents(
    ["09:00", "12:00", "23:00"].map((time) => ({ agencyId, accountId, occurredAt: `2026-06-02T${time}:00+08:00` })),
  );
  return { accountId, events };
}

describe("evaluateAllRules", () => {
  test("judges every customer chunk by chunk, reports progress, and changes nothing when run again", async () => {
    const agencyId = await createAgency({ code: "FULLRUN", name: "Full run agency" });
    const customers = [];
    for (let index = 0; index < 12; index++) customers.push(await customerWithLateCall(agencyId));

    const progress: RulesProgress[] = [];
    const first = await evaluateAllRules({ chunkSize: 5, onProgress: (update) => progress.push(update) });
    expect(first).toMatchObject({ customersEvaluated: 12, eventsEvaluated: 36, violationsInserted: 12, violationsUpdated: 0, violationsDeleted: 0, failedCustomers: 0 });
    expect(progress.map((update) => update.customersDone)).toEqual([5, 10, 12]);
    expect(progress.every((update) => update.customersTotal === 12)).toBe(true);
    const late = await getPrisma().violation.findMany({ orderBy: { id: "asc" } });
    expect(late.map((row) => row.triggerEventId).sort()).toEqual(customers.map((customer) => customer.events[2]!.id).sort());
    expect(late.every((row) => row.ruleCode === "CONTACT_HOURS" && row.status === "OPEN")).toBe(true);

    const second = await evaluateAllRules({ chunkSize: 5 });
    expect(second).toMatchObject({ violationsInserted: 0, violationsUpdated: 0, violationsDeleted: 0 });
    const incremental = await evaluateRulesForAccounts({ accountIds: customers.map((customer) => customer.accountId) });
    expect(incremental).toMatchObject({ customersEvaluated: 12, violationsInserted: 0, violationsUpdated: 0, violationsDeleted: 0 });
    expect(await getPrisma().violation.findMany({ orderBy: { id: "asc" } })).toEqual(late);
  });

  test("OPEN findings the engine no longer makes are deleted; reviewed ones are kept", async () => {
    const agencyId = await createAgency({ code: "STALE", name: "Stale findings agency" });
    const { accountId, events } = await customerWithLateCall(agencyId);
    const pack = await getPrisma().rulePack.findFirstOrThrow({ where: { code: "cn", status: "PUBLISHED" } });
    // Findings left by an earlier pack version on the two daytime calls: one still open, one already reviewed.
    const stale = (index: number, status: "OPEN" | "DISMISSED") =>
      getPrisma().violation.create({
        data: {
          ruleCode: "DAILY_ATTEMPTS_PER_NUMBER",
          severity: "LOW",
          status,
          agencyId,
          accountId,
          triggerEventId: events[index]!.id,
          evidenceEventIds: [events[index]!.id],
          rulePackId: pack.id,
          occurredAt: events[index]!.occurredAt,
          explanation: { key: "rules.DAILY_ATTEMPTS_PER_NUMBER.explanation", params: {} },
          reviewNote: status === "OPEN" ? null : "Agreed with the agency",
        },
      });
    const open = await stale(0, "OPEN");
    const reviewed = await stale(1, "DISMISSED");

    const result = await evaluateRulesForAccounts({ accountIds: [accountId] });
    expect(result).toMatchObject({ violationsInserted: 1, violationsDeleted: 1 });
    const rows = await getPrisma().violation.findMany({ where: { accountId }, orderBy: { id: "asc" } });
    expect(rows.map((row) => row.id)).not.toContain(open.id);
    expect(rows.find((row) => row.id === reviewed.id)).toMatchObject({ status: "DISMISSED", reviewNote: "Agreed with the agency" });
    expect(rows.map((row) => row.ruleCode).sort()).toEqual(["CONTACT_HOURS", "DAILY_ATTEMPTS_PER_NUMBER"]);
  });

  test("a customer whose data the engine refuses is reported and left untouched; the others go ahead", async () => {
    // An agency zone no runtime knows, written past the Settings validation, on an account without a zone of its own.
    const broken = await getPrisma().agency.create({ data: { code: "BROKENTZ", name: "Broken zone", timeZone: "Mars/Olympus_Mons", commissionRate: "0.1" } });
    const healthyAgency = await createAgency({ code: "HEALTHY", name: "Healthy" });
    const bad = await createRuleTestCustomer({ accounts: [{ agencyId: broken.id, timeZone: null }] });
    const badAccount = bad.accounts[0]!.accountId;
    const [badEvent] = await insertActivityEvents([{ agencyId: broken.id, accountId: badAccount, occurredAt: "2026-06-03T03:00:00Z" }]);
    const pack = await getPrisma().rulePack.findFirstOrThrow({ where: { code: "cn", status: "PUBLISHED" } });
    const kept = await getPrisma().violation.create({
      data: {
        ruleCode: "CONTACT_HOURS",
        severity: "MEDIUM",
        agencyId: broken.id,
        accountId: badAccount,
        triggerEventId: badEvent!.id,
        evidenceEventIds: [badEvent!.id],
        rulePackId: pack.id,
        occurredAt: badEvent!.occurredAt,
        explanation: { key: "rules.CONTACT_HOURS.explanation", params: {} },
      },
    });
    const healthy = await customerWithLateCall(healthyAgency);

    const result = await evaluateRulesForAccounts({ accountIds: [badAccount, healthy.accountId] });
    expect(result).toMatchObject({ customersEvaluated: 1, failedCustomers: 1, violationsInserted: 1, violationsDeleted: 0 });
    expect(result.failures).toEqual([{ customerId: bad.customerId, message: expect.stringContaining("Mars/Olympus_Mons") }]);
    expect(await getPrisma().violation.findFirst({ where: { id: kept.id } })).not.toBeNull();
  });
});

describe("benchmarkRules", () => {
  test("runs end to end on a small portfolio in a database of its own", async () => {
    const ownUrl = process.env.DATABASE_URL;
    const result = await benchmarkRules({ events: 3_000 });
    expect(result.fullSeconds).toBeGreaterThan(0);
    expect(result.eventsPerSecond).toBeGreaterThan(0);
    expect(result.incrementalSeconds).toBeGreaterThan(0);
    expect(result.incrementalRows).toBe(10_000);
    // It restores the process's database afterwards.
    expect(process.env.DATABASE_URL).toBe(ownUrl);
    expect(await getPrisma().agency.count({ where: { code: "FULLRUN" } })).toBe(1);
  });
});
