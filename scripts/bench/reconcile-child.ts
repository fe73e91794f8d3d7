import { readFileSync } from "node:fs";
import { closePool } from "../../app/db/pg.server";
import { disconnectPrisma } from "../../app/db/client.server";
import { reconcileAllAccounts } from "../../app/reconciliation/reconcile-accounts.server";

// Runs one full reconciliation in its own process so that its peak memory (VmHWM) can be read on its own.
const started = performance.now();
const result = await reconcileAllAccounts();
const seconds = (performance.now() - started) / 1000;
const peakRssKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? Number.NaN);
console.log(JSON.stringify({ ...result, seconds, peakRssMb: peakRssKb / 1024 }));
await closePool();
await disconnectPrisma();
