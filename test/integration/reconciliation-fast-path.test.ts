import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closePool } from "~/db/pg.server";
import { disconnectPrisma } from "~/db/client.server";
import { reconcileAccounts, reconcileAllAccounts } from "~/reconciliation/reconcile-accounts.server";
import { dayNumber, fromCents, isoDay, matchRules, reconcileAccount, type LedgerItem, type ReconciledItem, type ReportedPayment } from "~/reconciliation/reconcile";
import { applyMigrations } from "../../server/schema-engine";
import { createEmptyDatabase } from "../setup/test-database";

// The streamed reconciliation (one COPY read ordered by account, placements attributed on the way, items written with
// COPY) against the pure matcher applied account by account to the portfolio as generated here: both must store the
// same items, to the cent and the ledger id, whatever a faster read or write path changes. A database of its own: a full
// run truncates the table.

const ZONE = "Asia/Shanghai";
const AGENCIES = [
  { code: "FP1", remittanceDays: 3 },
  { code: "FP2", remittanceDays: 10 },
  { code: "FP3", remittanceDays: 7 },
];
const ACCOUNTS = 240;

type Generated = {
  payments: { account: number; agency: number; eventId: string; day: number; time: string; cents: number; currency: string }[];
  entries: { account: number; ref: string; day: number; cents: number; currency: string; agency: number | null; reverses: string | null }[];
  placements: { account: number; agency: number; from: number; to: number | null }[];
};

/** mulberry32: the same portfolio on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Agencies and accounts are indexes here (0-based); they become ids when written. */
function generate(): Generated {
  const next = random(20261205);
  const pick = (n: number) => Math.floor(next() * n);
  const generated: Generated = { payments: [], entries: [], placements: [] };
  const start = dayNumber("2026-01-05");
  const recallDay = dayNumber("2026-03-15");
  let refs = 0;
  // Refs with the characters COPY escapes, and other scripts: the read must give them back as stored.
  const ref = () => {
    refs += 1;
    return [`FPL-${refs}`, `FPL\t${refs}`, `FPL\\${refs}`, `账-${refs}`, `FPL\n${refs}`][refs % 17 === 0 ? 1 + (refs % 4) : 0]!;
  };
  // The ledger's first month is February: January's payments are outside the reconciliation.
  generated.entries.push({ account: 0, ref: ref(), day: dayNumber("2026-02-03"), cents: 1_00, currency: "CNY", agency: null, reverses: null });
  for (let account = 0; account < ACCOUNTS; account++) {
    const first = pick(AGENCIES.length);
    const moved = next() < 0.3;
    generated.placements.push({ account, agency: first, from: dayNumber("2025-12-01"), to: moved ? recallDay : null });
    const second = (first + 1) % AGENCIES.length;
    if (moved) generated.placements.push({ account, agency: second, from: recallDay + 1, to: null });
    const placedOn = (day: number) => (moved && day > recallDay ? second : first);
    let events = 0;
    const pay = (day: number, cents: number, agency = placedOn(day), currency = "CNY") => {
      events += 1;
      generated.payments.push({ account, agency, eventId: `FP-${account}-${events}`, day, time: `${String(pick(24)).padStart(2, "0")}:${String(pick(60)).padStart(2, "0")}`, cents, currency });
    };
    const enter = (day: number, cents: number, agency: number | null, reverses: string | null = null, currency = "CNY") => {
      const made = ref();
      generated.entries.push({ account, ref: made, day, cents, currency, agency, reverses });
      return made;
    };
    for (let payment = 0, count = pick(6); payment < count; payment++) {
      const day = start + pick(170);
      const cents = (1 + pick(40)) * 2_500 + pick(3) * 1;
      const agency = placedOn(day);
      const window = AGENCIES[agency]!.remittanceDays;
      const scenario = pick(14);
      pay(day, cents, agency);
      if (scenario <= 3) enter(day + pick(window + 1), cents, agency);
      else if (scenario === 4) {
        // Two payments of the same amount on one day; one or both remitted.
        pay(day, cents, agency);
        enter(day + 1, cents, agency);
        if (next() < 0.5) enter(day + 2, cents, agency);
      } else if (scenario === 5) {
        const part = Math.floor(cents / 3);
        enter(day, part, agency);
        enter(day + 1, part, agency);
        enter(day + pick(window + 1), cents - 2 * part, agency);
      } else if (scenario === 6) {
        enter(day + window + 1 + pick(70), cents, agency);
      } else if (scenario === 7) {
        enter(day + 1, Math.floor(cents / 2), agency);
        enter(day + window + 3, cents - Math.floor(cents / 2), agency);
      } else if (scenario === 8) enter(day + pick(window + 1), cents - 1_000, agency);
      else if (scenario === 9) enter(day + pick(window + 1), cents, null);
      else if (scenario === 10) enter(day + 1, cents, (agency + 1) % AGENCIES.length);
      else if (scenario === 11) {
        // Remitted, then reversed — often in a later month, by reference or by amount.
        const remitted = enter(day + 1, cents, agency);
        enter(day + 2 + pick(45), -cents, null, next() < 0.5 ? remitted : null);
      } else if (scenario === 12) enter(day + 1, cents, agency, null, "USD");
      // 13: reported, never received.
    }
    // Money the agency did not report: a direct payment, attributed by placement (or to nobody before the first one).
    if (next() < 0.25) enter(start + pick(170), (1 + pick(20)) * 1_000, null);
    if (next() < 0.05) enter(dayNumber("2025-11-20"), 5_000, null);
    if (next() < 0.05) enter(start + pick(170), -7_500, null);
    if (next() < 0.1) {
      const day = start + pick(150);
      enter(day + 3, -12_345, null, enter(day, 12_345, null));
    }
    // A January payment, before the ledger: never an item.
    if (next() < 0.2) pay(dayNumber("2026-01-02"), 9_900);
  }
  return generated;
}

let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
let client: pg.Client;
const generated = generate();
let agencyIds: number[] = [];
let accountIds: number[] = [];
let expected: string[] = [];

async function write(): Promise<{ eventIds: Map<string, string>; ledgerIds: Map<string, string> }> {
  const agencies = await client.query<{ id: number }>(
    `INSERT INTO "Agency" (code, name, "timeZone", "commissionRate", "remittanceDays", "updatedAt")
     SELECT code, code, $3, 0.2, days, now() FROM unnest($1::text[], $2::integer[]) AS a(code, days) ORDER BY code RETURNING id`,
    [AGENCIES.map((agency) => agency.code), AGENCIES.map((agency) => agency.remittanceDays), ZONE],
  );
  agencyIds = agencies.rows.map((row) => row.id);
  const batch = await client.query<{ id: number }>(`INSERT INTO "ImportBatch" (kind, source, "fileName", "fileSha256", "fileSize", status) VALUES ('ACTIVITIES', 'CLI', 'fp', 'fp', 0, 'COMMITTED') RETURNING id`);
  const batchId = batch.rows[0]!.id;
  await client.query(`INSERT INTO "Customer" ("customerRef") SELECT 'FPC' || g FROM generate_series(0, $1::integer - 1) g`, [ACCOUNTS]);
  const accounts = await client.query<{ id: number }>(
    `INSERT INTO "Account" ("accountNumber", "customerId", "updatedAt") SELECT 'FPA' || c."customerRef", c.id, now() FROM "Customer" c ORDER BY c.id RETURNING id`,
  );
  accountIds = accounts.rows.map((row) => row.id);
  const account = (index: number) => accountIds[index]!;
  const agency = (index: number | null) => (index === null ? null : agencyIds[index]!);
  await client.query(
    `INSERT INTO "Placement" ("accountId", "agencyId", "placedAt", "recalledAt", "placedBalance", currency)
     SELECT a, g, p::date, r::date, 10000, 'CNY' FROM unnest($1::integer[], $2::integer[], $3::text[], $4::text[]) AS x(a, g, p, r)`,
    [generated.placements.map((row) => account(row.account)), generated.placements.map((row) => agency(row.agency)), generated.placements.map((row) => isoDay(row.from)), generated.placements.map((row) => (row.to === null ? null : isoDay(row.to)))],
  );
  const events = await client.query<{ id: string; eventId: string }>(
    `INSERT INTO "ActivityEvent" ("agencyId", "accountId", "eventId", "occurredAt", type, direction, amount, currency, "contentHash", "importBatchId")
     SELECT g, a, e, (o::timestamp AT TIME ZONE $7), 'PAYMENT', 'INBOUND', c::numeric / 100, cur, 'h', $8
       FROM unnest($1::integer[], $2::integer[], $3::text[], $4::text[], $5::bigint[], $6::text[]) AS x(g, a, e, o, c, cur)
     RETURNING id::text, "eventId"`,
    [
      generated.payments.map((row) => agency(row.agency)),
      generated.payments.map((row) => account(row.account)),
      generated.payments.map((row) => row.eventId),
      generated.payments.map((row) => `${isoDay(row.day)} ${row.time}`),
      generated.payments.map((row) => row.cents),
      generated.payments.map((row) => row.currency),
      ZONE,
      batchId,
    ],
  );
  const entries = await client.query<{ id: string; ledgerRef: string }>(
    `INSERT INTO "LedgerEntry" ("ledgerRef", "accountId", "receivedOn", amount, currency, channel, "agencyId", "reversesLedgerRef", "contentHash", "importBatchId")
     SELECT r, a, d::date, c::numeric / 100, cur, CASE WHEN c < 0 THEN 'REVERSAL'::"LedgerChannel" WHEN g IS NULL THEN 'DIRECT'::"LedgerChannel" ELSE 'AGENCY_REMITTANCE'::"LedgerChannel" END,
            g, rev, 'h', $8
       FROM unnest($1::text[], $2::integer[], $3::text[], $4::bigint[], $5::text[], $6::integer[], $7::text[]) AS x(r, a, d, c, cur, g, rev)
     RETURNING id::text, "ledgerRef"`,
    [
      generated.entries.map((row) => row.ref),
      generated.entries.map((row) => account(row.account)),
      generated.entries.map((row) => isoDay(row.day)),
      generated.entries.map((row) => row.cents),
      generated.entries.map((row) => row.currency),
      generated.entries.map((row) => agency(row.agency)),
      generated.entries.map((row) => row.reverses),
      batchId,
    ],
  );
  return { eventIds: new Map(events.rows.map((row) => [row.eventId, row.id])), ledgerIds: new Map(entries.rows.map((row) => [row.ledgerRef, row.id])) };
}

const key = (accountId: number, item: Omit<ReconciledItem, "ledgerRefs"> & { month: string }) =>
  [item.agencyId, accountId, item.month, item.status, item.rule, item.eventId ?? "-", item.ledgerIds.join(","), isoDay(item.day), item.reportedCents === null ? "-" : fromCents(item.reportedCents), item.receivedCents === null ? "-" : fromCents(item.receivedCents), item.currency, item.remittanceDays ?? "-"].join(" ");

/** The pure matcher on the generated rows, each account on its own; a direct entry goes to the placement covering its day. */
function expectedItems(ids: { eventIds: Map<string, string>; ledgerIds: Map<string, string> }): { keys: string[]; rules: Set<string> } {
  const firstDay = dayNumber(`${isoDay(Math.min(...generated.entries.map((entry) => entry.day))).slice(0, 7)}-01`);
  const remittanceDays = new Map(AGENCIES.map((agency, index) => [agencyIds[index]!, agency.remittanceDays]));
  const keys: string[] = [];
  const rules = new Set<string>();
  for (let index = 0; index < ACCOUNTS; index++) {
    const placements = generated.placements.filter((placement) => placement.account === index);
    const covering = (day: number) =>
      placements.filter((placement) => placement.from <= day && (placement.to === null || day <= placement.to)).sort((a, b) => b.from - a.from)[0]?.agency ?? null;
    const payments: ReportedPayment[] = generated.payments
      .filter((payment) => payment.account === index && payment.day >= firstDay)
      .map((payment) => ({ eventId: ids.eventIds.get(payment.eventId)!, agencyId: agencyIds[payment.agency]!, day: payment.day, cents: payment.cents, currency: payment.currency }));
    const entries: LedgerItem[] = generated.entries
      .filter((entry) => entry.account === index)
      .map((entry) => {
        const attributed = entry.agency ?? covering(entry.day);
        return {
          id: ids.ledgerIds.get(entry.ref)!,
          ledgerRef: entry.ref,
          day: entry.day,
          cents: entry.cents,
          currency: entry.currency,
          remittedBy: entry.agency === null ? null : agencyIds[entry.agency]!,
          attributedTo: attributed === null ? null : agencyIds[attributed]!,
          reversesLedgerRef: entry.reverses,
        };
      });
    if (payments.length === 0 && entries.length === 0) continue;
    for (const item of reconcileAccount({ payments, entries, remittanceDays })) {
      rules.add(item.rule);
      keys.push(key(accountIds[index]!, { ...item, month: `${isoDay(item.day).slice(0, 7)}-01` }));
    }
  }
  return { keys: keys.sort(), rules };
}

async function storedItems(): Promise<string[]> {
  const { rows } = await client.query<{
    agencyId: number;
    accountId: number;
    month: string;
    status: ReconciledItem["status"];
    rule: ReconciledItem["rule"];
    eventId: string | null;
    ledgerEntryIds: string[];
    day: string;
    reported: string | null;
    received: string | null;
    currency: string;
    remittanceDays: number | null;
  }>(
    `SELECT "agencyId", "accountId", to_char(month, 'YYYY-MM-DD') AS month, status, rule, "eventId"::text, "ledgerEntryIds"::text[] AS "ledgerEntryIds",
            to_char(day, 'YYYY-MM-DD') AS day, "reportedAmount"::text AS reported, "receivedAmount"::text AS received, currency, "remittanceDays"
       FROM "ReconciliationItem"`,
  );
  const cents = (amount: string | null) => (amount === null ? null : Math.round(Number(amount) * 100));
  return rows
    .map((row) =>
      key(row.accountId, {
        agencyId: row.agencyId,
        month: row.month,
        status: row.status,
        rule: row.rule,
        eventId: row.eventId,
        ledgerIds: row.ledgerEntryIds,
        day: dayNumber(row.day),
        reportedCents: cents(row.reported),
        receivedCents: cents(row.received),
        currency: row.currency,
        remittanceDays: row.remittanceDays,
      }),
    )
    .sort();
}

const indexes = async () =>
  (await client.query<{ definition: string }>(`SELECT indexdef AS definition FROM pg_indexes WHERE tablename = 'ReconciliationItem' ORDER BY indexname`)).rows.map((row) => row.definition);

beforeAll(async () => {
  database = await createEmptyDatabase("reconcile_fast_path");
  await applyMigrations(database.url);
  // This worker's pool and Prisma client follow DATABASE_URL: the code under test uses this database only.
  process.env.DATABASE_URL = database.url;
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const ids = await write();
  const reference = expectedItems(ids);
  expected = reference.keys;
  // The portfolio is worth comparing only if every rule decides some item.
  expect([...reference.rules].sort()).toEqual([...matchRules].sort());
});

afterAll(async () => {
  await client?.end();
  await closePool();
  await disconnectPrisma();
  await database?.drop();
});

describe("the streamed reconciliation agrees with the pure matcher", () => {
  test("a full run stores exactly the pure matcher's items and keeps the table's indexes", async () => {
    const before = await indexes();
    const result = await reconcileAllAccounts();
    expect(result).toMatchObject({ payments: expect.any(Number), items: expected.length, skipped: null });
    expect(await storedItems()).toEqual(expected);
    expect(await indexes()).toEqual(before);
  });

  test("recomputing some accounts (the import stages' path) leaves the same items", async () => {
    await reconcileAccounts(accountIds.filter((_id, index) => index % 3 === 0));
    expect(await storedItems()).toEqual(expected);
    await reconcileAccounts(accountIds);
    expect(await storedItems()).toEqual(expected);
  });
});
