// Agency scorecards: each agency's figures, its mix-adjusted recovery index with a bootstrap interval, which other
// agencies it cannot be told apart from, and a grade A-D from the ADMIN-editable weights.
import { getRulesPool } from "~/rules/evaluate-rules.server";
import { bootstrapIndex, componentScores, deriveMetricValues, emptyMetricBase, gradeFromScores, intervalsOverlap } from "./metric-formulas";
import { addDays, lastOfMonth } from "./metric-filters";
import { listMetricAgencies } from "./metrics.server";
import { queryMetricBases } from "./query-metrics.server";
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

/** The same count to a fixed end (the day after the period) whose parts are parameters: what most placements need. */
const completeMonthsToSql = (start: string, end: { monthIndex: string; day: string; isLastOfMonth: string }) => `greatest(0,
    ${end.monthIndex}::int - (date_part('year', ${start})::int * 12 + date_part('month', ${start})::int)
    - CASE WHEN ${end.day}::int < date_part('day', ${start}) AND NOT ${end.isLastOfMonth}::boolean THEN 1 ELSE 0 END)`;

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
  const stored = await getRulesPool().query<{ agencyId: number; value: number | null; low: number | null; high: number | null }>(
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
  const all = await computeRecoveryIndexUncached({ ...filters, agencyIds: undefined });
  const rows = [...all, [COMPLETE_MARKER, null] as const];
  const pool = getRulesPool();
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

async function computeRecoveryIndexUncached(filters: MetricFilters): Promise<Map<number, ConfidenceInterval | null>> {
  const values: unknown[] = [filters.from, filters.to];
  const unitFilters: string[] = [];
  const add = (clause: (placeholder: string) => string, value: unknown) => {
    values.push(value);
    unitFilters.push(clause(`$${values.length}`));
  };
  if (filters.agencyIds !== undefined) add((p) => `p."agencyId" = ANY(${p}::int[])`, filters.agencyIds);
  if (filters.product !== undefined) add((p) => `p.product = ${p}`, filters.product);
  if (filters.dpdBucket !== undefined) add((p) => `p."dpdBucket" = ${p}`, filters.dpdBucket);
  // Observed until the day after the period, or after the recall when that comes first.
  const dayAfter = addDays(filters.to, 1);
  const end = {
    monthIndex: `$${values.push(Number(dayAfter.slice(0, 4)) * 12 + Number(dayAfter.slice(5, 7)))}`,
    day: `$${values.push(Number(dayAfter.slice(8, 10)))}`,
    isLastOfMonth: `$${values.push(dayAfter === lastOfMonth(dayAfter))}`,
  };
  const horizon = `CASE WHEN "recalledAt" IS NOT NULL AND "recalledAt" < $2::date THEN ${completeMonthsSql(`"placedAt"`, `("recalledAt" + 1)`)}
                        ELSE ${completeMonthsToSql(`"placedAt"`, end)} END`;
  const result = await getRulesPool().query<{ agencyId: number; actual: string; expected: string }>(
    `WITH p AS MATERIALIZED (
       SELECT "placementId", "agencyId", "accountId", "recalledAt", "placedBalance" AS balance, product, "dpdBucket",
              product || '|' || "dpdBucket" || '|' || "balanceBand" AS segment, ${horizon} AS horizon
       FROM "MetricPlacement" WHERE "placedAt" <= $2::date
     ),
     collected AS MATERIALIZED (
       SELECT pm."placementId", pm."monthsSince", pm.collected, p.segment, p.horizon
       FROM "MetricPlacementMonth" pm JOIN p ON p."placementId" = pm."placementId"
       WHERE pm."monthsSince" BETWEEN 1 AND p.horizon
     ),
     -- The portfolio's rate of a segment at h months: over its placements observed at least h months, what they
     -- collected in months 1…h ÷ their balance. From sums per segment and horizon (a few hundred rows), not per
     -- placement.
     balance_by_horizon AS MATERIALIZED (SELECT segment, horizon, sum(balance) AS balance FROM p WHERE horizon >= 1 GROUP BY 1, 2),
     collected_by_horizon AS MATERIALIZED (SELECT segment, "monthsSince", horizon, sum(collected) AS collected FROM collected GROUP BY 1, 2, 3),
     rates AS MATERIALIZED (
       SELECT h.segment, h.horizon,
              coalesce((SELECT sum(c.collected) FROM collected_by_horizon c WHERE c.segment = h.segment AND c.horizon >= h.horizon AND c."monthsSince" <= h.horizon), 0)
              / nullif((SELECT sum(b.balance) FROM balance_by_horizon b WHERE b.segment = h.segment AND b.horizon >= h.horizon), 0) AS rate
       FROM balance_by_horizon h
     ),
     actual AS MATERIALIZED (SELECT "placementId", sum(collected) AS collected FROM collected GROUP BY 1),
     accounts AS (
       SELECT p."agencyId", p."accountId", sum(coalesce(a.collected, 0))::float8 AS actual, sum(p.balance * coalesce(r.rate, 0))::float8 AS expected
       FROM p JOIN rates r ON r.segment = p.segment AND r.horizon = p.horizon
       LEFT JOIN actual a ON a."placementId" = p."placementId"
       WHERE p.horizon >= 1 AND (p."recalledAt" IS NULL OR p."recalledAt" >= $1::date)${unitFilters.map((clause) => ` AND ${clause}`).join("")}
       GROUP BY 1, 2
     )
     SELECT "agencyId", array_to_string(array_agg(actual ORDER BY "accountId"), ',') AS actual, array_to_string(array_agg(expected ORDER BY "accountId"), ',') AS expected
     FROM accounts GROUP BY 1`,
    values,
  );
  const indexes = new Map<number, ConfidenceInterval | null>();
  for (const row of result.rows) {
    const actual = Float64Array.from(row.actual.split(","), Number);
    const expected = Float64Array.from(row.expected.split(","), Number);
    const interval = bootstrapIndex(actual, expected, { resamples: BOOTSTRAP_RESAMPLES, seed: bootstrapSeed(row.agencyId, filters) });
    indexes.set(row.agencyId, interval && { value: round1(interval.value), low: round1(interval.low), high: round1(interval.high) });
  }
  return indexes;
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
