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
import { advanceDataGeneration } from "~/cache/data-generation.server";
import { getSetting } from "~/settings/settings.server";
import { getPool, lockForSession, lockForTransaction, locks, releaseSessionLock, withDedicatedClient, withTransaction, withTransactionOn } from "~/db/pg.server";
import { refreshPaymentCommissions } from "~/money/payment-commissions.server";
import { tablesAreDistributed } from "~/db/citus.server";
import { PLACEMENTS_CHANGED, q, rebuildStepGroups, rebuildSteps, refreshChunkSteps, rollupTables, type RollupStep } from "./rollup-statements";

/** Accounts per refresh statement: bounded so a huge batch does not build one enormous temporary table. */
const ACCOUNTS_PER_REFRESH = 20_000;

/**
 * Runs `work` in one transaction under the roll-up lock; `work` says whether placements or payments changed, or
 * "unchanged" when it found nothing to do once it held the lock. Returns false in that case.
 */
async function inRollupTransaction(work: (client: pg.PoolClient, timeZone: string) => Promise<{ placementsChanged: boolean } | "unchanged">): Promise<boolean> {
  const timeZone = await getSetting("lender.timeZone");
  const changed = await withTransaction(async (client) => {
    await lockForTransaction(client, locks.metricsRollup);
    const outcome = await work(client, timeZone);
    if (outcome === "unchanged") return false;
    await advanceGeneration(client, "metrics.rollupGeneration");
    if (outcome.placementsChanged) await advanceGeneration(client, "metrics.placementGeneration");
    return true;
  });
  // Every figure the pages show is read from the roll-ups (ADR 040): whatever refreshed them, cached figures are old.
  if (changed) await advanceDataGeneration("rollups");
  return changed;
}

/** Runs the steps in order; returns the rows of the step named `resultOf`. */
async function runSteps(client: pg.ClientBase, steps: RollupStep[], accountIds: number[] | null, timeZone: string, resultOf?: string): Promise<Record<string, unknown>[] | undefined> {
  let rows: Record<string, unknown>[] | undefined;
  for (const step of steps) {
    const params = step.params === "none" ? [] : step.params === "accounts" ? [accountIds] : [accountIds, timeZone];
    const result = await client.query(step.sql, params);
    if (step.what === resultOf) rows = result.rows;
  }
  return rows;
}

/** Refreshes one chunk of accounts; says whether their placements or the payments under them changed. */
async function refreshChunk(client: pg.PoolClient, accountIds: number[], timeZone: string): Promise<boolean> {
  await refreshPaymentCommissions(client, accountIds, timeZone);
  // On a cluster the fact queries read local copies of the chunk's rows (ADR 049); on one server, the tables.
  const steps = refreshChunkSteps({ onCluster: await tablesAreDistributed(client) });
  const changed = await runSteps(client, steps, accountIds, timeZone, PLACEMENTS_CHANGED);
  return (changed?.[0]?.changed as boolean | undefined) ?? true;
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

/**
 * Throws every roll-up away and builds them again from the source tables (after a full rule re-evaluation, a change
 * of the reporting time zone or of the roll-ups' format: see ensureRollupsCurrent).
 */
export async function rebuildAllRollups(options: { unlessCurrent?: boolean; lanes?: number } = {}): Promise<boolean> {
  if (options.lanes !== undefined && options.lanes > 1 && !options.unlessCurrent && !(await tablesAreDistributed(getPool()))) {
    await rebuildInLanes(options.lanes);
    return true;
  }
  const rebuilt = await inRollupTransaction(async (client, timeZone) => {
    // Several processes starting at once (machines booting together) each find the roll-ups stale: the first to get
    // the lock rebuilds them, the others find them current once they hold it.
    if (options.unlessCurrent && (await rollupStateOn(client)) === rollupStateKey(ROLLUP_FORMAT, timeZone)) return "unchanged";
    if (await tablesAreDistributed(client)) await rebuildByChunks(client, timeZone);
    else {
      await refreshPaymentCommissions(client, null, timeZone);
      await runSteps(client, rebuildSteps(), null, timeZone);
    }
    await writeRollupState(client, timeZone);
    return { placementsChanged: true };
  });
  // VACUUM too: it marks the freshly written pages all-visible, which index-only scans of the cut months need.
  if (rebuilt) await getPool().query(`VACUUM (ANALYZE) ${rollupTables.map(q).join(", ")}`);
  return rebuilt;
}

/**
 * The rebuild on several connections at once, for a database nobody reads yet (the demo's load, ADR 050): each group
 * of roll-up tables that share nothing is rebuilt in a transaction of its own, so a reader in between could see
 * some groups rebuilt and others not. A session of its own holds the roll-up lock throughout, so no refresh
 * interleaves; the recorded roll-up state is deleted first and written last, so a rebuild cut short is done again at
 * the next start (ensureRollupsCurrent).
 */
async function rebuildInLanes(lanes: number): Promise<void> {
  const timeZone = await getSetting("lender.timeZone");
  await withDedicatedClient(
    async (holder) => {
      await lockForSession(holder, locks.metricsRollup);
      try {
        await withTransactionOn(holder, async () => {
          await holder.query(`DELETE FROM "Setting" WHERE key = 'metrics.rollupState'`);
          // The day facts sum each payment's commission: computed before any group reads them.
          await refreshPaymentCommissions(holder, null, timeZone);
        });
        const queue = rebuildStepGroups();
        await Promise.all(
          Array.from({ length: Math.min(lanes, queue.length) }, async () => {
            for (let group = queue.shift(); group !== undefined; group = queue.shift()) {
              const { steps, tables } = group;
              await withTransaction((client) => runSteps(client, steps, null, timeZone));
              await getPool().query(`VACUUM (ANALYZE) ${tables.map(q).join(", ")}`);
            }
          }),
        );
        await withTransactionOn(holder, async () => {
          await writeRollupState(holder, timeZone);
          await advanceGeneration(holder, "metrics.rollupGeneration");
          await advanceGeneration(holder, "metrics.placementGeneration");
        });
      } finally {
        await releaseSessionLock(holder, locks.metricsRollup);
      }
    },
    { applicationName: "oversight roll-up rebuild" },
  );
  await advanceDataGeneration("rollups");
}

/**
 * A rebuild on a Citus cluster: the roll-ups emptied, then every account refreshed chunk by chunk (with account 0,
 * complaints without one), each from local copies of its rows. Moving empty aggregates by every account's facts
 * gives what the single server's rebuild from scratch gives, without one statement over the whole portfolio.
 */
async function rebuildByChunks(client: pg.PoolClient, timeZone: string): Promise<void> {
  await client.query(`TRUNCATE ${rollupTables.map(q).join(", ")}`);
  const { rows } = await client.query<{ id: number }>(`SELECT 0 AS id UNION ALL (SELECT id FROM "Account" ORDER BY id)`);
  const ids = rows.map((row) => row.id);
  for (let start = 0; start < ids.length; start += ACCOUNTS_PER_REFRESH) await refreshChunk(client, ids.slice(start, start + ACCOUNTS_PER_REFRESH), timeZone);
}

function rollupStateKey(format: number, timeZone: string): string {
  return `${format} ${timeZone}`;
}

async function rollupStateOn(client: pg.PoolClient): Promise<string | null> {
  const { rows } = await client.query<{ format: number | null; time_zone: string | null }>(
    `SELECT (value->>'format')::int AS format, value->>'timeZone' AS time_zone FROM "Setting" WHERE key = 'metrics.rollupState'`,
  );
  const row = rows[0];
  return row && row.format !== null && row.time_zone !== null ? rollupStateKey(row.format, row.time_zone) : null;
}

/**
 * The roll-ups' format: bump it whenever a change to the roll-up tables or their SQL needs existing databases to
 * rebuild (ensureRollupsCurrent does it at the next start).
 */
export const ROLLUP_FORMAT = 6;

async function writeRollupState(client: pg.ClientBase, timeZone: string): Promise<void> {
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
  if (!(await rebuildAllRollups({ unlessCurrent: true }))) {
    options.log?.("The metric roll-ups were built by another process meanwhile.");
    return false;
  }
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

async function advanceGeneration(client: pg.ClientBase, key: string): Promise<void> {
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
  // Three reads, not one self-join of "Account" on the customer: on a Citus cluster accounts are distributed by
  // their id, and a join on another column in a query with UNIONs is refused (ADR 049). On one server the two
  // reads of "Account" are index scans (its primary key, then its customerId index).
  const pool = getPool();
  const direct = await pool.query<{ id: number }>(directSql, params);
  const withoutAccount = direct.rows.some((row) => row.id === 0) ? [0] : [];
  const accountIds = direct.rows.map((row) => row.id).filter((id) => id !== 0);
  if (accountIds.length === 0) return withoutAccount;
  const customers = await pool.query<{ customerId: number }>(`SELECT DISTINCT "customerId" FROM "Account" WHERE id = ANY($1::int[])`, [accountIds]);
  const widened = await pool.query<{ id: number }>(`SELECT id FROM "Account" WHERE "customerId" = ANY($1::int[])`, [customers.rows.map((row) => row.customerId)]);
  return [...withoutAccount, ...widened.rows.map((row) => row.id)];
}
