import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import path from "node:path";
import { once } from "node:events";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import pg from "pg";
import { parseDatabaseUrl } from "../../app/db/database-url";
import { from as copyFrom } from "pg-copy-streams";
import { createHash } from "node:crypto";
import { ensureMonthPartitions } from "../../app/db/month-partitions.server";
import { withTransactionOn } from "../../app/db/pg.server";
import { cpuSeconds } from "../../app/ingest/pipeline/phase-cpu.server";
import { seededRandom } from "../../app/demo/seeded-random";
import { median } from "./bench-database";

export type ImportBenchResult = {
  rows: number;
  copyRowsPerSecond: number;
  importRowsPerSecond: number;
  ratio: number;
  peakRssMb: number;
  runs: number;
};

const accounts = 20_000;
const types = ["CALL", "CALL", "CALL", "SMS", "NOTE"] as const;
const outcomes = ["CONNECTED", "NO_ANSWER", "BUSY", "VOICEMAIL"] as const;


type SyntheticEvent = { eventId: string; account: number; agent: number; isoLocal: string; utc: string; type: string; outcome: string; phone: string; duration: number; text: string };

function* syntheticEvents(rows: number): Generator<SyntheticEvent> {
  const random = seededRandom(20261123);
  const start = Date.UTC(2026, 0, 1);
  for (let index = 0; index < rows; index++) {
    const account = Math.floor(random() * accounts);
    const instant = start + Math.floor(random() * 300 * 86_400_000);
    const local = new Date(instant + 8 * 3_600_000).toISOString();
    const type = types[Math.floor(random() * types.length)] ?? "CALL";
    yield {
      eventId: `EV${index.toString().padStart(8, "0")}`,
      account,
      agent: account % 150,
      isoLocal: `${local.slice(0, 10)} ${local.slice(11, 19)}`,
      utc: new Date(instant).toISOString(),
      type,
      outcome: type === "CALL" ? (outcomes[Math.floor(random() * outcomes.length)] ?? "BUSY") : type === "SMS" ? "DELIVERED" : "",
      phone: `138${(10_000_000 + account).toString().slice(-8)}`,
      duration: Math.floor(random() * 300),
      text: type === "SMS" ? `您好，您的账户${account}已逾期，请尽快还款。` : "",
    };
  }
}

export async function writeActivityCsv(filePath: string, rows: number): Promise<void> {
  async function* lines() {
    yield "event_id,account_number,agent_id,agent_name,occurred_at,type,direction,contact_party,outcome,phone_number,duration_seconds,message_text\n";
    let buffer = "";
    for (const event of syntheticEvents(rows)) {
      buffer += `${event.eventId},BENCH-${event.account},AG${event.agent},,${event.isoLocal},${event.type},OUTBOUND,DEBTOR,${event.outcome},${event.phone},${event.type === "CALL" ? event.duration : ""},${event.text}\n`;
      if (buffer.length > 1 << 20) {
        yield buffer;
        buffer = "";
      }
    }
    yield buffer;
  }
  await pipeline(Readable.from(lines()), createWriteStream(filePath));
}

async function seedAccounts(client: pg.Client): Promise<{ agencyId: number }> {
  const { rows } = await client.query<{ id: number }>(
    `INSERT INTO "Agency" (code, name, "timeZone", "commissionRate", "updatedAt") VALUES ('BENCH', 'Benchmark agency', 'Asia/Shanghai', 0.18, now()) RETURNING id`,
  );
  const agencyId = rows[0]?.id ?? 0;
  await client.query(`INSERT INTO "ImportBatch" (kind, source, "fileName", "fileSha256", "fileSize", status) VALUES ('PLACEMENTS', 'CLI', 'seed', 'seed', 0, 'COMMITTED')`);
  // Ids named and no join to the customers: on Citus 12.1.6 an INSERT … SELECT joining generate_series to a reference
  // table inserts no rows, without an error (ADR 049).
  await client.query(`INSERT INTO "Customer" (id, "customerRef") SELECT g + 1, 'BC-' || g FROM generate_series(0, ${accounts - 1}) g`);
  await client.query(
    `INSERT INTO "Account" (id, "accountNumber", "customerId", "phoneNumbers", "updatedAt")
     SELECT g + 1, 'BENCH-' || g, g + 1, ARRAY['138' || right((10000000 + g)::text, 8)], now() FROM generate_series(0, ${accounts - 1}) g`,
  );
  for (const table of ["Customer", "Account"]) await client.query(`SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), ${accounts})`);
  await client.query(`INSERT INTO "Placement" ("accountId", "agencyId", "placedAt", "placedBalance", currency) SELECT id, $1, '2025-12-01', 10000, 'CNY' FROM "Account"`, [agencyId]);
  await client.query(`INSERT INTO "Agent" ("agencyId", "externalId") SELECT $1, 'AG' || g FROM generate_series(0, 149) g`, [agencyId]);
  return { agencyId };
}

/**
 * The same rows straight into the events table with COPY: the fastest PostgreSQL can take them. Also the CPU time of
 * the database backend, to compare with the import's own (OVERSIGHT_IMPORT_TIMING) on a machine too busy for times.
 */
async function plainCopy(client: pg.Client, rows: number, agencyId: number): Promise<{ seconds: number; databaseCpuSeconds: number }> {
  const accountIds = new Map((await client.query<{ id: number; accountNumber: string }>(`SELECT id, "accountNumber" FROM "Account"`)).rows.map((row) => [row.accountNumber, row.id]));
  const agentIds = new Map((await client.query<{ id: number; externalId: string }>(`SELECT id, "externalId" FROM "Agent" WHERE "agencyId" = $1`, [agencyId])).rows.map((row) => [row.externalId, row.id]));
  // Encoded up front so the timing covers PostgreSQL's work, as a bulk load from a prepared file would.
  const chunks: string[] = [];
  let buffer = "";
  for (const event of syntheticEvents(rows)) {
    const hash = createHash("sha256").update(event.eventId).digest("hex");
    buffer += `${agencyId}\t${agentIds.get(`AG${event.agent}`)}\t${accountIds.get(`BENCH-${event.account}`)}\t${event.eventId}\t${event.utc}\t${event.isoLocal}\t480\t${event.type}\tOUTBOUND\tDEBTOR\t${event.outcome || "\\N"}\t${event.phone}\t${event.type === "CALL" ? event.duration : "\\N"}\t${event.text || "\\N"}\t${hash}\t1\n`;
    if (buffer.length > 1 << 20) {
      chunks.push(buffer);
      buffer = "";
    }
  }
  chunks.push(buffer);
  const backend = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid ?? null;
  const cpuBefore = cpuSeconds(backend).backend;
  const started = performance.now();
  const copy = client.query(
    copyFrom(`COPY "ActivityEvent" ("agencyId", "agentId", "accountId", "eventId", "occurredAt", "localTime", "utcOffsetMinutes", type, direction, "contactParty", outcome, "phoneNumber", "durationSeconds", "messageText", "contentHash", "importBatchId") FROM STDIN`),
  );
  for (const chunk of chunks) if (!copy.write(chunk)) await once(copy, "drain");
  copy.end();
  await once(copy, "finish");
  return { seconds: (performance.now() - started) / 1000, databaseCpuSeconds: cpuSeconds(backend).backend - cpuBefore };
}

async function importInChild(databaseUrl: string, uploadDirectory: string, filePath: string, agencyId: number): Promise<{ seconds: number; cpuSeconds: number; peakRssMb: number; acceptedRows: number }> {
  // The same V8 heap limit as the app's own processes (package.json scripts), so the figure is the app's.
  const child = spawn(process.execPath, [...(process.env.BENCH_CHILD_FLAGS?.split(" ").filter(Boolean) ?? []), "--max-old-space-size=320", "--import", "tsx", path.join(import.meta.dirname, "import-child.ts"), filePath, String(agencyId)], {
    env: { ...process.env, DATABASE_URL: databaseUrl, OVERSIGHT_UPLOAD_DIR: uploadDirectory, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const [code] = (await once(child, "exit")) as [number | null];
  if (process.env.BENCH_CHILD_OUT) (await import("node:fs")).writeFileSync(process.env.BENCH_CHILD_OUT, output);
  if (code !== 0) throw new Error(`the benchmark import failed (exit ${code}): ${output}`);
  const result = JSON.parse(output.trim().split("\n").at(-1) ?? "{}") as { seconds: number; cpuSeconds: number; peakRssMb: number; acceptedRows: number; outcome: string };
  if (result.outcome !== "committed") throw new Error(`the benchmark import did not commit: ${output}`);
  return result;
}

export async function benchmarkImport(options: { databaseUrl: string; workDirectory: string; rows: number; runs: number; log: (line: string) => void }): Promise<ImportBenchResult> {
  const filePath = path.join(options.workDirectory, "activities-bench.csv");
  options.log(`import: writing a ${options.rows.toLocaleString("en")}-row activity CSV`);
  await writeActivityCsv(filePath, options.rows);
  // The URL's ?schema= as the session's search_path (a benchmark schema on a Citus cluster, ADR 049).
  const connection = parseDatabaseUrl(options.databaseUrl);
  const client = new pg.Client({ connectionString: connection.connectionString, options: connection.options || undefined });
  await client.connect();
  try {
    const { agencyId } = await seedAccounts(client);
    // The file's months (2026-01 to 2026-10) get their partitions once, as the daily job makes them ahead: both the
    // plain COPY and the import then write into them (ADR 041).
    await withTransactionOn(client, (tx) => ensureMonthPartitions(Array.from({ length: 10 }, (_, index) => `2026-${String(index + 1).padStart(2, "0")}`), tx));
    const copySeconds: number[] = [];
    const importSeconds: number[] = [];
    const peaks: number[] = [];
    for (let run = 1; run <= options.runs; run++) {
      await client.query(`TRUNCATE "ActivityEvent", "ActivityEventKey" CASCADE`);
      await client.query("CHECKPOINT");
      const copied = await plainCopy(client, options.rows, agencyId);
      copySeconds.push(copied.seconds);
      await client.query(`TRUNCATE "ActivityEvent", "ActivityEventKey" CASCADE`);
      await client.query(`DELETE FROM "ImportBatch" WHERE "fileName" = 'bench.csv'`);
      await client.query("CHECKPOINT");
      const result = await importInChild(options.databaseUrl, path.join(options.workDirectory, "uploads"), filePath, agencyId);
      if (result.acceptedRows !== options.rows) throw new Error(`the benchmark import accepted ${result.acceptedRows} of ${options.rows} rows`);
      importSeconds.push(result.seconds);
      peaks.push(result.peakRssMb);
      options.log(`import run ${run}: plain COPY ${copied.seconds.toFixed(1)} s (database CPU ${copied.databaseCpuSeconds.toFixed(1)} s), end to end ${result.seconds.toFixed(1)} s (importing process's CPU ${result.cpuSeconds.toFixed(1)} s), peak RSS ${result.peakRssMb.toFixed(0)} MB`);
    }
    const copyRowsPerSecond = options.rows / median(copySeconds);
    const importRowsPerSecond = options.rows / median(importSeconds);
    return { rows: options.rows, copyRowsPerSecond, importRowsPerSecond, ratio: importRowsPerSecond / copyRowsPerSecond, peakRssMb: Math.max(...peaks), runs: options.runs };
  } finally {
    await client.end();
  }
}
