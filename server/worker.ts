import { expectConnectionsToEnd } from "../app/db/pg.server";
import { stopQueue } from "../app/jobs/queue.server";
import { prepareDatabase } from "./prepare-database";
import { startWorkers } from "./start-workers";

// A worker process: imports, audit reports, rule re-evaluations and housekeeping, under its own heap limit. Started by
// the supervisor in server/worker-supervisor.ts (`npm start` with ROLE=all, `npm run worker`, the CLI import), which
// passes DATABASE_URL and restarts it when it dies (ADR 012).
const database = await prepareDatabase();
await startWorkers();
process.send?.({ type: "worker-ready" });
console.error(`[worker ${process.pid}] ready (${Math.round(process.memoryUsage().heapUsed / 1024 / 1024)} MB of heap in use)`);

let closing = false;
function shutdown(exitCode: number): void {
  if (closing) return;
  closing = true;
  // Stopped with the demo or `npm start` (Ctrl+C reaches every process), whose embedded server stops at the same time.
  expectConnectionsToEnd();
  stopQueue()
    .then(() => database.close())
    .then(
      () => process.exit(exitCode),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => shutdown(0));
// The supervisor is gone (killed with no chance to stop us): an orphaned worker would hold batches nobody watches.
process.on("disconnect", () => process.exit(1));
