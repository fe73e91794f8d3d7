// One activity event written the way the import pipeline writes one (ADR 041): its month's partitions first, then the
// event and its idempotency key in one transaction. For the demo's and the tests' builders, which write single events.
import type pg from "pg";
import { getPrisma } from "~/db/client.server";
import { ensureMonthPartitions, utcMonthOf } from "~/db/month-partitions.server";
import { withTransactionOn } from "~/db/pg.server";
import type { Prisma } from "~/generated/prisma/client";

export async function createActivityEvent(data: Prisma.ActivityEventUncheckedCreateInput): Promise<{ id: bigint; occurredAt: Date }> {
  const occurredAt = new Date(data.occurredAt);
  const month = utcMonthOf(occurredAt);
  await ensureMonthPartitions([month]);
  const [event] = await getPrisma().$transaction([
    getPrisma().activityEvent.create({ data, select: { id: true, occurredAt: true } }),
    getPrisma().activityEventKey.create({
      data: { agencyId: data.agencyId, eventId: data.eventId, contentHash: data.contentHash, importBatchId: data.importBatchId, occurredMonth: new Date(`${month}-01T00:00:00Z`) },
    }),
  ]);
  return event;
}

/**
 * The keys of events a bulk writer (a benchmark's or a test's SQL) put in without them: every event of the batch
 * whose key is missing gets it, and the batch's months get their partitions (its rows are moved out of DEFAULT).
 */
export async function completeBulkEvents(client: pg.ClientBase, importBatchId: number): Promise<void> {
  const { rows } = await client.query<{ month: string }>(
    `SELECT DISTINCT to_char(date_trunc('month', "occurredAt" AT TIME ZONE 'UTC'), 'YYYY-MM') AS month FROM "ActivityEvent" WHERE "importBatchId" = $1`,
    [importBatchId],
  );
  await withTransactionOn(client, (tx) => ensureMonthPartitions(rows.map((row) => row.month), tx));
  await client.query(
    `INSERT INTO "ActivityEventKey" ("agencyId", "eventId", "contentHash", "importBatchId", "occurredMonth")
     SELECT "agencyId", "eventId", "contentHash", "importBatchId", date_trunc('month', "occurredAt" AT TIME ZONE 'UTC')::date
       FROM "ActivityEvent" WHERE "importBatchId" = $1
     ON CONFLICT DO NOTHING`,
    [importBatchId],
  );
}
