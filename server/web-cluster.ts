import cluster, { type Worker } from "node:cluster";
import os from "node:os";
import type { TrustProxySetting } from "../app/http/trust-proxy";
import { warmScorecardsQuietly } from "../app/dashboard/warm-scorecards.server";
import { getEnv } from "../app/env.server";
import { stopQueue } from "../app/jobs/queue.server";
import { prepareDatabase } from "./prepare-database";
import { announceStart, type RunningServer } from "./start-server";
import { superviseWorker, type WorkerSupervisor } from "./worker-supervisor";

// Several web processes on one machine (ADR 040): Node's cluster, the primary sharing one listening port among its
// members. The primary prepares the database once (embedded server, migrations), runs the supervised job worker
// (ROLE=all) and warms the figures; each member is server.ts again, answering requests only. Nothing a request needs
// lives in a member's memory alone: sessions, sign-in throttles, jobs, locks and cached figures are in PostgreSQL, so
// any member may answer any request.

/** WEB_PROCESSES, or one per core the process may use. */
export function webProcessCount(setting: number | undefined = getEnv().WEB_PROCESSES): number {
  return setting ?? Math.max(1, os.availableParallelism());
}

export type StartWebClusterOptions = { processes: number; port: number; host: string; trustProxy?: TrustProxySetting; worker: boolean };

/** A member that lived this long before dying is replaced at once; quicker deaths wait, up to 30 s. */
const healthyLifetimeMs = 60_000;

/** In the primary: prepares the database, then forks the members and replaces any that dies. */
export async function startWebCluster(options: StartWebClusterOptions): Promise<RunningServer & { processes: number }> {
  const database = await prepareDatabase();
  await announceStart();
  const worker: WorkerSupervisor | undefined = options.worker ? superviseWorker({ heapMb: getEnv().WORKER_HEAP_MB, env: { DATABASE_URL: database.url } }) : undefined;
  void warmScorecardsQuietly("the server start");

  let closing = false;
  let quickDeaths = 0;
  const members = new Set<Worker>();
  const fork = () => {
    const startedAt = Date.now();
    const member = cluster.fork({ DATABASE_URL: database.url });
    members.add(member);
    member.on("exit", (code, signal) => {
      members.delete(member);
      if (closing) return;
      quickDeaths = Date.now() - startedAt < healthyLifetimeMs ? quickDeaths + 1 : 0;
      const delay = Math.min(30_000, quickDeaths === 0 ? 0 : 500 * 2 ** (quickDeaths - 1));
      console.error(`[web] process ${member.process.pid} exited (${signal ?? code}); starting another${delay > 0 ? ` in ${delay} ms` : ""}`);
      setTimeout(() => {
        if (!closing) fork();
      }, delay);
    });
  };
  const listening = new Promise<number>((resolve, reject) => {
    cluster.once("listening", (_member, address) => resolve(address.port));
    cluster.once("exit", (_member, code) => reject(new Error(`a web process exited (${code}) before any listened`)));
  });
  for (let index = 0; index < options.processes; index++) fork();
  const port = await listening;
  return {
    processes: options.processes,
    url: `http://${options.host === "0.0.0.0" ? "localhost" : options.host}:${port}`,
    close: async () => {
      closing = true;
      await Promise.all(
        [...members].map(
          (member) =>
            new Promise<void>((resolve) => {
              if (member.isDead()) return resolve();
              member.once("exit", () => resolve());
              member.process.kill("SIGTERM");
            }),
        ),
      );
      await worker?.stop();
      await stopQueue();
      await database.close();
    },
  };
}
