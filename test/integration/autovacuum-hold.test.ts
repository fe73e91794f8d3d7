import { afterAll, beforeAll, expect, test } from "vitest";
import { holdAutovacuum, releaseHeldAutovacuum } from "~/db/autovacuum.server";
import { ensureMonthPartitions } from "~/db/month-partitions.server";
import { getPool } from "~/db/pg.server";
import { useOwnDatabase } from "../support/own-database";

// The demo's load holds autovacuum off the tables it fills until it is done. The file has a database of its own: it
// changes the tables' storage settings.
let restoreDatabase: () => Promise<void>;

beforeAll(async () => {
  restoreDatabase = await useOwnDatabase("autovacuum_hold");
  await ensureMonthPartitions(["2026-03", "2026-04"]);
});

afterAll(async () => {
  await restoreDatabase();
});

const settings = async () =>
  Object.fromEntries(
    (
      await getPool().query<{ name: string; options: string[] | null }>(
        `SELECT c.relname AS name, c.reloptions AS options FROM pg_class c
          WHERE c.relkind = 'r' AND (c.relname = 'ActivityEventKey' OR c.relname LIKE 'ActivityEvent\\_p2026\\_0%' OR c.relname LIKE 'Violation\\_p2026\\_0%')`,
      )
    ).rows.map((row) => [row.name, row.options ?? []]),
  );

test("held: every partition and the key table off, one with a setting of its own left alone; let go: back on and recorded nowhere", async () => {
  await getPool().query(`ALTER TABLE "Violation_p2026_04" SET (autovacuum_enabled = true)`);
  const release = await holdAutovacuum(["ActivityEvent", "ActivityEventKey", "Violation"]);
  const held = await settings();
  expect(held).toMatchObject({
    ActivityEventKey: ["autovacuum_enabled=false"],
    ActivityEvent_p2026_03: ["autovacuum_enabled=false"],
    ActivityEvent_p2026_04: ["autovacuum_enabled=false"],
    Violation_p2026_03: ["autovacuum_enabled=false"],
    Violation_p2026_04: ["autovacuum_enabled=true"],
  });
  await release();
  const released = await settings();
  expect(released).toMatchObject({ ActivityEventKey: [], ActivityEvent_p2026_03: [], Violation_p2026_03: [], Violation_p2026_04: ["autovacuum_enabled=true"] });
  expect((await getPool().query(`SELECT 1 FROM "Setting" WHERE key = 'db.autovacuumHeld'`)).rowCount).toBe(0);
});

test("a load killed while holding: the next start lets go, a month dropped since included", async () => {
  await ensureMonthPartitions(["2026-05"]);
  await holdAutovacuum(["ActivityEvent", "Violation"]);
  // The month is purged before anything starts again.
  await getPool().query(`ALTER TABLE "Violation" DETACH PARTITION "Violation_p2026_05"`);
  await getPool().query(`DROP TABLE "Violation_p2026_05"`);
  expect((await settings()).ActivityEvent_p2026_05).toEqual(["autovacuum_enabled=false"]);
  await releaseHeldAutovacuum();
  expect((await settings()).ActivityEvent_p2026_05).toEqual([]);
  expect((await settings()).ActivityEvent_p2026_03).toEqual([]);
  expect((await getPool().query(`SELECT 1 FROM "Setting" WHERE key = 'db.autovacuumHeld'`)).rowCount).toBe(0);
  // Nothing held: nothing to do.
  await releaseHeldAutovacuum();
});
