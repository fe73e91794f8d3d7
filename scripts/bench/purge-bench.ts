// Retention purge benchmark (ADR 041): `events` activity events written with generate_series SQL into a fresh
// database (the demo portfolio at 10M takes far longer to load and its shape does not matter here), spread evenly
// over the twelve months of 2021 across ten agencies (each month in its partition, every event with its key, as
// the import writes them), with a violation on one event in 49 and one account under legal hold; then the purge of
// the oldest month (January 2021, a twelfth of the rows) with "now" in February 2026 and the default five years.
// `--held-month` puts the held account's events in January too, so the month falls back to batched DELETEs (ADR 041). Run alone: `npx tsx scripts/bench/purge-bench.ts --events 10000000`.
// `--keep NAME` seeds into `.data/bench/NAME` once and reuses it: each later run writes January 2021 back (a twelfth
// of the seed) before purging it again, so several runs at 10M do not each pay the full seed (about 40 minutes on the
// shared machine). `--seed-only` stops after the seed.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { disconnectPrisma } from "../../app/db/client.server";
import { ensureMonthPartitions } from "../../app/db/month-partitions.server";
import { closePool } from "../../app/db/pg.server";
import { median, startBenchDatabase, startPersistentBenchDatabase } from "./bench-database";

export type PurgeBenchResult = {
  events: number;
  monthEvents: number;
  violations: number;
  seconds: number;
  seedSeconds: number;
  heldKept: number;
  heldMonth: boolean;
  /** Seconds per phase of the purge, in order (the purge's timing hook). */
  phases: { phase: string; seconds: number }[];
  /** Seconds of the phases before the dropped month's keys: until its rows are gone and the tables unlocked. */
  monthGoneSeconds: number;
  /** Seconds deleting the dropped month's keys afterwards (no table locked). */
  keySeconds: number;
};

const ACCOUNTS = 100_000;

/**
 * Events g in [first, last): month (g × 12) div `events` of 2021, so each month is written after the one before, as
 * daily imports write them (a month's keys lie together in the key table), and account g mod ACCOUNTS (its agency
 * fixed by the account) — except that account 1 has no event in January, so a hold on it leaves the month whole.
 */
async function writeEvents(client: pg.Client, events: number, first: number, last: number, base: { agency: number; account: number; batch: number }): Promise<void> {
  const step = 1_000_000;
  for (let from = first; from < last; from += step) {
    await client.query(
      `WITH e AS (
         INSERT INTO "ActivityEvent" ("agencyId", "accountId", "eventId", "occurredAt", type, direction, outcome, "phoneNumber", "contentHash", "importBatchId")
         SELECT $3::int + (a.n % 10), $4::int + a.n, 'E' || g,
                timestamptz '2021-01-01 00:00Z' + ((g * 12 / $6::bigint) * interval '1 month') + (g % 2419200) * interval '1 second',
                'CALL', 'OUTBOUND', 'NO_ANSWER', '1380000' || a.n, 'h', $5::int
           FROM generate_series($1::bigint, $2::bigint) g
          CROSS JOIN LATERAL (SELECT CASE WHEN g * 12 < $6::bigint AND g % ${ACCOUNTS} = 1 THEN 2 ELSE g % ${ACCOUNTS} END AS n) a
         RETURNING "agencyId", "eventId", "contentHash", "importBatchId", "occurredAt")
       INSERT INTO "ActivityEventKey" ("agencyId", "eventId", "contentHash", "importBatchId", "occurredMonth")
       SELECT "agencyId", "eventId", "contentHash", "importBatchId", date_trunc('month', "occurredAt" AT TIME ZONE 'UTC')::date FROM e`,
      [from, Math.min(last, from + step) - 1, base.agency, base.account, base.batch, events],
    );
  }
}

/** Whether a kept database holds a full seed of `events` events (its January may have been purged by the last run). */
async function seeded(client: pg.Client, events: number): Promise<boolean> {
  const { rows } = await client.query<{ events: string }>(`SELECT coalesce(max(e.id), 0)::text AS events FROM "ActivityEvent" e`);
  const { rows: agencies } = await client.query<{ count: number }>(`SELECT count(*)::int AS count FROM "Agency" WHERE code LIKE 'PB%'`);
  return agencies[0]!.count === 10 && Number(rows[0]!.events) >= events;
}

/**
 * Writes the events of event numbers [0, events) (with `januaryOnly`, only January's, the first twelfth, after a run
 * purged them), their keys and violations.
 */
async function seed(databaseUrl: string, events: number, heldMonth: boolean, januaryOnly = false): Promise<void> {
  await ensureMonthPartitions(Array.from({ length: 12 }, (_, index) => `2021-${String(index + 1).padStart(2, "0")}`));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    if (januaryOnly) {
      const { rows } = await client.query<{ agency: number; account: number; batch: number; pack: number }>(
        `SELECT (SELECT min(id) FROM "Agency" WHERE code LIKE 'PB%') AS agency, (SELECT min(id) FROM "Account") AS account,
                (SELECT min(id) FROM "ImportBatch") AS batch, (SELECT min(id) FROM "RulePack") AS pack`,
      );
      await writeEvents(client, events, 0, Math.ceil(events / 12), rows[0]!);
      await client.query(
        `INSERT INTO "Violation" ("ruleCode", severity, "agencyId", "accountId", "triggerEventId", "evidenceEventIds", "rulePackId", "occurredAt", explanation)
         SELECT 'DAILY_ATTEMPTS_PER_NUMBER', 'LOW', e."agencyId", e."accountId", e.id, ARRAY[e.id], $1, e."occurredAt", '{}'
           FROM "ActivityEvent" e WHERE e."occurredAt" < '2021-02-01T00:00Z' AND e.id % 49 = 0`,
        [rows[0]!.pack],
      );
      await client.query(`ANALYZE`);
      return;
    }
    await client.query(`INSERT INTO "Agency" (code, name, "timeZone", "commissionRate", "remittanceDays", "updatedAt")
                        SELECT 'PB' || g, 'Purge bench ' || g, 'UTC', 0.2, 5, now() FROM generate_series(0, 9) g`);
    await client.query(`INSERT INTO "ImportBatch" (kind, source, "fileName", "fileSha256", "fileSize", status) VALUES ('ACTIVITIES', 'CLI', 'bench', 'bench', 0, 'COMMITTED')`);
    await client.query(`INSERT INTO "Customer" ("customerRef") SELECT 'PC' || g FROM generate_series(1, $1::integer) g`, [ACCOUNTS]);
    await client.query(`INSERT INTO "Account" ("accountNumber", "customerId", "updatedAt") SELECT 'PA' || c.id, c.id, now() FROM "Customer" c`);
    const { rows } = await client.query<{ agency: number; account: number; batch: number }>(
      `SELECT (SELECT min(id) FROM "Agency") AS agency, (SELECT min(id) FROM "Account") AS account, (SELECT min(id) FROM "ImportBatch") AS batch`,
    );
    await writeEvents(client, events, 0, events, rows[0]!);
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
    // The first account has events in January, the second not (see writeEvents).
    await client.query(`INSERT INTO "LegalHold" ("accountId", reason) VALUES ($1, 'bench hold')`, [rows[0]!.account + (heldMonth ? 0 : 1)]);
    await client.query(`ANALYZE`);
  } finally {
    await client.end();
  }
}

export async function benchmarkPurge(options: { events: number; heldMonth?: boolean; keep?: string; seedOnly?: boolean; log?: (line: string) => void }): Promise<PurgeBenchResult> {
  const heldMonth = options.heldMonth ?? false;
  const log = options.log ?? (() => undefined);
  const database = options.keep === undefined ? await startBenchDatabase() : await startPersistentBenchDatabase(options.keep);
  const previousUrl = process.env.DATABASE_URL;
  await disconnectPrisma();
  await closePool();
  process.env.DATABASE_URL = database.url;
  try {
    const seedStarted = performance.now();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    let januaryGone = false;
    const full = options.keep !== undefined && (await seeded(client, options.events));
    if (full) januaryGone = (await client.query(`SELECT 1 FROM "ActivityEvent" WHERE "occurredAt" < '2021-02-01T00:00Z' LIMIT 1`)).rows.length === 0;
    await client.end();
    if (!full || januaryGone) await seed(database.url, options.events, heldMonth, full);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    log(`purge: ${full ? (januaryGone ? "wrote January back into the kept database" : "reused the kept database") : `seeded ${options.events} events`} in ${seedSeconds.toFixed(0)} s`);
    if (options.seedOnly) return { events: options.events, monthEvents: 0, violations: 0, seconds: 0, seedSeconds, heldKept: 0, heldMonth, phases: [], monthGoneSeconds: 0, keySeconds: 0 };
    const { purgeExpiredRecords } = await import("../../app/retention/purge-expired-records.server");
    const { getRetentionPolicy } = await import("../../app/retention/retention-settings.server");
    // Prisma's client and the pool start outside the timed part, as in a worker that has run before.
    await getRetentionPolicy();
    const phases: { phase: string; seconds: number }[] = [];
    const started = performance.now();
    const result = await purgeExpiredRecords({ now: new Date("2026-02-10T00:00:00Z"), timing: (phase, seconds) => phases.push({ phase, seconds }) });
    const seconds = (performance.now() - started) / 1000;
    log(`purge: ${JSON.stringify(result.totals)} in ${seconds.toFixed(2)} s`);
    for (const { phase, seconds: phaseSeconds } of phases) log(`purge phase ${phase}: ${phaseSeconds.toFixed(3)} s`);
    const firstKeys = phases.findIndex(({ phase }) => phase.endsWith("keys of purged events"));
    const total = (list: typeof phases) => list.reduce((sum, { seconds: phaseSeconds }) => sum + phaseSeconds, 0);
    const monthGoneSeconds = total(firstKeys < 0 ? phases : phases.slice(0, firstKeys));
    const keySeconds = total(phases.filter(({ phase }) => phase.endsWith("keys of purged events")));
    log(`purge: month gone in ${monthGoneSeconds.toFixed(2)} s, its keys ${keySeconds.toFixed(2)} s later`);
    return { events: options.events, monthEvents: result.totals.events, violations: result.totals.violations, seconds, seedSeconds, heldKept: result.totals.heldEventsKept, heldMonth, phases, monthGoneSeconds, keySeconds };
  } finally {
    await closePool();
    await disconnectPrisma();
    if (previousUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previousUrl;
    if ("dispose" in database) await database.dispose();
    else await database.stop();
  }
}

if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? "")).href) {
  const { values } = parseArgs({
    options: {
      events: { type: "string", default: "1000000" },
      "held-month": { type: "boolean", default: false },
      keep: { type: "string" },
      "seed-only": { type: "boolean", default: false },
      runs: { type: "string", default: "1" },
    },
  });
  const results: PurgeBenchResult[] = [];
  for (let run = 0; run < Number(values.runs); run++) {
    const result = await benchmarkPurge({ events: Number(values.events), heldMonth: values["held-month"], keep: values.keep, seedOnly: values["seed-only"], log: (line) => console.log(`[bench] ${line}`) });
    console.log(JSON.stringify(result));
    results.push(result);
  }
  if (results.length > 1) {
    const of = (pick: (result: PurgeBenchResult) => number) => median(results.map(pick)).toFixed(2);
    console.log(`[bench] median of ${results.length} runs: ${of((result) => result.seconds)} s (month gone ${of((result) => result.monthGoneSeconds)} s, keys ${of((result) => result.keySeconds)} s)`);
  }
}
