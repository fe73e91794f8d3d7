// Agency scorecards: each agency's figures, its mix-adjusted recovery index with a bootstrap interval, which other
// agencies it cannot be told apart from, and a grade A-D from the ADMIN-editable weights.
import { to as copyTo } from "pg-copy-streams";
import { getPool } from "~/db/pg.server";
import { countComplaintChecksByAgency } from "~/complaints/complaint-check-figures.server";
import { emptyComplaintCheckFigures } from "~/complaints/complaint-check-figures";
import { findingsOf, getFindingsByAgency } from "~/findings/findings-by-agency.server";
import { applyConductGate, gradeOrder } from "./conduct-gate";
import { getConductGate } from "./conduct-gate.server";
import { bootstrapIndex, componentScores, deriveMetricValues, emptyMetricBase, escalationPenalty, gradeFromScores, hasEnoughActivityForGrade, intervalsOverlap, MIN_OUTBOUND_CONTACTS_FOR_GRADE } from "./metric-formulas";
import { listMetricAgencies } from "./metrics.server";
import { effectiveCommissionRate } from "./money-basis";
import { queryMetricBases } from "./query-metrics.server";
import { civilOfDay, completeMonthsBetweenDays, decodeBinaryCopy, deserialisePlacementColumns, serialisePlacementColumns, unitOrderOf } from "./placement-columns";
import { indexUnitsByAgency, type PlacementColumns } from "./recovery-index";
import { getRollupGeneration } from "./refresh-rollups.server";
import { getScorecardWeights } from "./scorecard-weights.server";
import type { AgencyScorecard, ConfidenceInterval, MetricFilters } from "./metric-types";

export const BOOTSTRAP_RESAMPLES = 200;

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

/**
 * Forgets the placements read into this process (benchmarks measure a process's first filter with it), and with
 * `snapshot` their kept snapshot too (the first filter after an import, which reads the placement tables).
 */
export async function forgetPlacementColumns(options: { snapshot?: boolean } = {}): Promise<void> {
  loadedColumns = null;
  await storing;
  if (options.snapshot) await getPool().query(`DELETE FROM "MetricPlacementColumns"`);
}

function placementColumns(generation: string): Promise<PlacementColumns> {
  if (loadedColumns?.generation !== generation) {
    const columns = readPlacementColumns(generation);
    loadedColumns = { generation, columns };
    columns.catch(() => {
      if (loadedColumns?.columns === columns) loadedColumns = null;
    });
  }
  return loadedColumns.columns;
}

/**
 * The bytes of `COPY (query) TO STDOUT (FORMAT binary)`: numbers and dates leave the server as they are stored,
 * without the text formatting (and this process's parsing) that cost most of the first filter's time at 10,000,000
 * events. Index scans in key order, so no sort needs work_mem.
 */
async function copyOutBinary(query: string): Promise<Buffer> {
  const client = await getPool().connect();
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of client.query(copyTo(`COPY (${query}) TO STDOUT (FORMAT binary)`))) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  } finally {
    client.release();
  }
}

/**
 * The columns of this placement generation from their snapshot (ADR 053: one row of bytes, copied into typed arrays),
 * or read from the placement tables and the snapshot written for the next process, in the background: whoever
 * asks first after the placements changed (the warm-up after an import) pays the read.
 */
async function readPlacementColumns(generation: string): Promise<PlacementColumns> {
  if (!/^\d+$/.test(generation)) throw new Error(`placement generation '${generation}' is not a number`);
  const snapshot = decodeBinaryCopy(await copyOutBinary(`SELECT data FROM "MetricPlacementColumns" WHERE generation = ${generation}`), ["bytea"] as const);
  const kept = snapshot.count === 1 ? deserialisePlacementColumns(snapshot.columns[0][0]!) : null;
  if (kept) return kept;
  const columns = await readPlacementTables();
  storing = storeSnapshot(generation, columns).catch(() => undefined);
  return columns;
}

/** The snapshot being written, if any (forgetPlacementColumns waits for it so that it cannot land afterwards). */
let storing: Promise<void> = Promise.resolve();

async function storeSnapshot(generation: string, columns: PlacementColumns): Promise<void> {
  const pool = getPool();
  await pool.query(`INSERT INTO "MetricPlacementColumns" (generation, data) VALUES ($1::int8, $2) ON CONFLICT (generation) DO NOTHING`, [generation, serialisePlacementColumns(columns)]);
  await pool.query(`DELETE FROM "MetricPlacementColumns" WHERE generation < $1::int8`, [generation]);
}

async function readPlacementTables(): Promise<PlacementColumns> {
  // The segment is one text per placement (a handful of distinct values; its parts joined by the unit separator, which
  // no product or bucket code contains); the day numbers' months are derived here.
  const [placementData, paymentData] = await Promise.all([
    copyOutBinary(
      `SELECT "agencyId", "accountId", concat_ws(E'\\x1f', product, "dpdBucket", "balanceBand"),
              "placedAt" - DATE '1970-01-01', coalesce("recalledAt" - DATE '1970-01-01', -1), "placedBalance"::float8, "placementId"
       FROM "MetricPlacement" ORDER BY "placementId"`,
    ),
    copyOutBinary(`SELECT "placementId", "monthsSince", collected::float8 FROM "MetricPlacementMonth" ORDER BY "placementId", "monthsSince"`),
  ]);
  const placements = decodeBinaryCopy(placementData, ["int4", "int4", "text", "int4", "int4", "float8", "int4"] as const);
  const [agencyId, accountId, segmentText, placedDay, recalledDay, balance, placementIds] = placements.columns;
  const count = placements.count;
  // Segments, products and buckets as codes in order of first appearance.
  const segmentCodes = new Map<string, number>();
  const [productCodes, bucketCodes] = [new Map<string, number>(), new Map<string, number>()];
  const segmentProduct: number[] = [];
  const segmentBucket: number[] = [];
  const segment = new Int32Array(count);
  const product = new Int32Array(count);
  const dpdBucket = new Int32Array(count);
  const placedMonthIndex = new Int32Array(count);
  const placedDayOfMonth = new Int32Array(count);
  const recallHorizon = new Int32Array(count);
  for (let index = 0; index < count; index++) {
    const text = segmentText[index]!;
    let code = segmentCodes.get(text);
    if (code === undefined) {
      code = segmentCodes.size;
      segmentCodes.set(text, code);
      const [productName = "", bucketName = ""] = text.split("\x1f");
      segmentProduct.push(productCodes.get(productName) ?? (productCodes.set(productName, productCodes.size), productCodes.size - 1));
      segmentBucket.push(bucketCodes.get(bucketName) ?? (bucketCodes.set(bucketName, bucketCodes.size), bucketCodes.size - 1));
    }
    segment[index] = code;
    product[index] = segmentProduct[code]!;
    dpdBucket[index] = segmentBucket[code]!;
    const placed = civilOfDay(placedDay[index]!);
    placedMonthIndex[index] = placed.monthIndex;
    placedDayOfMonth[index] = placed.dayOfMonth;
    recallHorizon[index] = recalledDay[index]! < 0 ? -1 : completeMonthsBetweenDays(placedDay[index]!, recalledDay[index]! + 1);
  }
  // Payments, ordered like the placements, as CSR offsets into them (a payment of no listed placement is skipped).
  const payments = decodeBinaryCopy(paymentData, ["int4", "int4", "float8"] as const);
  const [paymentPlacement, paymentMonths, paymentAmounts] = payments.columns;
  const paymentStart = new Int32Array(count + 1);
  const paymentMonth = new Int32Array(payments.count);
  const paymentAmount = new Float64Array(payments.count);
  let kept = 0;
  let next = 0;
  for (let index = 0; index < count; index++) {
    paymentStart[index] = kept;
    while (next < payments.count && paymentPlacement[next]! < placementIds[index]!) next++;
    for (; next < payments.count && paymentPlacement[next] === placementIds[index]; next++) {
      paymentMonth[kept] = paymentMonths[next]!;
      paymentAmount[kept++] = paymentAmounts[next]!;
    }
  }
  paymentStart[count] = kept;
  return {
    count,
    agencyId,
    accountId,
    unitOrder: unitOrderOf(agencyId, accountId),
    segment,
    segments: [...segmentCodes.keys()],
    product,
    products: [...productCodes.keys()],
    dpdBucket,
    dpdBuckets: [...bucketCodes.keys()],
    placedDay,
    placedMonthIndex,
    placedDayOfMonth,
    recalledDay,
    recallHorizon,
    balance,
    paymentStart,
    paymentMonth: paymentMonth.subarray(0, kept),
    paymentAmount: paymentAmount.subarray(0, kept),
  };
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
