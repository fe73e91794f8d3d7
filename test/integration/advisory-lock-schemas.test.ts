import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { locks } from "~/db/advisory-locks";
import { releaseSessionLock, tryLockForSession } from "~/db/pg.server";
import { testDatabaseUrl } from "../setup/test-database";

// Installations sharing a database in schemas of their own (`?schema=`) must not share advisory locks: a batch id
// of one is a batch id of the other, and a worker finding its batch's lock held skips the batch as running elsewhere.

const suffix = randomBytes(4).toString("hex");
const schemas = [`locks_a_${suffix}`, `locks_b_${suffix}`];
const opened: pg.Client[] = [];

async function clientIn(schema: string | null): Promise<pg.Client> {
  const url = new URL(testDatabaseUrl());
  url.searchParams.delete("schema");
  const client = new pg.Client({ connectionString: url.toString(), options: schema ? `-c search_path="${schema}"` : undefined });
  await client.connect();
  opened.push(client);
  return client;
}

beforeAll(async () => {
  const admin = await clientIn(null);
  for (const schema of schemas) await admin.query(`CREATE SCHEMA "${schema}"`);
});

afterAll(async () => {
  const admin = opened[0]!;
  for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}"`);
  await Promise.all(opened.map((client) => client.end()));
});

describe("advisory locks per schema", () => {
  test("in one schema a held lock is refused to another session; in another schema the same lock is free", async () => {
    const [holder, sameSchema, otherSchema] = await Promise.all([clientIn(schemas[0]!), clientIn(schemas[0]!), clientIn(schemas[1]!)]);
    expect(await tryLockForSession(holder, locks.importBatch(2))).toBe(true);
    expect(await tryLockForSession(sameSchema, locks.importBatch(2))).toBe(false);
    expect(await tryLockForSession(otherSchema, locks.importBatch(2))).toBe(true);
    // Another batch, and another kind with the same key, stay free in the holder's schema.
    expect(await tryLockForSession(sameSchema, locks.importBatch(3))).toBe(true);
    expect(await tryLockForSession(sameSchema, locks.notificationDigest(2))).toBe(true);
    await releaseSessionLock(holder, locks.importBatch(2));
    expect(await tryLockForSession(sameSchema, locks.importBatch(2))).toBe(true);
  });

  test("in public the registered numbers are the keys, whether the schema is named or not", async () => {
    const [unnamed, named] = await Promise.all([clientIn(null), clientIn("public")]);
    expect(await tryLockForSession(unnamed, locks.ruleRunner)).toBe(true);
    expect(await tryLockForSession(named, locks.ruleRunner)).toBe(false);
    const { rows } = await unnamed.query<{ classid: number; objid: number }>(
      `SELECT classid::int8::int AS classid, objid::int8::int AS objid FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()`,
    );
    expect(rows).toEqual([{ classid: locks.ruleRunner.keys[0], objid: locks.ruleRunner.keys[1] }]);
    await releaseSessionLock(unnamed, locks.ruleRunner);
  });
});
