import type { TestProject } from "vitest/node";
import { setupTestDatabase } from "./global-setup";

// npm run test:citus: the integration suites of vitest.citus.config.ts against the Citus cluster of CITUS_URL.
export default function setup(project: TestProject): Promise<() => Promise<void>> {
  const citusUrl = process.env.CITUS_URL;
  if (!citusUrl) throw new Error("CITUS_URL is not set: start a cluster (../shared/citus/cluster.sh start) and pass its URL.");
  // Every process of the run (Vitest's workers, the workers and CLIs they start) must distribute, never skip it.
  process.env.OVERSIGHT_CITUS = "on";
  // Four shards per distributed table instead of Citus's 32: the layout and every query's shape are the same, and a
  // statement that reads every shard costs an eighth of the tasks on a machine that also runs the workers.
  process.env.PGOPTIONS = `${process.env.PGOPTIONS ?? ""} -c citus.shard_count=4`.trim();
  return setupTestDatabase(project, { citusUrl });
}
