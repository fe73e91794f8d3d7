import { getEnv } from "./app/env.server";
import { prepareDatabase } from "./server/prepare-database";
import { startServer } from "./server/start-server";
import { superviseWorker } from "./server/worker-supervisor";

// `npm start` (production build) and `npm run dev` (Vite middleware) both come through here. ROLE chooses what runs
// (ADR 012): "all" the web server plus one supervised worker process, "web" the web server alone, "worker" (`npm run
// worker`) a supervised worker alone, for another machine.
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
