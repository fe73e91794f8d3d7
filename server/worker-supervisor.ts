import { type ChildProcess, fork } from "node:child_process";
import path from "node:path";

export type WorkerSupervisor = {
  /** The running worker's process id (undefined between a death and the restart). */
  pid: () => number | undefined;
  /** Resolves once a worker has started all its queues (the first one, or the current one after a restart). */
  ready: () => Promise<void>;
  /** Stops the worker (SIGTERM, then SIGKILL after the grace period) and does not restart it. */
  stop: () => Promise<void>;
};

export type SuperviseWorkerOptions = {
  /** The worker's V8 heap limit (--max-old-space-size). */
  heapMb: number;
  /** Added to this process's environment; DATABASE_URL must be in one of them. */
  env?: Record<string, string>;
  log?: (line: string) => void;
  /** Grace period for a stopping worker to finish its job. */
  stopTimeoutMs?: number;
};

const workerEntry = path.join(import.meta.dirname, "worker.ts");
/** A worker that lived this long before dying is restarted at once; quicker deaths back off up to maxRestartDelayMs. */
const healthyLifetimeMs = 60_000;
const maxRestartDelayMs = 30_000;

/**
 * Runs server/worker.ts as a child process with its own heap limit and restarts it whenever it dies, so a job that
 * exhausts its memory (or is killed) ends that process only: the caller, usually the web server, goes on (ADR 012).
 * The restarted worker finds what its predecessor left RUNNING and decides whether to try it again.
 */
export function superviseWorker(options: SuperviseWorkerOptions): WorkerSupervisor {
  const log = options.log ?? ((line: string) => console.error(line));
  let child: ChildProcess | undefined;
  let stopping = false;
  let quickDeaths = 0;
  let restartTimer: NodeJS.Timeout | undefined;
  let readyWaiters: (() => void)[] = [];
  let isReady = false;

  const start = () => {
    const startedAt = Date.now();
    // NODE_OPTIONS may carry the parent's own heap limit; the worker's is given on its command line, which wins anyway.
    const nodeOptions = (process.env.NODE_OPTIONS ?? "").replace(/--max-old-space-size=\d+/g, "").trim();
    const worker = fork(workerEntry, [], {
      execArgv: [`--max-old-space-size=${options.heapMb}`, "--import", "tsx"],
      env: { ...process.env, ...options.env, NODE_OPTIONS: nodeOptions },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    child = worker;
    isReady = false;
    worker.on("message", (message: unknown) => {
      if (typeof message === "object" && message !== null && (message as { type?: unknown }).type === "worker-ready") {
        isReady = true;
        for (const resolve of readyWaiters) resolve();
        readyWaiters = [];
      }
    });
    worker.once("exit", (code, signal) => {
      child = undefined;
      isReady = false;
      if (stopping) return;
      const lived = Date.now() - startedAt;
      quickDeaths = lived >= healthyLifetimeMs ? 0 : quickDeaths + 1;
      const delay = quickDeaths === 0 ? 0 : Math.min(maxRestartDelayMs, 500 * 2 ** (quickDeaths - 1));
      log(`[workers] worker process ${worker.pid} died (${signal ? `signal ${signal}` : `exit code ${code}`}) after ${Math.round(lived / 1000)} s; restarting it${delay ? ` in ${delay / 1000} s` : ""}`);
      restartTimer = setTimeout(start, delay);
    });
  };
  start();

  return {
    pid: () => child?.pid,
    ready: () => (isReady ? Promise.resolve() : new Promise<void>((resolve) => readyWaiters.push(resolve))),
    stop: async () => {
      stopping = true;
      clearTimeout(restartTimer);
      const worker = child;
      if (!worker || worker.exitCode !== null || worker.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
      worker.kill("SIGTERM");
      const timer = setTimeout(() => worker.kill("SIGKILL"), options.stopTimeoutMs ?? 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
