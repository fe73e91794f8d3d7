import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

// Vitest runs without the Remix plugin: unit tests import plain modules, integration tests talk to a real
// PostgreSQL started once per run by test/setup/global-setup.ts.
export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  test: {
    include: ["app/**/*.test.ts", "server/**/*.test.ts", "scripts/**/*.test.ts", "test/integration/**/*.test.ts"],
    globalSetup: ["test/setup/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Two files at a time at least: Vitest's own default (a worker fewer than the cores) runs them one by one on a
    // two-core machine, while most integration files wait on PostgreSQL, a worker process or a CLI they started.
    // Measured on the two-core CI machine: 1,288 s one by one, 856 s two at a time.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
  },
});
