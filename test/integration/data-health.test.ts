import { beforeAll, describe, expect, test } from "vitest";
import { computeDataHealth, type DataHealthItem } from "~/data-health/data-health.server";
import { saveDataHealthSettings } from "~/data-health/data-health-settings.server";
import { defaultDataHealthSettings } from "~/data-health/data-health-settings";
import { getPrisma } from "~/db/client.server";
import { getPool } from "~/db/pg.server";
import { completeBulkEvents } from "~/demo/activity-events.server";
import { createAgency } from "~/demo/factories.server";
import { createRuleTestCustomer, insertActivityEvents } from "~/demo/rule-factories.server";
import { raiseFindingFromDataHealth, issueFinding, actorFromUser } from "~/findings/findings.server";
import { ensureUser } from "~/demo/factories.server";
import { raiseDataHealthFinding } from "~/data-health/data-health-finding.server";
import { oversight } from "../support/oversight-cli";

// One agency logging every business day from January to March 2026 except the week of 9 March (its feed went
// missing), with one day's file arriving late, an agent whose connected calls carry no recording, a placement
// nobody worked and a payment with no contact before it.
const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`.toUpperCase();
const code = `DH${suffix}`;
const now = new Date("2026-04-02T00:00:00Z");
let agencyId: number;
let complianceId: number;
let unworkedAccount: string;
let paidAccount: string;

async function bulkEvents(options: { accounts: number[]; batchId: number; agentId: number; from: string; to: string; skipFrom: string; skipTo: string }) {
  await getPool().query(
    `INSERT INTO "ActivityEvent" ("agencyId", "agentId", "accountId", "eventId", "occurredAt", type, direction, "contactParty", outcome, "phoneNumber", "recordingId", "contentHash", "importBatchId")
     SELECT $1, $2, acc, 'DH-' || to_char(d, 'YYYYMMDD') || '-' || acc || '-' || n, (d::date + time '10:00' + n * interval '5 minutes') AT TIME ZONE 'Asia/Shanghai',
            'CALL', 'OUTBOUND', 'DEBTOR', (CASE WHEN n % 2 = 0 THEN 'CONNECTED' ELSE 'NO_ANSWER' END)::"Outcome", '13900000000',
            CASE WHEN n % 2 = 0 THEN 'rec-' || acc || '-' || n || to_char(d, 'YYYYMMDD') END, md5(acc::text || n || d::text), $3
     FROM generate_series($4::date, $5::date, interval '1 day') AS d, unnest($6::int[]) AS acc, generate_series(1, 4) AS n
     WHERE extract(isodow FROM d) < 6 AND NOT (d::date BETWEEN $7::date AND $8::date)`,
    [agencyId, options.agentId, options.batchId, options.from, options.to, options.accounts, options.skipFrom, options.skipTo],
  );
  const client = await getPool().connect();
  try {
    await completeBulkEvents(client, options.batchId);
  } finally {
    client.release();
  }
}

beforeAll(async () => {
  agencyId = await createAgency({ code, name: "Data health agency" });
  complianceId = await ensureUser({ email: `dh-compliance-${suffix}@health.test`, name: "Officer Data", role: "COMPLIANCE" });
  const worked = await createRuleTestCustomer({ accounts: Array.from({ length: 5 }, () => ({ agencyId, placedAt: "2026-01-01" })) });
  // The regular log, in one early batch (on time for every day), through its own agent.
  const [seed] = await insertActivityEvents([{ agencyId, accountId: worked.accounts[0]!.accountId, occurredAt: "2026-01-05T09:00:00+08:00", agentExternalId: "A1" }]);
  const agent = await getPrisma().agent.findUniqueOrThrow({ where: { agencyId_externalId: { agencyId, externalId: "A1" } } });
  await getPrisma().importBatch.update({ where: { id: seed!.importBatchId }, data: { createdAt: new Date("2026-01-01T00:00:00Z") } });
  await bulkEvents({ accounts: worked.accounts.map((account) => account.accountId), batchId: seed!.importBatchId, agentId: agent.id, from: "2026-01-05", to: "2026-03-31", skipFrom: "2026-03-09", skipTo: "2026-03-16" });
  // 16 March's file arrives on the 18th (due the 17th at 10:00 Shanghai).
  const [late] = await insertActivityEvents([{ agencyId, accountId: worked.accounts[1]!.accountId, occurredAt: "2026-03-16T11:00:00+08:00", agentExternalId: "A1" }]);
  await getPrisma().importBatch.update({ where: { id: late!.importBatchId }, data: { createdAt: new Date("2026-03-18T05:00:00Z") } });
  // Agent B2 connects without recording; a placement of 2 March is never worked; a payment comes with no contact.
  const quiet = await createRuleTestCustomer({ accounts: [{ agencyId, placedAt: "2026-03-02" }, { agencyId, placedAt: "2025-06-01" }] });
  unworkedAccount = quiet.accounts[0]!.accountNumber;
  paidAccount = quiet.accounts[1]!.accountNumber;
  const extra = await insertActivityEvents([
    { agencyId, accountId: worked.accounts[2]!.accountId, occurredAt: "2026-03-18T15:00:00+08:00", agentExternalId: "B2", outcome: "CONNECTED", recordingId: null },
    { agencyId, accountId: worked.accounts[3]!.accountId, occurredAt: "2026-03-19T15:00:00+08:00", agentExternalId: "B2", outcome: "CONNECTED", recordingId: null },
    { agencyId, accountId: quiet.accounts[1]!.accountId, occurredAt: "2026-03-20T12:00:00+08:00", type: "PAYMENT", amount: "500.00", agentExternalId: null },
    // A payment after a call is not flagged.
    { agencyId, accountId: worked.accounts[4]!.accountId, occurredAt: "2026-03-20T12:00:00+08:00", type: "PAYMENT", amount: "300.00", agentExternalId: null },
  ]);
  await getPrisma().importBatch.update({ where: { id: extra[0]!.importBatchId }, data: { createdAt: new Date("2026-01-01T00:00:00Z") } });
  await saveDataHealthSettings({ ...defaultDataHealthSettings(), agencies: [] }, null);
}, 120_000);

const itemsOf = async (month = "2026-03") => (await computeDataHealth({ month, agencyIds: [agencyId], now })).agencies[0]!;
const kinds = (items: DataHealthItem[]) => items.map((item) => item.kind);

describe("a month's data health", () => {
  test("the missing week is one item; the late day another", async () => {
    const health = await itemsOf();
    const missing = health.items.filter((item) => item.kind === "FEED_MISSING");
    // 9–13 March and the 16th's own log (only the late file's one event) is present: 9–13 is the missing run.
    expect(missing).toEqual([expect.objectContaining({ from: "2026-03-09", to: "2026-03-13", figures: { businessDays: 5 } })]);
    const late = health.items.filter((item) => item.kind === "FEED_LATE");
    expect(late).toEqual([expect.objectContaining({ from: "2026-03-16", to: "2026-03-16", figures: expect.objectContaining({ hoursLate: 27, events: 1 }) })]);
    expect(health.feedDays.find((day) => day.day === "2026-03-02")?.status).toBe("ON_TIME");
  });

  test("the quiet week drops the agency's and the agent's events below their control limits", async () => {
    const health = await itemsOf();
    const drops = health.items.filter((item) => item.kind === "VOLUME_DROP" && item.figures.metric === "events");
    expect(drops.map((item) => [item.agentExternalId, item.from, item.figures.value])).toEqual(
      expect.arrayContaining([
        [null, "2026-03-09", 0],
        ["A1", "2026-03-09", 0],
      ]),
    );
    const agencyDrop = drops.find((item) => item.agentId === null)!;
    expect(Number(agencyDrop.figures.baselineMean)).toBe(100);
    expect(Number(agencyDrop.figures.lowerLimit)).toBeGreaterThan(0);
  });

  test("an agent with connected calls and no recording, an unworked placement and a payment without contact", async () => {
    const health = await itemsOf();
    expect(health.items.filter((item) => item.kind === "AGENT_NO_RECORDINGS")).toEqual([expect.objectContaining({ agentExternalId: "B2", figures: { connectedCalls: 2 } })]);
    expect(health.items.find((item) => item.kind === "UNWORKED_PLACEMENTS")).toMatchObject({ figures: { placements: 1, days: 14 }, samples: [unworkedAccount], from: "2026-03-16" });
    expect(health.items.find((item) => item.kind === "PAYMENT_WITHOUT_CONTACT")).toMatchObject({ figures: { payments: 1, days: 60 }, samples: [paidAccount] });
  });

  test("a daily feed not expected, and arrivals tracked only from a later day, silence those checks", async () => {
    await saveDataHealthSettings({ ...defaultDataHealthSettings(), agencies: [{ code, expectsDailyFeed: true, arrivalTrackedFrom: "2026-03-20" }] }, null);
    expect(kinds((await itemsOf()).items)).not.toContain("FEED_LATE");
    expect(kinds((await itemsOf()).items)).toContain("FEED_MISSING");
    await saveDataHealthSettings({ ...defaultDataHealthSettings(), agencies: [{ code, expectsDailyFeed: false, arrivalTrackedFrom: null }] }, null);
    const silenced = await itemsOf();
    expect(kinds(silenced.items)).not.toContain("FEED_MISSING");
    expect(silenced.feedDays.every((day) => day.status === "NOT_TRACKED")).toBe(true);
    await saveDataHealthSettings(defaultDataHealthSettings(), null);
  });

  test("days whose deadline has not passed are not judged", async () => {
    const early = await computeDataHealth({ month: "2026-03", agencyIds: [agencyId], now: new Date("2026-03-11T00:00:00Z") });
    const days = early.agencies[0]!.feedDays.map((day) => day.day);
    expect(days.at(-1)).toBe("2026-03-09");
    expect(early.agencies[0]!.items.filter((item) => item.kind === "FEED_MISSING")).toEqual([expect.objectContaining({ from: "2026-03-09", to: "2026-03-09" })]);
  });
});

describe("an item becomes a finding", () => {
  test("raised once, remembered on the item, and issued without violations", async () => {
    const missing = (await itemsOf()).items.find((item) => item.kind === "FEED_MISSING")!;
    const actor = actorFromUser({ id: complianceId, role: "COMPLIANCE", agencyId: null });
    const raised = await raiseDataHealthFinding({ month: "2026-03", agencyId, key: missing.key }, actor, now);
    expect(raised.created).toBe(true);
    const finding = await getPrisma().finding.findUniqueOrThrow({ where: { id: raised.findingId } });
    expect(finding.title).toContain(code);
    expect(finding.criteria).toMatchObject({ kind: "dataHealth", item: missing.key, itemKind: "FEED_MISSING" });
    expect((await itemsOf()).items.find((item) => item.key === missing.key)?.findingId).toBe(raised.findingId);
    const again = await raiseFindingFromDataHealth({ agencyId, agentId: null, item: missing.key, itemKind: "FEED_MISSING", figures: {}, from: missing.from, to: missing.to, title: "again" }, actor, now);
    expect(again).toMatchObject({ created: false, findingId: raised.findingId });
    const issued = await issueFinding({ findingId: raised.findingId, responseDueOn: "2026-04-20" }, actor, now);
    expect(issued.to).toBe("ISSUED");
  });

  test("an item the data no longer shows cannot be raised", async () => {
    const actor = actorFromUser({ id: complianceId, role: "COMPLIANCE", agencyId: null });
    await expect(raiseDataHealthFinding({ month: "2026-03", agencyId, key: `FEED_MISSING:${code}:2026-03-02` }, actor, now)).rejects.toThrow(/no longer/);
  });
});


describe("npm run oversight -- data-health", () => {
  test("one record per item in JSON Lines and CSV; bad flags exit 2", { timeout: 240_000 }, async () => {
    const json = await oversight(["data-health", "--agency", code, "--month", "2026-03", "--format", "json"]);
    expect(json.code, json.stderr).toBe(0);
    const records = json.stdout.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.find((record) => record.kind === "FEED_MISSING")).toMatchObject({ agencyCode: code, month: "2026-03", from: "2026-03-09", to: "2026-03-13", figures: { businessDays: 5 }, findingId: expect.any(Number) });
    expect(records.find((record) => record.kind === "UNWORKED_PLACEMENTS")).toMatchObject({ accounts: [unworkedAccount] });
    const csvOut = await oversight(["data-health", "--agency", code, "--month", "2026-03", "--format", "csv"]);
    expect(csvOut.code, csvOut.stderr).toBe(0);
    const lines = csvOut.stdout.replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("month,agency_code,kind,agent,from,to,figures,accounts,finding_id,key");
    expect(lines).toHaveLength(records.length + 1);
    expect(lines.some((line) => line.includes("AGENT_NO_RECORDINGS") && line.includes("connectedCalls=2"))).toBe(true);
    const badMonth = await oversight(["data-health", "--month", "2026-13", "--format", "json"]);
    expect(badMonth.code).toBe(2);
    expect(badMonth.stderr).toContain("--month must be a month YYYY-MM");
    const unknown = await oversight(["data-health", "--agency", "NOPE-NONE", "--month", "2026-03", "--format", "csv"]);
    expect(unknown.code).toBe(2);
  });
});
