// Where each table lives on a Citus cluster (ADR 049): the one list to change when tables are added or re-keyed.
//
// Distributed tables are hash-sharded by their distribution column and colocated with "Account" (shard n of every
// one of them holds the same accounts), so the joins the product makes on the account — events, violations,
// placements, per-account roll-up facts and their keys — stay inside one shard, and a per-account query
// (the case page, a debtor's timeline, a hold) goes to one shard. Every other table of the schema is a reference
// table (a copy on every node: agencies, agents, users, rule packs, settings, batches, the agency-level roll-ups),
// except those in `coordinatorTables`, which stay plain tables on the coordinator.

export type DistributedTable = { table: string; column: string };

/** Colocated with the first entry; the column holds an "Account".id. */
export const distributedTables: readonly DistributedTable[] = [
  { table: "Account", column: "id" },
  { table: "Placement", column: "accountId" },
  { table: "ActivityEvent", column: "accountId" },
  { table: "Violation", column: "accountId" },
  { table: "MetricAccountDay", column: "accountId" },
  { table: "MetricAccountMonth", column: "accountId" },
  { table: "MetricAccountRuleDay", column: "accountId" },
  { table: "MetricPlacement", column: "accountId" },
  { table: "MetricPlacementMonth", column: "accountId" },
  { table: "PaymentCommission", column: "accountId" },
];

/**
 * Distributed, each in a colocation group of its own: the idempotency key of the activity log (ADR 041) is looked up
 * by agency and event id, never with the account, so its key holds the agency; one agency's lookups go to one shard.
 * An import writes an event (its account's shard) and its key (its agency's shard) in one transaction, which Citus
 * commits with two-phase commit.
 */
export const separatelyDistributedTables: readonly DistributedTable[] = [{ table: "ActivityEventKey", column: "agencyId" }];

/**
 * Tables left as they are, on the coordinator: the migration engine's own table; the figure caches (FigureCache is
 * UNLOGGED, which a reference table cannot be) and the one-row counters and settings, each read and written by
 * one key at a time and upserted with `"updatedAt" = now()`, which Citus refuses in ON CONFLICT on its tables;
 * ImportProgress, written while an import's transaction is open, which as a reference table (or with foreign keys to
 * one) would wait for that transaction's shard locks (import-progress.server.ts).
 */
export const coordinatorTables: readonly string[] = ["_prisma_migrations", "FigureCache", "MetricRecoveryIndex", "DataGeneration", "Setting", "ImportProgress"];

/**
 * Unique indexes of distributed tables that cannot hold on a cluster (they lack the distribution column) and are
 * dropped there, each with what keeps its promise instead.
 */
// None today: the monthly partitions moved the event log's (agency, event id) key into ActivityEventKey (distributed
// by agency), and the violations' key names the account (ADR 041, 049). A key added later that cannot contain the
// distribution column is listed here with what keeps its promise.
export const uniqueIndexesDroppedOnCitus: readonly { table: string; columns: readonly string[]; keptBy: string }[] = [];

export function distributionColumnOf(table: string): string | undefined {
  return [...distributedTables, ...separatelyDistributedTables].find((entry) => entry.table === table)?.column;
}
