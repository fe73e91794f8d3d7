import { afterAll, beforeAll, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { ensureMonthPartitions, partitionName } from "~/db/month-partitions.server";
import { getPool } from "~/db/pg.server";
import { createAgency, createPlacedAccount } from "~/demo/factories.server";
import { purgeExpiredRecords } from "~/retention/purge-expired-records.server";
import { ensureDefaultRulePacks } from "~/rules/rule-packs.server";
import { useOwnDatabase } from "../support/own-database";

// Dropping a purged month while an import writes. The purge acts on every month past retention, so this file has a
// database of its own: no other file's rows can be purged, and no other file's writers can take part in a cycle.
const NOW = new Date("1991-06-15T08:00:00Z"); // five years: kept from 1986-06-01
let restoreDatabase: () => Promise<void>;

beforeAll(async () => {
  restoreDatabase = await useOwnDatabase("purge_concurrency");
  await ensureDefaultRulePacks();
});

afterAll(async () => {
  await restoreDatabase();
});

test("a month dropped while an import-like writer holds agents and then writes events and violations: both finish, nobody is killed", async () => {
  await ensureMonthPartitions(["1985-03"]);
  const agencyId = await createAgency({ code: "PURGECONC", name: "Concurrent purge", timeZone: "UTC" });
  const account = await createPlacedAccount({ agencyId, accountNumber: "PURGE-CONC-1" });
  const factoryEvent = await getPrisma().activityEvent.findFirstOrThrow({ where: { accountId: account.accountId }, select: { importBatchId: true, occurredAt: true } });
  const pack = await getPrisma().rulePack.findFirstOrThrow({ where: { code: "cn", status: "PUBLISHED" }, select: { id: true } });
  const insertEvent = `INSERT INTO "ActivityEvent" ("agencyId", "accountId", "eventId", "occurredAt", type, "contentHash", "importBatchId")
                       VALUES ($1, $2, $3, $4, 'CALL', 'h', $5) RETURNING id, "occurredAt"`;
  const insertViolation = `INSERT INTO "Violation" ("ruleCode", severity, "agencyId", "accountId", "triggerEventId", "evidenceEventIds", "rulePackId", "occurredAt", explanation)
                           VALUES ('ABUSIVE_LANGUAGE', 'HIGH', $1, $2, $3, ARRAY[$3::bigint], $4, $5, '{}')`;
  const old = await getPool().query<{ id: string; occurredAt: Date }>(insertEvent, [agencyId, account.accountId, "OLD-CONC-1", "1985-03-10T10:00:00Z", factoryEvent.importBatchId]);
  await getPool().query(insertViolation, [agencyId, account.accountId, old.rows[0]!.id, pack.id, old.rows[0]!.occurredAt]);

  // The import's order: the file's agents (ROW EXCLUSIVE on "Agent"), then its events, then what the rules find. A
  // purge that detached the month's violations (the parent locked) and then waited for "Agent" made a cycle with it.
  const writer = await getPool().connect();
  try {
    await writer.query("BEGIN");
    await writer.query(`INSERT INTO "Agent" ("agencyId", "externalId") VALUES ($1, 'PURGE-CONC-AGENT')`, [agencyId]);
    let settled = false;
    const purging = purgeExpiredRecords({ now: NOW }).finally(() => (settled = true));
    // Until the purge is stuck on a table: waiting for it, or refused it and between attempts.
    for (;;) {
      const { rows } = await getPool().query(
        `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND pid NOT IN (pg_backend_pid(), $1)
            AND (wait_event_type = 'Lock' OR (state = 'idle in transaction' AND query LIKE 'ROLLBACK TO SAVEPOINT%'))`,
        [(writer as unknown as { processID: number }).processID],
      );
      if (rows.length > 0 || settled) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const fresh = await writer.query<{ id: string; occurredAt: Date }>(insertEvent, [agencyId, account.accountId, "NEW-CONC-1", factoryEvent.occurredAt, factoryEvent.importBatchId]);
    await writer.query(insertViolation, [agencyId, account.accountId, fresh.rows[0]!.id, pack.id, fresh.rows[0]!.occurredAt]);
    await writer.query("COMMIT");
    const result = await purging;
    expect(result.totals).toMatchObject({ events: 1, violations: 1 });
  } finally {
    writer.release();
  }
  // The month went whole (its partitions dropped, not emptied in batches); the writer's rows are there.
  const { rows } = await getPool().query(`SELECT to_regclass($1) AS events, to_regclass($2) AS violations`, [`"${partitionName("ActivityEvent", "1985-03")}"`, `"${partitionName("Violation", "1985-03")}"`]);
  expect(rows[0]).toEqual({ events: null, violations: null });
  expect(await getPrisma().activityEvent.count({ where: { accountId: account.accountId, eventId: "NEW-CONC-1" } })).toBe(1);
  expect(await getPrisma().violation.count({ where: { accountId: account.accountId } })).toBe(1);
});
