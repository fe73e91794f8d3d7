// Maintenance of the metric roll-ups (ADR 006): per-account facts (MetricAccountDay, MetricAccountMonth,
// MetricPlacement, MetricPlacementMonth) and the aggregates the dashboards read (MetricDaily, MetricMonthlySums,
// MetricMonthlyAccounts, MetricMonthLastDays, MetricMonthFirstDays, MetricPlacementDaily, MetricPlacementMonthly,
// MetricVintageMonth).
//
// A refresh recomputes the affected accounts' facts from the source tables and moves the aggregates by exactly the
// difference (new facts minus stored facts) in one transaction, so it is idempotent and a refresh interrupted
// half-way leaves nothing behind. Refreshes and rebuilds take one transaction-level advisory lock: two of them never
// apply deltas computed from different snapshots in the wrong order.
import type pg from "pg";
import { getSetting } from "~/settings/settings.server";
import { getPool, lockForTransaction, locks, withTransaction } from "~/db/pg.server";
import {
  accountDaySql,
  accountMonthSql,
  accountRuleDaySql,
  activityKinds,
  firstDayOfMaskSql,
  lastDayOfMaskSql,
  monthLinkColumn,
  monthLinks,
  nextFirstDayColumn,
  nextFirstDayColumns,
  placementMonthSql,
  placementSql,
  type ActivityKind,
} from "./rollup-sql";

// No commission: it is the agency's current rate × collected, applied when read (query-metrics.server.ts), so a
// new rate shows at once without rebuilding anything.
const dayMeasures = [
  "collected",
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

const q = (name: string) => `"${name}"`;
const list = (names: readonly string[], prefix = "") => names.map((name) => `${prefix}${q(name)}`).join(", ");
const signed = (names: readonly string[]) => names.map((name) => `sign * ${q(name)} AS ${q(name)}`).join(", ");

/**
 * An aggregate table and how a set of fact rows contributes to it. `contributions(source)` selects the key and
 * measure columns from `source`, a relation with the fact table's columns plus `sign` (+1 added, −1 removed), so the
 * same SQL builds an aggregate from scratch and moves it by the difference of a refresh.
 */
type Aggregate = { table: string; key: readonly string[]; measures: readonly string[]; contributions: (source: string) => string };

// MetricDaily and MetricMonthlySums also hold each agency's total (agentId -1), so agency and portfolio figures
// read a few rows per day or month instead of one per agent.
const dayContributions = (source: string, period: string) => `
  SELECT ${period}, "agentId", "agencyId", product, "dpdBucket", ${signed(dayMeasures)} FROM ${source} f
  UNION ALL
  SELECT ${period}, -1, "agencyId", product, "dpdBucket", ${signed(dayMeasures)} FROM ${source} f`;

const aggregatesOfDays: Aggregate[] = [
  { table: "MetricDaily", key: ["day", "agentId", "agencyId", "product", "dpdBucket"], measures: dayMeasures, contributions: (source) => dayContributions(source, "day") },
  {
    table: "MetricMonthlySums",
    key: ["month", "agentId", "agencyId", "product", "dpdBucket"],
    measures: dayMeasures,
    contributions: (source) => dayContributions(source, "date_trunc('month', day)::date"),
  },
];

const ruleKey = ["agentId", "agencyId", "product", "dpdBucket", "ruleCode", "severity"] as const;
const ruleContributions = (source: string, period: string) => `
  SELECT ${period}, "agentId", "agencyId", product, "dpdBucket", "ruleCode", severity, sign * violations FROM ${source} f
  UNION ALL
  SELECT ${period}, -1, "agencyId", product, "dpdBucket", "ruleCode", severity, sign * violations FROM ${source} f`;
const aggregatesOfRuleDays: Aggregate[] = [
  { table: "MetricRuleDaily", key: ["day", ...ruleKey], measures: ["violations"], contributions: (source) => ruleContributions(source, "day") },
  { table: "MetricRuleMonthly", key: ["month", ...ruleKey], measures: ["violations"], contributions: (source) => ruleContributions(source, "date_trunc('month', day)::date") },
];

/**
 * One row per kind of activity an account-month row has (days <> 0), with that kind's columns of the row: `k.kind`,
 * `k.days` and, per name, the column `columnOf(kind)` as `k.<name>`.
 */
const perKind = (source: string, columns: Record<string, (kind: ActivityKind) => string>) => {
  const names = Object.keys(columns);
  const values = activityKinds.map((kind) => `('${kind}', f."${kind}Days", ${names.map((name) => `f."${columns[name]!(kind)}"`).join(", ")})`);
  return `FROM ${source} f CROSS JOIN LATERAL (VALUES ${values.join(", ")}) AS k(kind, days, ${names.join(", ")}) WHERE k.days <> 0`;
};
const previousLinks = { previous: (kind: ActivityKind) => monthLinkColumn(kind, "previous", false), previous_in_bucket: (kind: ActivityKind) => monthLinkColumn(kind, "previous", true) };

const aggregatesOfMonths: Aggregate[] = [
  {
    table: "MetricMonthlyAccounts",
    key: ["month", "agentId", "agencyId", "product", "dpdBucket", "kind", "previousMonth", "previousMonthInBucket"],
    measures: ["accounts"],
    contributions: (source) => `
      SELECT f.month, f."agentId", f."agencyId", f.product, f."dpdBucket", k.kind,
             coalesce(k.previous, '-infinity'::date), coalesce(k.previous_in_bucket, '-infinity'::date), f.sign
      ${perKind(source, previousLinks)}`,
  },
  // The months a custom period cuts (ADR 011): at its start by last active day and the next active month with its
  // first day, at its end by first active day and the previous active month.
  {
    table: "MetricMonthLastDays",
    key: ["month", "agentId", "lastDay", "agencyId", "product", "dpdBucket", "kind", "nextMonth", "nextFirstDay", "nextMonthInBucket", "nextFirstDayInBucket"],
    measures: ["accounts"],
    contributions: (source) => `
      SELECT f.month, f."agentId", ${lastDayOfMaskSql("k.days")}, f."agencyId", f.product, f."dpdBucket", k.kind,
             coalesce(k.next, 'infinity'::date), coalesce(k.next_first_day, 0),
             coalesce(k.next_in_bucket, 'infinity'::date), coalesce(k.next_first_day_in_bucket, 0), f.sign
      ${perKind(source, {
        next: (kind) => monthLinkColumn(kind, "next", false),
        next_first_day: (kind) => nextFirstDayColumn(kind, false),
        next_in_bucket: (kind) => monthLinkColumn(kind, "next", true),
        next_first_day_in_bucket: (kind) => nextFirstDayColumn(kind, true),
      })}`,
  },
  {
    table: "MetricMonthFirstDays",
    key: ["month", "agentId", "agencyId", "product", "dpdBucket", "kind", "firstDay", "previousMonth", "previousMonthInBucket"],
    measures: ["accounts"],
    contributions: (source) => `
      SELECT f.month, f."agentId", f."agencyId", f.product, f."dpdBucket", k.kind, ${firstDayOfMaskSql("k.days")},
             coalesce(k.previous, '-infinity'::date), coalesce(k.previous_in_bucket, '-infinity'::date), f.sign
      ${perKind(source, previousLinks)}`,
  },
];

// Placements by the day (or month) they were placed, and by the day (or month) they were recalled.
const placementContributions = (source: string, period: (column: string) => string) => `
  SELECT ${period(`"placedAt"`)}, "agencyId", product, "dpdBucket", sign, sign * "placedBalance", 0, 0 FROM ${source} f
  UNION ALL
  SELECT ${period(`"recalledAt"`)}, "agencyId", product, "dpdBucket", 0, 0, sign, sign * "placedBalance" FROM ${source} f WHERE "recalledAt" IS NOT NULL`;
const placementMeasures = ["placedAccounts", "placedBalance", "recalledAccounts", "recalledBalance"] as const;
const aggregatesOfPlacements: Aggregate[] = [
  { table: "MetricPlacementDaily", key: ["day", "agencyId", "product", "dpdBucket"], measures: placementMeasures, contributions: (source) => placementContributions(source, (column) => column) },
  {
    table: "MetricPlacementMonthly",
    key: ["month", "agencyId", "product", "dpdBucket"],
    measures: placementMeasures,
    contributions: (source) => placementContributions(source, (column) => `date_trunc('month', ${column})::date`),
  },
];

/** Vintage collections join each placement month to its placement (for the vintage and segment). */
const vintageAggregate = (placements: string): Aggregate => ({
  table: "MetricVintageMonth",
  key: ["vintage", "agencyId", "product", "dpdBucket", "monthsSince"],
  measures: ["collected"],
  contributions: (source) => `
    SELECT date_trunc('month', p."placedAt")::date, p."agencyId", p.product, p."dpdBucket", f."monthsSince", f.sign * f.collected
    FROM ${source} f JOIN ${placements} p ON p."placementId" = f."placementId"`,
});

/**
 * Adds the contributions of `sources` (each "(SELECT …, sign)" or a table with a sign column) to the aggregate,
 * and deletes the rows the change left at zero, so aggregates stay as small as the data they describe.
 */
async function applyToAggregate(client: pg.PoolClient, aggregate: Aggregate, sources: string[], params: unknown[] = [], options = { fromScratch: false }): Promise<void> {
  const { table, key, measures } = aggregate;
  await client.query(
    `CREATE TEMP TABLE metric_delta ON COMMIT DROP AS
     SELECT ${list(key)}, ${measures.map((name) => `sum(${q(name)}) AS ${q(name)}`).join(", ")}
     FROM (${sources.map((source) => aggregate.contributions(source)).join("\n UNION ALL \n")}) AS contribution (${list([...key, ...measures])})
     GROUP BY ${list(key)}
     HAVING ${measures.map((name) => `sum(${q(name)}) <> 0`).join(" OR ")}`,
    params,
  );
  await client.query(
    `INSERT INTO ${q(table)} (${list(key)}, ${list(measures)}) SELECT ${list(key)}, ${list(measures)} FROM metric_delta
     ON CONFLICT (${list(key)}) DO UPDATE SET ${measures.map((name) => `${q(name)} = ${q(table)}.${q(name)} + EXCLUDED.${q(name)}`).join(", ")}`,
  );
  if (options.fromScratch) {
    await client.query(`DROP TABLE metric_delta`);
    return;
  }
  await client.query(
    `DELETE FROM ${q(table)} t USING metric_delta d
     WHERE ${key.map((name) => `t.${q(name)} = d.${q(name)}`).join(" AND ")} AND ${measures.map((name) => `t.${q(name)} = 0`).join(" AND ")}`,
  );
  await client.query(`DROP TABLE metric_delta`);
}

/** Accounts per refresh statement: bounded so a huge batch does not build one enormous temporary table. */
const ACCOUNTS_PER_REFRESH = 20_000;

/** Runs `work` in one transaction under the roll-up lock; `work` says whether placements or payments changed. */
async function inRollupTransaction(work: (client: pg.PoolClient, timeZone: string) => Promise<{ placementsChanged: boolean }>): Promise<void> {
  const timeZone = await getSetting("lender.timeZone");
  await withTransaction(async (client) => {
    await lockForTransaction(client, locks.metricsRollup);
    const { placementsChanged } = await work(client, timeZone);
    await advanceGeneration(client, "metrics.rollupGeneration");
    if (placementsChanged) await advanceGeneration(client, "metrics.placementGeneration");
  });
}

const accountMonthColumns = list(["accountId", "agencyId", "agentId", "month", "product", "dpdBucket", "workedDays", "contactedDays", "rpcDays", "promiseDays", ...monthLinks.map((link) => link.column), ...nextFirstDayColumns.map((entry) => entry.column)]);
const accountDayColumns = list(["accountId", "agencyId", "agentId", "day", "product", "dpdBucket", ...dayMeasures]);
const placementColumns = list(["placementId", "accountId", "agencyId", "placedAt", "recalledAt", "placedBalance", "product", "dpdBucket", "balanceBand"]);
const placementMonthColumns = list(["placementId", "monthsSince", "accountId", "collected"]);
const accountRuleDayColumns = list(["accountId", "agencyId", "agentId", "day", "product", "dpdBucket", "ruleCode", "severity", "violations"]);

const facts = [
  { table: "MetricAccountDay", columns: accountDayColumns, sql: accountDaySql, temp: "metric_new_day", aggregates: aggregatesOfDays },
  { table: "MetricAccountMonth", columns: accountMonthColumns, sql: accountMonthSql, temp: "metric_new_month", aggregates: aggregatesOfMonths },
  { table: "MetricAccountRuleDay", columns: accountRuleDayColumns, sql: accountRuleDaySql, temp: "metric_new_rule_day", aggregates: aggregatesOfRuleDays },
  { table: "MetricPlacement", columns: placementColumns, sql: placementSql, temp: "metric_new_placement", aggregates: aggregatesOfPlacements },
  { table: "MetricPlacementMonth", columns: placementMonthColumns, sql: placementMonthSql, temp: "metric_new_placement_month", aggregates: [] },
] as const;

/** Refreshes one chunk of accounts; says whether their placements or the payments under them changed. */
async function refreshChunk(client: pg.PoolClient, accountIds: number[], timeZone: string): Promise<boolean> {
  for (const fact of facts) {
    const params = fact.sql.includes("$2") ? [accountIds, timeZone] : [accountIds];
    await client.query(`CREATE TEMP TABLE ${fact.temp} ON COMMIT DROP AS SELECT ${fact.columns}, 1 AS sign FROM (${fact.sql}) f`, params);
  }
  const stored = (table: string) => `(SELECT *, -1 AS sign FROM ${q(table)} WHERE "accountId" = ANY($1::int[]))`;
  const differs = (fact: (typeof facts)[number]) =>
    `(EXISTS (SELECT ${fact.columns} FROM ${fact.temp} EXCEPT SELECT ${fact.columns} FROM ${q(fact.table)} WHERE "accountId" = ANY($1::int[]))
      OR EXISTS (SELECT ${fact.columns} FROM ${q(fact.table)} WHERE "accountId" = ANY($1::int[]) EXCEPT SELECT ${fact.columns} FROM ${fact.temp}))`;
  const placementFacts = facts.filter((fact) => fact.table === "MetricPlacement" || fact.table === "MetricPlacementMonth");
  const changed = await client.query<{ changed: boolean }>(`SELECT ${placementFacts.map(differs).join(" OR ")} AS changed`, [accountIds]);
  // Aggregates move by (new facts − stored facts) of these accounts, before the stored facts are replaced.
  for (const fact of facts) {
    for (const aggregate of fact.aggregates) await applyToAggregate(client, aggregate, [fact.temp, stored(fact.table)], [accountIds]);
  }
  await applyToAggregate(client, vintageAggregate("metric_new_placement"), ["metric_new_placement_month"]);
  await applyToAggregate(client, vintageAggregate(`(SELECT * FROM "MetricPlacement" WHERE "accountId" = ANY($1::int[]))`), [stored("MetricPlacementMonth")], [accountIds]);
  for (const fact of facts) {
    await client.query(`DELETE FROM ${q(fact.table)} WHERE "accountId" = ANY($1::int[])`, [accountIds]);
    await client.query(`INSERT INTO ${q(fact.table)} (${fact.columns}) SELECT ${fact.columns} FROM ${fact.temp}`);
    await client.query(`DROP TABLE ${fact.temp}`);
  }
  return changed.rows[0]?.changed ?? true;
}

/**
 * Recomputes these accounts' contributions to every roll-up (idempotent: running it twice changes nothing).
 * Account 0 stands for complaints that name no account. Callers: import stages (after rule evaluation), violation
 * reviews, anything that changes events, placements, complaints or violations of known accounts.
 */
export async function refreshRollupsForAccounts(accountIds: number[]): Promise<void> {
  const unique = [...new Set(accountIds)].sort((left, right) => left - right);
  if (unique.length === 0) return;
  await inRollupTransaction(async (client, timeZone) => {
    let placementsChanged = false;
    for (let start = 0; start < unique.length; start += ACCOUNTS_PER_REFRESH) {
      if (await refreshChunk(client, unique.slice(start, start + ACCOUNTS_PER_REFRESH), timeZone)) placementsChanged = true;
    }
    return { placementsChanged };
  });
}

const rollupTables = [
  ...facts.map((fact) => fact.table),
  ...[...aggregatesOfDays, ...aggregatesOfRuleDays, ...aggregatesOfMonths, ...aggregatesOfPlacements].map((aggregate) => aggregate.table),
  "MetricVintageMonth",
];

/**
 * Throws every roll-up away and builds them again from the source tables (after a full rule re-evaluation, a change
 * of the reporting time zone or of the roll-ups' format: see ensureRollupsCurrent).
 */
export async function rebuildAllRollups(): Promise<void> {
  await inRollupTransaction(async (client, timeZone) => {
    await client.query(`TRUNCATE ${rollupTables.map(q).join(", ")}`);
    for (const fact of facts) {
      const params = fact.sql.includes("$2") ? [null, timeZone] : [null];
      await client.query(`INSERT INTO ${q(fact.table)} (${fact.columns}) SELECT ${fact.columns} FROM (${fact.sql}) f`, params);
    }
    const all = (table: string) => `(SELECT *, 1 AS sign FROM ${q(table)})`;
    const fromScratch = { fromScratch: true };
    for (const fact of facts) for (const aggregate of fact.aggregates) await applyToAggregate(client, aggregate, [all(fact.table)], [], fromScratch);
    await applyToAggregate(client, vintageAggregate(`"MetricPlacement"`), [all("MetricPlacementMonth")], [], fromScratch);
    await writeRollupState(client, timeZone);
    return { placementsChanged: true };
  });
  // VACUUM too: it marks the freshly written pages all-visible, which index-only scans of the cut months need.
  await getPool().query(`VACUUM (ANALYZE) ${rollupTables.map(q).join(", ")}`);
}

/**
 * The roll-ups' format: bump it whenever a change to the roll-up tables or their SQL needs existing databases to
 * rebuild (ensureRollupsCurrent does it at the next start).
 */
export const ROLLUP_FORMAT = 5;

async function writeRollupState(client: pg.PoolClient, timeZone: string): Promise<void> {
  await client.query(
    `INSERT INTO "Setting" (key, value, "updatedAt") VALUES ('metrics.rollupState', $1::jsonb, now())
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, "updatedAt" = now()`,
    [JSON.stringify({ format: ROLLUP_FORMAT, timeZone })],
  );
}

/**
 * Rebuilds the roll-ups when they were built by another format of this code or in another reporting time zone (or
 * never recorded how they were built): after an upgrade whose migration changed them, or a change of
 * `lender.timeZone`. Returns whether it rebuilt. Safe to call from several processes: the rebuild holds the lock.
 */
export async function ensureRollupsCurrent(options: { log?: (line: string) => void } = {}): Promise<boolean> {
  const [state, timeZone] = await Promise.all([getSetting("metrics.rollupState"), getSetting("lender.timeZone")]);
  if (state.format === ROLLUP_FORMAT && state.timeZone === timeZone) return false;
  options.log?.(
    state.format === 0
      ? "Building the metric roll-ups (first start with this version)…"
      : `Rebuilding the metric roll-ups (format ${state.format} → ${ROLLUP_FORMAT}, reporting zone ${state.timeZone} → ${timeZone})…`,
  );
  const started = performance.now();
  await rebuildAllRollups();
  options.log?.(`Metric roll-ups built in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  return true;
}

/**
 * Caches of derived results are keyed by a generation of the roll-ups, a counter moved on inside the refresh's own
 * transaction, so every process sees another's change the moment it commits: "metrics.rollupGeneration" on every
 * refresh and rebuild, "metrics.placementGeneration" only when placements or the payments under them changed (what
 * the recovery index depends on; a violation review leaves it alone).
 */
export async function getRollupGeneration(kind: "rollup" | "placement" = "rollup"): Promise<string> {
  const result = await getPool().query<{ generation: string | null }>(`SELECT value::text AS generation FROM "Setting" WHERE key = $1`, [`metrics.${kind}Generation`]);
  return result.rows[0]?.generation ?? "0";
}

async function advanceGeneration(client: pg.PoolClient, key: string): Promise<void> {
  await client.query(
    `INSERT INTO "Setting" (key, value, "updatedAt") VALUES ($1, '1'::jsonb, now())
     ON CONFLICT (key) DO UPDATE SET value = to_jsonb(("Setting".value)::text::int8 + 1), "updatedAt" = now()`,
    [key],
  );
}

/**
 * The accounts whose figures an import batch can have changed: its own accounts, those with events on numbers a
 * non-borrower complaint of the batch reports, account 0 for complaints without an account, and every other
 * account of the same customers (rule evaluation re-judges customers whole, so their violations may change).
 */
export async function accountsAffectedByBatch(batchId: number, runnerAccountIds: readonly number[]): Promise<number[]> {
  return accountsAffected(
    `SELECT unnest($2::int[]) AS id
     UNION SELECT "accountId" FROM "ActivityEvent" WHERE "importBatchId" = $1
     UNION SELECT "accountId" FROM "Placement" WHERE "importBatchId" = $1
     UNION SELECT coalesce("accountId", 0) FROM "Complaint" WHERE "importBatchId" = $1
     UNION SELECT e."accountId" FROM "ActivityEvent" e
           WHERE e."phoneNumber" IN (SELECT "phoneNumber" FROM "Complaint" WHERE "importBatchId" = $1 AND source = 'NON_BORROWER' AND "phoneNumber" IS NOT NULL)`,
    [batchId, [...runnerAccountIds]],
  );
}

/** The same for complaints recorded one by one (entered by hand): their accounts and the reported numbers' accounts. */
export async function accountsAffectedByComplaints(complaintIds: readonly number[]): Promise<number[]> {
  return accountsAffected(
    `SELECT coalesce("accountId", 0) AS id FROM "Complaint" WHERE id = ANY($1::int[])
     UNION SELECT e."accountId" FROM "ActivityEvent" e
           WHERE e."phoneNumber" IN (SELECT "phoneNumber" FROM "Complaint" WHERE id = ANY($1::int[]) AND source = 'NON_BORROWER' AND "phoneNumber" IS NOT NULL)`,
    [[...complaintIds]],
  );
}

async function accountsAffected(directSql: string, params: unknown[]): Promise<number[]> {
  const result = await getPool().query<{ id: number }>(
    `WITH direct AS (${directSql})
     SELECT id FROM direct WHERE id = 0
     UNION SELECT a2.id FROM direct d JOIN "Account" a ON a.id = d.id JOIN "Account" a2 ON a2."customerId" = a."customerId"`,
    params,
  );
  return result.rows.map((row) => row.id);
}
