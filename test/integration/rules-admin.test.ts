import { afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { getPrisma } from "~/db/client.server";
import { createAgency, ensureUser } from "~/demo/factories.server";
import { createRuleTestCustomer, insertActivityEvents } from "~/demo/rule-factories.server";
import { evaluateRulesForAccounts } from "~/rules/evaluate-rules.server";
import { RulePackError, chinaPack } from "~/rules/rule-pack";
import {
  DEFAULT_PACK_SETTING_KEY,
  RulePackAdminError,
  assignRulePack,
  createRulePackDraft,
  ensureDefaultRulePacks,
  getDefaultPackCode,
  listRulePackVersions,
  loadPublishedPacks,
  publishRulePack,
  setDefaultPackCode,
} from "~/rules/rule-packs.server";
import { whatIfRulePack } from "~/rules/what-if.server";
import { ViolationReviewError, reviewViolation } from "~/violations/review-violations.server";
import { listViolationsForExport } from "~/violations/violation-records.server";
import { CliUsageError } from "../../scripts/cli/errors";
import { rulePackCommand } from "../../scripts/cli/rule-pack";
import { violationsCommand } from "../../scripts/cli/violations";

// Shares the run's database with other files: unique agency and pack codes, its own dates, and the default pack
// is only ever "set" to the value it already has.

const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
let adminId: number;

beforeAll(async () => {
  await ensureDefaultRulePacks();
  adminId = await ensureUser({ email: `rules-admin-${suffix}@rules.test`, name: "Rules Admin", role: "ADMIN" });
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function captureStdout(run: () => Promise<void>): Promise<string> {
  const chunks: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    return true;
  });
  vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    chunks.push(`${args.map(String).join(" ")}\n`);
  });
  try {
    await run();
  } finally {
    vi.restoreAllMocks();
  }
  return chunks.join("");
}

/** Two agencies, one debtor with an account at each, and `connected` connected calls taking turns on one Shanghai day. */
async function callingDay(prefix: string, day: string, connected: number) {
  const xCode = `${prefix}X${suffix}`.toUpperCase();
  const yCode = `${prefix}Y${suffix}`.toUpperCase();
  const x = await createAgency({ code: xCode, name: "Agency X" });
  const y = await createAgency({ code: yCode, name: "Agency Y" });
  const customer = await createRuleTestCustomer({ accounts: [{ agencyId: x }, { agencyId: y }] });
  const accountIds = customer.accounts.map((account) => account.accountId);
  const events = await insertActivityEvents(
    Array.from({ length: connected }, (_, index) => ({
      agencyId: index % 2 === 0 ? x : y,
      accountId: accountIds[index % 2]!,
      occurredAt: `${day}T${String(9 + index).padStart(2, "0")}:00:00+08:00`,
      outcome: "CONNECTED" as const,
      eventId: `${prefix}-${index + 1}-${suffix}`,
    })),
  );
  return { x, y, xCode, yCode, customer, accountIds, events };
}

describe("default packs and the default family", () => {
  test("ensureDefaultRulePacks is idempotent", async () => {
    await ensureDefaultRulePacks();
    await ensureDefaultRulePacks();
    const prisma = getPrisma();
    expect(await prisma.rulePack.count({ where: { code: { in: ["cn", "us"] }, version: 1 } })).toBe(2);
    expect(await prisma.setting.findUnique({ where: { key: DEFAULT_PACK_SETTING_KEY } })).toMatchObject({ value: "cn" });
    const packs = await loadPublishedPacks();
    expect(packs.get("cn")?.parameters.DAILY_CONNECTED_CALLS?.maxPerDay).toBe(3);
    expect(packs.get("us")?.parameters.CALL_FREQUENCY_7IN7?.enabled).toBe(true);
  });

  test("the default can only name a published family, and records who set it", async () => {
    await expect(setDefaultPackCode(`nope${suffix}`, adminId)).rejects.toMatchObject({ reason: "UNKNOWN_PACK" });
    await setDefaultPackCode("cn", adminId);
    expect(await getDefaultPackCode()).toBe("cn");
    expect(await getPrisma().setting.findUnique({ where: { key: DEFAULT_PACK_SETTING_KEY } })).toMatchObject({ updatedById: adminId });
  });

  test("assignRulePack refuses unknown agencies and packs", async () => {
    const code = `AS${suffix}`.toUpperCase();
    await createAgency({ code, name: "Assignable" });
    await expect(assignRulePack(`NONE${suffix}`, "us")).rejects.toBeInstanceOf(RulePackAdminError);
    await expect(assignRulePack(`NONE${suffix}`, "us")).rejects.toMatchObject({ reason: "UNKNOWN_AGENCY" });
    await expect(assignRulePack(code, `zz${suffix}`)).rejects.toMatchObject({ reason: "UNKNOWN_PACK" });
    expect(await assignRulePack(code, "us")).toMatchObject({ previousPackCode: null, packCode: "us" });
    expect(await assignRulePack(code, null)).toMatchObject({ previousPackCode: "us", packCode: null });
  });
});

describe("versions, publishing and what-if", () => {
  test("drafts are validated, numbered, published one at a time, and every version is kept", async () => {
    const code = `w${suffix}`;
    await expect(createRulePackDraft({ code, parameters: { CONTACT_HOURS: { enabled: true } }, changeNote: "broken", userId: adminId })).rejects.toBeInstanceOf(RulePackError);
    await expect(createRulePackDraft({ code: "Bad Code", parameters: chinaPack, changeNote: "x", userId: adminId })).rejects.toMatchObject({ reason: "INVALID_CODE" });
    await expect(createRulePackDraft({ code, parameters: chinaPack, changeNote: "  ", userId: adminId })).rejects.toMatchObject({ reason: "INVALID_CHANGE_NOTE" });

    const v1 = await createRulePackDraft({ code, parameters: chinaPack, changeNote: "Copy of the China pack", userId: adminId, name: "What-if family" });
    expect(v1).toMatchObject({ code, version: 1, status: "DRAFT", createdById: adminId, createdByName: "Rules Admin", publishedAt: null });
    const day = await callingDay("WI", "2026-04-14", 3);
    // Only drafts so far: nothing to judge by yet.
    await expect(assignRulePack(day.xCode, code)).rejects.toMatchObject({ reason: "UNKNOWN_PACK" });
    expect(await publishRulePack(v1.id, adminId)).toMatchObject({ status: "PUBLISHED", publishedAt: expect.any(String) });
    await expect(publishRulePack(v1.id, adminId)).rejects.toMatchObject({ reason: "NOT_A_DRAFT" });
    await assignRulePack(day.xCode, code);
    await assignRulePack(day.yCode, code);

    // Three connected calls are within the cap of 3; a draft with a cap of 2 would flag the third (agency X's).
    await evaluateRulesForAccounts({ accountIds: day.accountIds });
    expect(await getPrisma().violation.count({ where: { accountId: { in: day.accountIds } } })).toBe(0);
    const stricter = { ...chinaPack, DAILY_CONNECTED_CALLS: { ...chinaPack.DAILY_CONNECTED_CALLS, maxPerDay: 2 } };
    const whatIf = await whatIfRulePack({ code, draftParameters: stricter, from: new Date("2026-04-14T00:00:00+08:00"), to: new Date("2026-04-14T23:59:59+08:00") });
    expect(whatIf).toMatchObject({ code, publishedVersion: 1, agencyCodes: [day.xCode, day.yCode].sort(), customersEvaluated: 1, eventsEvaluated: 3 });
    expect(whatIf.rows).toEqual([{ agencyId: day.x, agencyCode: day.xCode, ruleCode: "DAILY_CONNECTED_CALLS", current: 0, draft: 1, delta: 1 }]);
    expect(whatIf.totals).toEqual({ current: 0, draft: 1 });
    // Outside the window: nothing to compare. Nothing was written either way.
    const elsewhere = await whatIfRulePack({ code, draftParameters: stricter, from: new Date("2026-04-15T00:00:00Z"), to: new Date("2026-04-16T00:00:00Z") });
    expect(elsewhere.rows).toEqual([]);
    expect(await getPrisma().violation.count({ where: { accountId: { in: day.accountIds } } })).toBe(0);

    const v2 = await createRulePackDraft({ code, parameters: stricter, changeNote: "Cap of 2 connected calls", userId: adminId });
    expect(v2).toMatchObject({ version: 2, status: "DRAFT", name: "What-if family" });
    await publishRulePack(v2.id, adminId);
    expect((await listRulePackVersions(code)).map((version) => [version.version, version.status, version.changeNote, version.createdByName])).toEqual([
      [2, "PUBLISHED", "Cap of 2 connected calls", "Rules Admin"],
      [1, "ARCHIVED", "Copy of the China pack", "Rules Admin"],
    ]);
    const log = await getPrisma().accessLog.findMany({ where: { action: "RULE_PACK_PUBLISHED", resourceId: { in: [String(v1.id), String(v2.id)] } }, orderBy: { id: "asc" } });
    expect(log.map((entry) => [entry.resourceId, entry.userId])).toEqual([
      [String(v1.id), adminId],
      [String(v2.id), adminId],
    ]);

    await evaluateRulesForAccounts({ accountIds: day.accountIds });
    const stored = await getPrisma().violation.findMany({ where: { accountId: { in: day.accountIds } }, include: { rulePack: true } });
    expect(stored.map((row) => [row.ruleCode, row.triggerEventId, row.rulePack.code, row.rulePack.version])).toEqual([["DAILY_CONNECTED_CALLS", day.events[2]!.id, code, 2]]);
  });
});

describe("review", () => {
  test("needs a decision and a note, happens once, and is logged", async () => {
    const day = await callingDay("RV", "2026-04-21", 4);
    await evaluateRulesForAccounts({ accountIds: day.accountIds });
    const violation = await getPrisma().violation.findFirstOrThrow({ where: { accountId: { in: day.accountIds } } });
    const reviewer = await ensureUser({ email: `review-${suffix}@rules.test`, name: "Compliance", role: "COMPLIANCE" });

    await expect(reviewViolation({ violationId: violation.id, decision: "CONFIRMED", note: "", userId: reviewer })).rejects.toMatchObject({ reason: "NOTE_REQUIRED" });
    await expect(reviewViolation({ violationId: violation.id, decision: "CONFIRMED", note: "   \n", userId: reviewer })).rejects.toMatchObject({ reason: "NOTE_REQUIRED" });
    await expect(reviewViolation({ violationId: violation.id, decision: "CONFIRMED", note: "x".repeat(2001), userId: reviewer })).rejects.toMatchObject({ reason: "NOTE_TOO_LONG" });
    await expect(reviewViolation({ violationId: violation.id, decision: "OPEN" as "CONFIRMED", note: "ok", userId: reviewer })).rejects.toMatchObject({ reason: "INVALID_DECISION" });
    await expect(reviewViolation({ violationId: "999999999999", decision: "CONFIRMED", note: "ok", userId: reviewer })).rejects.toMatchObject({ reason: "NOT_FOUND" });
    expect(await getPrisma().violation.findFirstOrThrow({ where: { id: violation.id } })).toMatchObject({ status: "OPEN", reviewNote: null });

    const record = await reviewViolation({ violationId: violation.id.toString(), decision: "DISMISSED", note: "  Debtor asked to be called back.  ", userId: reviewer });
    expect(record).toMatchObject({ id: violation.id.toString(), status: "DISMISSED", reviewNote: "Debtor asked to be called back.", reviewedAt: expect.stringMatching(/Z$/) });
    expect(Math.abs(Date.parse(record.reviewedAt!) - Date.now())).toBeLessThan(60_000);
    await expect(reviewViolation({ violationId: violation.id, decision: "CONFIRMED", note: "second opinion", userId: reviewer })).rejects.toBeInstanceOf(ViolationReviewError);
    await expect(reviewViolation({ violationId: violation.id, decision: "CONFIRMED", note: "second opinion", userId: reviewer })).rejects.toMatchObject({ reason: "NOT_OPEN" });

    const log = await getPrisma().accessLog.findMany({ where: { action: "VIOLATION_REVIEWED", resourceId: violation.id.toString() } });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ userId: reviewer, resourceType: "Violation", detail: expect.objectContaining({ decision: "DISMISSED", ruleCode: "DAILY_CONNECTED_CALLS" }) });
  });
});

describe("CLI", () => {
  test("violations export: JSON Lines and CSV carry the agencies' own event ids", async () => {
    const day = await callingDay("EX", "2026-04-28", 4);
    await evaluateRulesForAccounts({ accountIds: day.accountIds });
    const eventIds = day.events.map((event) => event.eventId);

    // The fourth call (agency Y's) breaks the cap; the evidence spans both agencies.
    const json = await captureStdout(() => violationsCommand(["--from", "2026-04-28", "--to", "2026-04-28", "--agency", day.yCode, "--format", "json"]));
    const lines = json.trim().split("\n");
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(record).toMatchObject({
      ruleCode: "DAILY_CONNECTED_CALLS",
      severity: "MEDIUM",
      status: "OPEN",
      agencyCode: day.yCode,
      agentExternalId: "R001",
      accountNumber: day.customer.accounts[1]!.accountNumber,
      triggerEventId: eventIds[3],
      evidenceEventIds: eventIds,
      evidenceAgencyCodes: [day.xCode, day.yCode, day.xCode, day.yCode],
      occurredAt: "2026-04-28T04:00:00.000Z",
      rulePackCode: "cn",
      explanation: { key: expect.stringContaining("DAILY_CONNECTED_CALLS"), params: expect.any(Object) },
    });

    // Agency X has no violation that day; a day without any gives an empty export.
    expect(await captureStdout(() => violationsCommand(["--from", "2026-04-28", "--to", "2026-04-28", "--agency", day.xCode, "--format", "json"]))).toBe("");

    const csv = await captureStdout(() => violationsCommand(["--from", "2026-04-28", "--to", "2026-04-28", "--agency", day.yCode, "--format", "csv"]));
    const rows = csv.replace(/^\uFEFF/, "").split("\r\n");
    expect(rows[0]).toBe(
      "id,rule_code,severity,status,agency_code,agent_external_id,account_number,trigger_event_id,evidence_event_ids,evidence_agency_codes,occurred_at,rule_pack,explanation_key,explanation_params,review_note,reviewed_at",
    );
    expect(rows).toHaveLength(3);
    expect(rows[2]).toBe("");
    expect(rows[1]).toContain(`,${eventIds[3]},${eventIds.join(";")},${[day.xCode, day.yCode, day.xCode, day.yCode].join(";")},2026-04-28T04:00:00.000Z,cn v1,`);
    // The explanation parameters are JSON inside one quoted cell.
    expect(rows[1]).toMatch(/,"\{""[^"]+"":/);

    const log = await getPrisma().accessLog.findFirst({ where: { action: "EXPORT", resourceType: "Violation" }, orderBy: { id: "desc" } });
    expect(log?.detail).toMatchObject({ via: "CLI", format: "csv", agency: day.yCode, count: 1 });

    const all = await listViolationsForExport({ from: new Date("2026-04-28T00:00:00Z"), to: new Date("2026-04-28T23:59:59.999Z") });
    expect(all.filter((item) => item.agencyCode === day.yCode || item.agencyCode === day.xCode)).toHaveLength(1);
  });

  test("violations export refuses bad flags with usage errors", async () => {
    await expect(violationsCommand(["--from", "2026-04-28", "--to", "2026-04-28", "--format", "xml"])).rejects.toBeInstanceOf(CliUsageError);
    await expect(violationsCommand(["--from", "2026-02-30", "--to", "2026-04-28", "--format", "json"])).rejects.toBeInstanceOf(CliUsageError);
    await expect(violationsCommand(["--from", "2026-04-28", "--to", "2026-04-01", "--format", "json"])).rejects.toBeInstanceOf(CliUsageError);
    await expect(violationsCommand(["--from", "2026-04-28", "--to", "2026-04-28", "--format", "json", "--bogus"])).rejects.toBeInstanceOf(CliUsageError);
    await expect(violationsCommand(["--from", "2026-04-28", "--to", "2026-04-28", "--format", "json", "--agency", `NONE${suffix}`])).rejects.toThrow(/No agency/);
  });

  test("rule-pack assign", async () => {
    const code = `CL${suffix}`.toUpperCase();
    const agencyId = await createAgency({ code, name: "CLI agency" });
    const out = await captureStdout(() => rulePackCommand(["assign", "--agency", code, "--pack", "us"]));
    expect(out).toContain(`Agency ${code} now uses rule pack "us" (was the default pack (cn))`);
    expect(await getPrisma().agency.findUniqueOrThrow({ where: { id: agencyId } })).toMatchObject({ rulePackCode: "us" });
    expect(await captureStdout(() => rulePackCommand(["assign", "--agency", code, "--pack", "us"]))).toContain("nothing changed");
    expect(await captureStdout(() => rulePackCommand(["assign", "--agency", code, "--pack", "default"]))).toContain("now uses the default pack (cn)");
    expect(await getPrisma().agency.findUniqueOrThrow({ where: { id: agencyId } })).toMatchObject({ rulePackCode: null });

    await expect(rulePackCommand(["assign", "--agency", `NONE${suffix}`, "--pack", "us"])).rejects.toThrow(CliUsageError);
    await expect(rulePackCommand(["assign", "--agency", code, "--pack", "xx"])).rejects.toThrow(/No published rule pack/);
    await expect(rulePackCommand(["assign", "--agency", code])).rejects.toThrow(/--pack is required/);
    await expect(rulePackCommand(["unassign"])).rejects.toThrow(CliUsageError);
  });
});
