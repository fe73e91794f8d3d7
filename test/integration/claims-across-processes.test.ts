import PgBoss from "pg-boss";
import { afterAll, beforeAll, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { locks, tryLockForSession, withDedicatedClient } from "~/db/pg.server";
import { createAgency, createPlacedAccount } from "~/demo/factories.server";
import { resumeInterruptedImports } from "~/ingest/pipeline/import-batches.server";
import { createJobQueue, getQueue } from "~/jobs/queue.server";
import { ensureRollupsCurrent } from "~/metrics/refresh-rollups.server";
import { useOwnDatabase } from "../support/own-database";

// What several processes on several machines do at the same moment (ADR 042), each in one process here: another
// process is another connection, and another pg-boss instance. The whole-database work (resuming every interrupted
// batch, rebuilding the roll-ups) needs a database of its own.

let restoreDatabase: () => Promise<void>;

beforeAll(async () => {
  restoreDatabase = await useOwnDatabase("claims");
});

afterAll(async () => {
  await restoreDatabase();
});

test("a committed batch's stages are resumed by no one while a worker holds its lock, and by one worker once it is free", async () => {
  const agencyId = await createAgency({ code: "CLAIMS1", name: "Claims agency" });
  await createPlacedAccount({ agencyId });
  const prisma = getPrisma();
  const batch = await prisma.importBatch.findFirstOrThrow({ where: { agencyId, status: "COMMITTED", stagesCompletedAt: null } });

  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held: () => void = () => undefined;
  const holding = new Promise<void>((resolve) => (held = resolve));
  // The worker still running the batch's stages, on another connection.
  const worker = withDedicatedClient(async (client) => {
    expect(await tryLockForSession(client, locks.importBatch(batch.id))).toBe(true);
    held();
    await released;
  });
  await holding;
  const whileHeld = await resumeInterruptedImports();
  expect(whileHeld.stagesResumed).not.toContain(batch.id);
  expect((await prisma.importBatch.findUniqueOrThrow({ where: { id: batch.id } })).stagesCompletedAt).toBeNull();
  release();
  await worker;

  // Two workers starting at once: the stages run once.
  const [first, second] = await Promise.all([resumeInterruptedImports(), resumeInterruptedImports()]);
  expect([...first.stagesResumed, ...second.stagesResumed].filter((id) => id === batch.id)).toEqual([batch.id]);
  expect((await prisma.importBatch.findUniqueOrThrow({ where: { id: batch.id } })).stagesCompletedAt).not.toBeNull();
});

test("processes starting together after an upgrade rebuild the roll-ups once", async () => {
  await getPrisma().setting.upsert({ where: { key: "metrics.rollupState" }, create: { key: "metrics.rollupState", value: { format: 0, timeZone: "" } }, update: { value: { format: 0, timeZone: "" } } });
  const rebuilt = await Promise.all([ensureRollupsCurrent(), ensureRollupsCurrent(), ensureRollupsCurrent()]);
  expect(rebuilt.filter(Boolean)).toHaveLength(1);
  expect(await ensureRollupsCurrent()).toBe(false);
});

test("pg-boss queues created by two processes at the same moment: no deadlock, each queue once", async () => {
  const other = new PgBoss({ connectionString: process.env.DATABASE_URL ?? "", schema: "pgboss", max: 4, application_name: "oversight-jobs-other" });
  await other.start();
  try {
    const boss = await getQueue();
    const names = ["claims-a", "claims-b", "claims-c", "claims-d"];
    await Promise.all(names.flatMap((name) => [createJobQueue(boss, { name, retryLimit: 1 }), createJobQueue(other, { name, retryLimit: 1, policy: "singleton" })]));
    const queues = await boss.getQueues();
    expect(queues.filter((queue) => names.includes(queue.name)).map((queue) => queue.name).sort()).toEqual(names);
  } finally {
    await other.stop({ graceful: false, close: true, wait: true });
  }
});
