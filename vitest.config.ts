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
  },
});
