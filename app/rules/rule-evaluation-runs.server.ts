// Full re-evaluations in the background: publishing a pack version, changing an agency's pack or the lender's
// default changes what every stored violation should be, and re-judging a million events takes minutes, so the
// request only records a RuleEvaluationRun and queues a job; the page polls the row for progress.
//
// The row is the source of truth, the pg-boss job only a wake-up call: a job claims the oldest QUEUED run, so a
// lost or duplicated job never loses or repeats a run. At most one run is QUEUED at a time: a request made while
// one waits joins it (its change will be seen, since the run has not loaded the packs yet). A request made while
// a run is RUNNING queues a new one, because the running one may have read the packs before the change.
import { getPrisma } from "~/db/client.server";
import { isLockHeld, lockForPrismaTransaction, lockForSession, locks, withDedicatedClient } from "~/db/pg.server";
import type { JobState } from "~/generated/prisma/enums";
import { createJobQueue, getQueue } from "~/jobs/queue.server";
import { advanceDataGeneration } from "~/cache/data-generation.server";
import { rebuildAllRollups } from "~/metrics/refresh-rollups.server";
import { warmScorecardsQuietly } from "~/dashboard/warm-scorecards.server";
import { evaluateAllRules, type RulesEvaluationResult } from "./evaluate-rules.server";

export const RULE_REEVALUATION_QUEUE = "rule-reevaluation";

/** Progress rows are written at most this often: a run over many small chunks must not spend its time on them. */
const PROGRESS_WRITE_MS = 500;
const MAX_REASON = 1000;
const MAX_ERROR = 2000;
// Advisory locks: one for "a request or a claim is deciding which run is queued", one held by the process that
// runs runs, for as long as it does. Only one process runs at a time (others wait for the lock before claiming,
// so a waiting run stays QUEUED and can still be joined), and a RUNNING row while the lock is free was abandoned.

export type RuleEvaluationRunSummary = {
  id: number;
  reason: string;
  state: JobState;
  totalCustomers: number;
  processedCustomers: number;
  violationsFound: number;
  errorMessage: string | null;
  requestedById: number | null;
  requestedByName: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};

type RunRow = {
  id: number;
  reason: string;
  state: JobState;
  totalCustomers: number;
  processedCustomers: number;
  violationsFound: number;
  errorMessage: string | null;
  requestedById: number | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
};

async function toSummary(row: RunRow): Promise<RuleEvaluationRunSummary> {
  const requester = row.requestedById === null ? null : await getPrisma().user.findUnique({ where: { id: row.requestedById }, select: { name: true } });
  return {
    id: row.id,
    reason: row.reason,
    state: row.state,
    totalCustomers: row.totalCustomers,
    processedCustomers: row.processedCustomers,
    violationsFound: row.violationsFound,
    errorMessage: row.errorMessage,
    requestedById: row.requestedById,
    requestedByName: requester?.name ?? null,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

// Per pg-boss instance: after stopQueue() a new instance may point at another database (tests, the CLI).
const preparedQueues = new WeakMap<object, Promise<void>>();

async function ensureQueue(): Promise<void> {
  const boss = await getQueue();
  let prepared = preparedQueues.get(boss);
  if (!prepared) {
    // "short": at most one job waiting (more would only find nothing to claim). Runs never overlap because of
    // locks.ruleRunner. A full run over a large portfolio takes minutes; a job is presumed dead after two hours.
    prepared = createJobQueue(boss, { name: RULE_REEVALUATION_QUEUE, policy: "short", retryLimit: 1, retryDelay: 30, expireInSeconds: 7200 });
    preparedQueues.set(boss, prepared);
    prepared.catch(() => preparedQueues.delete(boss));
  }
  return prepared;
}

async function wakeWorker(): Promise<void> {
  await ensureQueue();
  // null when a job is already waiting: that one claims the queued run.
  await (await getQueue()).send(RULE_REEVALUATION_QUEUE, {});
}

export type FullReevaluationRequest = { run: RuleEvaluationRunSummary; coalesced: boolean };

/**
 * Queues a full re-evaluation, or joins the one already waiting (its reason gains this one). Returns the run that
 * will reflect the caller's change once it SUCCEEDS.
 */
export async function requestFullReevaluation(input: { reason: string; userId: number | null }): Promise<FullReevaluationRequest> {
  const reason = input.reason.trim().slice(0, MAX_REASON) || "Full re-evaluation";
  const { row, coalesced } = await getPrisma().$transaction(async (tx) => {
    await lockForPrismaTransaction(tx, locks.ruleRunQueue);
    const queued = await tx.ruleEvaluationRun.findFirst({ where: { state: "QUEUED" }, orderBy: { id: "asc" } });
    if (queued) {
      const reasons = queued.reason.split("; ").includes(reason) ? queued.reason : `${queued.reason}; ${reason}`.slice(0, MAX_REASON);
      return { row: await tx.ruleEvaluationRun.update({ where: { id: queued.id }, data: { reason: reasons } }), coalesced: true };
    }
    return { row: await tx.ruleEvaluationRun.create({ data: { reason, requestedById: input.userId } }), coalesced: false };
  });
  await wakeWorker();
  return { run: await toSummary(row), coalesced };
}

export async function getRuleEvaluationRun(id: number): Promise<RuleEvaluationRunSummary | null> {
  const row = await getPrisma().ruleEvaluationRun.findUnique({ where: { id } });
  return row ? toSummary(row) : null;
}

/** The newest run, whatever its state (null before the first one). */
export async function getLatestRuleEvaluationRun(): Promise<RuleEvaluationRunSummary | null> {
  const row = await getPrisma().ruleEvaluationRun.findFirst({ orderBy: { id: "desc" } });
  return row ? toSummary(row) : null;
}

/** The oldest QUEUED run becomes RUNNING, under the same lock as requests so a request never joins a claimed run. */
async function claimQueuedRun(): Promise<RunRow | null> {
  return getPrisma().$transaction(async (tx) => {
    await lockForPrismaTransaction(tx, locks.ruleRunQueue);
    const queued = await tx.ruleEvaluationRun.findFirst({ where: { state: "QUEUED" }, orderBy: { id: "asc" }, select: { id: true } });
    if (!queued) return null;
    const totalCustomers = await tx.customer.count();
    return tx.ruleEvaluationRun.update({
      where: { id: queued.id },
      data: { state: "RUNNING", startedAt: new Date(), finishedAt: null, totalCustomers, processedCustomers: 0, violationsFound: 0, errorMessage: null },
    });
  });
}

/** Runs one claimed run to its end; failures are recorded on the row, not thrown (the job is not retried for them). */
async function executeRun(run: RunRow): Promise<void> {
  const prisma = getPrisma();
  let lastWrite = 0;
  let writing: Promise<unknown> = Promise.resolve();
  let result: RulesEvaluationResult;
  try {
    result = await evaluateAllRules({
      onProgress: (progress) => {
        const now = Date.now();
        if (now - lastWrite < PROGRESS_WRITE_MS && progress.customersDone < progress.customersTotal) return;
        lastWrite = now;
        writing = writing
          .then(() => prisma.ruleEvaluationRun.update({ where: { id: run.id }, data: { processedCustomers: progress.customersDone, totalCustomers: progress.customersTotal } }))
          .catch((error: unknown) => console.error("[rules] could not record progress", error));
      },
    });
    await writing;
  } catch (error) {
    await writing;
    const message = error instanceof Error ? error.message : String(error);
    await prisma.ruleEvaluationRun.update({ where: { id: run.id }, data: { state: "FAILED", errorMessage: message.slice(0, MAX_ERROR), finishedAt: new Date() } });
    console.error(`[rules] full re-evaluation #${run.id} failed`, error);
    return;
  }
  // Violation counts feed the dashboards' roll-ups, which a full run may change for any account. The violations
  // are current either way, so a failed rebuild is reported on the run rather than failing it.
  let rollupProblem: string | null = null;
  try {
    await rebuildAllRollups();
    await advanceDataGeneration("rule-run");
    await warmScorecardsQuietly(`full re-evaluation #${run.id}`);
  } catch (error) {
    rollupProblem = `Violations are current, but the dashboard roll-ups could not be rebuilt: ${error instanceof Error ? error.message : String(error)}`;
    console.error(`[rules] roll-up rebuild after run #${run.id} failed`, error);
  }
  const violationsFound = await prisma.violation.count();
  const processed = result.customersEvaluated + result.failedCustomers;
  const refused = result.failedCustomers > 0 ? `${result.failedCustomers} customers could not be judged: ${JSON.stringify(result.failures.slice(0, 5))}` : null;
  await prisma.ruleEvaluationRun.update({
    where: { id: run.id },
    data: {
      state: "SUCCEEDED",
      processedCustomers: processed,
      totalCustomers: processed,
      violationsFound,
      // The run did its work; customers the engine refused stay as they were and are named for follow-up.
      errorMessage: [refused, rollupProblem].filter(Boolean).join(" ").slice(0, MAX_ERROR) || null,
      finishedAt: new Date(),
    },
  });
}

/** Waits for the runner lock, then claims and runs queued runs until none is left. Returns the ids it ran. */
export async function runQueuedReevaluations(): Promise<number[]> {
  const ran: number[] = [];
  // Held on a connection of its own: if this process dies, the lock goes with it.
  await withDedicatedClient(async (holder) => {
    await lockForSession(holder, locks.ruleRunner);
    for (let run = await claimQueuedRun(); run; run = await claimQueuedRun()) {
      await executeRun(run);
      ran.push(run.id);
    }
  });
  return ran;
}

/** True while some process holds the runner lock, i.e. is running (or about to run) a run. */
function isRunnerAlive(): Promise<boolean> {
  return isLockHeld(locks.ruleRunner);
}

/**
 * After a crash: a RUNNING run whose process is gone goes back to QUEUED (a full run is idempotent, so it simply
 * starts again), and any QUEUED run gets a job, in case the request died between its row and its job.
 */
export async function resumeInterruptedReevaluations(): Promise<{ requeued: number[] }> {
  const prisma = getPrisma();
  const requeued: number[] = [];
  const running = await prisma.ruleEvaluationRun.findMany({ where: { state: "RUNNING" }, select: { id: true } });
  const abandoned = running.length > 0 && !(await isRunnerAlive()) ? running : [];
  for (const run of abandoned) {
    const reset = await prisma.$transaction(async (tx) => {
      await lockForPrismaTransaction(tx, locks.ruleRunQueue);
      // Another queued run already covers everything this one would have done: this one ends as failed.
      const waiting = await tx.ruleEvaluationRun.findFirst({ where: { state: "QUEUED" }, select: { id: true } });
      // Only while still RUNNING: its runner may have finished it (and let go of the runner lock) after the list was
      // read, and a worker of another machine starting at the same moment may have reset it already.
      if (waiting) {
        await tx.ruleEvaluationRun.updateMany({ where: { id: run.id, state: "RUNNING" }, data: { state: "FAILED", errorMessage: `Interrupted; superseded by run #${waiting.id}.`, finishedAt: new Date() } });
        return false;
      }
      const reset = await tx.ruleEvaluationRun.updateMany({ where: { id: run.id, state: "RUNNING" }, data: { state: "QUEUED", startedAt: null, processedCustomers: 0 } });
      return reset.count > 0;
    });
    if (reset) requeued.push(run.id);
  }
  if ((await prisma.ruleEvaluationRun.count({ where: { state: "QUEUED" } })) > 0) await wakeWorker();
  return { requeued };
}

/** Makes this process a worker for full re-evaluations (the server and the CLI both are) and resumes interrupted runs. */
export async function startRuleEvaluationWorkers(): Promise<void> {
  await ensureQueue();
  const boss = await getQueue();
  await boss.work(RULE_REEVALUATION_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, async () => {
    await runQueuedReevaluations();
  });
  await resumeInterruptedReevaluations();
}

const FINISHED: readonly JobState[] = ["SUCCEEDED", "FAILED"];

/** Resolves when the run has SUCCEEDED or FAILED (for the CLI, which must return only once results are current). */
export async function waitForRuleEvaluationRun(
  runId: number,
  options: { pollMs?: number; timeoutMs?: number; onProgress?: (run: RuleEvaluationRunSummary) => void } = {},
): Promise<RuleEvaluationRunSummary> {
  const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
  for (;;) {
    const run = await getRuleEvaluationRun(runId);
    if (!run) throw new Error(`No rule evaluation run #${runId}.`);
    if (FINISHED.includes(run.state)) return run;
    options.onProgress?.(run);
    if (Date.now() > deadline) throw new Error(`Rule evaluation run #${runId} did not finish in time (${run.state}).`);
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500));
  }
}
