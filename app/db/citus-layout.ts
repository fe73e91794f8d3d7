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
 * Tables left as they are, on the coordinator: the migration engine's own table; the figure caches (FigureCache is
 * UNLOGGED, which a reference table cannot be) and the one-row counters and settings, each read and written by
 * one key at a time and upserted with `"updatedAt" = now()`, which Citus refuses in ON CONFLICT on its tables.
 */
export const coordinatorTables: readonly string[] = ["_prisma_migrations", "FigureCache", "MetricRecoveryIndex", "DataGeneration", "Setting"];

/**
 * Unique indexes of distributed tables that cannot hold on a cluster (they lack the distribution column) and are
 * dropped there, each with what keeps its promise instead.
 */
export const uniqueIndexesDroppedOnCitus: readonly { table: string; columns: readonly string[]; keptBy: string }[] = [
  {
    table: "ActivityEvent",
    columns: ["agencyId", "eventId"],
    keptBy: "the import pipeline's check of every row's (agency, event id) against the stored events, under the agency's import lock (locks.importAgency)",
  },
  {
    table: "Violation",
    columns: ["ruleCode", "triggerEventId"],
    keptBy: 'the unique ("ruleCode", "triggerEventId", "accountId"): a trigger event belongs to one account',
  },
];

export function distributionColumnOf(table: string): string | undefined {
  return distributedTables.find((entry) => entry.table === table)?.column;
}
