// The metric definitions of docs/METRICS.md computed straight from events, placements, complaints and violations:
// slow (one scan and correlated subqueries per event), written to be obviously right rather than fast. The tests
// hold the roll-ups to it, to the cent.
import { getSetting } from "~/settings/settings.server";
import { getPool, withTransaction } from "~/db/pg.server";
import { tablesAreDistributed } from "~/db/citus.server";
import { dpdBucketSql } from "~/metrics/dpd-buckets";
import { deriveMetricValues, roundToCents, type MetricBase } from "~/metrics/metric-formulas";
import type { MetricFilters, MetricValues } from "~/metrics/metric-types";

const bucket = dpdBucketSql;

/** The segment's days-past-due bucket of an account with an agency in the month of `day` (see METRICS.md, "Segments"). */
const segmentBucket = (account: string, agency: string, day: string) => `coalesce(
  (SELECT ${bucket('sp."dpdAtPlacement"')} FROM "Placement" sp WHERE sp."accountId" = ${account} AND sp."agencyId" = ${agency}
     AND sp."placedAt" <= (date_trunc('month', ${day}) + interval '1 month' - interval '1 day')::date ORDER BY sp."placedAt" DESC LIMIT 1),
  (SELECT ${bucket('sp."dpdAtPlacement"')} FROM "Placement" sp WHERE sp."accountId" = ${account} AND sp."agencyId" = ${agency} ORDER BY sp."placedAt" ASC LIMIT 1),
  '')`;

const recomputeCtes = `
  WITH params AS (SELECT $1::date AS "from", $2::date AS "to", $3::text AS tz, $4::int[] AS agencies, $5::int AS agent, $6::text AS product, $7::text AS dpd),
  events AS (
    SELECT e.*, (e."occurredAt" AT TIME ZONE params.tz)::date AS day, coalesce(a.product, '') AS account_product
    FROM "ActivityEvent" e JOIN "Account" a ON a.id = e."accountId", params
    WHERE (params.agencies IS NULL OR e."agencyId" = ANY(params.agencies)) AND (params.agent IS NULL OR e."agentId" = params.agent)
      AND (params.product IS NULL OR coalesce(a.product, '') = params.product)
  ),
  in_period AS (
    SELECT e.* FROM events e, params
    WHERE e.day BETWEEN params."from" AND params."to"
      AND (params.dpd IS NULL OR ${segmentBucket('e."accountId"', 'e."agencyId"', "e.day")} = params.dpd)
  ),
  outbound AS (SELECT * FROM in_period WHERE direction = 'OUTBOUND' AND type IN ('CALL','SMS','EMAIL','LETTER','VISIT')),
  promises_due AS (
    SELECT e.* FROM events e, params
    WHERE e.type = 'PROMISE' AND e."promiseDueDate" BETWEEN params."from" AND params."to"
      AND (params.dpd IS NULL OR ${segmentBucket('e."accountId"', 'e."agencyId"', 'e."promiseDueDate"')} = params.dpd)
  ),
  complaints AS (
    SELECT c.* FROM "Complaint" c LEFT JOIN "Account" a ON a.id = c."accountId", params
    WHERE c."agencyId" IS NOT NULL AND c.source <> 'REGULATOR_PUBLIC' AND (c."receivedAt" AT TIME ZONE params.tz)::date BETWEEN params."from" AND params."to"
      AND (params.agencies IS NULL OR c."agencyId" = ANY(params.agencies)) AND (params.agent IS NULL OR c."agentId" = params.agent)
      AND (params.product IS NULL OR coalesce(a.product, '') = params.product)
      AND (params.dpd IS NULL OR (CASE WHEN c."accountId" IS NULL THEN ''
            ELSE ${segmentBucket('c."accountId"', 'c."agencyId"', `(c."receivedAt" AT TIME ZONE params.tz)::date`)} END) = params.dpd)
  ),
  violations AS (
    SELECT v.* FROM "Violation" v JOIN "Account" a ON a.id = v."accountId", params
    WHERE v.status <> 'DISMISSED' AND (v."occurredAt" AT TIME ZONE params.tz)::date BETWEEN params."from" AND params."to"
      AND (params.agencies IS NULL OR v."agencyId" = ANY(params.agencies)) AND (params.agent IS NULL OR v."agentId" = params.agent)
      AND (params.product IS NULL OR coalesce(a.product, '') = params.product)
      AND (params.dpd IS NULL OR ${segmentBucket('v."accountId"', 'v."agencyId"', `(v."occurredAt" AT TIME ZONE params.tz)::date`)} = params.dpd)
  ),
  placements AS (
    SELECT p.* FROM "Placement" p JOIN "Account" a ON a.id = p."accountId", params
    WHERE params.agent IS NULL AND p."placedAt" <= params."to" AND (p."recalledAt" IS NULL OR p."recalledAt" >= params."from")
      AND (params.agencies IS NULL OR p."agencyId" = ANY(params.agencies))
      AND (params.product IS NULL OR coalesce(a.product, '') = params.product)
      AND (params.dpd IS NULL OR ${bucket('p."dpdAtPlacement"')} = params.dpd)
  )
`;

const recomputeSql = `${recomputeCtes}
  SELECT
    (SELECT count(*) FROM placements)::text AS "placedAccounts",
    (SELECT coalesce(sum("placedBalance"), 0) FROM placements)::text AS "placedBalance",
    (SELECT coalesce(sum(coalesce(e.amount, 0)), 0) FROM in_period e
       WHERE e.type = 'PAYMENT' AND EXISTS (SELECT 1 FROM "Placement" p WHERE p."accountId" = e."accountId" AND p."agencyId" = e."agencyId"
         AND p."placedAt" <= e.day AND (p."recalledAt" IS NULL OR p."recalledAt" >= e.day)))::text AS collected,
    (SELECT coalesce(sum(coalesce(pc.commission, 0)), 0) FROM in_period e LEFT JOIN "PaymentCommission" pc ON pc."eventId" = e.id
       WHERE e.type = 'PAYMENT' AND EXISTS (SELECT 1 FROM "Placement" p WHERE p."accountId" = e."accountId" AND p."agencyId" = e."agencyId"
         AND p."placedAt" <= e.day AND (p."recalledAt" IS NULL OR p."recalledAt" >= e.day)))::text AS commission,
    (SELECT count(DISTINCT ("accountId", "agencyId")) FROM outbound)::text AS "accountsWorked",
    (SELECT count(DISTINCT ("accountId", "agencyId")) FROM outbound WHERE outcome = 'CONNECTED')::text AS "accountsContacted",
    (SELECT count(DISTINCT ("accountId", "agencyId")) FROM outbound WHERE outcome = 'CONNECTED' AND "contactParty" IN ('DEBTOR', 'SPOUSE'))::text AS "accountsRightParty",
    (SELECT count(DISTINCT ("accountId", "agencyId")) FROM in_period WHERE type = 'PROMISE')::text AS "accountsWithPromise",
    (SELECT count(*) FROM promises_due)::text AS "promisesDue",
    (SELECT count(*) FROM promises_due pr, params WHERE
       (SELECT coalesce(sum(pay.amount), 0) FROM "ActivityEvent" pay
        WHERE pay."accountId" = pr."accountId" AND pay.type = 'PAYMENT' AND pay."occurredAt" >= pr."occurredAt"
          AND (pay."occurredAt" AT TIME ZONE params.tz)::date <= pr."promiseDueDate" + 3) >= coalesce(nullif(pr.amount, 0), 0.01))::text AS "promisesKept",
    (SELECT count(*) FROM outbound)::text AS "outboundContacts",
    (SELECT count(*) FROM complaints)::text AS complaints,
    (SELECT count(*) FROM complaints WHERE outcome IN ('UPHELD', 'PARTLY_UPHELD'))::text AS "upheldComplaints",
    (SELECT count(*) FROM violations)::text AS violations,
    (SELECT count(*) FROM violations WHERE severity = 'HIGH')::text AS "violationsHigh",
    (SELECT count(*) FROM violations WHERE severity = 'HIGH' AND status = 'OPEN')::text AS "openHighViolations",
    (SELECT count(*) FROM outbound o WHERE o.outcome = 'WRONG_NUMBER'
       OR EXISTS (SELECT 1 FROM "ActivityEvent" w WHERE w."accountId" = o."accountId" AND w."phoneNumber" = o."phoneNumber"
                    AND w.outcome = 'WRONG_NUMBER' AND w."occurredAt" < o."occurredAt")
       OR EXISTS (SELECT 1 FROM "Complaint" c WHERE c.source = 'NON_BORROWER' AND c."phoneNumber" = o."phoneNumber" AND c."receivedAt" < o."occurredAt"))::text AS "wrongPartyContacts",
    (SELECT count(*) FROM outbound WHERE "contactParty" IN ('FAMILY', 'THIRD_PARTY', 'EMPLOYER'))::text AS "thirdPartyContacts"`;

/**
 * Runs a recomputation query. On a Citus cluster its correlated subqueries over distributed tables are refused
 * (ADR 049), so the rows it can read are first copied into temporary tables of the same names, which the session
 * finds before the schema's (pg_temp comes first in the search path): the same SQL over the same rows, on the
 * coordinator alone. With agencies in the filter only their accounts are copied (every agency's rows of those
 * accounts, so contacts by another agency still count where the definitions say so): the test database is shared
 * by files running alongside, one of which imports 150,000 events, and copying those for every figure made a file
 * of this recomputation's comparisons take more than ten minutes.
 */
async function recomputeQuery<Row extends object>(sql: string, params: unknown[], filters: MetricFilters): Promise<Row[]> {
  if (!(await tablesAreDistributed(getPool()))) return (await getPool().query<Row>(sql, params)).rows;
  return withTransaction(async (client) => {
    const copy = (table: string, [condition, values]: [string, unknown[]] = ["true", []]) =>
      client.query(`CREATE TEMP TABLE "${table}" ON COMMIT DROP AS SELECT * FROM "${table}" WHERE ${condition}`, values);
    const accounts = filters.agencyIds
      ? (await client.query<{ accountId: number }>(
          `SELECT "accountId" FROM "Placement" WHERE "agencyId" = ANY($1::int[]) UNION SELECT "accountId" FROM "ActivityEvent" WHERE "agencyId" = ANY($1::int[])`,
          [filters.agencyIds],
        )).rows.map((row) => row.accountId)
      : null;
    const ofAccounts = (column: string): [string, unknown[]] | undefined => (accounts ? [`"${column}" = ANY($1::int[])`, [accounts]] : undefined);
    await copy("Account", ofAccounts("id"));
    await copy("ActivityEvent", ofAccounts("accountId"));
    await copy("Placement", ofAccounts("accountId"));
    await copy("Violation", ofAccounts("accountId"));
    // The commissions of the events copied (until a table's copy exists, its name still means the schema's table).
    const payments = accounts ? (await client.query<{ id: string }>(`SELECT id::text AS id FROM pg_temp."ActivityEvent" WHERE type = 'PAYMENT'`)).rows.map((row) => row.id) : null;
    await copy("PaymentCommission", payments ? [`"eventId" = ANY($1::bigint[])`, [payments]] : undefined);
    // Complaints are few, and a non-borrower's report of a number counts whichever account it names.
    await copy("Complaint");
    return (await client.query<Row>(sql, params)).rows;
  });
}

async function recomputeParams(filters: MetricFilters): Promise<unknown[]> {
  return [filters.from, filters.to, await getSetting("lender.timeZone"), filters.agencyIds ?? null, filters.agentId ?? null, filters.product ?? null, filters.dpdBucket ?? null];
}

/** The base counts of a filter, from the source tables (no roll-up involved). */
export async function recomputeMetricBaseFromEvents(filters: MetricFilters): Promise<MetricBase> {
  const [row] = await recomputeQuery<Record<keyof MetricBase, string>>(recomputeSql, await recomputeParams(filters), filters);
  if (!row) throw new Error("the recomputation returned no row");
  const base = Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Number(value)])) as MetricBase;
  base.placedBalance = roundToCents(base.placedBalance);
  base.collected = roundToCents(base.collected);
  return base;
}

/** Every figure of a filter, from the source tables: what the roll-ups must agree with to the cent. */
export async function recomputeMetricsFromEvents(filters: MetricFilters): Promise<MetricValues> {
  return deriveMetricValues(await recomputeMetricBaseFromEvents(filters));
}

/** Violations by rule and severity (counts only), from the source tables, ordered as getViolationsByRule orders them. */
export async function recomputeViolationsByRuleFromEvents(filters: MetricFilters): Promise<{ ruleCode: string; severity: string; count: number }[]> {
  const rows = await recomputeQuery<{ ruleCode: string; severity: string; count: number }>(
    `${recomputeCtes} SELECT "ruleCode", severity::text AS severity, count(*)::int AS count FROM violations GROUP BY 1, 2`,
    await recomputeParams(filters),
    filters,
  );
  return rows.sort((left, right) => right.count - left.count || left.ruleCode.localeCompare(right.ruleCode) || left.severity.localeCompare(right.severity));
}
