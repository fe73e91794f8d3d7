import { afterAll, describe, expect, test } from "vitest";
import { distributedTables, separatelyDistributedTables } from "~/db/citus-layout";
import { distributeTablesIfCitus, foreignKeyDefinition } from "~/db/citus.server";
import { closePool, getPool, withTransaction } from "~/db/pg.server";
import { createAgency } from "~/demo/factories.server";
import { testDatabaseUrl } from "../setup/test-database";

// The distributed mode on a real cluster (npm run test:citus, ADR 049); on a single server only the pure parts run.
const onCitus = process.env.OVERSIGHT_CITUS === "on";

afterAll(async () => {
  await closePool();
});

describe("foreign keys between distributed tables", () => {
  test.each([
    [
      { child: "Violation", parent: "ActivityEvent", columns: ["triggerEventId"], parentColumns: ["id"], definition: 'FOREIGN KEY ("triggerEventId") REFERENCES "ActivityEvent"(id) ON UPDATE CASCADE ON DELETE RESTRICT' },
      'FOREIGN KEY ("triggerEventId", "accountId") REFERENCES "ActivityEvent"("id", "accountId") ON DELETE RESTRICT',
    ],
    [
      { child: "ActivityEvent", parent: "Account", columns: ["accountId"], parentColumns: ["id"], definition: 'FOREIGN KEY ("accountId") REFERENCES "Account"(id) ON UPDATE CASCADE ON DELETE RESTRICT' },
      'FOREIGN KEY ("accountId") REFERENCES "Account"(id) ON DELETE RESTRICT',
    ],
    [
      { child: "ActivityEvent", parent: "Agency", columns: ["agencyId"], parentColumns: ["id"], definition: 'FOREIGN KEY ("agencyId") REFERENCES "Agency"(id) ON UPDATE CASCADE ON DELETE RESTRICT' },
      'FOREIGN KEY ("agencyId") REFERENCES "Agency"(id) ON UPDATE CASCADE ON DELETE RESTRICT',
    ],
  ])("%j", (key, expected) => {
    expect(foreignKeyDefinition(key)).toBe(expected);
  });
});

describe.runIf(onCitus)("on the Citus cluster", () => {
  async function rows<T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    testDatabaseUrl();
    return (await getPool().query<T>(sql, params)).rows;
  }

  test("the layout's tables are hash-distributed in one colocation group by account, the others are reference tables", async () => {
    const tables = await rows<{ name: string; method: string; column: string | null; colocation: number }>(
      `SELECT c.relname AS name, p.partmethod::text AS method, column_to_column_name(p.logicalrelid, p.partkey) AS column, p.colocationid AS colocation
         FROM pg_dist_partition p JOIN pg_class c ON c.oid = p.logicalrelid
        WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND NOT c.relispartition`,
    );
    const distributed = tables.filter((table) => table.method === "h");
    expect(distributed.map(({ name, column }) => ({ table: name, column })).sort((a, b) => a.table.localeCompare(b.table))).toEqual(
      [...distributedTables, ...separatelyDistributedTables].sort((a, b) => a.table.localeCompare(b.table)),
    );
    const accountGroup = distributed.filter((table) => distributedTables.some((entry) => entry.table === table.name));
    expect(new Set(accountGroup.map((table) => table.colocation)).size).toBe(1);
    // The idempotency key lives by agency, apart from the account's group.
    const keyGroup = distributed.find((table) => table.name === "ActivityEventKey")?.colocation;
    expect(keyGroup).not.toBe(accountGroup[0]?.colocation);
    const reference = tables.filter((table) => table.method === "n").map((table) => table.name);
    expect(reference).toEqual(expect.arrayContaining(["Agency", "Agent", "User", "RulePack", "ImportBatch", "Customer"]));
  });

  test("every primary key and unique index of a distributed table contains its distribution column", async () => {
    for (const { table, column } of [...distributedTables, ...separatelyDistributedTables]) {
      const keys = await rows<{ index: string; columns: string[] }>(
        `SELECT i.relname AS index, array_agg(a.attname::text) AS columns FROM pg_index x
           JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = ANY(x.indkey)
          WHERE x.indrelid = $1::regclass AND x.indisunique GROUP BY i.relname`,
        [`"${table}"`],
      );
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) expect(key.columns, `${table}.${key.index}`).toContain(column);
    }
    // An agency's event id stays unique on the cluster: the key table's primary key is (agencyId, eventId).
    const eventKey = await rows<{ definition: string }>(`SELECT pg_get_indexdef(indexrelid) AS definition FROM pg_index WHERE indrelid = '"ActivityEventKey"'::regclass AND indisprimary`);
    expect(eventKey.map((key) => key.definition).join("\n")).toMatch(/\("agencyId", "eventId"\)/);
  });

  test("per-account queries go to one shard; an account number and an agency-wide query fan out to every shard", async () => {
    const plan = async (sql: string) => (await rows<{ "QUERY PLAN": string }>(`EXPLAIN ${sql}`)).map((row) => row["QUERY PLAN"]).join("\n");
    // The case page: one account's events with their violations.
    const casePlan = await plan(`SELECT e.id, v."ruleCode" FROM "ActivityEvent" e LEFT JOIN "Violation" v ON v."triggerEventId" = e.id AND v."accountId" = e."accountId" WHERE e."accountId" = 42`);
    expect(casePlan).toMatch(/Task Count: 1\b/);
    // A debtor's placements, roll-up facts and payments' commissions.
    for (const table of ["Placement", "MetricAccountDay", "PaymentCommission"]) {
      expect(await plan(`SELECT count(*) FROM "${table}" WHERE "accountId" = 42`)).toMatch(/Task Count: 1\b/);
    }
    // The case page's reads after the account is found (getCase): its events and violations, all agencies' or one's.
    for (const table of ["ActivityEvent", "Violation"]) {
      expect(await plan(`SELECT * FROM "${table}" WHERE "accountId" = 42 ORDER BY "occurredAt", id`)).toMatch(/Task Count: 1\b/);
      expect(await plan(`SELECT * FROM "${table}" WHERE "accountId" = 42 AND "agencyId" = 3 ORDER BY "occurredAt", id`)).toMatch(/Task Count: 1\b/);
    }
    // A batch's few accounts (the roll-up refresh's copies, the rule merge's reads) go to the shards holding them only.
    expect(Number(/Task Count: (\d+)/.exec(await plan(`SELECT * FROM "ActivityEvent" WHERE "accountId" = ANY('{1,2}'::int[])`))?.[1])).toBeLessThanOrEqual(2);
    // Finding the account by its number is the one read of the case page that asks every shard (ADR 049).
    expect(await plan(`SELECT id FROM "Account" WHERE "accountNumber" = 'A-42'`)).not.toMatch(/Task Count: 1\b/);
    const agencyPlan = await plan(`SELECT count(*) FROM "ActivityEvent" WHERE "agencyId" = 1`);
    expect(agencyPlan).toMatch(/Task Count: (\d+)/);
    expect(Number(/Task Count: (\d+)/.exec(agencyPlan)?.[1])).toBeGreaterThan(1);
  });

  test("a write of a reference table does not wait for another transaction's write of a table it points to", async () => {
    // Citus locks a reference table's whole shard, and those of the tables it points to, to write one row; exclusively
    // for an update unless writes are commutative (citus.server.ts, configureDatabase). Without the setting the
    // agency's update below waits for the open transaction that added an agent (Agent points to Agency) and is
    // cancelled after ten seconds; two imports deadlocked that way (ADR 049).
    testDatabaseUrl();
    const agencyId = await createAgency({ code: `LOCK${process.pid}` });
    const adding = await getPool().connect();
    try {
      await adding.query("BEGIN");
      await adding.query(`INSERT INTO "Agent" ("agencyId", "externalId") VALUES ($1, 'LOCK-A1')`, [agencyId]);
      const updated = await withTransaction(async (client) => {
        await client.query("SET LOCAL statement_timeout = '10s'");
        return (await client.query(`UPDATE "Agency" SET name = name || ' (renamed)' WHERE id = $1`, [agencyId])).rowCount;
      });
      expect(updated).toBe(1);
      await adding.query("COMMIT");
    } finally {
      await adding.query("ROLLBACK").catch(() => undefined);
      adding.release();
    }
    expect(await rows(`SELECT count(*)::int AS agents FROM "Agent" WHERE "agencyId" = $1`, [agencyId])).toEqual([{ agents: 1 }]);
  });

  test("distributing again changes nothing", async () => {
    const again = await distributeTablesIfCitus(testDatabaseUrl());
    expect(again).toMatchObject({ distributed: [], reference: [], rewrittenKeys: [], droppedForeignKeys: [] });
  });
});
