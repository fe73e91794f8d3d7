// Maintenance of the metric roll-ups (ADR 006): per-account facts (MetricAccountDay, MetricAccountMonth,
// MetricPlacement, MetricPlacementMonth) and the aggregates the dashboards read (MetricDaily, MetricMonthly).
//
// A refresh recomputes the affected accounts' facts from the source tables and moves the aggregates by exactly the
// difference (new facts minus stored facts) in one transaction, so it is idempotent and a refresh interrupted
// half-way leaves nothing behind. Refreshes and rebuilds take one transaction-level advisory lock: two of them never
// apply deltas computed from different snapshots in the wrong order.
import type pg from "pg";
import { getSetting } from "~/settings/settings.server";
import { getRulesPool } from "~/rules/evaluate-rules.server";
import { accountDaySql, accountMonthSql, placementMonthSql, placementSql } from "./rollup-sql";

const ROLLUP_LOCK: [number, number] = [0x4d455452, 1]; // "METR"

const dayMeasures = [
  "collected",
  "commission",
  "outboundContacts",
  "wrongPartyContacts",
  "thirdPartyContacts",
  "promisesDue",
  "promisesKept",
  "complaints",
  "violations",
  "violationsHigh",
  "openHighViolations",
] as const;
const dayKey = ["day", "agencyId", "agentId", "product", "dpdBucket"] as const;
// MetricDaily also holds each agency's total (agentId -1), so agency and portfolio figures read a few rows per day
// instead of one per agent.
const agencyLevelKey = `"day", "agencyId", -1 AS "agentId", "product", "dpdBucket"`;
const monthKey = ["month", "agencyId", "agentId", "product", "dpdBucket"] as const;
const monthFlags = [
  ["workedDays", "workedAccounts"],
  ["contactedDays", "contactedAccounts"],
  ["rpcDays", "rpcAccounts"],
  ["promiseDays", "promiseAccounts"],
] as const;

const q = (name: string) => `"${name}"`;
const list = (names: readonly string[], prefix = "") => names.map((name) => `${prefix}${q(name)}`).join(", ");

/** Accounts per refresh statement: bounded so a huge batch does not build one enormous temporary table. */
const ACCOUNTS_PER_REFRESH = 20_000;

async function inRollupTransaction<T>(work: (client: pg.PoolClient, timeZone: string) => Promise<T>): Promise<T> {
  const timeZone = await getSetting("lender.timeZone");
  const client = await getRulesPool().connect();
  let broken = false;
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1, $2)", ROLLUP_LOCK);
    const result = await work(client, timeZone);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

async function refreshChunk(client: pg.PoolClient, accountIds: number[], timeZone: string): Promise<void> {
  const params = [accountIds, timeZone];
  await client.query(`CREATE TEMP TABLE metric_new_day ON COMMIT DROP AS ${accountDaySql}`, params);
  await client.query(`CREATE TEMP TABLE metric_new_month ON COMMIT DROP AS ${accountMonthSql}`, params);

  // Aggregates move by (new facts − stored facts) of these accounts.
  await client.query(
    `INSERT INTO "MetricDaily" (${list(dayKey)}, ${list(dayMeasures)})
     SELECT ${list(dayKey)}, ${dayMeasures.map((name) => `sum(${q(name)})`).join(", ")}
     FROM (
       SELECT ${list(dayKey)}, ${list(dayMeasures)} FROM metric_new_day
       UNION ALL
       SELECT ${agencyLevelKey}, ${list(dayMeasures)} FROM metric_new_day
       UNION ALL
       SELECT ${list(dayKey)}, ${list(dayMeasures, "-")} FROM "MetricAccountDay" WHERE "accountId" = ANY($1::int[])
       UNION ALL
       SELECT ${agencyLevelKey}, ${list(dayMeasures, "-")} FROM "MetricAccountDay" WHERE "accountId" = ANY($1::int[])
     ) delta
     GROUP BY ${list(dayKey)}
     ON CONFLICT (${list(dayKey)}) DO UPDATE SET ${dayMeasures.map((name) => `${q(name)} = "MetricDaily".${q(name)} + EXCLUDED.${q(name)}`).join(", ")}`,
    [accountIds],
  );
  await client.query(
    `INSERT INTO "MetricMonthly" (${list(monthKey)}, ${monthFlags.map(([, total]) => q(total)).join(", ")})
     SELECT ${list(monthKey)}, ${monthFlags.map(([flag]) => `sum(sign * (${q(flag)} <> 0)::int)`).join(", ")}
     FROM (
       SELECT ${list(monthKey)}, ${monthFlags.map(([flag]) => q(flag)).join(", ")}, 1 AS sign FROM metric_new_month
       UNION ALL
       SELECT ${list(monthKey)}, ${monthFlags.map(([flag]) => q(flag)).join(", ")}, -1 FROM "MetricAccountMonth" WHERE "accountId" = ANY($1::int[])
     ) delta
     GROUP BY ${list(monthKey)}
     ON CONFLICT (${list(monthKey)}) DO UPDATE SET ${monthFlags.map(([, total]) => `${q(total)} = "MetricMonthly".${q(total)} + EXCLUDED.${q(total)}`).join(", ")}`,
    [accountIds],
  );

  await client.query(`DELETE FROM "MetricAccountDay" WHERE "accountId" = ANY($1::int[])`, [accountIds]);
  await client.query(`INSERT INTO "MetricAccountDay" (${accountDayColumns}) SELECT ${accountDayColumns} FROM metric_new_day`);
  await client.query(`DELETE FROM "MetricAccountMonth" WHERE "accountId" = ANY($1::int[])`, [accountIds]);
  await client.query(`INSERT INTO "MetricAccountMonth" (${accountMonthColumns}) SELECT ${accountMonthColumns} FROM metric_new_month`);
  await client.query(`DROP TABLE metric_new_day; DROP TABLE metric_new_month`);

  await client.query(`DELETE FROM "MetricPlacement" WHERE "accountId" = ANY($1::int[])`, [accountIds]);
  await client.query(`INSERT INTO "MetricPlacement" (${placementColumns}) SELECT ${placementColumns} FROM (${placementSql}) p`, [accountIds]);
  await client.query(`DELETE FROM "MetricPlacementMonth" WHERE "accountId" = ANY($1::int[])`, [accountIds]);
  await client.query(`INSERT INTO "MetricPlacementMonth" (${placementMonthColumns}) SELECT ${placementMonthColumns} FROM (${placementMonthSql}) p`, params);
}

const accountMonthColumns = list(["accountId", "agencyId", "agentId", "month", "product", "dpdBucket", "workedDays", "contactedDays", "rpcDays", "promiseDays"]);
const accountDayColumns = list(["accountId", "agencyId", "agentId", "day", "product", "dpdBucket", ...dayMeasures]);
const placementColumns = list(["placementId", "accountId", "agencyId", "placedAt", "recalledAt", "placedBalance", "product", "dpdBucket", "balanceBand"]);
const placementMonthColumns = list(["placementId", "monthsSince", "accountId", "collected"]);

/**
 * Recomputes these accounts' contributions to every roll-up (idempotent: running it twice changes nothing).
 * Account 0 stands for complaints that name no account. Callers: import stages (after rule evaluation), violation
 * reviews, anything that changes events, placements, complaints or violations of known accounts.
 */
export async function refreshRollupsForAccounts(accountIds: number[]): Promise<void> {
  const unique = [...new Set(accountIds)].sort((left, right) => left - right);
  if (unique.length === 0) return;
  await inRollupTransaction(async (client, timeZone) => {
    for (let start = 0; start < unique.length; start += ACCOUNTS_PER_REFRESH) {
      await refreshChunk(client, unique.slice(start, start + ACCOUNTS_PER_REFRESH), timeZone);
    }
  });
  bumpRollupVersion();
}

/** Throws every roll-up away and builds them again from the source tables (after a full rule re-evaluation or a change of the reporting time zone). */
export async function rebuildAllRollups(): Promise<void> {
  await inRollupTransaction(async (client, timeZone) => {
    await client.query(`TRUNCATE "MetricAccountDay", "MetricDaily", "MetricAccountMonth", "MetricMonthly", "MetricPlacement", "MetricPlacementMonth"`);
    const params = [null, timeZone];
    await client.query(`INSERT INTO "MetricAccountDay" (${accountDayColumns}) SELECT ${accountDayColumns} FROM (${accountDaySql}) f`, params);
    await client.query(`INSERT INTO "MetricAccountMonth" (${accountMonthColumns}) SELECT ${accountMonthColumns} FROM (${accountMonthSql}) f`, params);
    await client.query(`INSERT INTO "MetricPlacement" (${placementColumns}) SELECT ${placementColumns} FROM (${placementSql}) p`, [null]);
    await client.query(`INSERT INTO "MetricPlacementMonth" (${placementMonthColumns}) SELECT ${placementMonthColumns} FROM (${placementMonthSql}) p`, params);
    await client.query(
      `INSERT INTO "MetricDaily" (${list(dayKey)}, ${list(dayMeasures)})
       SELECT ${list(dayKey)}, ${dayMeasures.map((name) => `sum(${q(name)})`).join(", ")} FROM (
         SELECT ${list(dayKey)}, ${list(dayMeasures)} FROM "MetricAccountDay" UNION ALL SELECT ${agencyLevelKey}, ${list(dayMeasures)} FROM "MetricAccountDay"
       ) f GROUP BY ${list(dayKey)}`,
    );
    await client.query(
      `INSERT INTO "MetricMonthly" (${list(monthKey)}, ${monthFlags.map(([, total]) => q(total)).join(", ")})
       SELECT ${list(monthKey)}, ${monthFlags.map(([flag]) => `count(*) FILTER (WHERE ${q(flag)} <> 0)`).join(", ")} FROM "MetricAccountMonth" GROUP BY ${list(monthKey)}`,
    );
  });
  await getRulesPool().query(`ANALYZE "MetricAccountDay", "MetricDaily", "MetricAccountMonth", "MetricMonthly", "MetricPlacement", "MetricPlacementMonth"`);
  bumpRollupVersion();
}

// Caches of derived results (the recovery index) are keyed by this counter within the process; other processes'
// refreshes are noticed through the row counts and sums the cache key also includes (get-recovery-index).
let rollupVersion = 0;
function bumpRollupVersion() {
  rollupVersion += 1;
}
export function getRollupVersion(): number {
  return rollupVersion;
}

/**
 * The accounts whose figures an import batch can have changed: its own accounts, those with events on numbers a
 * non-borrower complaint of the batch reports, account 0 for complaints without an account, and every other
 * account of the same customers (rule evaluation re-judges customers whole, so their violations may change).
 */
export async function accountsAffectedByBatch(batchId: number, runnerAccountIds: readonly number[]): Promise<number[]> {
  const result = await getRulesPool().query<{ id: number }>(
    `WITH direct AS (
       SELECT unnest($2::int[]) AS id
       UNION SELECT "accountId" FROM "ActivityEvent" WHERE "importBatchId" = $1
       UNION SELECT "accountId" FROM "Placement" WHERE "importBatchId" = $1
       UNION SELECT coalesce("accountId", 0) FROM "Complaint" WHERE "importBatchId" = $1
       UNION SELECT e."accountId" FROM "ActivityEvent" e
             WHERE e."phoneNumber" IN (SELECT "phoneNumber" FROM "Complaint" WHERE "importBatchId" = $1 AND source = 'NON_BORROWER' AND "phoneNumber" IS NOT NULL)
     )
     SELECT id FROM direct WHERE id = 0
     UNION SELECT a2.id FROM direct d JOIN "Account" a ON a.id = d.id JOIN "Account" a2 ON a2."customerId" = a."customerId"`,
    [batchId, [...runnerAccountIds]],
  );
  return result.rows.map((row) => row.id);
}

export { recomputeMetricsFromEvents } from "./recompute-metrics.server";
