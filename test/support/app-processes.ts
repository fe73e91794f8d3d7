import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import path from "node:path";

// The production entry point (server.ts) started as child processes, as on separate machines: each with its own
// ROLE and port, every line it prints kept for the test to read.

const projectRoot = path.resolve(import.meta.dirname, "../..");

export type AppProcess = {
  name: string;
  child: ChildProcess;
  /** Everything the process (and the worker child it supervises) printed on stdout and stderr so far. */
  output: () => string;
  /** Resolves once a printed line matches; rejects if the process exits first. */
  printed: (pattern: RegExp) => Promise<void>;
  stop: () => Promise<void>;
};

export async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, "127.0.0.1");
  await once(probe, "listening");
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return typeof address === "object" && address ? address.port : 0;
}

export function startAppProcess(name: string, env: Record<string, string>): AppProcess {
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: projectRoot,
    env: { ...process.env, NODE_OPTIONS: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so stopping it reaches the worker child it supervises.
    detached: true,
  });
  const waiters = new Set<{ pattern: RegExp; resolve: () => void }>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    for (const waiter of waiters) {
      if (!waiter.pattern.test(output)) continue;
      waiters.delete(waiter);
      waiter.resolve();
    }
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = once(child, "exit");
  return {
    name,
    child,
    output: () => output,
    printed: (pattern) =>
      pattern.test(output)
        ? Promise.resolve()
        : Promise.race([
            new Promise<void>((resolve) => waiters.add({ pattern, resolve })),
            exited.then(([code, signal]) => {
              throw new Error(`${name} exited (${String(signal ?? code)}) before printing ${pattern}:\n${output.slice(-4000)}`);
            }),
          ]),
    stop: async () => {
      if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
      process.kill(-child.pid, "SIGTERM");
      // A clean stop lets the worker finish its job and its connections close; a stuck one is killed after a while.
      const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 30_000))]);
      if (!stopped) process.kill(-child.pid, "SIGKILL");
    },
  };
}
