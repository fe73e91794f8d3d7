import PgBoss from "pg-boss";
import { connectionsExpectedToEnd, lockForTransaction, locks, withTransaction } from "~/db/pg.server";
import { jobSchemaFor, parseDatabaseUrl } from "~/db/database-url";
import { currentDatabaseUrl } from "~/env.server";

// Background work runs on pg-boss: jobs live in PostgreSQL (schema "pgboss", or "<schema>_pgboss" beside a `?schema=` of DATABASE_URL), so a job survives a crash or a
// restart and is retried, which an in-memory promise would not be. Every process that wants to do work (the
// server, the CLI) starts workers; whichever is free takes the job.

export const queueNames = { importBatch: "import-batch" } as const;
export type QueueName = (typeof queueNames)[keyof typeof queueNames];

export type ImportBatchJob = { batchId: number };

let started: Promise<PgBoss> | undefined;

export function getQueue(): Promise<PgBoss> {
  started ??= (async () => {
    const { connectionString, schema } = parseDatabaseUrl(currentDatabaseUrl());
    const boss = new PgBoss({ connectionString, schema: jobSchemaFor(schema), max: 4, application_name: "oversight-jobs" });
    boss.on("error", (error: unknown) => {
      if (!connectionsExpectedToEnd()) console.error("[jobs]", error);
    });
    await boss.start();
    // Imports may take minutes for a large file: a job is only considered dead after an hour, then retried twice.
    await createJobQueue(boss, { name: queueNames.importBatch, retryLimit: 2, retryDelay: 10, expireInSeconds: 3600 });
    return boss;
  })();
  return started;
}

/**
 * pg-boss's createQueue, one process at a time across every machine on the database: its create_queue() inserts the
 * queue's row and then adds constraints that reference the queue table, so two processes creating queues at the same
 * moment (machines starting together) deadlock. A queue that exists already costs one read and no lock.
 */
export async function createJobQueue(boss: PgBoss, queue: PgBoss.Queue): Promise<void> {
  if (await boss.getQueue(queue.name)) return;
  await withTransaction(async (client) => {
    await lockForTransaction(client, locks.jobQueueSetup);
    await boss.createQueue(queue.name, queue);
  });
}

export async function enqueueImportBatch(batchId: number): Promise<void> {
  const boss = await getQueue();
  // The batch id is the singleton key: a batch is never imported by two jobs at once.
  await boss.send(queueNames.importBatch, { batchId } satisfies ImportBatchJob, { singletonKey: `batch-${batchId}` });
}

export async function startImportWorker(handler: (job: ImportBatchJob) => Promise<void>): Promise<void> {
  const boss = await getQueue();
  await boss.work<ImportBatchJob>(queueNames.importBatch, { batchSize: 1, pollingIntervalSeconds: 1 }, async (jobs) => {
    for (const job of jobs) await handler(job.data);
  });
}

export async function stopQueue(): Promise<void> {
  if (!started) return;
  const boss = await started;
  started = undefined;
  await boss.stop({ graceful: true, timeout: 10_000, close: true });
}
