// Rule-evaluation benchmark: a synthetic portfolio of `events` activity events written with COPY into a fresh
// database, one full evaluation (evaluateAllRules), then a 10,000-event import batch on 1,000 accounts evaluated
// incrementally (evaluateRulesForAccounts with triggerFrom), as the import pipeline does.
//
// The database is always new, so figures never depend on what a developer's database holds: a new database on
// the server in DATABASE_URL (the role needs CREATEDB) or, without it, an embedded server in a temporary directory.
// Run alone: `npx tsx scripts/bench/rules-bench.ts --events 1000000`.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { disconnectPrisma } from "../../app/db/client.server";
import { ensureDatabase } from "../../server/database-url";
import { applyMigrations } from "../../server/schema-engine";
import { closePool, withDedicatedClient } from "../../app/db/pg.server";
import { evaluateAllRules, evaluateRulesForAccounts } from "../../app/rules/evaluate-rules.server";
import { ensureDefaultRulePacks } from "../../app/rules/rule-packs.server";
import { startBenchDatabase, startBenchSchema } from "./bench-database";
import { DEFAULT_SCHEMA, parseDatabaseUrl } from "../../app/db/database-url";
import { seededRandom } from "../../app/demo/seeded-random";

export type RulesBenchResult = { fullSeconds: number; eventsPerSecond: number; incrementalSeconds: number; incrementalRows: number };

const INCREMENTAL_EVENTS = 10_000;
const INCREMENTAL_ACCOUNTS = 1_000;
const DAY_MS = 86_400_000;
/** The portfolio's activity covers 90 days from here; the incremental batch follows it. */
const START = Date.UTC(2026, 5, 1);
const PORTFOLIO_DAYS = 90;


type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** A weighted choice table, expanded once so picking is one index. */
function weighted<T>(entries: [T, number][]): T[] {
  return entries.flatMap(([value, weight]) => Array<T>(weight).fill(value));
}

// What collection activity looks like: mostly calls, most of them unanswered, daytime, to the debtor; texts that
// mostly carry what the packs require; a trickle of everything else, including what breaks rules.
const eventTypes = weighted<string>([
  ["CALL", 700],
  ["SMS", 150],
  ["PAYMENT", 35],
  ["PROMISE", 40],
  ["NOTE", 40],
  ["LETTER", 10],
  ["EMAIL", 10],
  ["VISIT", 10],
  ["DISPUTE", 3],
  ["CEASE_REQUEST", 2],
]);
const callOutcomes = weighted<string>([
  ["CONNECTED", 22],
  ["NO_ANSWER", 48],
  ["VOICEMAIL", 12],
  ["BUSY", 10],
  ["NOT_IN_SERVICE", 6],
  ["WRONG_NUMBER", 1],
  ["REFUSED", 1],
]);
const parties = weighted<string | null>([
  ["DEBTOR", 940],
  [null, 30],
  ["UNKNOWN", 10],
  ["FAMILY", 8],
  ["SPOUSE", 6],
  ["THIRD_PARTY", 3],
  ["EMPLOYER", 3],
]);
const chinaTexts = weighted<string>([
  ["【某某消费金融】您的账单已逾期，请通过APP或支付宝还款，客服 4008001234", 95],
  ["您好，请尽快处理您的账单", 3],
  ["请转告他欠款已逾期，客服 4008001234，支付宝还款", 1],
  ["再不还钱就让你坐牢，客服 4008001234 支付宝", 1],
]);
const usTexts = weighted<string>([
  ["Acme Finance: a payment is due on your account. Pay at www.acme.example. Reply STOP to opt out.", 96],
  ["Please call us back today.", 3],
  ["Pay now or we call the police. Reply STOP to opt out.", 1],
]);

interface Agency {
  id: number;
  code: string;
  timeZone: string;
  rulePackCode: string | null;
  china: boolean;
}

const agencies: Agency[] = [
  { id: 1, code: "CN-EAST", timeZone: "Asia/Shanghai", rulePackCode: null, china: true },
  { id: 2, code: "CN-SOUTH", timeZone: "Asia/Shanghai", rulePackCode: "cn", china: true },
  { id: 3, code: "US-EAST", timeZone: "America/New_York", rulePackCode: "us", china: false },
  { id: 4, code: "US-CENTRAL", timeZone: "America/Chicago", rulePackCode: "us", china: false },
];
const AGENTS_PER_AGENCY = 50;
const offsetHoursOf: Record<string, number> = { "Asia/Shanghai": 8, "America/New_York": -4, "America/Chicago": -5 };

/** COPY text format: backslash, tab and line breaks escaped; \N is NULL. */
function copyText(value: string | number | boolean | null): string {
  if (value === null) return "\\N";
  if (typeof value !== "string") return String(value);
  return value.replace(/[\\\t\n\r]/g, (char) => (char === "\\" ? "\\\\" : char === "\t" ? "\\t" : char === "\n" ? "\\n" : "\\r"));
}

function row(values: (string | number | boolean | null)[]): string {
  return `${values.map(copyText).join("\t")}\n`;
}

/** Streams rows into COPY in ~256 kB pieces. */
async function copyRows(client: pg.ClientBase, table: string, columns: string[], rows: Iterable<string>): Promise<void> {
  function* pieces() {
    let buffer = "";
    for (const line of rows) {
      buffer += line;
      if (buffer.length > 256_000) {
        yield buffer;
        buffer = "";
      }
    }
    if (buffer) yield buffer;
  }
  const target = client.query(copyFrom(`COPY "${table}" (${columns.map((column) => `"${column}"`).join(", ")}) FROM STDIN`));
  await pipeline(Readable.from(pieces()), target);
}

interface SyntheticAccount {
  id: number;
  customerId: number;
  agency: Agency;
  /** Evaluation zone: the debtor's, which is the agency's region. */
  zone: string;
  phones: string[];
}

interface Portfolio {
  accounts: SyntheticAccount[];
  lastEventId: number;
}

/** Generates and COPYs the portfolio; returns what the incremental batch needs to know. */
async function writePortfolio(client: pg.ClientBase, eventCount: number, random: Random): Promise<Portfolio> {
  const now = new Date().toISOString();
  await client.query(
    `INSERT INTO "Agency" (id, code, name, "timeZone", "commissionRate", "rulePackCode", "updatedAt")
     SELECT * FROM unnest($1::int[], $2::text[], $2::text[], $3::text[], $4::numeric[], $5::text[], $6::timestamp[])`,
    [agencies.map((a) => a.id), agencies.map((a) => a.code), agencies.map((a) => a.timeZone), agencies.map(() => "0.18"), agencies.map((a) => a.rulePackCode), agencies.map(() => now)],
  );
  await client.query(
    // Ids named, not drawn from the sequence: on Citus 12.1.6, `INSERT INTO <reference table> (…) SELECT … FROM
    // <reference table>, generate_series(…)` with the id left to its sequence inserts no rows, without an error
    // (ADR 049); with the ids given it inserts them all.
    `INSERT INTO "Agent" (id, "agencyId", "externalId", name)
     SELECT (a.id - 1) * ${AGENTS_PER_AGENCY} + n, a.id, 'AG' || lpad(n::text, 3, '0'), 'Collector ' || n FROM "Agency" a, generate_series(1, ${AGENTS_PER_AGENCY}) n`,
  );
  await client.query(
    `INSERT INTO "ImportBatch" (id, kind, "agencyId", source, "fileName", "fileSha256", "fileSize", status)
     SELECT a.id, 'ACTIVITIES', a.id, 'CLI', 'bench.csv', md5(a.code), 0, 'COMMITTED' FROM "Agency" a`,
  );
  // Agent ids follow agency order: agency k's agents are (k-1)*50+1 … k*50.
  const agentOf = (agency: Agency) => (agency.id - 1) * AGENTS_PER_AGENCY + 1 + Math.floor(random() * AGENTS_PER_AGENCY);

  // Customers hold 1–3 accounts (mean ~1.4) and ~10 events on average, unevenly: some are worked much harder.
  const customers: { id: number; events: number }[] = [];
  let remaining = eventCount;
  for (let id = 1; remaining > 0; id++) {
    const events = Math.min(remaining, 1 + Math.floor(random() * random() * 38));
    customers.push({ id, events });
    remaining -= events;
  }

  const accounts: SyntheticAccount[] = [];
  const placements: string[] = [];
  const replaced = new Map<number, Agency>();
  for (const customer of customers) {
    const china = random() < 0.6;
    const regionAgencies = agencies.filter((agency) => agency.china === china);
    const count = random() < 0.7 ? 1 : random() < 0.8 ? 2 : 3;
    const mobile = china ? `13${String(100_000_000 + customer.id).slice(-9)}` : `+1212${String(1_000_000 + customer.id).slice(-7)}`;
    for (let index = 0; index < count; index++) {
      const agency = pick(random, regionAgencies);
      const id = accounts.length + 1;
      const zone = china ? "Asia/Shanghai" : agency.timeZone;
      accounts.push({ id, customerId: customer.id, agency, zone, phones: random() < 0.2 ? [mobile, `${mobile.slice(0, -1)}9`] : [mobile] });
      const placedAt = new Date(START - Math.floor(random() * 60) * DAY_MS).toISOString().slice(0, 10);
      // One account in ten moved: recalled from another agency of the region before the current placement.
      if (random() < 0.1) {
        const previous = regionAgencies.find((other) => other.id !== agency.id)!;
        replaced.set(id, previous);
        placements.push(row([placements.length + 1, id, previous.id, new Date(START - 120 * DAY_MS).toISOString().slice(0, 10), new Date(START - 61 * DAY_MS).toISOString().slice(0, 10), "8000.00", china ? "CNY" : "USD", 120]));
      }
      placements.push(row([placements.length + 1, id, agency.id, placedAt, null, `${1000 + Math.floor(random() * 20000)}.00`, china ? "CNY" : "USD", 90 + Math.floor(random() * 90)]));
    }
  }

  await copyRows(client, "Customer", ["id", "customerRef"], (function* () {
    for (const customer of customers) yield row([customer.id, `CUST${customer.id}`]);
  })());
  await copyRows(client, "Account", ["id", "accountNumber", "customerId", "debtorName", "phoneNumbers", "product", "timeZone", "thirdPartyConsent", "updatedAt"], (function* () {
    for (const account of accounts) {
      // One debtor in five has no recorded zone: the agency's applies (the same region here).
      yield row([account.id, `ACC${account.id}`, account.customerId, null, `{${account.phones.join(",")}}`, "CONSUMER_LOAN", random() < 0.2 ? null : account.zone, random() < 0.05, now]);
    }
  })());
  await copyRows(client, "Placement", ["id", "accountId", "agencyId", "placedAt", "recalledAt", "placedBalance", "currency", "dpdAtPlacement"], placements);

  const accountsOf = new Map<number, SyntheticAccount[]>();
  for (const account of accounts) {
    const list = accountsOf.get(account.customerId);
    if (list) list.push(account);
    else accountsOf.set(account.customerId, [account]);
  }

  let eventId = 0;
  const states = new Map<number, AccountState>();
  const eventRows = function* (): Generator<string> {
    for (const customer of customers) {
      const owned = accountsOf.get(customer.id)!;
      let at = START + Math.floor(random() * 10) * DAY_MS;
      const step = (PORTFOLIO_DAYS * DAY_MS) / Math.max(1, customer.events) / 1.2;
      for (let index = 0; index < customer.events; index++) {
        const account = pick(random, owned);
        at += Math.floor(random() * step);
        yield eventRow(++eventId, account, at, random, agentOf, replaced, states);
      }
    }
  };
  await copyRows(client, "ActivityEvent", eventColumns, eventRows());

  // A non-borrower reported one customer in 200's second number as not the debtor's.
  const complaints: string[] = [];
  for (const account of accounts) {
    if (account.phones.length > 1 && random() < 0.025) {
      complaints.push(row([complaints.length + 1, `CMP${complaints.length + 1}`, null, null, new Date(START + 30 * DAY_MS).toISOString(), "NON_BORROWER", "WRONG_NUMBER", "MEDIUM", "RECEIVED", account.phones[1]!, now]));
    }
  }
  await copyRows(client, "Complaint", ["id", "complaintRef", "accountId", "agencyId", "receivedAt", "source", "category", "severity", "status", "phoneNumber", "updatedAt"], complaints);

  for (const [table, column] of [["Customer", "id"], ["Account", "id"], ["Placement", "id"], ["ActivityEvent", "id"], ["Complaint", "id"], ["ImportBatch", "id"], ["Agency", "id"], ["Agent", "id"]] as const) {
    await client.query(`SELECT setval(pg_get_serial_sequence('"${table}"', '${column}'), (SELECT max("${column}") FROM "${table}"))`);
  }
  await client.query("ANALYZE");
  return { accounts, lastEventId: eventId };
}

const eventColumns = [
  "id",
  "agencyId",
  "agentId",
  "accountId",
  "eventId",
  "occurredAt",
  "type",
  "direction",
  "contactParty",
  "outcome",
  "phoneNumber",
  "messageText",
  "amount",
  "currency",
  "visitors",
  "recordingId",
  "contentHash",
  "importBatchId",
];

/** What a careful agency remembers about an account, so most activity respects the rules it is judged by. */
interface AccountState {
  /** Reg F: no call until this instant after a conversation. */
  quietUntil: number;
  ceased: boolean;
  disputeOpen: boolean;
  /** Numbers found not to be the debtor's. */
  wrong: Set<string>;
}

/** Agencies slip now and then: this share of the time they ignore what they know. */
const SLIP = 0.03;

function eventRow(
  id: number,
  account: SyntheticAccount,
  baseAt: number,
  random: Random,
  agentOf: (agency: Agency) => number,
  replaced: Map<number, Agency>,
  states: Map<number, AccountState>,
): string {
  let state = states.get(account.id);
  if (!state) states.set(account.id, (state = { quietUntil: 0, ceased: false, disputeOpen: false, wrong: new Set() }));
  // Mostly the current agency; now and then the previous one, still working an account it no longer holds.
  const previous = replaced.get(account.id);
  const agency = previous && random() < 0.03 ? previous : account.agency;
  const china = agency.china;
  // Daytime in the debtor's zone, with one contact in 80 outside the allowed hours.
  const localHour = random() < 1 / 80 ? pick(random, [6.5, 7.2, 21.4, 22.5, 23.1]) : 9 + random() * 10.5;
  const dayStart = Math.floor(baseAt / DAY_MS) * DAY_MS;
  const at = dayStart + Math.floor((localHour - offsetHoursOf[account.zone]!) * 3_600_000) + Math.floor(random() * 60_000);

  let type = pick(random, eventTypes);
  const communication = type === "CALL" || type === "SMS" || type === "EMAIL" || type === "LETTER" || type === "VISIT";
  let text: string | null = null;
  if (communication && (state.ceased || state.disputeOpen) && random() > SLIP) {
    type = "NOTE";
    if (state.disputeOpen) {
      type = "VERIFICATION_SENT";
      text = "Verification: statement sent";
      state.disputeOpen = false;
    }
  } else if (type === "CALL" && !china && at < state.quietUntil && random() > SLIP) {
    type = "SMS";
  }
  let phone = type === "CALL" || type === "SMS" ? (random() < 0.97 ? account.phones[0]! : (account.phones[1] ?? `${account.phones[0]!.slice(0, -1)}7`)) : null;
  if (phone !== null && state.wrong.has(phone) && random() > SLIP) phone = account.phones[0]!;
  let outcome = type === "CALL" ? pick(random, callOutcomes) : type === "SMS" || type === "EMAIL" ? "DELIVERED" : null;
  // Only numbers other than the debtor's main one turn out to be wrong.
  if (outcome === "WRONG_NUMBER" && phone === account.phones[0]) outcome = "NO_ANSWER";
  if (outcome === "WRONG_NUMBER" && phone !== null) state.wrong.add(phone);
  const direction = type === "DISPUTE" || type === "CEASE_REQUEST" || random() < 0.04 ? "INBOUND" : "OUTBOUND";
  const party = type === "PAYMENT" || type === "NOTE" ? null : pick(random, parties);
  if (type === "CALL" && outcome === "CONNECTED" && (party === "DEBTOR" || party === "SPOUSE")) state.quietUntil = at + 7 * DAY_MS;
  if (type === "CEASE_REQUEST") state.ceased = true;
  if (type === "DISPUTE") state.disputeOpen = true;
  if (type === "SMS") text = pick(random, china ? chinaTexts : usTexts);
  else if (type === "NOTE" && text === null) text = "Debtor promised to pay next week";
  const amount = type === "PAYMENT" ? `${50 + Math.floor(random() * 800)}.00` : null;
  return row([
    id,
    agency.id,
    agentOf(agency),
    account.id,
    `E${id}`,
    new Date(at).toISOString(),
    type,
    direction,
    party,
    outcome,
    phone,
    text,
    amount,
    amount === null ? null : china ? "CNY" : "USD",
    type === "VISIT" ? (random() < 0.95 ? 2 : 1) : null,
    (type === "CALL" || type === "VISIT") && random() < 0.995 ? `rec-${id}` : null,
    `h${id}`,
    agency.id,
  ]);
}

/**
 * A new database: on the server in DATABASE_URL when set (the role needs CREATEDB), else a new embedded server. When
 * DATABASE_URL names a schema (an installation sharing its database, the Citus test runs), a new schema in that
 * database instead, distributed when it is a Citus coordinator: a new database there would lack the cluster.
 */
async function freshDatabase(): Promise<{ url: string; dispose: () => Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return startBenchDatabase();
  if (parseDatabaseUrl(serverUrl).schema !== DEFAULT_SCHEMA) return startBenchSchema(serverUrl, { prefix: "rules_bench" });
  const name = `rules_bench_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await ensureDatabase(serverUrl, name);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    await applyMigrations(url.toString());
  } catch (error) {
    await dropDatabase(serverUrl, name);
    throw error;
  }
  return { url: url.toString(), dispose: () => dropDatabase(serverUrl, name) };
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/**
 * Generates `events` events (plus customers, accounts, placements, complaints) in a new database, then times a full
 * evaluation and an incremental one over a 10,000-event batch. incrementalRows is the batch's event count.
 * `databaseUrl`: a new, migrated, empty database the caller provides and disposes of; without it one is made here.
 */
export async function benchmarkRules(options: { events: number; seed?: number; databaseUrl?: string; log?: (line: string) => void }): Promise<RulesBenchResult> {
  const log = options.log ?? (() => undefined);
  const random = seededRandom(options.seed ?? 20260601);
  const previousUrl = process.env.DATABASE_URL;
  const database = options.databaseUrl ? { url: options.databaseUrl, dispose: async () => undefined } : await freshDatabase();
  // getPrisma() and the rules pool read DATABASE_URL when first used: drop any clients bound to another database.
  await disconnectPrisma();
  await closePool();
  process.env.DATABASE_URL = database.url;
  try {
    const generation = Date.now();
    const portfolio = await withDedicatedClient((client) => writePortfolio(client, options.events, random), { url: database.url });
    log(`generated ${options.events} events on ${portfolio.accounts.length} accounts in ${((Date.now() - generation) / 1000).toFixed(1)} s`);
    await ensureDefaultRulePacks();

    const fullStart = performance.now();
    const full = await evaluateAllRules();
    const fullSeconds = (performance.now() - fullStart) / 1000;
    log(`full: ${JSON.stringify({ ...full, failures: full.failures.length })} in ${fullSeconds.toFixed(2)} s`);

    // The batch: 10 new events on each of 1,000 accounts, one to two days after the portfolio ends.
    const chosen = new Set<SyntheticAccount>();
    while (chosen.size < Math.min(INCREMENTAL_ACCOUNTS, portfolio.accounts.length)) chosen.add(pick(random, portfolio.accounts));
    const batchAccounts = [...chosen];
    const batchStart = START + (PORTFOLIO_DAYS + 12) * DAY_MS;
    const batchRows: string[] = [];
    let eventId = portfolio.lastEventId;
    let earliest = Number.POSITIVE_INFINITY;
    const noneReplaced = new Map<number, Agency>();
    const batchStates = new Map<number, AccountState>();
    const agentOf = (agency: Agency) => (agency.id - 1) * AGENTS_PER_AGENCY + 1 + Math.floor(random() * AGENTS_PER_AGENCY);
    for (let index = 0; index < INCREMENTAL_EVENTS; index++) {
      const account = batchAccounts[index % batchAccounts.length]!;
      const line = eventRow(++eventId, account, batchStart + Math.floor(random() * 2) * DAY_MS, random, agentOf, noneReplaced, batchStates);
      earliest = Math.min(earliest, Date.parse(line.split("\t")[5]!));
      batchRows.push(line);
    }
    await withDedicatedClient(
      async (batchClient) => {
        await copyRows(batchClient, "ActivityEvent", eventColumns, batchRows);
        await batchClient.query(`SELECT setval(pg_get_serial_sequence('"ActivityEvent"', 'id'), ${eventId})`);
      },
      { url: database.url },
    );

    const incrementalStart = performance.now();
    const incremental = await evaluateRulesForAccounts({ accountIds: batchAccounts.map((account) => account.id), triggerFrom: earliest });
    const incrementalSeconds = (performance.now() - incrementalStart) / 1000;
    log(`incremental: ${JSON.stringify({ ...incremental, failures: incremental.failures.length })} in ${incrementalSeconds.toFixed(2)} s`);

    return { fullSeconds, eventsPerSecond: options.events / fullSeconds, incrementalSeconds, incrementalRows: INCREMENTAL_EVENTS };
  } finally {
    await closePool();
    await disconnectPrisma();
    if (previousUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previousUrl;
    await database.dispose();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { events: { type: "string", default: "1000000" }, seed: { type: "string" } }, strict: true });
  benchmarkRules({ events: Number(values.events), seed: values.seed === undefined ? undefined : Number(values.seed), log: (line) => console.error(line) }).then(
    (result) => {
      console.log(JSON.stringify(result, null, 2));
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
