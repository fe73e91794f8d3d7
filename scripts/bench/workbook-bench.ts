import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import pg from "pg";
import { completeBulkEvents } from "../../app/demo/activity-events.server";

export type WorkbookBenchResult = { seconds: number; peakRssMb: number; rows: number; fileBytes: number };

const accounts = 20_000;
const agents = 150;

/**
 * Bench set-up in plain SQL (the rows stand for what imports and the rule engine have already stored): one agency,
 * 20,000 accounts with Chinese debtor names, one triggering event per violation spread over October 2026, the
 * violations with explanations and two evidence events, and one complaint per 100 violations.
 */
async function seed(databaseUrl: string, violationRows: number): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    const agency = await client.query<{ id: number }>(
      `INSERT INTO "Agency" (code, name, "timeZone", "commissionRate", "updatedAt") VALUES ('WBENCH', '工作簿基准机构', 'Asia/Shanghai', 0.18, now()) RETURNING id`,
    );
    const agencyId = agency.rows[0]!.id;
    const batch = await client.query<{ id: number }>(
      `INSERT INTO "ImportBatch" (kind, "agencyId", source, "fileName", "fileSha256", "fileSize", status) VALUES ('ACTIVITIES', $1, 'CLI', 'bench', 'bench', 0, 'COMMITTED') RETURNING id`,
      [agencyId],
    );
    const pack = await client.query<{ id: number }>(
      `INSERT INTO "RulePack" (code, version, name, status, parameters, "publishedAt") VALUES ('cn', 1, 'bench', 'PUBLISHED', '{"CONTACT_HOURS":{"enabled":true,"severity":"HIGH","start":"08:00","end":"22:00"}}', now())
       ON CONFLICT (code, version) DO UPDATE SET name = "RulePack".name RETURNING id`,
    );
    await client.query(`INSERT INTO "Customer" ("customerRef") SELECT 'WBC-' || g FROM generate_series(0, ${accounts - 1}) g`);
    await client.query(
      `INSERT INTO "Account" ("accountNumber", "customerId", "debtorName", "phoneNumbers", "timeZone", "updatedAt")
       SELECT 'WB-' || lpad(g::text, 6, '0'), c.id, '王' || g, ARRAY['138' || right((10000000 + g)::text, 8)], 'Asia/Shanghai', now()
       FROM generate_series(0, ${accounts - 1}) g JOIN "Customer" c ON c."customerRef" = 'WBC-' || g`,
    );
    await client.query(`INSERT INTO "Placement" ("accountId", "agencyId", "placedAt", "placedBalance", currency) SELECT id, $1, '2026-09-01', 10000, 'CNY' FROM "Account" WHERE "accountNumber" LIKE 'WB-%'`, [agencyId]);
    await client.query(`INSERT INTO "Agent" ("agencyId", "externalId", name) SELECT $1, 'W' || g, '催收员' || g FROM generate_series(0, ${agents - 1}) g`, [agencyId]);
    await client.query(
      `INSERT INTO "ActivityEvent" ("agencyId", "agentId", "accountId", "eventId", "occurredAt", type, direction, "contactParty", outcome, "phoneNumber", "messageText", "contentHash", "importBatchId")
       SELECT $1, ag.id, acc.id, 'WE' || g, timestamptz '2026-10-01 15:00:00+00' + (g % 30) * interval '1 day' + (g % 50) * interval '1 minute',
              'SMS', 'OUTBOUND', 'DEBTOR', 'DELIVERED', acc."phoneNumbers"[1], '您好，您的账户已逾期，请尽快还款。', md5(g::text), $2
       FROM generate_series(0, ${violationRows - 1}) g
       JOIN "Account" acc ON acc."accountNumber" = 'WB-' || lpad((g % ${accounts})::text, 6, '0')
       JOIN "Agent" ag ON ag."agencyId" = $1 AND ag."externalId" = 'W' || (g % ${agents})`,
      [agencyId, batch.rows[0]!.id],
    );
    await completeBulkEvents(client, batch.rows[0]!.id);
    await client.query(
      `INSERT INTO "Violation" ("ruleCode", severity, status, "agencyId", "agentId", "accountId", "triggerEventId", "evidenceEventIds", "rulePackId", "occurredAt", explanation, "reviewNote")
       SELECT 'CONTACT_HOURS', (CASE WHEN e.id % 3 = 0 THEN 'HIGH' ELSE 'MEDIUM' END)::"Severity", 'OPEN', e."agencyId", e."agentId", e."accountId", e.id, ARRAY[e.id], $2, e."occurredAt",
              jsonb_build_object('key', 'rules.CONTACT_HOURS.explanation', 'params', jsonb_build_object('time', to_char(e."occurredAt" AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), 'timeZone', 'Asia/Shanghai', 'start', '08:00', 'end', '22:00')),
              CASE WHEN e.id % 10 = 0 THEN '=HYPERLINK("http://evil.example","x")' END
       FROM "ActivityEvent" e WHERE e."agencyId" = $1`,
      [agencyId, pack.rows[0]!.id],
    );
    await client.query(
      `INSERT INTO "Complaint" ("complaintRef", "accountId", "agencyId", "receivedAt", source, category, severity, description, "phoneNumber", "updatedAt")
       SELECT 'WC' || g, acc.id, $1, timestamptz '2026-10-02 02:00:00+00' + (g % 28) * interval '1 day', 'DEBTOR', '骚扰', 'MEDIUM', '催收员深夜来电 ' || g, acc."phoneNumbers"[1], now()
       FROM generate_series(0, ${Math.max(1, Math.floor(violationRows / 100)) - 1}) g JOIN "Account" acc ON acc."accountNumber" = 'WB-' || lpad((g % ${accounts})::text, 6, '0')`,
      [agencyId],
    );
    await client.query("COMMIT");
    await client.query(`ANALYZE`);
  } finally {
    await client.end();
  }
}

/**
 * Seeds `violationRows` violations for October 2026 and builds the all-agency audit workbook for that month in a
 * child process with the app's heap limit, measuring wall time and peak RSS (VmHWM) of that process alone.
 */
export async function benchWorkbook(options: { databaseUrl: string; violationRows: number }): Promise<WorkbookBenchResult> {
  await seed(options.databaseUrl, options.violationRows);
  const child = spawn(process.execPath, ["--max-old-space-size=320", ...(process.env.WORKBOOK_BENCH_PROFILE ? ["--cpu-prof", "--cpu-prof-dir=/tmp/rw/prof"] : []), "--import", "tsx", path.join(import.meta.dirname, "workbook-child.ts"), "2026-10"], {
    env: { ...process.env, DATABASE_URL: options.databaseUrl, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0) throw new Error(`the workbook benchmark failed (exit ${code}): ${output}`);
  const result = JSON.parse(output.trim().split("\n").at(-1) ?? "{}") as WorkbookBenchResult;
  if (result.rows < options.violationRows) throw new Error(`the workbook held ${result.rows} violation rows, expected ${options.violationRows}`);
  return { seconds: result.seconds, peakRssMb: result.peakRssMb, rows: result.rows, fileBytes: result.fileBytes };
}

// Standalone: `npx tsx scripts/bench/workbook-bench.ts [rows]` in a fresh embedded database.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { startBenchDatabase } = await import("./bench-database");
  const rows = Number(process.argv[2] ?? 200_000);
  const database = await startBenchDatabase();
  try {
    const result = await benchWorkbook({ databaseUrl: database.url, violationRows: rows });
    console.log(JSON.stringify(result));
  } finally {
    await database.dispose();
  }
}
