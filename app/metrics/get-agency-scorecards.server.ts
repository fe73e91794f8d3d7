// Agency scorecards: each agency's figures, its mix-adjusted recovery index with a bootstrap interval, which other
// agencies it cannot be told apart from, and a grade A-D from the ADMIN-editable weights.
import { to as copyTo } from "pg-copy-streams";
import { getPool, withTransaction } from "~/db/pg.server";
import { countComplaintChecksByAgency } from "~/complaints/complaint-check-figures.server";
import { emptyComplaintCheckFigures } from "~/complaints/complaint-check-figures";
import { findingsOf, getFindingsByAgency } from "~/findings/findings-by-agency.server";
import { applyConductGate, gradeOrder } from "./conduct-gate";
import { getConductGate } from "./conduct-gate.server";
import { bootstrapIndex, componentScores, deriveMetricValues, emptyMetricBase, escalationPenalty, gradeFromScores, hasEnoughActivityForGrade, intervalsOverlap, MIN_OUTBOUND_CONTACTS_FOR_GRADE } from "./metric-formulas";
import { listMetricAgencies } from "./metrics.server";
import { effectiveCommissionRate } from "./money-basis";
import { queryMetricBases } from "./query-metrics.server";
import { indexUnitsByAgency, type PlacementColumns } from "./recovery-index";
import { getRollupGeneration } from "./refresh-rollups.server";
import { getScorecardWeights } from "./scorecard-weights.server";
import type { AgencyScorecard, ConfidenceInterval, MetricFilters } from "./metric-types";

export const BOOTSTRAP_RESAMPLES = 200;

/**
 * Whole months from the placement day to `end` (exclusive), as completeMonthsBetween counts them: a start on the 31st
 * completes its month on the last day of a shorter month. date_part, not extract: it returns a float, not a numeric,
 * and is several times faster over every placement.
 */
const completeMonthsSql = (start: string, end: string) => `CASE WHEN ${end} <= ${start} THEN 0 ELSE greatest(0,
    (date_part('year', ${end})::int - date_part('year', ${start})::int) * 12 + date_part('month', ${end})::int - date_part('month', ${start})::int
    - CASE WHEN date_part('day', ${end}) < date_part('day', ${start}) AND date_part('day', ${end} + 1) <> 1 THEN 1 ELSE 0 END) END`;

/**
 * Mix-adjusted recovery index per agency (docs/METRICS.md): every placement active in the period and observed for
 * at least one whole month by its end (or its recall) is expected to collect what the whole portfolio's placements
 * of its segment (days-past-due bucket × balance band × product) collected by the same month since placement. The
 * database does the arithmetic over every placement and hands back, per agency, each account's actual and expected
 * collections; the interval resamples those accounts.
 */
export async function computeRecoveryIndex(filters: MetricFilters): Promise<Map<number, ConfidenceInterval | null>> {
  // An agency's index does not depend on which other agencies the filter names, so it is computed (and kept) for
  // every agency at once and the filter's agencies are picked from that.
  const filterKey = JSON.stringify([filters.from, filters.to, filters.product ?? null, filters.dpdBucket ?? null]);
  const generation = await getRollupGeneration("placement");
  const pick = (all: Map<number, ConfidenceInterval | null>) =>
    filters.agencyIds === undefined ? all : new Map([...all].filter(([agencyId]) => filters.agencyIds!.includes(agencyId)));
  const stored = await getPool().query<{ agencyId: number; value: number | null; low: number | null; high: number | null }>(
    `SELECT "agencyId", value, low, high FROM "MetricRecoveryIndex" WHERE "filterKey" = $1 AND generation = $2::int8`,
    [filterKey, generation],
  );
  if (stored.rows.some((row) => row.agencyId === COMPLETE_MARKER)) {
    const all = new Map<number, ConfidenceInterval | null>();
    for (const row of stored.rows) {
      if (row.agencyId === COMPLETE_MARKER) continue;
      all.set(row.agencyId, row.value === null ? null : { value: row.value, low: row.low!, high: row.high! });
    }
    return pick(all);
  }
  const all = await computeRecoveryIndexUncached({ ...filters, agencyIds: undefined }, generation);
  const rows = [...all, [COMPLETE_MARKER, null] as const];
  const pool = getPool();
  await pool.query(
    `INSERT INTO "MetricRecoveryIndex" ("filterKey", "agencyId", generation, value, low, high, "computedAt")
     SELECT $1, agency, $2::int8, value, low, high, now()
     FROM unnest($3::int[], $4::float8[], $5::float8[], $6::float8[]) AS computed(agency, value, low, high)
     ON CONFLICT ("filterKey", "agencyId") DO UPDATE SET generation = EXCLUDED.generation, value = EXCLUDED.value, low = EXCLUDED.low, high = EXCLUDED.high, "computedAt" = now()`,
    [filterKey, generation, rows.map(([agencyId]) => agencyId), rows.map(([, index]) => index?.value ?? null), rows.map(([, index]) => index?.low ?? null), rows.map(([, index]) => index?.high ?? null)],
  );
  // Indexes of placements that have changed since are never read again.
  await pool.query(`DELETE FROM "MetricRecoveryIndex" WHERE generation < $1::int8`, [generation]);
  return pick(all);
}

/** The agency id of the row that marks a filter as computed for every agency. */
const COMPLETE_MARKER = 0;

async function computeRecoveryIndexUncached(filters: MetricFilters, generation: string): Promise<Map<number, ConfidenceInterval | null>> {
  const columns = await placementColumns(generation);
  const indexes = new Map<number, ConfidenceInterval | null>();
  for (const [agencyId, units] of indexUnitsByAgency(columns, filters)) {
    const interval = bootstrapIndex(units.actual, units.expected, { resamples: BOOTSTRAP_RESAMPLES, seed: bootstrapSeed(agencyId, filters) });
    indexes.set(agencyId, interval && { value: round1(interval.value), low: round1(interval.low), high: round1(interval.high) });
  }
  return indexes;
}

/**
 * Every placement as column arrays, read once per placement generation and kept for this process (tens of bytes a
 * placement): every later filter is a pass over them. Concurrent callers share one read.
 */
let loadedColumns: { generation: string; columns: Promise<PlacementColumns> } | null = null;

/** Forgets the placements read into this process (benchmarks measure the first filter after an import with it). */
export function forgetPlacementColumns(): void {
  loadedColumns = null;
}

function placementColumns(generation: string): Promise<PlacementColumns> {
  if (loadedColumns?.generation !== generation) {
    const columns = readPlacementColumns();
    loadedColumns = { generation, columns };
    columns.catch(() => {
      if (loadedColumns?.columns === columns) loadedColumns = null;
    });
  }
  return loadedColumns.columns;
}

/**
 * The text of `COPY (query) TO STDOUT`, read-only and with room to sort every placement in memory (the server's
 * default work_mem spills to disk): COPY writes rows far faster than a result set the driver parses field by field.
 */
async function copyOut(query: string): Promise<string> {
  return withTransaction(
    async (client) => {
      await client.query("SET LOCAL work_mem = '64MB'");
      const chunks: Buffer[] = [];
      for await (const chunk of client.query(copyTo(`COPY (${query}) TO STDOUT`))) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
    { readOnly: true },
  );
}

/** Rows of COPY's text format (tab-separated, one per line), without the trailing newline's empty row. */
function copyRows(text: string): string[][] {
  if (text === "") return [];
  return text.replace(/\n$/, "").split("\n").map((line) => line.split("\t"));
}

async function readPlacementColumns(): Promise<PlacementColumns> {
  const [placementText, paymentText] = await Promise.all([
    copyOut(
      `SELECT "agencyId", "accountId", product || '|' || "dpdBucket" || '|' || "balanceBand", product, "dpdBucket",
              "placedAt" - DATE '1970-01-01', date_part('year', "placedAt")::int * 12 + date_part('month', "placedAt")::int, date_part('day', "placedAt")::int,
              coalesce("recalledAt" - DATE '1970-01-01', -1),
              CASE WHEN "recalledAt" IS NULL THEN -1 ELSE ${completeMonthsSql(`"placedAt"`, `("recalledAt" + 1)`)} END,
              "placedBalance", "placementId"
       FROM "MetricPlacement" ORDER BY "placementId"`,
    ),
    copyOut(`SELECT "placementId", "monthsSince", collected FROM "MetricPlacementMonth" ORDER BY "placementId", "monthsSince"`),
  ]);
  const rows = copyRows(placementText);
  const count = rows.length;
  const dictionary = () => {
    const codes = new Map<string, number>();
    return { codes, code: (value: string) => codes.get(value) ?? (codes.set(value, codes.size), codes.size - 1) };
  };
  const [segments, products, buckets] = [dictionary(), dictionary(), dictionary()];
  const columns: PlacementColumns = {
    count,
    agencyId: new Int32Array(count),
    accountId: new Int32Array(count),
    segment: new Int32Array(count),
    segments: [],
    product: new Int32Array(count),
    products: [],
    dpdBucket: new Int32Array(count),
    dpdBuckets: [],
    placedDay: new Int32Array(count),
    placedMonthIndex: new Int32Array(count),
    placedDayOfMonth: new Int32Array(count),
    recalledDay: new Int32Array(count),
    recallHorizon: new Int32Array(count),
    balance: new Float64Array(count),
    paymentStart: new Int32Array(count + 1),
    paymentMonth: new Int32Array(0),
    paymentAmount: new Float64Array(0),
  };
  const placementIds = new Float64Array(count);
  rows.forEach((row, index) => {
    columns.agencyId[index] = Number(row[0]);
    columns.accountId[index] = Number(row[1]);
    columns.segment[index] = segments.code(row[2] ?? "");
    columns.product[index] = products.code(row[3] ?? "");
    columns.dpdBucket[index] = buckets.code(row[4] ?? "");
    columns.placedDay[index] = Number(row[5]);
    columns.placedMonthIndex[index] = Number(row[6]);
    columns.placedDayOfMonth[index] = Number(row[7]);
    columns.recalledDay[index] = Number(row[8]);
    columns.recallHorizon[index] = Number(row[9]);
    columns.balance[index] = Number(row[10]);
    placementIds[index] = Number(row[11]);
  });
  columns.segments = [...segments.codes.keys()];
  columns.products = [...products.codes.keys()];
  columns.dpdBuckets = [...buckets.codes.keys()];
  // Payments, ordered like the placements, as CSR offsets into them (a payment of no listed placement is skipped).
  const payments = copyRows(paymentText);
  const paymentMonth = new Int32Array(payments.length);
  const paymentAmount = new Float64Array(payments.length);
  let kept = 0;
  let next = 0;
  for (let index = 0; index < count; index++) {
    columns.paymentStart[index] = kept;
    while (next < payments.length && Number(payments[next]![0]) < placementIds[index]!) next++;
    for (; next < payments.length && Number(payments[next]![0]) === placementIds[index]; next++) {
      paymentMonth[kept] = Number(payments[next]![1]);
      paymentAmount[kept++] = Number(payments[next]![2]);
    }
  }
  columns.paymentStart[count] = kept;
  columns.paymentMonth = paymentMonth.subarray(0, kept);
  columns.paymentAmount = paymentAmount.subarray(0, kept);
  return columns;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** The same filter always draws the same resamples (FNV-1a over the agency and the filter). */
function bootstrapSeed(agencyId: number, filters: MetricFilters): number {
  let hash = 0x811c9dc5;
  for (const char of `${agencyId}|${filters.from}|${filters.to}|${filters.product ?? ""}|${filters.dpdBucket ?? ""}`) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * One scorecard per agency in the filter (all agencies when none is named), best grade first, then best total score.
 * The grade counts the agency's findings escalated at `now` (an open escalation weighs on every period's grade); the
 * filter is the scope (AGENCY users' filters name their own agency only).
 */
export async function getAgencyScorecards(filters: MetricFilters, options: { now?: Date } = {}): Promise<AgencyScorecard[]> {
  const agencyFilters = { ...filters, agentId: undefined };
  const [agencies, bases, index, weights, gate, findings, complaintChecks] = await Promise.all([
    listMetricAgencies(filters.agencyIds),
    queryMetricBases(agencyFilters, "agency"),
    computeRecoveryIndex(agencyFilters),
    getScorecardWeights(),
    getConductGate(),
    getFindingsByAgency({ role: "SYSTEM", agencyId: null }, { agencyIds: filters.agencyIds, now: options.now ?? new Date() }),
    countComplaintChecksByAgency(agencyFilters),
  ]);
  const cards = agencies
    .filter((agency) => bases.has(String(agency.id)) || index.has(agency.id))
    .map((agency): AgencyScorecard => {
      const metrics = deriveMetricValues(bases.get(String(agency.id)) ?? emptyMetricBase);
      const recoveryIndex = index.get(agency.id) ?? null;
      const scores = componentScores({
        recoveryIndex: recoveryIndex?.value ?? null,
        violationsPer1000Contacts: metrics.violationsPer1000Contacts,
        complaintsPer1000Accounts: metrics.complaintsPer1000Accounts,
        upheldComplaintsPer1000Accounts: metrics.upheldComplaintsPer1000Accounts,
      });
      // Too little activity in the period: no grade at all rather than one the data cannot support.
      const enoughActivity = hasEnoughActivityForGrade(metrics);
      const agencyFindings = findingsOf(findings, agency.id);
      const { total, grade: scoredGrade } = enoughActivity ? gradeFromScores(scores, weights, agencyFindings.escalated) : { total: null, grade: null };
      // The one place grades are made: every page, export, CLI run, API answer and audit workbook sees the gated grade.
      const gated = applyConductGate(scoredGrade, metrics.highViolationsPer1000Contacts, gate);
      const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
      return {
        agencyId: agency.id,
        agencyCode: agency.code,
        agencyName: agency.name,
        // What the schedules in force on each payment's day gave over the period, not the agency's current flat rate.
        commissionRate: effectiveCommissionRate(metrics.commission, metrics.collected),
        metrics,
        recoveryIndex,
        indistinguishableFrom: [],
        grade: gated.grade,
        conductGate: gated.capped ? { uncappedGrade: gated.uncappedGrade!, highViolationsPer1000Contacts: gated.highViolationsPer1000Contacts!, threshold: gate.highViolationsPer1000Contacts, capGrade: gate.capGrade } : null,
        gradeWithheld: enoughActivity ? null : { reason: "NOT_ENOUGH_ACTIVITY", minimumOutboundContacts: MIN_OUTBOUND_CONTACTS_FOR_GRADE },
        gradeScores: {
          recoveryIndex: round(scores.recoveryIndex),
          violations: round(scores.violations),
          complaints: round(scores.complaints),
          upheldComplaints: round(scores.upheldComplaints),
          escalationPenalty: escalationPenalty(agencyFindings.escalated, weights.escalatedFindings),
          total,
        },
        findings: agencyFindings,
        complaintChecks: complaintChecks.get(agency.id) ?? emptyComplaintCheckFigures,
      };
    });
  for (const card of cards) {
    if (!card.recoveryIndex) continue;
    card.indistinguishableFrom = cards
      .filter((other) => other !== card && other.recoveryIndex && intervalsOverlap(card.recoveryIndex!, other.recoveryIndex))
      .map((other) => other.agencyCode);
  }
  // By grade before score, and within a grade the capped last: an agency the conduct gate capped never ranks above
  // one it did not, whatever it collected.
  const gradeRank = (card: AgencyScorecard) => (card.grade === null ? gradeOrder.length : gradeOrder.indexOf(card.grade));
  const cappedRank = (card: AgencyScorecard) => (card.conductGate ? 1 : 0);
  return cards.sort(
    (left, right) =>
      gradeRank(left) - gradeRank(right) ||
      cappedRank(left) - cappedRank(right) ||
      (right.gradeScores.total ?? -1) - (left.gradeScores.total ?? -1) ||
      left.agencyCode.localeCompare(right.agencyCode),
  );
}
