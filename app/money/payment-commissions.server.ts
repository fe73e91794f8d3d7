// Each PAYMENT event's commission under the fee schedule in force on its day (ADR 037), kept in PaymentCommission.
// Recomputed with the metric roll-ups of the payment's account, inside the roll-up transaction, so the roll-ups'
// commission and the table never disagree; a schedule change refreshes the agency's accounts the same way.
import type pg from "pg";
import { commissionForPayment, type ScheduleVersion } from "./fee-schedule";
import { feeTermsSchema } from "./fee-terms";

/** Accounts per pass of a rebuild: bounded so every payment of the portfolio is never held in memory at once. */
const ACCOUNTS_PER_PASS = 50_000;

type PaymentRow = {
  eventId: string;
  accountId: number;
  agencyId: number;
  amount: string;
  day: string;
  placementId: number;
  placedAt: string;
  dpdAtPlacement: number | null;
  placedBalance: string;
  product: string | null;
};

/** The current (not superseded) schedules of every agency, each in order of start. */
export async function loadCurrentSchedules(client: pg.ClientBase): Promise<Map<number, ScheduleVersion[]>> {
  const result = await client.query<{ id: number; agencyId: number; effectiveFrom: string; tiers: unknown }>(
    `SELECT id, "agencyId", to_char("effectiveFrom", 'YYYY-MM-DD') AS "effectiveFrom", tiers FROM "FeeSchedule"
     WHERE "supersededAt" IS NULL ORDER BY "agencyId", "effectiveFrom"`,
  );
  const byAgency = new Map<number, ScheduleVersion[]>();
  for (const row of result.rows) {
    const terms = feeTermsSchema.parse(row.tiers);
    let list = byAgency.get(row.agencyId);
    if (!list) byAgency.set(row.agencyId, (list = []));
    list.push({ id: row.id, effectiveFrom: row.effectiveFrom, tiers: terms.tiers });
  }
  return byAgency;
}

// A payment counts under the placement it was made in (placed by its day, not recalled before it), as the roll-ups'
// collected does; the latest such placement when several overlap.
const paymentsSql = (where: string) => `
  SELECT e.id::text AS "eventId", e."accountId", e."agencyId", coalesce(e.amount, 0)::text AS amount,
         to_char(d.day, 'YYYY-MM-DD') AS day, p.id AS "placementId", to_char(p."placedAt", 'YYYY-MM-DD') AS "placedAt",
         p."dpdAtPlacement", p."placedBalance"::text AS "placedBalance", a.product
  FROM "ActivityEvent" e
  CROSS JOIN LATERAL (SELECT (e."occurredAt" AT TIME ZONE $1)::date AS day) d
  JOIN "Account" a ON a.id = e."accountId"
  JOIN LATERAL (
    SELECT p.id, p."placedAt", p."dpdAtPlacement", p."placedBalance" FROM "Placement" p
    WHERE p."accountId" = e."accountId" AND p."agencyId" = e."agencyId" AND p."placedAt" <= d.day AND (p."recalledAt" IS NULL OR p."recalledAt" >= d.day)
    ORDER BY p."placedAt" DESC LIMIT 1
  ) p ON true
  WHERE e.type = 'PAYMENT' AND ${where}`;

async function writeCommissions(client: pg.ClientBase, rows: PaymentRow[], schedules: Map<number, ScheduleVersion[]>): Promise<void> {
  const columns = { eventId: [] as string[], accountId: [] as number[], agencyId: [] as number[], placementId: [] as number[], day: [] as string[], amount: [] as string[], scheduleId: [] as number[], tierIndex: [] as (number | null)[], rate: [] as string[], monthsSince: [] as number[], commission: [] as string[], limitApplied: [] as (string | null)[] };
  for (const row of rows) {
    const result = commissionForPayment(schedules.get(row.agencyId) ?? [], row);
    if (!result) continue;
    columns.eventId.push(row.eventId);
    columns.accountId.push(row.accountId);
    columns.agencyId.push(row.agencyId);
    columns.placementId.push(row.placementId);
    columns.day.push(row.day);
    columns.amount.push(row.amount);
    columns.scheduleId.push(result.scheduleId);
    columns.tierIndex.push(result.tierIndex);
    columns.rate.push(result.rate);
    columns.monthsSince.push(result.monthsSince);
    columns.commission.push(result.commission);
    columns.limitApplied.push(result.limitApplied);
  }
  if (columns.eventId.length === 0) return;
  await client.query(
    `INSERT INTO "PaymentCommission" ("eventId", "accountId", "agencyId", "placementId", day, amount, "scheduleId", "tierIndex", rate, "monthsSince", commission, "limitApplied")
     SELECT * FROM unnest($1::int8[], $2::int[], $3::int[], $4::int[], $5::date[], $6::numeric[], $7::int[], $8::int[], $9::numeric[], $10::int[], $11::numeric[], $12::text[])`,
    Object.values(columns),
  );
}

/**
 * Recomputes the commission of every payment of these accounts (null: of every account) in the caller's
 * transaction. `timeZone` is the reporting zone, whose calendar decides a payment's day.
 */
export async function refreshPaymentCommissions(client: pg.ClientBase, accountIds: number[] | null, timeZone: string): Promise<void> {
  const schedules = await loadCurrentSchedules(client);
  if (accountIds !== null) {
    await client.query(`DELETE FROM "PaymentCommission" WHERE "accountId" = ANY($1::int[])`, [accountIds]);
    const result = await client.query<PaymentRow>(paymentsSql(`e."accountId" = ANY($2::int[])`), [timeZone, accountIds]);
    await writeCommissions(client, result.rows, schedules);
    return;
  }
  await client.query(`TRUNCATE "PaymentCommission"`);
  const bounds = await client.query<{ low: number | null; high: number | null }>(`SELECT min(id) AS low, max(id) AS high FROM "Account"`);
  const { low, high } = bounds.rows[0] ?? { low: null, high: null };
  if (low === null || high === null) return;
  for (let start = low; start <= high; start += ACCOUNTS_PER_PASS) {
    const result = await client.query<PaymentRow>(paymentsSql(`e."accountId" BETWEEN $2 AND $3`), [timeZone, start, start + ACCOUNTS_PER_PASS - 1]);
    await writeCommissions(client, result.rows, schedules);
  }
}
