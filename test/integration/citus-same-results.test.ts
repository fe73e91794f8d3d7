import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAgency } from "~/demo/factories.server";
import { seededRandom } from "~/demo/seeded-random";
import { getPool } from "~/db/pg.server";
import { computeRecoveryIndex } from "~/metrics/get-agency-scorecards.server";
import { ensureDefaultRulePacks } from "~/rules/rule-packs.server";
import { csv, importFile } from "../support/import-harness";
import { useOwnDatabase } from "../support/own-database";

// The same answer on one server and on a Citus cluster (ADR 049): one small portfolio through the import pipeline
// (its rule evaluation and roll-up refresh run as after any import), then the key figures against fixed values.
// This file runs in the ordinary suite and in npm run test:citus with the same expectations, so both modes are
// proven to give the same violations by rule, collected per agency to the cent and recovery index.

const random = seededRandom(49);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const pad = (value: number) => String(value).padStart(2, "0");
const agencies = ["SRA", "SRB"] as const;
const ids: Record<string, number> = {};
/** Cents of every payment in the files, per agency: what "collected" must add up to. */
const paidCents: Record<string, number> = { SRA: 0, SRB: 0 };
let restoreDatabase: () => Promise<void>;

function activityRows(agency: string, accountNumbers: readonly string[]): (string | number | null)[][] {
  const rows: (string | number | null)[][] = [["event_id", "account_number", "agent_id", "occurred_at", "type", "direction", "contact_party", "outcome", "phone_number", "amount"]];
  for (let index = 0; index < 120; index++) {
    const account = pick(accountNumbers);
    const day = `2026-02-${pad(1 + Math.floor(random() * 28))}`;
    // Hours across the whole day: some calls fall in the night, and several on one day exceed the daily cap.
    const occurredAt = `${day} ${pad(Math.floor(random() * 24))}:${pad(Math.floor(random() * 60))}`;
    if (random() < 0.2) {
      const cents = 10_000 + Math.floor(random() * 90_000);
      paidCents[agency]! += cents;
      rows.push([`${agency}-${index}`, account, null, occurredAt, "PAYMENT", "INBOUND", null, null, null, (cents / 100).toFixed(2)]);
    } else {
      const outcome = pick(["CONNECTED", "NO_ANSWER", "WRONG_NUMBER"] as const);
      rows.push([`${agency}-${index}`, account, `${agency}-${1 + Math.floor(random() * 2)}`, occurredAt, "CALL", "OUTBOUND", outcome === "CONNECTED" ? "DEBTOR" : null, outcome, `1390000${account.slice(-4)}`, null]);
    }
  }
  return rows;
}

beforeAll(async () => {
  // A database of its own: the figures below are of this portfolio alone.
  restoreDatabase = await useOwnDatabase("same_results");
  await ensureDefaultRulePacks();
  for (const code of agencies) ids[code] = await createAgency({ code, timeZone: "Asia/Shanghai", commissionRate: "0.2" });
  const placements: (string | number | null)[][] = [["account_number", "customer_id", "agency_code", "placed_at", "placed_balance", "dpd_at_placement", "product", "debtor_phones"]];
  const byAgency: Record<string, string[]> = { SRA: [], SRB: [] };
  for (let index = 0; index < 24; index++) {
    const agency = agencies[index % 2]!;
    const number = `SR${1000 + index}`;
    byAgency[agency]!.push(number);
    // Two accounts per customer now and then, each with another agency: rules judge the customer whole.
    placements.push([number, `SRC${Math.floor(index / 3)}`, agency, `2026-01-${pad(2 + index)}`, (5000 + index * 731.25).toFixed(2), pick([30, 120, 400]), pick(["LOAN", "CARD"]), `1390000${1000 + index}`]);
  }
  const placed = await importFile({ kind: "PLACEMENTS", fileName: "sr-placements.csv", content: csv(placements) });
  expect(placed.batch).toMatchObject({ status: "COMMITTED", acceptedRows: 24 });
  for (const agency of agencies) {
    const { batch } = await importFile({ kind: "ACTIVITIES", agencyId: ids[agency]!, fileName: `sr-${agency}.csv`, content: csv(activityRows(agency, byAgency[agency]!)) });
    expect(batch).toMatchObject({ status: "COMMITTED", rejectedRows: 0 });
  }
}, 600_000);

afterAll(async () => {
  await restoreDatabase();
});

describe("one portfolio, the same figures on one server and on a cluster", () => {
  test("violations by rule", async () => {
    const { rows } = await getPool().query<{ rule: string; agency: string; violations: number }>(
      `SELECT v."ruleCode" AS rule, a.code AS agency, count(*)::int AS violations FROM "Violation" v JOIN "Agency" a ON a.id = v."agencyId"
        GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    expect(rows).toEqual(EXPECTED_VIOLATIONS);
  });

  test("collected per agency, to the cent, in the roll-ups the dashboards read", async () => {
    const { rows } = await getPool().query<{ agency: string; collected: string }>(
      `SELECT a.code AS agency, sum(m.collected)::numeric(14, 2)::text AS collected FROM "MetricDaily" m JOIN "Agency" a ON a.id = m."agencyId"
        WHERE m."agentId" = -1 GROUP BY 1 ORDER BY 1`,
    );
    expect(rows).toEqual(agencies.map((agency) => ({ agency, collected: (paidCents[agency]! / 100).toFixed(2) })));
    expect(rows).toEqual(EXPECTED_COLLECTED);
  });

  test("recovery index per agency", async () => {
    const index = await computeRecoveryIndex({ from: "2026-01-01", to: "2026-03-31", agencyIds: agencies.map((code) => ids[code]!) });
    const values = agencies.map((code) => {
      const interval = index.get(ids[code]!);
      return { agency: code, value: interval ? interval.value.toFixed(1) : null };
    });
    expect(values).toEqual(EXPECTED_RECOVERY_INDEX);
  });
});

// Computed once on a single server; the cluster must give exactly these.
const EXPECTED_VIOLATIONS = [
  { rule: "CALL_RECORDING_MISSING", agency: "SRA", violations: 25 },
  { rule: "CALL_RECORDING_MISSING", agency: "SRB", violations: 29 },
  { rule: "CONTACT_HOURS", agency: "SRA", violations: 42 },
  { rule: "CONTACT_HOURS", agency: "SRB", violations: 38 },
  { rule: "WRONG_PARTY_REPEAT", agency: "SRA", violations: 41 },
  { rule: "WRONG_PARTY_REPEAT", agency: "SRB", violations: 31 },
];
const EXPECTED_COLLECTED = [
  { agency: "SRA", collected: "14552.66" },
  { agency: "SRB", collected: "21018.87" },
];
const EXPECTED_RECOVERY_INDEX = [
  { agency: "SRA", value: "82.4" },
  { agency: "SRB", value: "117.3" },
];
