// Reconciliation benchmark (ADR 038): `payments` agency PAYMENT events and as many ledger entries, written with SQL into
// a fresh database, then every account reconciled (reconcileAllAccounts) in a child process with the app's heap limit,
// whose wall time and peak RSS (VmHWM) are the figures. The ledger is mostly exact remittances within the window, with
// split, late, short, missing and unreported entries and reversals mixed in, so every rule runs.
// Run alone: `npx tsx scripts/bench/reconcile-bench.ts --payments 1000000`.
import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { startBenchDatabase } from "./bench-database";

export type ReconcileBenchResult = { payments: number; entries: number; items: number; seconds: number; rowsPerSecond: number; peakRssMb: number };

/** Four payments per account over 2026, five agencies. */
const PAYMENTS_PER_ACCOUNT = 4;

export async function seed(databaseUrl: string, payments: number): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const accounts = Math.ceil(payments / PAYMENTS_PER_ACCOUNT);
    await client.query(`INSERT INTO "Agency" (code, name, "timeZone", "commissionRate", "remittanceDays", "updatedAt")
                        SELECT 'BENCH' || g, 'Bench ' || g, 'Asia/Shanghai', 0.2, 5 + g, now() FROM generate_series(1, 5) g`);
    await client.query(`INSERT INTO "ImportBatch" (kind, source, "fileName", "fileSha256", "fileSize", status) VALUES ('ACTIVITIES', 'CLI', 'bench', 'bench', 0, 'COMMITTED')`);
    await client.query(`INSERT INTO "Customer" ("customerRef") SELECT 'BC' || g FROM generate_series(1, $1::integer) g`, [accounts]);
    await client.query(
      `INSERT INTO "Account" ("accountNumber", "customerId", "updatedAt") SELECT 'BA' || c.id, c.id, now() FROM "Customer" c`,
    );
    await client.query(
      `INSERT INTO "Placement" ("accountId", "agencyId", "placedAt", "placedBalance", currency)
       SELECT a.id, (SELECT min(id) FROM "Agency") + (a.id % 5), DATE '2025-12-01', 20000, 'CNY' FROM "Account" a`,
    );
    // Payment i: account i / 4, agency by account, a day spread over the year, 100.00–5,099.00.
    await client.query(
      `INSERT INTO "ActivityEvent" ("agencyId", "accountId", "eventId", "occurredAt", type, direction, amount, currency, "contentHash", "importBatchId")
       SELECT (SELECT min(id) FROM "Agency") + (a.id % 5), a.id, 'BP' || g, timestamptz '2026-01-01 10:00+08' + ((g * 7919) % 330) * interval '1 day',
              'PAYMENT', 'INBOUND', 100 + (g * 31) % 5000, 'CNY', 'h', (SELECT min(id) FROM "ImportBatch")
         FROM generate_series(0::bigint, $1::bigint - 1) g JOIN "Account" a ON a."accountNumber" = 'BA' || ((SELECT min(id) FROM "Customer") + g / ${PAYMENTS_PER_ACCOUNT})`,
      [payments],
    );
    // One entry per payment: 85 % exact within the window, 5 % late, 3 % short, 3 % missing (a direct payment of another
    // amount instead), 2 % split in two (the second entry the payment's other half: one extra entry, one fewer elsewhere),
    // 2 % reversals of the account's earlier entry.
    await client.query(
      `INSERT INTO "LedgerEntry" ("ledgerRef", "accountId", "receivedOn", amount, currency, channel, "agencyId", "contentHash", "importBatchId")
       SELECT 'BL' || e.id, e."accountId",
              (e."occurredAt" AT TIME ZONE 'Asia/Shanghai')::date + (CASE WHEN k < 85 THEN k % 5 WHEN k < 90 THEN 20 ELSE 2 END)::integer,
              CASE WHEN k < 90 THEN e.amount WHEN k < 93 THEN e.amount - 10 WHEN k < 96 THEN 77 WHEN k < 98 THEN e.amount / 2 ELSE -e.amount END,
              'CNY',
              CASE WHEN k BETWEEN 93 AND 95 THEN 'DIRECT'::"LedgerChannel" WHEN k >= 98 THEN 'REVERSAL'::"LedgerChannel" ELSE 'AGENCY_REMITTANCE'::"LedgerChannel" END,
              CASE WHEN k BETWEEN 93 AND 95 OR k >= 98 THEN NULL ELSE e."agencyId" END,
              'h', (SELECT min(id) FROM "ImportBatch")
         FROM (SELECT *, (id * 37) % 100 AS k FROM "ActivityEvent") e`,
    );
    await client.query(`ANALYZE`);
    const { rows } = await client.query<{ count: string }>(`SELECT count(*) FROM "LedgerEntry"`);
    return Number(rows[0]?.count ?? 0);
  } finally {
    await client.end();
  }
}

async function reconcileInChild(databaseUrl: string): Promise<{ seconds: number; peakRssMb: number; items: number; payments: number; entries: number }> {
  const child = spawn(process.execPath, ["--max-old-space-size=320", "--import", "tsx", path.join(import.meta.dirname, "reconcile-child.ts")], {
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0) throw new Error(`the reconciliation benchmark failed (exit ${code}): ${output}`);
  return JSON.parse(output.trim().split("\n").at(-1) ?? "{}") as { seconds: number; peakRssMb: number; items: number; payments: number; entries: number };
}

export async function benchmarkReconciliation(options: { databaseUrl: string; payments: number; log: (line: string) => void }): Promise<ReconcileBenchResult> {
  options.log(`reconcile: writing ${options.payments.toLocaleString("en")} payments and their ledger`);
  const entries = await seed(options.databaseUrl, options.payments);
  options.log(`reconcile: ${entries.toLocaleString("en")} ledger entries; reconciling every account`);
  const result = await reconcileInChild(options.databaseUrl);
  if (result.payments !== options.payments || result.entries !== entries) throw new Error(`the reconciliation read ${result.payments} payments and ${result.entries} entries`);
  return { payments: result.payments, entries, items: result.items, seconds: result.seconds, rowsPerSecond: (result.payments + entries) / result.seconds, peakRssMb: result.peakRssMb };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({ options: { payments: { type: "string", default: "1000000" } } });
  const database = await startBenchDatabase();
  try {
    const result = await benchmarkReconciliation({ databaseUrl: database.url, payments: Number(values.payments), log: (line) => console.log(`[bench] ${line}`) });
    console.log(JSON.stringify(result));
  } finally {
    await database.dispose();
  }
}
