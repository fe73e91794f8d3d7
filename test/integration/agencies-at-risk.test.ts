import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { createAgency, createPlacedAccount, ensureUser } from "~/demo/factories.server";
import { insertActivityEvents, type FactoryEvent } from "~/demo/rule-factories.server";
import { saveConductGate } from "~/metrics/conduct-gate.server";
import { getAgencyScorecards } from "~/metrics/get-agency-scorecards.server";
import { MIN_OUTBOUND_CONTACTS_FOR_GRADE } from "~/metrics/metric-formulas";
import { collectMetricsReport } from "~/metrics/metrics-report.server";
import { refreshRollupsForAccounts } from "~/metrics/refresh-rollups.server";
import type { AgencyRiskRow } from "~/metrics/risk-order";
import { saveScorecardWeights } from "~/metrics/scorecard-weights.server";
import { ensureDefaultRulePacks } from "~/rules/rule-packs.server";
import * as dashboard from "~/routes/_app._index";
import * as scorecardSettings from "~/routes/_app.settings.scorecard";
import { useOwnDatabase } from "../support/own-database";
import { buildRequest, runRoute, sessionCookieFor } from "../support/route-harness";

// The conduct gate is one lender-wide setting: this file changes it, so it runs on a database of its own.
let restoreDatabase: () => Promise<void>;
let risky: number;
let clean: number;
let executiveCookie: string;
let adminCookie: string;
const october = { from: "2026-10-01", to: "2026-10-31" };

beforeAll(async () => {
  restoreDatabase = await useOwnDatabase("agencies_at_risk");
  await ensureDefaultRulePacks();
  risky = await createAgency({ code: "RISKY", name: "Threatening collections" });
  clean = await createAgency({ code: "CLEAN", name: "Compliant collections" });
  executiveCookie = await sessionCookieFor(await ensureUser({ email: "exec@risk.test", name: "Exec", role: "EXECUTIVE" }));
  adminCookie = await sessionCookieFor(await ensureUser({ email: "admin@risk.test", name: "Admin", role: "ADMIN" }));
  // Each placed account comes with one connected October call. RISKY collects most and calls most, with three
  // violations (two HIGH) and a complaint; CLEAN collects a quarter and breaks nothing.
  const r1 = await createPlacedAccount({ agencyId: risky });
  const r2 = await createPlacedAccount({ agencyId: risky });
  const c1 = await createPlacedAccount({ agencyId: clean });
  const calls = (agencyId: number, accountId: number, days: string[]): FactoryEvent[] =>
    days.map((day) => ({ agencyId, accountId, occurredAt: `${day}T11:00:00+08:00`, type: "CALL", direction: "OUTBOUND", agentExternalId: "A001" }));
  const routineCalls = (agencyId: number, accountId: number, count: number): FactoryEvent[] =>
    Array.from({ length: count }, (_, index) => ({
      agencyId,
      accountId,
      occurredAt: `2026-10-${String(1 + (index % 25)).padStart(2, "0")}T${String(9 + Math.floor(index / 25)).padStart(2, "0")}:30:00+08:00`,
      type: "CALL",
      direction: "OUTBOUND",
      agentExternalId: "A002",
    }));
  const inserted = await insertActivityEvents([
    ...calls(risky, r1.accountId, ["2026-10-05", "2026-10-06", "2026-10-07", "2026-10-08", "2026-10-09", "2026-10-10", "2026-10-11", "2026-10-12"]),
    // September (the previous period): contacts and no violation.
    ...calls(risky, r1.accountId, ["2026-09-10", "2026-09-11", "2026-09-12", "2026-09-13"]),
    { agencyId: risky, accountId: r1.accountId, occurredAt: "2026-10-20T10:00:00+08:00", type: "PAYMENT", direction: "INBOUND", amount: "12000.00" },
    { agencyId: risky, accountId: r2.accountId, occurredAt: "2026-10-21T10:00:00+08:00", type: "PAYMENT", direction: "INBOUND", amount: "6000.00" },
    { agencyId: clean, accountId: c1.accountId, occurredAt: "2026-10-21T10:00:00+08:00", type: "PAYMENT", direction: "INBOUND", amount: "3000.00" },
    // Enough October activity for both to be graded at all (MIN_OUTBOUND_CONTACTS_FOR_GRADE).
    ...routineCalls(risky, r2.accountId, MIN_OUTBOUND_CONTACTS_FOR_GRADE - 10),
    ...routineCalls(clean, c1.accountId, MIN_OUTBOUND_CONTACTS_FOR_GRADE),
  ]);
  const pack = await getPrisma().rulePack.findFirstOrThrow({ where: { code: "cn", status: "PUBLISHED" } });
  const violation = (index: number, ruleCode: string, severity: "HIGH" | "LOW", status: "OPEN" | "DISMISSED" = "OPEN") =>
    getPrisma().violation.create({
      data: {
        ruleCode,
        severity,
        status,
        agencyId: risky,
        accountId: r1.accountId,
        triggerEventId: inserted[index]!.id,
        evidenceEventIds: [inserted[index]!.id],
        rulePackId: pack.id,
        occurredAt: inserted[index]!.occurredAt,
        explanation: { key: `rules.${ruleCode}.explanation`, params: {} },
      },
    });
  await violation(0, "ABUSIVE_LANGUAGE", "HIGH");
  await violation(1, "CONTACT_AFTER_CEASE", "HIGH");
  await violation(2, "DAILY_ATTEMPTS_PER_NUMBER", "LOW");
  // Dismissed on review: counted nowhere.
  await violation(3, "ABUSIVE_LANGUAGE", "HIGH", "DISMISSED");
  await getPrisma().complaint.create({ data: { complaintRef: "RISK-1", accountId: r1.accountId, agencyId: risky, receivedAt: new Date("2026-10-15T03:00:00Z"), source: "DEBTOR", category: "threats" } });
  await refreshRollupsForAccounts([r1.accountId, r2.accountId, c1.accountId]);
  // The recovery index alone makes the grade here, so the scores give RISKY an A (it collects most).
  await saveScorecardWeights({ recoveryIndex: 1, violationsPer1000Contacts: 0, complaintsPer1000Accounts: 0 }, null);
}, 120_000);

afterAll(async () => {
  await restoreDatabase();
});

/** The panel's figures counted straight from the source tables (October in Shanghai), not from the roll-ups. */
async function fromSourceTables(agencyId: number, period: { from: string; to: string }) {
  const [row] = await getPrisma().$queryRaw<{ contacts: number; violations: number; high: number; complaints: number; placed: number }[]>`
    SELECT
      (SELECT count(*)::int FROM "ActivityEvent" WHERE "agencyId" = ${agencyId} AND direction = 'OUTBOUND' AND type IN ('CALL', 'SMS', 'EMAIL', 'LETTER', 'VISIT')
         AND ("occurredAt" AT TIME ZONE 'Asia/Shanghai')::date BETWEEN ${period.from}::date AND ${period.to}::date) AS contacts,
      (SELECT count(*)::int FROM "Violation" WHERE "agencyId" = ${agencyId} AND status <> 'DISMISSED'
         AND ("occurredAt" AT TIME ZONE 'Asia/Shanghai')::date BETWEEN ${period.from}::date AND ${period.to}::date) AS violations,
      (SELECT count(*)::int FROM "Violation" WHERE "agencyId" = ${agencyId} AND status <> 'DISMISSED' AND severity = 'HIGH'
         AND ("occurredAt" AT TIME ZONE 'Asia/Shanghai')::date BETWEEN ${period.from}::date AND ${period.to}::date) AS high,
      (SELECT count(*)::int FROM "Complaint" WHERE "agencyId" = ${agencyId}
         AND ("receivedAt" AT TIME ZONE 'Asia/Shanghai')::date BETWEEN ${period.from}::date AND ${period.to}::date) AS complaints,
      (SELECT count(*)::int FROM "Placement" WHERE "agencyId" = ${agencyId} AND "placedAt" <= ${period.to}::date
         AND ("recalledAt" IS NULL OR "recalledAt" >= ${period.from}::date)) AS placed`;
  const per1000 = (count: number, base: number) => (base === 0 ? null : (count * 1000) / base);
  return {
    highViolationsPer1000Contacts: per1000(row!.high, row!.contacts),
    violationsPer1000Contacts: per1000(row!.violations, row!.contacts),
    complaintsPer1000Accounts: per1000(row!.complaints, row!.placed),
  };
}

type DashboardBody = { figures: { atRisk: AgencyRiskRow[] } };

describe("agencies at risk on the executive dashboard", () => {
  test("rows match the figures counted from the source tables, riskiest first, with the trend against September", async () => {
    const outcome = await runRoute(dashboard.loader, buildRequest("/?from=2026-10-01&to=2026-10-31&agency=RISKY&agency=CLEAN", { cookie: executiveCookie }));
    expect(outcome.status).toBe(200);
    const rows = (outcome.body as DashboardBody).figures.atRisk;
    expect(rows.map((row) => row.agencyCode)).toEqual(["RISKY", "CLEAN"]);
    for (const row of rows) {
      const expected = await fromSourceTables(row.agencyId, october);
      expect(row.highViolationsPer1000Contacts).toBeCloseTo(expected.highViolationsPer1000Contacts ?? Number.NaN, 9);
      expect(row.violationsPer1000Contacts).toBeCloseTo(expected.violationsPer1000Contacts ?? Number.NaN, 9);
      expect(row.complaintsPer1000Accounts).toBeCloseTo(expected.complaintsPer1000Accounts ?? Number.NaN, 9);
      const before = await fromSourceTables(row.agencyId, { from: "2026-09-01", to: "2026-09-30" });
      expect(row.trend.violationsPer1000Contacts.previous).toEqual(before.violationsPer1000Contacts);
    }
    const [riskyRow, cleanRow] = rows as [AgencyRiskRow, AgencyRiskRow];
    // 2 HIGH of 3 counted violations, over 50 October contacts (the factory's calls, eight more and 40 routine ones).
    expect(riskyRow).toMatchObject({ violationsHigh: 2, violations: 3, outboundContacts: 50, complaints: 1, placedAccounts: 2 });
    expect(riskyRow.highViolationsPer1000Contacts).toBeCloseTo(40, 9);
    expect(riskyRow.trend.highViolationsPer1000Contacts).toMatchObject({ previous: 0, direction: "worse" });
    expect(riskyRow.trend.highViolationsPer1000Contacts.change).toBeCloseTo(40, 9);
    expect(cleanRow.violationsPer1000Contacts).toBe(0);
    expect(cleanRow.trend.violationsPer1000Contacts.direction).toBe("new");
    // The default gate (5 HIGH per 1,000 contacts, at best D) caps RISKY's A, and the row says why.
    expect(riskyRow.grade).toBe("D");
    expect(riskyRow.conductGate).toEqual({ uncappedGrade: "A", highViolationsPer1000Contacts: 40, threshold: 5, capGrade: "D" });
    expect(cleanRow.conductGate).toBeNull();
  });
});

describe("conduct gate", () => {
  const riskyCard = async () => (await getAgencyScorecards({ ...october, agencyIds: [risky, clean] })).find((card) => card.agencyId === risky)!;

  test("the setting changes the grade every reader of the scorecards sees, at once", async () => {
    await saveConductGate({ enabled: false, highViolationsPer1000Contacts: 5, capGrade: "D" }, null);
    expect((await riskyCard()).grade).toBe("A");
    expect((await riskyCard()).conductGate).toBeNull();
    await saveConductGate({ enabled: true, highViolationsPer1000Contacts: 39, capGrade: "B" }, null);
    expect((await riskyCard()).grade).toBe("B");
    // Exactly at the threshold is not above it.
    await saveConductGate({ enabled: true, highViolationsPer1000Contacts: 40, capGrade: "B" }, null);
    expect((await riskyCard()).grade).toBe("A");
    await saveConductGate({ enabled: true, highViolationsPer1000Contacts: 5, capGrade: "D" }, null);
    const cards = await getAgencyScorecards({ ...october, agencyIds: [risky, clean] });
    expect(cards.map((card) => [card.agencyCode, card.grade])).toEqual([
      // Both D now; the capped one ranks below the one graded D by its scores alone.
      ["CLEAN", "D"],
      ["RISKY", "D"],
    ]);
    // The CLI and the API read the same report.
    const report = await collectMetricsReport({ month: "2026-10", by: "agency" });
    expect(report.rows.find((row) => row.agencyCode === "RISKY")?.scorecard?.grade).toBe("D");
  });

  test("ADMIN saves it on the weights page; a bad threshold is refused and nothing changes", async () => {
    const refused = await runRoute(scorecardSettings.action, buildRequest("/settings/scorecard", { method: "POST", cookie: adminCookie, form: { intent: "conductGate", enabled: "on", threshold: "-1", capGrade: "C" } }));
    expect(refused.body).toMatchObject({ status: "error", error: "gate" });
    expect((await riskyCard()).grade).toBe("D");
    const saved = await runRoute(scorecardSettings.action, buildRequest("/settings/scorecard", { method: "POST", cookie: adminCookie, form: { intent: "conductGate", enabled: "on", threshold: "2.5", capGrade: "C" } }));
    expect(saved.body).toMatchObject({ status: "saved" });
    expect((await riskyCard()).grade).toBe("C");
    const page = await runRoute(scorecardSettings.loader, buildRequest("/settings/scorecard", { cookie: adminCookie }));
    expect((page.body as { gate: unknown }).gate).toEqual({ enabled: true, highViolationsPer1000Contacts: 2.5, capGrade: "C" });
    const executive = await runRoute(scorecardSettings.action, buildRequest("/settings/scorecard", { method: "POST", cookie: executiveCookie, form: { intent: "conductGate", threshold: "100", capGrade: "A" } }));
    expect(executive.status).toBe(403);
    expect((await riskyCard()).grade).toBe("C");
  });
});
