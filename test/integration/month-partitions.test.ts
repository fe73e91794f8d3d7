import { describe, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { ensureMonthPartitions, listMonthPartitions, monthBounds, partitionName, utcMonthOf } from "~/db/month-partitions.server";
import { locks } from "~/db/advisory-locks";
import { getPool, lockNamespaceSql } from "~/db/pg.server";
import { createAgency, createPlacedAccount } from "~/demo/factories.server";
import { ensureDefaultRulePacks } from "~/rules/rule-packs.server";

// Monthly partitions of the activity log (ADR 041). The months are far in the future, so no other test file's rows
// (and no retention purge) can meet them.

const partitionOf = async (table: "ActivityEvent" | "Violation", id: bigint) =>
  (await getPool().query<{ part: string }>(`SELECT tableoid::regclass::text AS part FROM "${table}" WHERE id = $1`, [id])).rows.map((row) => row.part);

describe("month names and bounds", () => {
  test.each([
    ["2026-01", "2026-01-01T00:00:00.000Z", "2026-02-01T00:00:00.000Z"],
    ["2026-12", "2026-12-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"],
  ])("%s runs from %s to %s", (month, start, end) => {
    expect(monthBounds(month)).toEqual({ start, end });
    expect(partitionName("ActivityEvent", month)).toBe(`ActivityEvent_p${month.replace("-", "_")}`);
  });

  test.each(["2026-13", "2026-1", "26-01", "2026-01'; DROP TABLE x; --"])("%s is refused", (month) => {
    expect(() => monthBounds(month)).toThrow(RangeError);
  });

  test("an instant's month is its UTC month", () => {
    expect(utcMonthOf(new Date("2026-03-31T23:30:00-02:00"))).toBe("2026-04");
    expect(utcMonthOf("2026-03-31T23:30:00.000Z")).toBe("2026-03");
  });
});

describe("ensureMonthPartitions", () => {
  test("a month written before its partitions existed is moved out of DEFAULT with its violations and complaint links", async () => {
    const agencyId = await createAgency({ code: "PARTLATE", name: "Late partition", timeZone: "UTC" });
    const account = await createPlacedAccount({ agencyId, accountNumber: "PART-LATE-1" });
    const batch = await getPrisma().activityEvent.findFirstOrThrow({ where: { accountId: account.accountId }, select: { importBatchId: true } });
    // Written straight into the parent, as a writer that did not ask first would: the row lands in DEFAULT.
    const { rows } = await getPool().query<{ id: string; occurredAt: Date }>(
      `INSERT INTO "ActivityEvent" ("agencyId", "accountId", "eventId", "occurredAt", type, "contentHash", "importBatchId")
       VALUES ($1, $2, 'LATE-1', '2090-03-15T10:00:00Z', 'CALL', 'h', $3) RETURNING id::text, "occurredAt"`,
      [agencyId, account.accountId, batch.importBatchId],
    );
    const event = { id: BigInt(rows[0]!.id), occurredAt: rows[0]!.occurredAt };
    expect(await partitionOf("ActivityEvent", event.id)).toEqual(['"ActivityEvent_default"']);
    // The built-in packs, which another file's import would otherwise have made first (this file alone found none).
    await ensureDefaultRulePacks();
    const pack = await getPrisma().rulePack.findFirstOrThrow({ where: { code: "cn", status: "PUBLISHED" } });
    const violation = await getPrisma().violation.create({
      data: { ruleCode: "CONTACT_HOURS", severity: "LOW", agencyId, accountId: account.accountId, triggerEventId: event.id, evidenceEventIds: [event.id], rulePackId: pack.id, occurredAt: event.occurredAt, explanation: { key: "rules.CONTACT_HOURS.explanation", params: {} } },
    });
    await getPrisma().complaint.create({
      data: { complaintRef: "PART-LATE-C1", accountId: account.accountId, agencyId, receivedAt: new Date("2090-03-20T00:00:00Z"), source: "DEBTOR", category: "HARASSMENT", events: { create: [{ eventId: event.id, eventOccurredAt: event.occurredAt }] } },
    });

    expect(await ensureMonthPartitions(["2090-03"])).toEqual({ created: ["2090-03"], movedEvents: 1 });
    expect(await partitionOf("ActivityEvent", event.id)).toEqual(['"ActivityEvent_p2090_03"']);
    expect(await partitionOf("Violation", violation.id)).toEqual(['"Violation_p2090_03"']);
    const complaint = await getPrisma().complaint.findUniqueOrThrow({ where: { complaintRef: "PART-LATE-C1" }, include: { events: true } });
    expect(complaint.events).toEqual([expect.objectContaining({ eventId: event.id })]);
    // Asked again: nothing to do.
    expect(await ensureMonthPartitions(["2090-03"])).toEqual({ created: [], movedEvents: 0 });
  });

  test("two creators of the same months at once while an import-like writer holds agents and then writes events: each month is created once, nobody is killed", async () => {
    const months = ["2091-07", "2091-08"];
    await ensureMonthPartitions(["2091-06"]);
    const agencyId = await createAgency({ code: "PARTCONC", name: "Concurrent partitions", timeZone: "UTC" });
    const account = await createPlacedAccount({ agencyId, accountNumber: "PART-CONC-1" });
    const batch = await getPrisma().activityEvent.findFirstOrThrow({ where: { accountId: account.accountId }, select: { importBatchId: true } });
    // The import's order: the file's agents (ROW EXCLUSIVE on "Agent"), then its events (the partitioned parent).
    // A creator that took the parent and then waited for "Agent" made a cycle PostgreSQL broke by killing one.
    const writer = await getPool().connect();
    try {
      await writer.query("BEGIN");
      await writer.query(`INSERT INTO "Agent" ("agencyId", "externalId") VALUES ($1, 'PART-CONC-AGENT')`, [agencyId]);
      let settled = false;
      const creating = Promise.allSettled([ensureMonthPartitions(months), ensureMonthPartitions([...months].reverse())]).finally(() => (settled = true));
      // Until the creator holding the partition lock is stuck on a table: waiting for it, or refused it and between
      // attempts (its last statement let go of what the attempt got).
      for (;;) {
        const { rows } = await getPool().query(
          `SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.classid = ${lockNamespaceSql("$1::int")} AND l.granted
              AND (a.wait_event_type = 'Lock' OR (a.state = 'idle in transaction' AND a.query LIKE 'ROLLBACK TO SAVEPOINT%'))`,
          [locks.monthPartitions.keys[0]],
        );
        if (rows.length > 0 || settled) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
      await writer.query(
        `INSERT INTO "ActivityEvent" ("agencyId", "accountId", "eventId", "occurredAt", type, "contentHash", "importBatchId")
         VALUES ($1, $2, 'CONC-0', '2091-06-01T00:00:00Z', 'CALL', 'h', $3)`,
        [agencyId, account.accountId, batch.importBatchId],
      );
      await writer.query("COMMIT");
      const results = await creating;
      expect(results.map((result) => result.status)).toEqual(["fulfilled", "fulfilled"]);
      expect(results.flatMap((result) => (result.status === "fulfilled" ? result.value.created : [])).sort()).toEqual(months);
    } finally {
      writer.release();
    }
    const present = await getPool().connect();
    try {
      expect(await listMonthPartitions(present)).toEqual(expect.arrayContaining(months));
    } finally {
      present.release();
    }
    // An event of the month goes to its partition.
    const { rows } = await getPool().query<{ id: string }>(
      `INSERT INTO "ActivityEvent" ("agencyId", "accountId", "eventId", "occurredAt", type, "contentHash", "importBatchId")
       VALUES ($1, $2, 'CONC-1', '2091-08-01T00:00:00Z', 'CALL', 'h', $3) RETURNING id::text`,
      [agencyId, account.accountId, batch.importBatchId],
    );
    expect(await partitionOf("ActivityEvent", BigInt(rows[0]!.id))).toEqual(['"ActivityEvent_p2091_08"']);
  });
});
