// Retention purge benchmark (ADR 041): `events` activity events written with generate_series SQL into a fresh
// database (the demo portfolio at 10M takes far longer to load and its shape does not matter here), spread evenly
// over the twelve months of 2021 across ten agencies (each month in its partition, every event with its key, as
// the import writes them), with a violation on one event in 49 and one account under legal hold; then the purge of
// the oldest month (January 2021, a twelfth of the rows) with "now" in February 2026 and the default five years.
// `--held-month` puts the held account's events in January too, so the month falls back to batched DELETEs (ADR 041). Run alone: `npx tsx scripts/bench/purge-bench.ts --events 10000000`.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { disconnectPrisma } from "../../app/db/client.server";
import { ensureMonthPartitions } from "../../app/db/month-partitions.server";
import { closePool } from "../../app/db/pg.server";
import { startBenchDatabase } from "./bench-database";

export type PurgeBenchResult = { events: number; monthEvents: number; violations: number; seconds: number; seedSeconds: number; heldKept: number; heldMonth: boolean };

const ACCOUNTS = 100_000;

async function seed(databaseUrl: string, events: number, heldMonth: boolean): Promise<void> {
  await ensureMonthPartitions(Array.from({ length: 12 }, (_, index) => `2021-${String(index + 1).padStart(2, "0")}`));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`INSERT INTO "Agency" (code, name, "timeZone", "commissionRate", "remittanceDays", "updatedAt")
                        SELECT 'PB' || g, 'Purge bench ' || g, 'UTC', 0.2, 5, now() FROM generate_series(0, 9) g`);
    await client.query(`INSERT INTO "ImportBatch" (kind, source, "fileName", "fileSha256", "fileSize", status) VALUES ('ACTIVITIES', 'CLI', 'bench', 'bench', 0, 'COMMITTED')`);
    await client.query(`INSERT INTO "Customer" ("customerRef") SELECT 'PC' || g FROM generate_series(1, $1::integer) g`, [ACCOUNTS]);
    await client.query(`INSERT INTO "Account" ("accountNumber", "customerId", "updatedAt") SELECT 'PA' || c.id, c.id, now() FROM "Customer" c`);
    const { rows } = await client.query<{ agency: number; account: number; batch: number }>(
      `SELECT (SELECT min(id) FROM "Agency") AS agency, (SELECT min(id) FROM "Account") AS account, (SELECT min(id) FROM "ImportBatch") AS batch`,
    );
    const base = rows[0]!;
    // Event g: account g mod ACCOUNTS (its agency fixed by the account), a time spread over 2021 so each month gets a twelfth.
    const step = 1_000_000;
    for (let from = 0; from < events; from += step) {
      await client.query(
        `WITH e AS (
           INSERT INTO "ActivityEvent" ("agencyId", "accountId", "eventId", "occurredAt", type, direction, outcome, "phoneNumber", "contentHash", "importBatchId")
           SELECT $3::int + ((g % ${ACCOUNTS}) % 10), $4::int + (g % ${ACCOUNTS}), 'E' || g,
                  timestamptz '2021-01-01 00:00Z' + ((g % 12) * interval '1 month') + ((g / 12) % 2592000) * interval '1 second',
                  'CALL', 'OUTBOUND', 'NO_ANSWER', '1380000' || (g % ${ACCOUNTS}), 'h', $5::int
             FROM generate_series($1::bigint, $2::bigint) g
           RETURNING "agencyId", "eventId", "contentHash", "importBatchId", "occurredAt")
         INSERT INTO "ActivityEventKey" ("agencyId", "eventId", "contentHash", "importBatchId", "occurredMonth")
         SELECT "agencyId", "eventId", "contentHash", "importBatchId", date_trunc('month', "occurredAt" AT TIME ZONE 'UTC')::date FROM e`,
        [from, Math.min(events, from + step) - 1, base.agency, base.account, base.batch],
      );
    }
    const pack = await client.query<{ id: number }>(`SELECT id FROM "RulePack" ORDER BY id LIMIT 1`);
    let packId = pack.rows[0]?.id;
    if (packId === undefined) {
      const inserted = await client.query<{ id: number }>(`INSERT INTO "RulePack" (code, version, name, status, parameters) VALUES ('cn', 1, 'bench', 'PUBLISHED', '{}') RETURNING id`);
      packId = inserted.rows[0]!.id;
    }
    await client.query(
      `INSERT INTO "Violation" ("ruleCode", severity, "agencyId", "accountId", "triggerEventId", "evidenceEventIds", "rulePackId", "occurredAt", explanation)
       SELECT 'DAILY_ATTEMPTS_PER_NUMBER', 'LOW', e."agencyId", e."accountId", e.id, ARRAY[e.id], $1, e."occurredAt", '{}'
         FROM "ActivityEvent" e WHERE e.id % 49 = 0`,
      [packId],
    );
    // Account n has events in the months m with m ≡ n (mod 4): the first account's include January, the second's not.
    await client.query(`INSERT INTO "LegalHold" ("accountId", reason) VALUES ($1, 'bench hold')`, [base.account + (heldMonth ? 0 : 1)]);
    await client.query(`ANALYZE`);
  } finally {
    await client.end();
  }
}

export async function benchmarkPurge(options: { events: number; heldMonth?: boolean; log?: (line: string) => void }): Promise<PurgeBenchResult> {
  const heldMonth = options.heldMonth ?? false;
  const log = options.log ?? (() => undefined);
  const database = await startBenchDatabase();
  const previousUrl = process.env.DATABASE_URL;
  await disconnectPrisma();
  await closePool();
  process.env.DATABASE_URL = database.url;
  try {
    const seedStarted = performance.now();
    await seed(database.url, options.events, heldMonth);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    log(`purge: seeded ${options.events} events in ${seedSeconds.toFixed(0)} s`);
    const { purgeExpiredRecords } = await import("../../app/retention/purge-expired-records.server");
    const { getRetentionPolicy } = await import("../../app/retention/retention-settings.server");
    // Prisma's client and the pool start outside the timed part, as in a worker that has run before.
    await getRetentionPolicy();
    const started = performance.now();
    const result = await purgeExpiredRecords({ now: new Date("2026-02-10T00:00:00Z") });
    const seconds = (performance.now() - started) / 1000;
    log(`purge: ${JSON.stringify(result.totals)} in ${seconds.toFixed(2)} s`);
    return { events: options.events, monthEvents: result.totals.events, violations: result.totals.violations, seconds, seedSeconds, heldKept: result.totals.heldEventsKept, heldMonth };
  } finally {
    await closePool();
    await disconnectPrisma();
    if (previousUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previousUrl;
    await database.dispose();
  }
}

if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? "")).href) {
  const { values } = parseArgs({ options: { events: { type: "string", default: "1000000" }, "held-month": { type: "boolean", default: false } } });
  const result = await benchmarkPurge({ events: Number(values.events), heldMonth: values["held-month"], log: (line) => console.log(`[bench] ${line}`) });
  console.log(JSON.stringify(result));
}
