import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { upsertAgency } from "~/agencies/agencies.server";
import { saveFeeSchedule } from "~/money/fee-schedules.server";
import { flatTerms } from "~/money/fee-terms";
import { createAgency } from "~/demo/factories.server";
import { stopQueue } from "~/jobs/queue.server";
import { getAgencyScorecards } from "~/metrics/get-agency-scorecards.server";
import { getAgentLeague, getKpiSummary, getMetricValues, getMonthlyMetrics, getVintageCurves, getViolationsByRule } from "~/metrics/metrics.server";
import { rebuildAllRollups, refreshRollupsForAccounts } from "~/metrics/refresh-rollups.server";
import { recomputeMetricsFromEvents } from "../support/recompute-metrics";
import { getScorecardWeights, saveScorecardWeights } from "~/metrics/scorecard-weights.server";
import { collectMetricsReport } from "~/metrics/metrics-report.server";
import { metricsReportCsv } from "../../scripts/cli/metrics";
import { csv, importFile } from "../support/import-harness";
import { useOwnDatabase } from "../support/own-database";

// A hand-built March 2026 (lender zone Asia/Shanghai) whose every figure is worked out in the comments.
let ag1: number;
let ag2: number;
const march = { from: "2026-03-01", to: "2026-03-31" };

const placementHeader = ["account_number", "customer_id", "agency_code", "placed_at", "placed_balance", "recalled_at", "dpd_at_placement", "product", "debtor_phones"];
const activityHeader = ["event_id", "account_number", "agent_id", "occurred_at", "type", "direction", "contact_party", "outcome", "phone_number", "amount", "promise_due_date"];

// The scorecard weights are one lender-wide setting: this file changes them, so it runs on a database of its own
// (the dashboard's tests read and restore them meanwhile).
let restoreDatabase: () => Promise<void>;

beforeAll(async () => {
  restoreDatabase = await useOwnDatabase("metrics");
  ag1 = await createAgency({ code: "MAG1", name: "甲催收", commissionRate: "0.20" });
  ag2 = await createAgency({ code: "MAG2", name: "乙催收", commissionRate: "0.10" });
  const placements = await importFile({
    kind: "PLACEMENTS",
    fileName: "m-placements.csv",
    content: csv([
      placementHeader,
      ["M-ACC1", "M-C1", "MAG1", "2026-03-01", "10000.00", null, 100, "LOAN", "13800000001"],
      ["M-ACC2", "M-C2", "MAG1", "2026-03-10", "5000.00", null, 30, "CARD", "13800000002"],
      ["M-ACC3", "M-C3", "MAG2", "2026-02-15", "20000.00", "2026-03-20", 400, "LOAN", "13800000003"],
    ]),
  });
  expect(placements.batch).toMatchObject({ status: "COMMITTED", acceptedRows: 3 });
  const first = await importFile({
    kind: "ACTIVITIES",
    agencyId: ag1,
    fileName: "m-ag1.csv",
    content: csv([
      activityHeader,
      ["E1", "M-ACC1", "A1", "2026-03-02 10:00", "CALL", "OUTBOUND", "DEBTOR", "CONNECTED", "13800000001", null, null],
      ["E2", "M-ACC1", "A1", "2026-03-02 10:30", "PROMISE", "INBOUND", "DEBTOR", null, null, "1000.00", "2026-03-10"],
      // 600 + 400 by 13 March (due date + 3): kept.
      ["E3", "M-ACC1", null, "2026-03-12 09:00", "PAYMENT", "INBOUND", null, null, null, "600.00", null],
      ["E4", "M-ACC1", null, "2026-03-13 20:00", "PAYMENT", "INBOUND", null, null, null, "400.00", null],
      ["E5", "M-ACC2", "A2", "2026-03-11 09:00", "CALL", "OUTBOUND", "UNKNOWN", "WRONG_NUMBER", "13900000009", null, null],
      // The same number after it was reported wrong: a wrong-party contact although the SMS was delivered.
      ["E6", "M-ACC2", "A2", "2026-03-12 09:00", "SMS", "OUTBOUND", null, "DELIVERED", "13900000009", null, null],
      ["E7", "M-ACC2", "A2", "2026-03-12 10:00", "CALL", "OUTBOUND", "FAMILY", "CONNECTED", "13800000002", null, null],
      ["E8", "M-ACC2", "A2", "2026-03-15 10:00", "PROMISE", "INBOUND", "DEBTOR", null, null, "500.00", "2026-03-20"],
      // After 20 + 3 March: collected, but the promise was broken.
      ["E9", "M-ACC2", null, "2026-03-24 10:00", "PAYMENT", "INBOUND", null, null, null, "500.00", null],
      // 23:30 in Shanghai: still 31 March in the reporting zone (and outside contact hours).
      ["E10", "M-ACC1", "A1", "2026-03-31 23:30", "CALL", "OUTBOUND", "DEBTOR", "NO_ANSWER", "13800000001", null, null],
    ]),
  });
  expect(first.batch).toMatchObject({ status: "COMMITTED", rejectedRows: 0 });
  const second = await importFile({
    kind: "ACTIVITIES",
    agencyId: ag2,
    fileName: "m-ag2.csv",
    content: csv([
      activityHeader,
      ["F1", "M-ACC3", "B1", "2026-03-05 10:00", "CALL", "OUTBOUND", "DEBTOR", "CONNECTED", "13800000003", null, null],
      ["F3", "M-ACC3", null, "2026-03-18 10:00", "PAYMENT", "INBOUND", null, null, null, "1000.00", null],
      // After the recall on 20 March: not collected by MAG2.
      ["F2", "M-ACC3", null, "2026-03-25 10:00", "PAYMENT", "INBOUND", null, null, null, "2000.00", null],
    ]),
  });
  expect(second.batch?.status).toBe("COMMITTED");
  const complaints = await importFile({
    kind: "COMPLAINTS",
    fileName: "m-complaints.csv",
    content: csv([
      ["complaint_id", "account_number", "agency_code", "agent_id", "received_at", "source", "category"],
      ["MCP1", "M-ACC2", "MAG1", "A2", "2026-03-16 12:00", "DEBTOR", "harassment"],
    ]),
  });
  expect(complaints.batch?.status).toBe("COMMITTED");
}, 120_000);

afterAll(async () => {
  await stopQueue();
  await restoreDatabase();
});

async function violationsInMarch(where: object = {}) {
  return getPrisma().violation.count({
    where: { status: { not: "DISMISSED" }, occurredAt: { gte: new Date("2026-02-28T16:00:00Z"), lt: new Date("2026-03-31T16:00:00Z") }, agencyId: { in: [ag1, ag2] }, ...where },
  });
}

describe("hand-computed figures", () => {
  test("March, both agencies", async () => {
    const values = await getMetricValues({ ...march, agencyIds: [ag1, ag2] });
    expect(values).toMatchObject({
      placedAccounts: 3,
      placedBalance: 35000,
      collected: 2500,
      commission: 400,
      netBack: 2100,
      outboundContacts: 6,
      accountsWorked: 3,
      accountsContacted: 3,
      accountsRightParty: 2,
      accountsWithPromise: 2,
      promisesDue: 2,
      promisesKept: 1,
      ptpKeptRate: 0.5,
      ptpRate: 1,
      contactRate: 1,
      wrongPartyContacts: 2,
      thirdPartyContacts: 1,
      complaints: 1,
    });
    expect(values.recoveryRate).toBeCloseTo(2500 / 35000, 12);
    expect(values.rpcRate).toBeCloseTo(2 / 3, 12);
    expect(values.wrongPartyRate).toBeCloseTo(2 / 6, 12);
    expect(values.complaintsPer1000Accounts).toBeCloseTo(1000 / 3, 9);
    expect(values.violations).toBe(await violationsInMarch());
    expect(values.violations).toBeGreaterThan(0);
    expect(values.violationsPer1000Contacts).toBeCloseTo((values.violations * 1000) / 6, 9);
    expect(await recomputeMetricsFromEvents({ ...march, agencyIds: [ag1, ag2] })).toEqual(values);
  });

  test("one agent: only their own events", async () => {
    const agent = await getPrisma().agent.findUniqueOrThrow({ where: { agencyId_externalId: { agencyId: ag1, externalId: "A2" } } });
    const values = await getMetricValues({ ...march, agentId: agent.id });
    expect(values).toMatchObject({
      placedAccounts: 0,
      collected: 0,
      outboundContacts: 3,
      wrongPartyContacts: 2,
      thirdPartyContacts: 1,
      accountsWorked: 1,
      accountsContacted: 1,
      accountsRightParty: 0,
      ptpRate: null,
      promisesDue: 1,
      promisesKept: 0,
      complaints: 1,
      complaintsPer1000Accounts: null,
      recoveryRate: null,
    });
    expect(await recomputeMetricsFromEvents({ ...march, agentId: agent.id })).toEqual(values);
  });

  test("an empty period has zeros and null rates, never NaN", async () => {
    const values = await getMetricValues({ from: "2025-01-01", to: "2025-01-31", agencyIds: [ag1, ag2] });
    expect(values.collected).toBe(0);
    expect(values.recoveryRate).toBeNull();
    expect(values.contactRate).toBeNull();
    expect(values.violationsPer1000Contacts).toBeNull();
    expect(Object.values(values).some((value) => typeof value === "number" && Number.isNaN(value))).toBe(false);
  });

  test("segments, partial months and the previous period", async () => {
    const loan = await getMetricValues({ ...march, agencyIds: [ag1, ag2], product: "LOAN" });
    expect(loan).toMatchObject({ placedAccounts: 2, placedBalance: 30000, collected: 2000 });
    const dpd = await getMetricValues({ ...march, agencyIds: [ag1, ag2], dpdBucket: "0-89" });
    expect(dpd).toMatchObject({ placedAccounts: 1, collected: 500, accountsWorked: 1, wrongPartyContacts: 2 });
    // 11-12 March: E5, E6, E7 (ACC2) and the 600 paid on the 12th.
    const days = await getMetricValues({ from: "2026-03-11", to: "2026-03-12", agencyIds: [ag1, ag2] });
    expect(days).toMatchObject({ outboundContacts: 3, accountsWorked: 1, accountsContacted: 1, collected: 600 });
    const summary = await getKpiSummary({ ...march, agencyIds: [ag1, ag2] });
    expect(summary.previousPeriod).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    expect(summary.previous).toMatchObject({ placedAccounts: 1, collected: 0, recoveryRate: 0 });
  });

  test("per agency and month, agents, violations by rule, vintages, scorecards", async () => {
    const monthly = await getMonthlyMetrics({ from: "2026-02-01", to: "2026-03-31", agencyIds: [ag1, ag2], by: "agency" });
    const mag1March = monthly.find((point) => point.agencyCode === "MAG1" && point.month === "2026-03");
    expect(mag1March?.metrics).toMatchObject({ collected: 1500, commission: 300, netBack: 1200, placedAccounts: 2 });
    // A rate changed today applies from today on: March keeps the rate it was earned under (ADR 037).
    const agency = await getPrisma().agency.findUniqueOrThrow({ where: { id: ag1 } });
    await upsertAgency({ code: agency.code, name: agency.name, timeZone: agency.timeZone, commissionRate: "0.25", active: true });
    try {
      expect(await getMetricValues({ ...march, agencyIds: [ag1] })).toMatchObject({ collected: 1500, commission: 300, netBack: 1200 });
      // A contract from 13 March: 600 on the 12th at 20%, 400 on the 13th and 500 on the 24th at 25%.
      await saveFeeSchedule({ agencyId: ag1, effectiveFrom: "2026-03-13", terms: flatTerms("0.25"), by: { via: "test" } });
      const repriced = await getMetricValues({ ...march, agencyIds: [ag1] });
      expect(repriced).toMatchObject({ collected: 1500, commission: 345, netBack: 1155 });
      expect(repriced).toEqual(await recomputeMetricsFromEvents({ ...march, agencyIds: [ag1] }));
    } finally {
      await saveFeeSchedule({ agencyId: ag1, effectiveFrom: "2026-03-13", terms: flatTerms("0.20"), by: { via: "test" } });
      await upsertAgency({ code: agency.code, name: agency.name, timeZone: agency.timeZone, commissionRate: "0.20", active: true });
    }
    expect(await getMetricValues({ ...march, agencyIds: [ag1] })).toMatchObject({ commission: 300 });
    const league = await getAgentLeague({ ...march, agencyIds: [ag1, ag2] });
    expect(league.map((row) => row.externalId).sort()).toEqual(["A1", "A2", "B1"]);
    const byRule = await getViolationsByRule({ ...march, agencyIds: [ag1, ag2] });
    expect(byRule.reduce((sum, row) => sum + row.count, 0)).toBe(await violationsInMarch());
    const { outboundContacts } = await getMetricValues({ ...march, agencyIds: [ag1, ag2] });
    for (const row of byRule) expect(row.per1000Contacts).toBeCloseTo((row.count * 1000) / outboundContacts, 9);
    const curves = await getVintageCurves({ from: "2026-03-01", to: "2026-04-30", agencyIds: [ag1, ag2] });
    // MAG2's February vintage: 1,000 collected in its second month (15 Feb – 14 Mar is month 1; 18 Mar is month 2).
    const february = curves.find((curve) => curve.agencyCode === "MAG2" && curve.vintage === "2026-02");
    expect(february?.points.slice(0, 2)).toEqual([
      { monthsSincePlacement: 1, cumulativeRecoveryRate: 0 },
      { monthsSincePlacement: 2, cumulativeRecoveryRate: 0.05 },
    ]);
    const cards = await getAgencyScorecards({ ...march, agencyIds: [ag1, ag2] });
    expect(cards.map((card) => card.agencyCode).sort()).toEqual(["MAG1", "MAG2"]);
    for (const card of cards) expect(card.gradeScores.total === null ? card.grade === null : ["A", "B", "C", "D"].includes(card.grade ?? "")).toBe(true);
    // A period with placements but no activity (the future) grades nobody: no violations there is not good conduct.
    const future = await getAgencyScorecards({ from: "2027-06-01", to: "2027-06-30", agencyIds: [ag1, ag2] });
    // MAG1's placement is still active then (MAG2's was recalled): it has figures, but no grade.
    expect(future.map((card) => card.agencyCode)).toContain("MAG1");
    for (const card of future) {
      expect(card.metrics.outboundContacts).toBe(0);
      expect(card).toMatchObject({ grade: null, gradeWithheld: { reason: "NOT_ENOUGH_ACTIVITY", minimumOutboundContacts: 50 }, gradeScores: { total: null } });
    }
  });

  test("a dismissed violation leaves the counts after a refresh", async () => {
    const violation = await getPrisma().violation.findFirstOrThrow({ where: { agencyId: ag1, status: "OPEN" } });
    const before = await getMetricValues({ ...march, agencyIds: [ag1] });
    await getPrisma().violation.updateMany({ where: { id: violation.id }, data: { status: "DISMISSED" } });
    await refreshRollupsForAccounts([violation.accountId]);
    const after = await getMetricValues({ ...march, agencyIds: [ag1] });
    expect(after.violations).toBe(before.violations - 1);
    expect(after).toEqual(await recomputeMetricsFromEvents({ ...march, agencyIds: [ag1] }));
    // Refreshing again changes nothing, and a full rebuild gives the same figures.
    await refreshRollupsForAccounts([violation.accountId]);
    expect(await getMetricValues({ ...march, agencyIds: [ag1] })).toEqual(after);
    await rebuildAllRollups();
    expect(await getMetricValues({ ...march, agencyIds: [ag1] })).toEqual(after);
  });

  test("scorecard weights: validated, stored, defaults documented", async () => {
    expect(await getScorecardWeights()).toEqual({ recoveryIndex: 0.45, violationsPer1000Contacts: 0.25, complaintsPer1000Accounts: 0.15, upheldComplaintsPer1000Accounts: 0.15, escalatedFindings: 10 });
    await expect(saveScorecardWeights({ recoveryIndex: 0, violationsPer1000Contacts: 0, complaintsPer1000Accounts: 0 }, null)).rejects.toThrow();
    await expect(saveScorecardWeights({ recoveryIndex: -1, violationsPer1000Contacts: 1, complaintsPer1000Accounts: 1 }, null)).rejects.toThrow();
    await saveScorecardWeights({ recoveryIndex: 60, violationsPer1000Contacts: 30, complaintsPer1000Accounts: 10 }, null);
    // Weights saved without the escalation points keep its default; saved before upheld complaints counted, that part weighs nothing.
    expect(await getScorecardWeights()).toEqual({ recoveryIndex: 60, violationsPer1000Contacts: 30, complaintsPer1000Accounts: 10, upheldComplaintsPer1000Accounts: 0, escalatedFindings: 10 });
  });

  test("the CLI prints the page figures as JSON and CSV", async () => {
    const report = await collectMetricsReport({ month: "2026-03", agencyCode: "MAG2", by: "agency" });
    expect(report.rows).toHaveLength(1);
    expect(report.rows[0]).toMatchObject({ agencyCode: "MAG2", metrics: { collected: 1000, placedAccounts: 1, promisesDue: 0, ptpKeptRate: null } });
    const text = metricsReportCsv(report);
    const [header, row] = text.replace(/^\uFEFF/, "").trim().split("\r\n");
    const cells = Object.fromEntries(header!.split(",").map((name, index) => [name, row!.split(",")[index]]));
    expect(cells).toMatchObject({ scope: "agency", agency_code: "MAG2", collected: "1000", ptpKeptRate: "—", placedAccounts: "1" });
    // The scorecard as the agencies page shows it.
    const [card] = await getAgencyScorecards({ ...march, agencyIds: [ag2] });
    expect(report.rows[0]?.scorecard).toEqual({ recoveryIndex: card!.recoveryIndex, grade: card!.grade, gradeScore: card!.gradeScores.total, indistinguishableFrom: card!.indistinguishableFrom });
    expect(cells.grade).toBe(card!.grade ?? "—");
    const agents = await collectMetricsReport({ month: "2026-03", agencyCode: "MAG1", by: "agent" });
    expect(metricsReportCsv(agents).split("\r\n")[0]).toMatch(/,violation_outlier,violation_z_score$/);

    const run = promisify(execFile);
    const { stdout } = await run("npx", ["tsx", "scripts/oversight.ts", "metrics", "--month", "2026-03", "--agency", "MAG1", "--format", "json"], {
      env: process.env,
      cwd: new URL("../..", import.meta.url).pathname,
    });
    const printed = JSON.parse(stdout) as { rows: { metrics: Record<string, unknown> }[] };
    expect(printed.rows[0]?.metrics).toEqual(await getMetricValues({ ...march, agencyIds: [ag1] }));
    await expect(run("npx", ["tsx", "scripts/oversight.ts", "metrics", "--month", "2026-13", "--format", "json"], { env: process.env })).rejects.toMatchObject({ code: 2 });
  }, 60_000);
});
