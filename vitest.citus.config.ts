import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

// npm run test:citus (ADR 049): suites run unchanged against the Citus cluster of CITUS_URL, in a fresh schema
// distributed like production (test/setup/citus-global-setup.ts). The same files pass on one server in the ordinary
// suite with the same assertions: that is the "same results" a cluster must give.
export const citusSuites = [
  // The distribution itself: layout, keys with the distribution column, single-shard plans of per-account queries.
  "test/integration/citus-distribution.test.ts",
  // Imports (exactly once, resends and conflicts, strict mode, placements' recalls) through the COPY pipeline.
  "test/integration/import-pipeline.test.ts",
  // The rule engine per account and per batch: cross-agency evidence, reviews kept, pack switches, wrong numbers.
  "test/integration/rules-evaluation.test.ts",
  // One portfolio imported, judged and rolled up: the same fixed figures as on one server.
  "test/integration/citus-same-results.test.ts",
  // Full rule runs chunk by chunk, and the rule benchmark in a distributed schema of its own.
  "test/integration/rules-full-run.test.ts",
  // The roll-ups to the cent against the recomputation from the source tables, incremental and rebuilt.
  "test/integration/metrics-rollups.test.ts",
  // A worker killed mid-import of 150,000 rows leaves nothing; run again, every row is imported once.
  "test/integration/import-crash.test.ts",
  // The audit workbook's sheets (violations with their evidence, complaints, the case sample, findings), masked too.
  "test/integration/audit-workbook-content.test.ts",
  // The agents kind (rosters, training) and the payments kind (the ledger) with the reconciliation it drives.
  "test/integration/agent-roster.test.ts",
  "test/integration/reconciliation.test.ts",
  // The violations grid: keyset paging, sorts, filters, bulk review and the masked view's review notes.
  "test/integration/violations-grid.test.ts",
  // The cases grid: figures per placement, every sort, paging, the period, and the case page's masked free text.
  "test/integration/cases-grid.test.ts",
  // Complaints: corroboration against the agency's log, working a complaint with the agency, the automatic finding
  // policy; complaints entered by hand, the grid's filters (segments too) and the case page; the CFPB export's import.
  "test/integration/complaint-work.test.ts",
  "test/integration/complaints-cases.test.ts",
  "test/integration/cfpb-complaints.test.ts",
  // A placement's life: recall reasons, the acknowledgments kind (an agency's answers to its placements), due for
  // recall on an injected day, the recall file imported back.
  "test/integration/placement-life-cycle.test.ts",
];

/**
 * The suites that are to prove imports (exactly once, a worker killed mid-import, resends and conflicts), the rule
 * engine, the roll-ups to the cent and the workbook's content on the cluster. They do not all pass there yet (ADR 049,
 * "Not yet working"); each joins `citusSuites` once it passes.
 */
export const citusSuitesPending: string[] = [];

export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  test: {
    // OVERSIGHT_CITUS_PENDING=1 runs the pending suites as well, to work on them.
    include: process.env.OVERSIGHT_CITUS_PENDING ? [...citusSuites, ...citusSuitesPending] : citusSuites,
    globalSetup: ["test/setup/citus-global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    pool: "forks",
    // Two files at a time, as the ordinary suite (vitest.config.ts). Two files importing side by side are also how
    // imports running at once on a cluster are tested (ADR 049: they deadlocked on the reference tables' shard locks).
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
  },
});
