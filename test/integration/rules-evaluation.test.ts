import { beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { createAgency, ensureUser } from "~/demo/factories.server";
import { createRuleTestCustomer, createWrongNumberComplaint, insertActivityEvents, type FactoryCustomer, type InsertedEvent } from "~/demo/rule-factories.server";
import { evaluateRulesForAccounts, evaluateRulesForImportBatch } from "~/rules/evaluate-rules.server";
import { assignRulePack, ensureDefaultRulePacks } from "~/rules/rule-packs.server";
import { reviewViolation } from "~/violations/review-violations.server";

// The DB is shared by every test file of the run: each scenario makes its own agencies and customers (unique
// codes) and only ever evaluates its own accounts, and nothing here changes the lender's default pack.

const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`.toUpperCase();

async function storedViolations(accountIds: number[]) {
  const rows = await getPrisma().violation.findMany({
    where: { accountId: { in: accountIds } },
    orderBy: [{ occurredAt: "asc" }, { ruleCode: "asc" }],
    include: { rulePack: { select: { code: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    ruleCode: row.ruleCode,
    status: row.status,
    agencyId: row.agencyId,
    triggerEventId: row.triggerEventId,
    evidenceEventIds: row.evidenceEventIds,
    severity: row.severity,
    pack: row.rulePack.code,
    explanation: row.explanation,
    reviewNote: row.reviewNote,
    reviewedById: row.reviewedById,
  }));
}

/**
 * One debtor, two accounts, each placed with its own agency (both on the default China pack). On Monday
 * 2 March 2026 (Shanghai) the agencies take turns: four connected calls (the fourth exceeds the daily cap of 3
 * across agencies), a 21:30 call by agency Y (fine under China's 22:00, late under Reg F's 21:00) and a 22:30 call
 * by agency X (late everywhere).
 */
async function busyDay(prefix: string): Promise<{ x: number; y: number; xCode: string; yCode: string; customer: FactoryCustomer; events: InsertedEvent[]; accountIds: number[] }> {
  const xCode = `${prefix}X${suffix}`;
  const yCode = `${prefix}Y${suffix}`;
  const x = await createAgency({ code: xCode, name: "Agency X" });
  const y = await createAgency({ code: yCode, name: "Agency Y" });
  const customer = await createRuleTestCustomer({ accounts: [{ agencyId: x }, { agencyId: y }] });
  const [a1, a2] = customer.accounts.map((account) => account.accountId) as [number, number];
  const events = await insertActivityEvents([
    { agencyId: x, accountId: a1, occurredAt: "2026-03-02T09:00:00+08:00", outcome: "CONNECTED" },
    { agencyId: y, accountId: a2, occurredAt: "2026-03-02T10:00:00+08:00", outcome: "CONNECTED" },
    { agencyId: x, accountId: a1, occurredAt: "2026-03-02T11:00:00+08:00", outcome: "CONNECTED" },
    { agencyId: y, accountId: a2, occurredAt: "2026-03-02T12:00:00+08:00", outcome: "CONNECTED" },
    { agencyId: y, accountId: a2, occurredAt: "2026-03-02T21:30:00+08:00", outcome: "NO_ANSWER" },
    { agencyId: x, accountId: a1, occurredAt: "2026-03-02T22:30:00+08:00", outcome: "NO_ANSWER" },
  ]);
  return { x, y, xCode, yCode, customer, events, accountIds: [a1, a2] };
}

beforeAll(async () => {
  await ensureDefaultRulePacks();
});

describe("evaluateRulesForAccounts", () => {
  test("finds cross-agency and contact-hour violations with evidence, idempotently, keeping reviews", async () => {
    const day = await busyDay("EV");
    const [e1, e2, e3, e4, , e6] = day.events.map((event) => event.id);

    // Evaluating from one account reaches the whole customer: the other agency's calls count too.
    const first = await evaluateRulesForAccounts({ accountIds: [day.accountIds[0]!] });
    expect(first).toMatchObject({ customersEvaluated: 1, eventsEvaluated: 6, violationsInserted: 2, violationsUpdated: 0, violationsDeleted: 0 });

    const stored = await storedViolations(day.accountIds);
    expect(stored.map((row) => [row.ruleCode, row.triggerEventId, row.agencyId, row.status, row.pack])).toEqual([
      ["DAILY_CONNECTED_CALLS", e4, day.y, "OPEN", "cn"],
      ["CONTACT_HOURS", e6, day.x, "OPEN", "cn"],
    ]);
    expect(stored[0]!.evidenceEventIds).toEqual([e1, e2, e3, e4]);
    expect(stored[1]!.evidenceEventIds).toEqual([e6]);
    expect(stored[0]!.explanation).toMatchObject({ key: expect.stringContaining("DAILY_CONNECTED_CALLS"), params: expect.any(Object) });

    // Same data, same rows: nothing inserted, rewritten or deleted, ids unchanged.
    const again = await evaluateRulesForAccounts({ accountIds: day.accountIds });
    expect(again).toMatchObject({ violationsInserted: 0, violationsUpdated: 0, violationsDeleted: 0 });
    expect(await storedViolations(day.accountIds)).toEqual(stored);

    // A confirmed finding keeps its review through re-evaluation.
    const reviewer = await ensureUser({ email: `reviewer-${suffix.toLowerCase()}@rules.test`, name: "Reviewer", role: "COMPLIANCE" });
    await reviewViolation({ violationId: stored[0]!.id, decision: "CONFIRMED", note: "Four connected calls, confirmed with both agencies.", userId: reviewer });
    await evaluateRulesForAccounts({ accountIds: day.accountIds });
    const afterReview = await storedViolations(day.accountIds);
    expect(afterReview[0]).toMatchObject({ id: stored[0]!.id, status: "CONFIRMED", reviewNote: "Four connected calls, confirmed with both agencies.", reviewedById: reviewer });
    expect(afterReview).toHaveLength(2);
  });

  test("switching an agency's pack re-judges its activity; reviewed findings stay, open ones go", async () => {
    const day = await busyDay("SW");
    const [, , , e4, e5, e6] = day.events.map((event) => event.id);
    await evaluateRulesForAccounts({ accountIds: day.accountIds });
    const before = await storedViolations(day.accountIds);
    expect(before.map((row) => `${row.ruleCode}:${row.triggerEventId}`)).toEqual([`DAILY_CONNECTED_CALLS:${e4}`, `CONTACT_HOURS:${e6}`]);

    await assignRulePack(day.yCode, "us");
    const switched = await evaluateRulesForAccounts({ accountIds: day.accountIds });
    const after = await storedViolations(day.accountIds);
    const yFindings = after.filter((row) => row.agencyId === day.y);
    // Reg F has no daily cap on connected calls, but ends the day at 21:00 and forbids calls within 7 days of a conversation.
    expect(yFindings.some((row) => row.ruleCode === "DAILY_CONNECTED_CALLS")).toBe(false);
    expect(yFindings).toContainEqual(expect.objectContaining({ ruleCode: "CONTACT_HOURS", triggerEventId: e5, pack: "us" }));
    expect(yFindings).toContainEqual(expect.objectContaining({ ruleCode: "CALL_AFTER_CONVERSATION", triggerEventId: e4, pack: "us" }));
    expect(yFindings.every((row) => row.pack === "us")).toBe(true);
    // Agency X is still judged by the China pack.
    expect(after.filter((row) => row.agencyId === day.x).map((row) => [row.ruleCode, row.triggerEventId, row.pack])).toEqual([["CONTACT_HOURS", e6, "cn"]]);
    expect(switched.violationsDeleted).toBe(1);

    // Back to the default: the original findings return; a reviewed one would have stayed throughout.
    const reviewer = await ensureUser({ email: `switch-${suffix.toLowerCase()}@rules.test`, name: "Reviewer", role: "COMPLIANCE" });
    const usHours = yFindings.find((row) => row.ruleCode === "CONTACT_HOURS")!;
    await reviewViolation({ violationId: usHours.id, decision: "DISMISSED", note: "Debtor asked for an evening call.", userId: reviewer });
    await assignRulePack(day.yCode, null);
    await evaluateRulesForAccounts({ accountIds: day.accountIds });
    const restored = await storedViolations(day.accountIds);
    expect(restored.map((row) => `${row.ruleCode}:${row.triggerEventId}:${row.status}`).sort()).toEqual(
      [`DAILY_CONNECTED_CALLS:${e4}:OPEN`, `CONTACT_HOURS:${e6}:OPEN`, `CONTACT_HOURS:${e5}:DISMISSED`].sort(),
    );
  });

  test("triggerFrom judges only new activity and leaves earlier findings alone", async () => {
    const day = await busyDay("INC");
    const [a1] = day.accountIds as [number, number];
    await evaluateRulesForAccounts({ accountIds: day.accountIds });
    const before = await storedViolations(day.accountIds);

    // A late batch: another 23:10 call by X the same evening, imported afterwards.
    const [late] = await insertActivityEvents([{ agencyId: day.x, accountId: a1, occurredAt: "2026-03-02T23:10:00+08:00" }]);
    const result = await evaluateRulesForAccounts({ accountIds: [a1], triggerFrom: "2026-03-02T23:10:00+08:00" });
    expect(result).toMatchObject({ eventsEvaluated: 7, violationsInserted: 1, violationsUpdated: 0, violationsDeleted: 0 });
    const after = await storedViolations(day.accountIds);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after[after.length - 1]).toMatchObject({ ruleCode: "CONTACT_HOURS", triggerEventId: late!.id });
  });

  test("a number a non-borrower reported as wrong is flagged when any agency uses it again", async () => {
    const agency = await createAgency({ code: `WN${suffix}`, name: "Agency W" });
    const customer = await createRuleTestCustomer({ accounts: [{ agencyId: agency, phoneNumbers: ["13911112222", "13933334444"] }] });
    const account = customer.accounts[0]!;
    const complaint = await createWrongNumberComplaint({ phoneNumber: "13933334444", receivedAt: "2026-03-05T10:00:00+08:00" });
    const [before, after] = await insertActivityEvents([
      { agencyId: agency, accountId: account.accountId, occurredAt: "2026-03-04T10:00:00+08:00", phoneNumber: "13933334444" },
      { agencyId: agency, accountId: account.accountId, occurredAt: "2026-03-06T10:00:00+08:00", phoneNumber: "13933334444" },
    ]);
    await evaluateRulesForAccounts({ accountIds: [account.accountId] });
    const stored = await storedViolations([account.accountId]);
    expect(stored.map((row) => [row.ruleCode, row.triggerEventId])).toEqual([["WRONG_PARTY_REPEAT", after!.id]]);
    expect(stored[0]!.explanation).toMatchObject({ params: { complaintRef: complaint.complaintRef } });
    expect(stored.some((row) => row.triggerEventId === before!.id)).toBe(false);
  });

  test("an account without a time zone is judged in its agency's zone", async () => {
    const agency = await createAgency({ code: `TZ${suffix}`, name: "Agency NY", timeZone: "America/New_York" });
    const customer = await createRuleTestCustomer({ accounts: [{ agencyId: agency, timeZone: null }] });
    const accountId = customer.accounts[0]!.accountId;
    // 07:30 in New York is 20:30 in Shanghai: fine if the account were read in the pack's home zone, early here.
    const [early, fine] = await insertActivityEvents([
      { agencyId: agency, accountId, occurredAt: "2026-03-03T07:30:00-05:00" },
      { agencyId: agency, accountId, occurredAt: "2026-03-03T09:30:00-05:00" },
    ]);
    await evaluateRulesForAccounts({ accountIds: [accountId] });
    const stored = await storedViolations([accountId]);
    expect(stored.map((row) => [row.ruleCode, row.triggerEventId])).toEqual([["CONTACT_HOURS", early!.id]]);
    expect(stored.some((row) => row.triggerEventId === fine!.id)).toBe(false);
  });

  test("an import batch re-judges what it can have changed", async () => {
    const agency = await createAgency({ code: `IB${suffix}`, name: "Agency B" });
    const customer = await createRuleTestCustomer({ accounts: [{ agencyId: agency, phoneNumbers: ["13955556666", "13977778888"] }] });
    const accountId = customer.accounts[0]!.accountId;
    const [, second] = await insertActivityEvents([
      { agencyId: agency, accountId, occurredAt: "2026-05-04T10:00:00+08:00", phoneNumber: "13977778888" },
      { agencyId: agency, accountId, occurredAt: "2026-05-06T10:00:00+08:00", phoneNumber: "13977778888" },
    ]);
    expect(await evaluateRulesForImportBatch(second!.importBatchId)).toMatchObject({ customersEvaluated: 1, eventsEvaluated: 2, violationsInserted: 0 });

    // The lender's complaint file: a non-borrower owns the second number (no account named, only the number).
    const complaintBatch = await getPrisma().importBatch.create({
      data: { kind: "COMPLAINTS", source: "CLI", fileName: "complaints.csv", fileSha256: `sha-${suffix}`, fileSize: 0n, status: "COMMITTED" },
    });
    await createWrongNumberComplaint({ phoneNumber: "13977778888", receivedAt: "2026-05-05T09:00:00+08:00", importBatchId: complaintBatch.id });
    expect(await evaluateRulesForImportBatch(complaintBatch.id)).toMatchObject({ customersEvaluated: 1, violationsInserted: 1 });
    expect((await storedViolations([accountId])).map((row) => [row.ruleCode, row.triggerEventId])).toEqual([["WRONG_PARTY_REPEAT", second!.id]]);

    // A later activity file with a late-night call: only findings from its first event on are re-judged.
    const [late] = await insertActivityEvents([{ agencyId: agency, accountId, occurredAt: "2026-05-07T23:30:00+08:00" }]);
    expect(await evaluateRulesForImportBatch(late!.importBatchId)).toMatchObject({ eventsEvaluated: 3, violationsInserted: 1, violationsUpdated: 0, violationsDeleted: 0 });
    expect((await storedViolations([accountId])).map((row) => row.ruleCode)).toEqual(["WRONG_PARTY_REPEAT", "CONTACT_HOURS"]);
  });

  test("a wrong number found in a later batch takes the earlier calls to it out of the debtor's count (Reg F comment 14(b)(2)(i)-3)", async () => {
    const code = `WN${suffix}`;
    const agency = await createAgency({ code, name: "Agency W" });
    await assignRulePack(code, "us");
    const customer = await createRuleTestCustomer({ accounts: [{ agencyId: agency, timeZone: "America/New_York", phoneNumbers: ["2125550100", "2125550177"] }] });
    const accountId = customer.accounts[0]!.accountId;
    // 4 calls to the second number, then 4 to the first, within 7 days: the 8th call to the debtor.
    const days = ["01", "02", "03", "04", "05", "06", "07", "07"];
    const calls = await insertActivityEvents(
      days.map((day, index) => ({
        agencyId: agency,
        accountId,
        occurredAt: `2026-04-${day}T${index === 7 ? "15" : "10"}:00:00-04:00`,
        phoneNumber: index < 4 ? "2125550177" : "2125550100",
        contactParty: index < 4 ? "UNKNOWN" : "DEBTOR",
      })),
    );
    await evaluateRulesForImportBatch(calls[0]!.importBatchId);
    expect((await storedViolations([accountId])).map((row) => [row.ruleCode, row.triggerEventId])).toEqual([["CALL_FREQUENCY_7IN7", calls[7]!.id]]);

    const [wrong] = await insertActivityEvents([
      { agencyId: agency, accountId, occurredAt: "2026-04-20T10:00:00-04:00", phoneNumber: "2125550177", contactParty: "UNKNOWN", outcome: "WRONG_NUMBER" },
    ]);
    expect(await evaluateRulesForImportBatch(wrong!.importBatchId)).toMatchObject({ violationsDeleted: 1 });
    expect(await storedViolations([accountId])).toEqual([]);
    await assignRulePack(code, null);
  });

  test("no accounts, no work", async () => {
    expect(await evaluateRulesForAccounts({ accountIds: [] })).toMatchObject({ customersEvaluated: 0, eventsEvaluated: 0, violationsInserted: 0 });
  });
});
