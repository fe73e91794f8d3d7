// The mix-adjusted recovery index and the vintage curves of docs/METRICS.md computed from the source tables
// (placements, accounts, payment events) in plain TypeScript, one placement at a time: slow and obviously right, for
// the tests to hold the roll-ups' SQL to. Index point estimates only; the interval is random by nature.
import { getPool } from "~/db/pg.server";
import { addDays, dpdBucketOf } from "~/metrics/metric-filters";
import { completeMonthsBetween } from "~/metrics/metrics.server";
import type { MetricFilters } from "~/metrics/metric-types";

const bandOf = (balance: number) => (balance < 5000 ? "0-4999" : balance < 20000 ? "5000-19999" : balance < 50000 ? "20000-49999" : "50000+");

/** Month of a placement a payment day falls in: 1 from the placement day to the day before the same day next month. */
function monthOfPlacement(placedAt: string, day: string): number {
  const [py, pm, pd] = placedAt.split("-").map(Number) as [number, number, number];
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return 1 + (y - py) * 12 + (m - pm) - (d < pd ? 1 : 0);
}

export async function referenceRecoveryIndex(filters: MetricFilters, timeZone = "Asia/Shanghai"): Promise<Map<number, number | null>> {
  const pool = getPool();
  const placements = (
    await pool.query<{ id: number; accountId: number; agencyId: number; placedAt: string; recalledAt: string | null; balance: string; dpd: number | null; product: string | null }>(
      `SELECT p.id, p."accountId", p."agencyId", p."placedAt"::text AS "placedAt", p."recalledAt"::text AS "recalledAt", p."placedBalance"::text AS balance,
              p."dpdAtPlacement" AS dpd, a.product
       FROM "Placement" p JOIN "Account" a ON a.id = p."accountId" WHERE p."placedAt" <= $1::date`,
      [filters.to],
    )
  ).rows;
  const payments = (
    await pool.query<{ accountId: number; agencyId: number; day: string; amount: string }>(
      `SELECT "accountId", "agencyId", ("occurredAt" AT TIME ZONE $1)::date::text AS day, coalesce(amount, 0)::text AS amount FROM "ActivityEvent" WHERE type = 'PAYMENT'`,
      [timeZone],
    )
  ).rows;
  const dayAfter = addDays(filters.to, 1);
  const units = placements.map((placement) => {
    const end = placement.recalledAt !== null && addDays(placement.recalledAt, 1) < dayAfter ? addDays(placement.recalledAt, 1) : dayAfter;
    const balance = Number(placement.balance);
    const segment = `${placement.product ?? ""}|${dpdBucketOf(placement.dpd) ?? ""}|${bandOf(balance)}`;
    return { ...placement, balance, segment, horizon: completeMonthsBetween(placement.placedAt, end), byMonth: new Map<number, number>() };
  });
  for (const payment of payments) {
    const covering = coveringPlacement(units, payment);
    if (!covering) continue;
    const month = monthOfPlacement(covering.placedAt, payment.day);
    covering.byMonth.set(month, (covering.byMonth.get(month) ?? 0) + Number(payment.amount));
  }
  const collectedWithin = (unit: (typeof units)[number], months: number) => [...unit.byMonth].filter(([month]) => month >= 1 && month <= months).reduce((sum, [, amount]) => sum + amount, 0);
  const rate = (segment: string, months: number) => {
    const observed = units.filter((unit) => unit.segment === segment && unit.horizon >= months);
    const balance = observed.reduce((sum, unit) => sum + unit.balance, 0);
    return balance > 0 ? observed.reduce((sum, unit) => sum + collectedWithin(unit, months), 0) / balance : 0;
  };
  const totals = new Map<number, { actual: number; expected: number }>();
  for (const unit of units) {
    if (unit.horizon < 1 || (unit.recalledAt !== null && unit.recalledAt < filters.from)) continue;
    if (filters.agencyIds !== undefined && !filters.agencyIds.includes(unit.agencyId)) continue;
    if (filters.product !== undefined && (unit.product ?? "") !== filters.product) continue;
    if (filters.dpdBucket !== undefined && dpdBucketOf(unit.dpd) !== filters.dpdBucket) continue;
    const total = totals.get(unit.agencyId) ?? { actual: 0, expected: 0 };
    total.actual += collectedWithin(unit, unit.horizon);
    total.expected += unit.balance * rate(unit.segment, unit.horizon);
    totals.set(unit.agencyId, total);
  }
  return new Map([...totals].map(([agencyId, total]) => [agencyId, total.expected > 0 ? Math.round((1000 * total.actual) / total.expected) / 10 : null]));
}

/**
 * Vintage curves (docs/METRICS.md) from the source tables, one placement at a time: per agency and placement month of
 * the 12 months up to the period's end, the cumulative collections under its placements ÷ the balance of those placed
 * by the period's end, at each month every placement of the vintage has completed by then.
 */
export async function referenceVintageCurves(filters: MetricFilters, timeZone = "Asia/Shanghai"): Promise<{ agencyId: number; vintage: string; placedBalance: number; points: { monthsSincePlacement: number; cumulativeRecoveryRate: number }[] }[]> {
  const pool = getPool();
  const placements = (
    await pool.query<{ id: number; accountId: number; agencyId: number; placedAt: string; recalledAt: string | null; balance: string; dpd: number | null; product: string | null }>(
      `SELECT p.id, p."accountId", p."agencyId", p."placedAt"::text AS "placedAt", p."recalledAt"::text AS "recalledAt", p."placedBalance"::text AS balance,
              p."dpdAtPlacement" AS dpd, a.product
       FROM "Placement" p JOIN "Account" a ON a.id = p."accountId"`,
    )
  ).rows.map((placement) => ({ ...placement, balanceCents: Math.round(Number(placement.balance) * 100), collectedCents: new Map<number, number>() }));
  const payments = (
    await pool.query<{ accountId: number; agencyId: number; day: string; amount: string }>(
      `SELECT "accountId", "agencyId", ("occurredAt" AT TIME ZONE $1)::date::text AS day, coalesce(amount, 0)::text AS amount FROM "ActivityEvent" WHERE type = 'PAYMENT'`,
      [timeZone],
    )
  ).rows;
  for (const payment of payments) {
    const covering = coveringPlacement(placements, payment);
    if (!covering) continue;
    const month = monthOfPlacement(covering.placedAt, payment.day);
    covering.collectedCents.set(month, (covering.collectedCents.get(month) ?? 0) + Math.round(Number(payment.amount) * 100));
  }
  const firstVintage = `${addMonthsToMonth(filters.to.slice(0, 7), -11)}`;
  const vintages = new Map<string, typeof placements>();
  for (const placement of placements) {
    const vintage = placement.placedAt.slice(0, 7);
    if (vintage < firstVintage || vintage > filters.to.slice(0, 7)) continue;
    if (filters.agencyIds !== undefined && !filters.agencyIds.includes(placement.agencyId)) continue;
    if (filters.product !== undefined && (placement.product ?? "") !== filters.product) continue;
    if (filters.dpdBucket !== undefined && dpdBucketOf(placement.dpd) !== filters.dpdBucket) continue;
    const key = `${placement.agencyId}|${vintage}`;
    vintages.set(key, [...(vintages.get(key) ?? []), placement]);
  }
  const curves = [];
  for (const [key, members] of vintages) {
    const [agencyId, vintage] = key.split("|") as [string, string];
    const placedByEnd = members.filter((placement) => placement.placedAt <= filters.to);
    if (placedByEnd.length === 0) continue;
    const balanceCents = placedByEnd.reduce((sum, placement) => sum + placement.balanceCents, 0);
    const lastDayOfVintage = addDays(`${addMonthsToMonth(vintage, 1)}-01`, -1);
    const months = completeMonthsBetween(lastDayOfVintage, addDays(filters.to, 1));
    const points = [];
    let cumulativeCents = 0;
    for (let month = 1; month <= months; month++) {
      cumulativeCents += members.reduce((sum, placement) => sum + (placement.collectedCents.get(month) ?? 0), 0);
      points.push({ monthsSincePlacement: month, cumulativeRecoveryRate: balanceCents > 0 ? Math.round((cumulativeCents / balanceCents) * 1e6) / 1e6 : 0 });
    }
    curves.push({ agencyId: Number(agencyId), vintage, placedBalance: balanceCents / 100, points });
  }
  return curves.sort((left, right) => left.agencyId - right.agencyId || left.vintage.localeCompare(right.vintage));
}

/** YYYY-MM plus `months`. */
function addMonthsToMonth(month: string, months: number): string {
  const [year, monthNumber] = month.split("-").map(Number) as [number, number];
  const index = year * 12 + monthNumber - 1 + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** The agency's placement covering the payment's day (the latest placed, should two overlap). */
function coveringPlacement<Unit extends { accountId: number; agencyId: number; placedAt: string; recalledAt: string | null }>(
  units: Unit[],
  payment: { accountId: number; agencyId: number; day: string },
): Unit | undefined {
  return units
    .filter((unit) => unit.accountId === payment.accountId && unit.agencyId === payment.agencyId && unit.placedAt <= payment.day && (unit.recalledAt === null || unit.recalledAt >= payment.day))
    .sort((left, right) => right.placedAt.localeCompare(left.placedAt))[0];
}
