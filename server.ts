import { getEnv } from "./app/env.server";
import { prepareDatabase } from "./server/prepare-database";
import { startServer } from "./server/start-server";
import cluster from "node:cluster";
import { superviseWorker } from "./server/worker-supervisor";
import { startWebCluster, webProcessCount } from "./server/web-cluster";

// `npm start` (production build) and `npm run dev` (Vite middleware) both come through here. ROLE chooses what runs
// (ADR 012): "all" the web server plus one supervised worker process, "web" the web server alone, "worker" (`npm run
// worker`) a supervised worker alone, for another machine. In production the pages are served by WEB_PROCESSES
// processes (default: one per core, ADR 040): this process is then the cluster's primary, and each member runs this
// file again as a cluster worker that only answers requests.
const env = getEnv();
const mode = env.NODE_ENV === "production" ? "production" : "development";
let close: () => Promise<void>;
if (env.ROLE === "worker") {
  const database = await prepareDatabase();
  const worker = superviseWorker({ heapMb: env.WORKER_HEAP_MB, env: { DATABASE_URL: database.url } });
  await worker.ready();
  console.log(`Agency Oversight worker running (process ${worker.pid()}, heap limit ${env.WORKER_HEAP_MB} MB)`);
  close = async () => {
    await worker.stop();
    await database.close();
  };
} else if (cluster.isWorker) {
  const server = await startServer({ mode, port: env.PORT, host: env.HOST, trustProxy: env.TRUST_PROXY, clusterMember: true });
  close = server.close;
} else if (mode === "production" && webProcessCount() > 1) {
  const server = await startWebCluster({ processes: webProcessCount(), port: env.PORT, host: env.HOST, trustProxy: env.TRUST_PROXY, worker: env.ROLE === "all" });
  console.log(`Agency Oversight (${mode}) listening on ${server.url} with ${server.processes} web processes${env.ROLE === "web" ? " (no worker: ROLE=web)" : ""}`);
  close = server.close;
} else {
  const server = await startServer({ mode, port: env.PORT, host: env.HOST, trustProxy: env.TRUST_PROXY, worker: env.ROLE === "all" });
  console.log(`Agency Oversight (${mode}) listening on ${server.url}${env.ROLE === "web" ? " (no worker: ROLE=web)" : ""}`);
  close = server.close;
}

let closing = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
