import path from "node:path";
import { defineConfig } from "vitest/config";

// npm run test:citus (ADR 049): the integration suites that prove the product on a Citus cluster — imports (exactly
// once, a worker killed mid-import, resends and conflicts), the rule engine (per-customer chunks, the idempotent
// merge, full runs), the roll-ups to the cent against their recomputation, and the audit workbook's content — run
// unchanged against CITUS_URL, in a fresh schema distributed like production. The same files pass on one server
// in the ordinary suite, with the same assertions, which is the "same results" the cluster must give.
export const citusSuites = [
  "test/integration/import-pipeline.test.ts",
  "test/integration/import-crash.test.ts",
  "test/integration/rules-evaluation.test.ts",
  "test/integration/rules-full-run.test.ts",
  "test/integration/metrics-rollups.test.ts",
  "test/integration/audit-workbook-content.test.ts",
];

export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  test: {
    include: citusSuites,
    globalSetup: ["test/setup/citus-global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    pool: "forks",
  },
});
