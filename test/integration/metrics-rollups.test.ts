import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { createAgency } from "~/demo/factories.server";
import { seededRandom } from "~/demo/seeded-random";
import { getAgentLeague, getMetricValues, getMonthlyMetrics, getVintageCurves, getViolationsByRule } from "~/metrics/metrics.server";
import { addDays, defaultPeriod, lastOfMonth } from "~/metrics/metric-filters";
import type { MetricFilters } from "~/metrics/metric-types";
import { getRollupGeneration, rebuildAllRollups } from "~/metrics/refresh-rollups.server";
import { recomputeMetricsFromEvents, recomputeViolationsByRuleFromEvents } from "../support/recompute-metrics";
import { reportingToday } from "~/metrics/metric-filters.server";
import { getMetricDataRange } from "~/metrics/query-metrics.server";
import { presetRange } from "~/dashboard/period-presets";
import { getPool } from "~/db/pg.server";
import { computeRecoveryIndex, forgetPlacementColumns } from "~/metrics/get-agency-scorecards.server";
import { referenceRecoveryIndex, referenceVintageCurves } from "../support/reference-placement-figures";
import { csv, importFile } from "../support/import-harness";
import { useOwnDatabase } from "../support/own-database";

// Generated data through the real import pipeline (placements, activities per agency, complaints; rule evaluation
// and roll-up refresh run as after any import), then roll-up figures against the from-scratch recomputation.

const random = seededRandom(4242);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const agencies = [
  { code: "RGA", zone: "Asia/Shanghai", commission: "0.15" },
  { code: "RGB", zone: "Asia/Shanghai", commission: "0.22" },
  { code: "RGC", zone: "America/New_York", commission: "0.3333" },
];
const ids: Record<string, number> = {};
type Account = { number: string; agency: string; phones: string[]; placedAt: string; recalledAt: string | null; dpd: number | null };
const accounts: Account[] = [];
let eventSequence = 0;
let generationAfterImports = 0n;

const pad = (value: number) => String(value).padStart(2, "0");
function randomTime(fromDay: number, days: number): string {
  // Days counted from 2026-01-01; hours across the whole day so some land near midnight in either zone.
  const date = new Date(Date.UTC(2026, 0, 1 + fromDay + Math.floor(random() * days)));
  return `${date.toISOString().slice(0, 10)} ${pad(Math.floor(random() * 24))}:${pad(Math.floor(random() * 60))}`;
}

function activityRows(count: number, fromDay: number, days: number, agencyCode: string): (string | number | null)[][] {
  const rows: (string | number | null)[][] = [["event_id", "account_number", "agent_id", "occurred_at", "type", "direction", "contact_party", "outcome", "phone_number", "amount", "promise_due_date"]];
  const own = accounts.filter((account) => account.agency === agencyCode);
  for (let index = 0; index < count; index++) {
    const account = pick(own);
    const type = pick(["CALL", "CALL", "CALL", "SMS", "SMS", "VISIT", "PAYMENT", "PROMISE", "NOTE", "LETTER"] as const);
    const agent = `${agencyCode}-${1 + Math.floor(random() * 3)}`;
    const occurredAt = randomTime(fromDay, days);
    const id = `G${++eventSequence}`;
    if (type === "PAYMENT") rows.push([id, account.number, null, occurredAt, type, "INBOUND", null, null, null, (100 + Math.floor(random() * 90000) / 100).toFixed(2), null]);
    else if (type === "PROMISE") {
      const due = new Date(`${occurredAt.slice(0, 10)}T00:00:00Z`);
      due.setUTCDate(due.getUTCDate() + 1 + Math.floor(random() * 20));
      rows.push([id, account.number, random() < 0.5 ? agent : null, occurredAt, type, "INBOUND", "DEBTOR", null, null, (200 + Math.floor(random() * 300)).toFixed(2), due.toISOString().slice(0, 10)]);
    } else {
      const phone = random() < 0.8 ? pick(account.phones) : pick(["13999990001", "13999990002"]);
      const outcome = type === "SMS" ? pick(["DELIVERED", "FAILED"] as const) : pick(["CONNECTED", "CONNECTED", "NO_ANSWER", "VOICEMAIL", "BUSY", "WRONG_NUMBER"] as const);
      const party = outcome === "CONNECTED" ? pick(["DEBTOR", "DEBTOR", "SPOUSE", "FAMILY", "THIRD_PARTY", "EMPLOYER"] as const) : null;
      const direction = random() < 0.1 ? "INBOUND" : "OUTBOUND";
      rows.push([id, account.number, agent, occurredAt, type, direction, party, outcome, type === "VISIT" || type === "LETTER" ? null : phone, null, null]);
    }
  }
  return rows;
}

let restoreDatabase: () => Promise<void>;

beforeAll(async () => {
  // A database of its own: the recovery index's expected collections are the whole portfolio's segment rates, so
  // another file importing placements or payments between a figure and its recomputation would change one of them.
  restoreDatabase = await useOwnDatabase("rollups");
  for (const agency of agencies) ids[agency.code] = await createAgency({ code: agency.code, timeZone: agency.zone, commissionRate: agency.commission });
  const placements: (string | number | null)[][] = [["account_number", "customer_id", "agency_code", "placed_at", "placed_balance", "recalled_at", "dpd_at_placement", "product", "debtor_phones"]];
  for (let index = 0; index < 45; index++) {
    const agency = agencies[index % 3]!.code;
    const placedAt = `2026-0${1 + Math.floor(random() * 2)}-${pad(1 + Math.floor(random() * 28))}`;
    const recalled = random() < 0.2 ? `2026-03-${pad(1 + Math.floor(random() * 28))}` : null;
    const dpd = pick([10, 95, 200, 500, null]);
    const account: Account = { number: `RG${1000 + index}`, agency, phones: [`1380000${String(1000 + index)}`], placedAt, recalledAt: recalled, dpd };
    accounts.push(account);
    // Two accounts per customer now and then, so rules and refreshes span accounts.
    placements.push([account.number, `RGC${Math.floor(index / 2)}`, agency, placedAt, (1000 + Math.floor(random() * 6_000_000) / 100).toFixed(2), recalled, dpd, pick(["LOAN", "CARD", null]), account.phones[0]!]);
  }
  const placed = await importFile({ kind: "PLACEMENTS", fileName: "rg-placements.csv", content: csv(placements) });
  expect(placed.batch).toMatchObject({ status: "COMMITTED", rejectedRows: 0 });
  for (const agency of agencies) {
    const { batch } = await importFile({ kind: "ACTIVITIES", agencyId: ids[agency.code]!, fileName: `rg-${agency.code}-1.csv`, content: csv(activityRows(250, 0, 75, agency.code)) });
    expect(batch?.status).toBe("COMMITTED");
  }
  const complaints = await importFile({
    kind: "COMPLAINTS",
    fileName: "rg-complaints-1.csv",
    content: csv([
      ["complaint_id", "account_number", "agency_code", "received_at", "source", "category", "phone_number"],
      ["RGP1", accounts[0]!.number, "RGA", "2026-02-10 10:00", "DEBTOR", "频繁致电", null],
      ["RGP2", null, "RGB", "2026-02-20 10:00", "NON_BORROWER", "wrong person", "13999990001"],
      ["RGP3", accounts[4]!.number, "RGB", "2026-03-05 23:59", "REGULATOR", "harassment", null],
    ]),
  });
  expect(complaints.batch).toMatchObject({ status: "COMMITTED", rejectedRows: 0 });
}, 300_000);

afterAll(async () => {
  await restoreDatabase();
});

async function filterSet(): Promise<[string, MetricFilters][]> {
  const agent = await getPrisma().agent.findUniqueOrThrow({ where: { agencyId_externalId: { agencyId: ids.RGB!, externalId: "RGB-2" } } });
  // Every filter names this file's agencies, and the recomputation on a cluster copies only theirs
  // (test/support/recompute-metrics.ts).
  const ours = agencies.map((agency) => ids[agency.code]!);
  const scoped: [string, MetricFilters][] = [
    ["all, March", { from: "2026-03-01", to: "2026-03-31" }],
    ["all, February", { from: "2026-02-01", to: "2026-02-28" }],
    ["one agency, March", { from: "2026-03-01", to: "2026-03-31", agencyIds: [ids.RGC!] }],
    ["two agencies, partial month", { from: "2026-02-10", to: "2026-02-20", agencyIds: [ids.RGA!, ids.RGB!] }],
    ["one agent, Jan-Mar", { from: "2026-01-01", to: "2026-03-31", agentId: agent.id }],
    ["product LOAN, Jan-Mar", { from: "2026-01-01", to: "2026-03-31", product: "LOAN" }],
    ["dpd 90-179, cross-month range", { from: "2026-01-15", to: "2026-03-10", dpdBucket: "90-179" }],
    ["agency + product + dpd, Feb-Mar", { from: "2026-02-01", to: "2026-03-31", agencyIds: [ids.RGA!], product: "CARD", dpdBucket: "0-89" }],
    // Periods of several months, counted from the monthly aggregates and the months they cut (distinct-count-plan.ts).
    ["all, Jan-May whole months", { from: "2026-01-01", to: "2026-05-31" }],
    ["all, cut at the start, Jan 20-Apr 30", { from: "2026-01-20", to: "2026-04-30" }],
    ["all, cut at both ends, Jan 20-Apr 12", { from: "2026-01-20", to: "2026-04-12" }],
    ["all, two cut months, Feb 25-Mar 3", { from: "2026-02-25", to: "2026-03-03" }],
    ["all, cut at the end, Feb-Apr 8", { from: "2026-02-01", to: "2026-04-08" }],
    ["one agent, Jan 10-Apr 20", { from: "2026-01-10", to: "2026-04-20", agentId: agent.id }],
    ["dpd 360+, Jan-May (accounts placed again in another bucket)", { from: "2026-01-01", to: "2026-05-31", dpdBucket: "360+" }],
    ["dpd 0-89, Feb 14-May 10", { from: "2026-02-14", to: "2026-05-10", dpdBucket: "0-89" }],
    ["dpd 90-179, Mar-May", { from: "2026-03-01", to: "2026-05-31", dpdBucket: "90-179" }],
    // The month a period cuts, by where it is cut (cutMonthReads): at its start only, at its end only, at both ends.
    ["all, Feb 10 to the month's end", { from: "2026-02-10", to: "2026-02-28" }],
    ["all, Mar 1-17", { from: "2026-03-01", to: "2026-03-17" }],
    ["all, Mar 5-24", { from: "2026-03-05", to: "2026-03-24" }],
    ["dpd 0-89, two cut months, Feb 20-Mar 9", { from: "2026-02-20", to: "2026-03-09", dpdBucket: "0-89" }],
    ["dpd 90-179, cut at both ends, Jan 8-Mar 21", { from: "2026-01-08", to: "2026-03-21", dpdBucket: "90-179" }],
  ];
  return scoped.map(([name, filters]) => [name, { ...filters, agencyIds: filters.agencyIds ?? ours }]);
}

async function expectAgreement() {
  for (const [name, filters] of await filterSet()) {
    const [fromRollups, fromEvents, byRule, byRuleFromEvents] = await Promise.all([
      getMetricValues(filters),
      recomputeMetricsFromEvents(filters),
      getViolationsByRule(filters),
      recomputeViolationsByRuleFromEvents(filters),
    ]);
    expect({ name, ...fromRollups }).toEqual({ name, ...fromEvents });
    expect({ name, byRule: byRule.map(({ ruleCode, severity, count }) => ({ ruleCode, severity, count })) }).toEqual({ name, byRule: byRuleFromEvents });
  }
  // The monthly series gives each month (cut by the period's ends) the figures of that month on its own.
  const ours = agencies.map((agency) => ids[agency.code]!);
  const monthly = await getMonthlyMetrics({ from: "2026-01-12", to: "2026-05-20", agencyIds: ours, by: "agency" });
  expect(new Set(monthly.filter((item) => item.month === "2026-02").map((item) => item.agencyId)).size).toBe(3);
  for (const point of monthly) {
    const from = point.month === "2026-01" ? "2026-01-12" : `${point.month}-01`;
    const to = point.month === "2026-05" ? "2026-05-20" : lastOfMonth(`${point.month}-01`);
    expect({ point: `${point.agencyId} ${point.month}`, ...point.metrics }).toEqual({ point: `${point.agencyId} ${point.month}`, ...(await recomputeMetricsFromEvents({ from, to, agencyIds: [point.agencyId] })) });
  }
  // A month cut at both ends on its own.
  for (const point of await getMonthlyMetrics({ from: "2026-02-06", to: "2026-02-19", agencyIds: ours, by: "agency" })) {
    expect({ point: `${point.agencyId} ${point.month}`, ...point.metrics }).toEqual({
      point: `${point.agencyId} ${point.month}`,
      ...(await recomputeMetricsFromEvents({ from: "2026-02-06", to: "2026-02-19", agencyIds: [point.agencyId] })),
    });
  }
  // Every agent over a period of several months cut at both ends.
  const league = await getAgentLeague({ from: "2026-01-20", to: "2026-04-12", agencyIds: ours });
  expect(league.length).toBeGreaterThanOrEqual(9);
  for (const row of league) {
    expect({ agent: row.externalId, ...row.metrics }).toEqual({ agent: row.externalId, ...(await recomputeMetricsFromEvents({ from: "2026-01-20", to: "2026-04-12", agencyIds: [row.agencyId], agentId: row.agentId })) });
  }
}

describe("roll-ups agree with the from-scratch recomputation", () => {
  test("after the first imports", async () => {
    const all = await getMetricValues({ from: "2026-01-01", to: "2026-03-31", agencyIds: agencies.map((agency) => ids[agency.code]!) });
    expect(all.outboundContacts).toBeGreaterThan(300);
    expect(all.collected).toBeGreaterThan(0);
    expect(all.wrongPartyContacts).toBeGreaterThan(0);
    expect(all.violations).toBeGreaterThan(0);
    await expectAgreement();
  }, 120_000);

  test("after another batch of activities and complaints (incremental refresh)", async () => {
    for (const agency of agencies) {
      const { batch } = await importFile({ kind: "ACTIVITIES", agencyId: ids[agency.code]!, fileName: `rg-${agency.code}-2.csv`, content: csv(activityRows(200, 40, 110, agency.code)) });
      expect(batch?.status).toBe("COMMITTED");
    }
    const { batch } = await importFile({
      kind: "COMPLAINTS",
      fileName: "rg-complaints-2.csv",
      content: csv([
        ["complaint_id", "account_number", "agency_code", "received_at", "source", "category", "phone_number"],
        // A number reported wrong that earlier and later contacts used: the later ones become wrong-party contacts.
        ["RGP4", null, "RGC", "2026-02-01 08:00", "NON_BORROWER", "not me", "13999990002"],
        ["RGP5", accounts[7]!.number, "RGB", "2026-03-20 10:00", "DEBTOR", "abuse", null],
      ]),
    });
    expect(batch).toMatchObject({ status: "COMMITTED", rejectedRows: 0 });
    const placements = await importFile({
      kind: "PLACEMENTS",
      fileName: "rg-placements-recall.csv",
      content: csv([
        ["account_number", "customer_id", "agency_code", "placed_at", "placed_balance", "recalled_at", "dpd_at_placement", "product", "debtor_phones"],
        [accounts[1]!.number, "RGC0", accounts[1]!.agency, accounts[1]!.placedAt, "0", "2026-03-02", null, null, null],
        // Recalled accounts placed again with the same agency in another days-past-due bucket: from April their
        // segment changes, so an account counts in one bucket's months and in another's.
        ...accounts
          .filter((account, index) => index !== 1 && account.recalledAt !== null)
          .map((account) => [account.number, `RGC${Math.floor(accounts.indexOf(account) / 2)}`, account.agency, "2026-03-30", "2500.00", null, account.dpd === 500 ? 10 : 500, null, null]),
      ]),
    });
    expect(placements.batch?.status).toBe("COMMITTED");
    generationAfterImports = BigInt(await getRollupGeneration("placement"));
    await expectAgreement();
  }, 300_000);

  test("every figure agrees for periods starting and ending on many different days, with and without a bucket", async () => {
    // Cut months are counted from aggregates by last and first active day (cutMonthReads) and placements from monthly
    // and daily prefix sums (splitPrefix): an off-by-one day shows up only for some start and end days, so walk them.
    const ours = agencies.map((agency) => ids[agency.code]!);
    let periods = 0;
    for (const dpdBucket of [undefined, "360+", "0-89"] as const) {
      for (let from = "2026-01-03"; from <= "2026-05-20"; from = addDays(from, 6)) {
        for (let to = addDays(from, 2); to <= "2026-06-10"; to = addDays(to, 13)) {
          const filters: MetricFilters = { from, to, agencyIds: ours, ...(dpdBucket ? { dpdBucket } : {}) };
          const [fromRollups, fromEvents] = await Promise.all([getMetricValues(filters), recomputeMetricsFromEvents(filters)]);
          expect({ from, to, dpdBucket, ...fromRollups }).toEqual({ from, to, dpdBucket, ...fromEvents });
          periods++;
        }
      }
    }
    expect(periods).toBeGreaterThan(150);
  }, 300_000);

  test("vintage curves agree with a placement-by-placement computation from the source tables", async () => {
    const ours = agencies.map((agency) => ids[agency.code]!);
    const periods: MetricFilters[] = [
      { from: "2026-01-01", to: "2026-04-30" },
      { from: "2026-02-10", to: "2026-05-17" },
      { from: "2026-01-01", to: "2026-02-28" },
      { from: "2026-03-01", to: "2026-06-12", product: "LOAN" },
      { from: "2026-03-01", to: "2026-05-31", dpdBucket: "360+" },
      { from: "2026-01-20", to: "2026-01-31" },
    ];
    let points = 0;
    for (const period of periods) {
      const filters = { ...period, agencyIds: ours };
      const curves = (await getVintageCurves(filters)).map(({ agencyId, vintage, placedBalance, points }) => ({ agencyId, vintage, placedBalance, points }));
      curves.sort((left, right) => left.agencyId - right.agencyId || left.vintage.localeCompare(right.vintage));
      expect({ period, curves }).toEqual({ period, curves: await referenceVintageCurves(filters) });
      points += curves.reduce((sum, curve) => sum + curve.points.length, 0);
    }
    expect(points).toBeGreaterThan(20);
  }, 120_000);

  test("the recovery index agrees with a placement-by-placement computation from the source tables", async () => {
    const ours = agencies.map((agency) => ids[agency.code]!);
    const periods: MetricFilters[] = [
      { from: "2026-01-01", to: "2026-03-31" },
      { from: "2026-02-10", to: "2026-04-20" },
      { from: "2026-03-01", to: "2026-05-31", product: "LOAN" },
      { from: "2026-01-01", to: "2026-05-31", dpdBucket: "360+" },
    ];
    let compared = 0;
    for (const period of periods) {
      const filters = { ...period, agencyIds: ours };
      const [computed, reference] = await Promise.all([computeRecoveryIndex(filters), referenceRecoveryIndex(filters)]);
      expect([...computed.keys()].sort()).toEqual([...reference.keys()].sort());
      for (const [agencyId, index] of computed) {
        expect({ period, agencyId, value: index?.value ?? null }).toEqual({ period, agencyId, value: reference.get(agencyId) });
        if (index) {
          expect(index.low).toBeLessThanOrEqual(index.value);
          expect(index.high).toBeGreaterThanOrEqual(index.value);
          compared++;
        }
      }
      // Kept for the next reader, and the same figures whoever asks (the filter's agencies are picked from all).
      expect(await computeRecoveryIndex({ ...period, agencyIds: [ours[0]!] })).toEqual(new Map([...computed].filter(([agencyId]) => agencyId === ours[0])));
    }
    expect(compared).toBeGreaterThanOrEqual(8);
  }, 120_000);

  test("a process's first filter reads the placements from their snapshot (ADR 053) and gets what the tables give", async () => {
    const ours = agencies.map((agency) => ids[agency.code]!);
    const forgetIndex = (filters: MetricFilters) =>
      getPool().query(`DELETE FROM "MetricRecoveryIndex" WHERE "filterKey" = $1`, [JSON.stringify([filters.from, filters.to, filters.product ?? null, filters.dpdBucket ?? null])]);
    const first = { from: "2026-01-03", to: "2026-04-17", agencyIds: ours };
    const second = { from: "2026-01-04", to: "2026-05-09", agencyIds: ours };
    await forgetPlacementColumns({ snapshot: true });
    await Promise.all([forgetIndex(first), forgetIndex(second)]);
    await computeRecoveryIndex(first);
    // As a new process: nothing of the placements in memory, their snapshot written by the first.
    await forgetPlacementColumns();
    const kept = await getPool().query<{ bytes: number }>(`SELECT octet_length(data) AS bytes FROM "MetricPlacementColumns"`);
    expect(kept.rows.length).toBeGreaterThanOrEqual(1);
    expect(kept.rows[0]!.bytes).toBeGreaterThan(0);
    const fromSnapshot = await computeRecoveryIndex(second);
    await forgetPlacementColumns({ snapshot: true });
    await forgetIndex(second);
    const fromTables = await computeRecoveryIndex(second);
    expect(fromSnapshot.size).toBeGreaterThanOrEqual(2);
    expect(fromSnapshot).toEqual(fromTables);
  }, 120_000);

  test("after an import the preset periods' recovery indexes are already kept for the current placements", async () => {
    const [today, range] = await Promise.all([reportingToday(), getMetricDataRange()]);
    const anchor = addDays(defaultPeriod({ today, months: 1, dataRange: range }).to, 1);
    const six = presetRange("last6Months", anchor);
    const kept = await getPool().query<{ generation: string }>(`SELECT generation::text FROM "MetricRecoveryIndex" WHERE "filterKey" = $1 AND "agencyId" = 0`, [
      JSON.stringify([six.from, six.to, null, null]),
    ]);
    // Files running alongside import too, and may have moved the generation (and the kept index) on since.
    expect(kept.rows).toHaveLength(1);
    expect(BigInt(kept.rows[0]!.generation)).toBeGreaterThanOrEqual(generationAfterImports);
  });

  test("a rebuild from scratch gives exactly the aggregates the incremental refreshes maintained", async () => {
    const ours = agencies.map((agency) => ids[agency.code]!);
    const snapshot = async () => {
      const tables: Record<string, unknown[]> = {};
      for (const table of ["MetricDaily", "MetricMonthlySums", "MetricMonthlyAccounts", "MetricMonthLastDays", "MetricMonthFirstDays", "MetricPlacementDaily", "MetricPlacementMonthly", "MetricVintageMonth", "MetricAccountMonth", "MetricRuleDaily", "MetricRuleMonthly"]) {
        // Every column as text, in a stable order: the comparison is of values, not of how they were written.
        const { rows } = await getPool().query<{ row: string }>(`SELECT t::text AS row FROM "${table}" t WHERE "agencyId" = ANY($1::int[]) ORDER BY 1`, [ours]);
        tables[table] = rows.map((row) => row.row);
      }
      return tables;
    };
    const incremental = await snapshot();
    expect(incremental.MetricMonthlyAccounts!.length).toBeGreaterThan(50);
    expect(incremental.MetricMonthLastDays!.length).toBeGreaterThan(50);
    expect(incremental.MetricMonthFirstDays!.length).toBeGreaterThan(50);
    await rebuildAllRollups();
    expect(await snapshot()).toEqual(incremental);
  }, 120_000);
});
