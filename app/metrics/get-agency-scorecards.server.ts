// Agency scorecards: each agency's figures, its mix-adjusted recovery index with a bootstrap interval, which other
// agencies it cannot be told apart from, and a grade A-D from the ADMIN-editable weights.
import { getRulesPool } from "~/rules/evaluate-rules.server";
import { bootstrapIndex, componentScores, deriveMetricValues, emptyMetricBase, gradeFromScores, intervalsOverlap } from "./metric-formulas";
import { addDays } from "./metric-filters";
import { completeMonthsBetween, listMetricAgencies } from "./metrics.server";
import { queryMetricBases } from "./query-metrics.server";
import { getRollupVersion } from "./refresh-rollups.server";
import { getScorecardWeights } from "./scorecard-weights.server";
import type { AgencyScorecard, ConfidenceInterval, MetricFilters } from "./metric-types";

export const BOOTSTRAP_RESAMPLES = 200;

type IndexUnits = { actual: Float64Array; expected: Float64Array };

/**
 * Mix-adjusted recovery index per agency (docs/METRICS.md): every placement active in the period and observed for
 * at least one whole month by its end (or its recall) is expected to collect what the whole portfolio's placements
 * of its segment (days-past-due bucket × balance band × product) collected by the same month since placement.
 */
export async function computeRecoveryIndex(filters: MetricFilters): Promise<Map<number, ConfidenceInterval | null>> {
  const key = JSON.stringify([filters.from, filters.to, filters.agencyIds ?? null, filters.product ?? null, filters.dpdBucket ?? null]);
  const signature = await rollupSignature();
  const cached = indexCache.get(key);
  if (cached && cached.signature === signature) return cached.result;
  const result = await computeRecoveryIndexUncached(filters);
  if (indexCache.size > 50) indexCache.delete(indexCache.keys().next().value!);
  indexCache.set(key, { signature, result });
  return result;
}

const indexCache = new Map<string, { signature: string; result: Map<number, ConfidenceInterval | null> }>();

/** Changes whenever a roll-up changes, in this process (version) or in another (table statistics). */
async function rollupSignature(): Promise<string> {
  const result = await getRulesPool().query<{ changes: string | null }>(
    `SELECT sum(n_tup_ins + n_tup_upd + n_tup_del)::text AS changes FROM pg_stat_user_tables WHERE relname IN ('MetricPlacement', 'MetricPlacementMonth')`,
  );
  return `${getRollupVersion()}:${result.rows[0]?.changes ?? ""}`;
}

async function computeRecoveryIndexUncached(filters: MetricFilters): Promise<Map<number, ConfidenceInterval | null>> {
  const pool = getRulesPool();
  const dayAfter = addDays(filters.to, 1);
  const [placementsResult, paymentsResult] = await Promise.all([
    pool.query<[number, number, string, string | null, string, string, string, string]>({
      text: `SELECT "placementId", "agencyId", "placedAt"::text, "recalledAt"::text, "placedBalance"::text, product, "dpdBucket", "balanceBand"
             FROM "MetricPlacement" WHERE "placedAt" <= $1::date ORDER BY "placementId"`,
      values: [filters.to],
      rowMode: "array",
    }),
    pool.query<[number, number, string]>({
      text: `SELECT pm."placementId", pm."monthsSince", pm.collected::text FROM "MetricPlacementMonth" pm
             JOIN "MetricPlacement" p ON p."placementId" = pm."placementId" WHERE p."placedAt" <= $1::date`,
      values: [filters.to],
      rowMode: "array",
    }),
  ]);
  const placements = placementsResult.rows;
  const n = placements.length;
  const indexOf = new Map<number, number>();
  const horizon = new Int32Array(n);
  const balance = new Float64Array(n);
  const actual = new Float64Array(n);
  const segmentOf = new Int32Array(n);
  const segments = new Map<string, number>();
  let maxHorizon = 0;
  for (let index = 0; index < n; index++) {
    const [id, , placedAt, recalledAt, placedBalance, product, dpd, band] = placements[index]!;
    indexOf.set(id, index);
    const end = recalledAt !== null && addDays(recalledAt, 1) < dayAfter ? addDays(recalledAt, 1) : dayAfter;
    horizon[index] = completeMonthsBetween(placedAt, end);
    if (horizon[index]! > maxHorizon) maxHorizon = horizon[index]!;
    balance[index] = Number(placedBalance);
    const segmentKey = `${dpd}|${band}|${product}`;
    let segment = segments.get(segmentKey);
    if (segment === undefined) segments.set(segmentKey, (segment = segments.size));
    segmentOf[index] = segment;
  }
  // Portfolio-wide curves per segment by difference arrays: collected in month k of a placement observed for h
  // months counts toward every horizon m with k ≤ m ≤ h; its balance toward every m ≤ h.
  const width = maxHorizon + 2;
  const collectedDelta = new Float64Array(segments.size * width);
  const balanceDelta = new Float64Array(segments.size * width);
  for (const [placementId, monthsSince, collected] of paymentsResult.rows) {
    const index = indexOf.get(placementId);
    if (index === undefined || monthsSince > horizon[index]!) continue;
    const amount = Number(collected);
    actual[index]! += amount;
    const base = segmentOf[index]! * width;
    collectedDelta[base + monthsSince]! += amount;
    collectedDelta[base + horizon[index]! + 1]! -= amount;
  }
  for (let index = 0; index < n; index++) {
    if (horizon[index]! < 1) continue;
    const base = segmentOf[index]! * width;
    balanceDelta[base + 1]! += balance[index]!;
    balanceDelta[base + horizon[index]! + 1]! -= balance[index]!;
  }
  const rate = new Float64Array(segments.size * width);
  for (let segment = 0; segment < segments.size; segment++) {
    let collectedSum = 0;
    let balanceSum = 0;
    for (let month = 1; month <= maxHorizon; month++) {
      collectedSum += collectedDelta[segment * width + month]!;
      balanceSum += balanceDelta[segment * width + month]!;
      rate[segment * width + month] = balanceSum > 0 ? collectedSum / balanceSum : 0;
    }
  }

  // The agencies' own units: placements active in the period and matching the filter.
  const unitsByAgency = new Map<number, number[]>();
  for (let index = 0; index < n; index++) {
    const [, agencyId, , recalledAt, , product, dpd] = placements[index]!;
    if (horizon[index]! < 1) continue;
    if (recalledAt !== null && recalledAt < filters.from) continue;
    if (filters.agencyIds !== undefined && !filters.agencyIds.includes(agencyId)) continue;
    if (filters.product !== undefined && product !== filters.product) continue;
    if (filters.dpdBucket !== undefined && dpd !== filters.dpdBucket) continue;
    let units = unitsByAgency.get(agencyId);
    if (!units) unitsByAgency.set(agencyId, (units = []));
    units.push(index);
  }
  const result = new Map<number, ConfidenceInterval | null>();
  for (const [agencyId, units] of unitsByAgency) {
    const arrays: IndexUnits = { actual: new Float64Array(units.length), expected: new Float64Array(units.length) };
    units.forEach((index, position) => {
      arrays.actual[position] = actual[index]!;
      arrays.expected[position] = balance[index]! * rate[segmentOf[index]! * width + horizon[index]!]!;
    });
    const interval = bootstrapIndex(arrays.actual, arrays.expected, { resamples: BOOTSTRAP_RESAMPLES, seed: bootstrapSeed(agencyId, filters) });
    result.set(agencyId, interval && { value: round1(interval.value), low: round1(interval.low), high: round1(interval.high) });
  }
  return result;
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

/** One scorecard per agency in the filter (all agencies when none is named), best total score first. */
export async function getAgencyScorecards(filters: MetricFilters): Promise<AgencyScorecard[]> {
  const agencyFilters = { ...filters, agentId: undefined };
  const [agencies, bases, index, weights] = await Promise.all([
    listMetricAgencies(filters.agencyIds),
    queryMetricBases(agencyFilters, "agency"),
    computeRecoveryIndex(agencyFilters),
    getScorecardWeights(),
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
      });
      const { total, grade } = gradeFromScores(scores, weights);
      const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
      return {
        agencyId: agency.id,
        agencyCode: agency.code,
        agencyName: agency.name,
        commissionRate: agency.commissionRate,
        metrics,
        recoveryIndex,
        indistinguishableFrom: [],
        grade,
        gradeScores: { recoveryIndex: round(scores.recoveryIndex), violations: round(scores.violations), complaints: round(scores.complaints), total },
      };
    });
  for (const card of cards) {
    if (!card.recoveryIndex) continue;
    card.indistinguishableFrom = cards
      .filter((other) => other !== card && other.recoveryIndex && intervalsOverlap(card.recoveryIndex!, other.recoveryIndex))
      .map((other) => other.agencyCode);
  }
  return cards.sort((left, right) => (right.gradeScores.total ?? -1) - (left.gradeScores.total ?? -1) || left.agencyCode.localeCompare(right.agencyCode));
}
