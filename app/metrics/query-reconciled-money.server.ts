// Collected and commission "as reconciled" against the lender's ledger (docs/METRICS.md, ADR 044), and the money an
// agency reported that is not (yet, or not fully) in the lender's books. Read in SQL from the stored reconciliation
// (ReconciliationItem, ADR 038) and the per-payment commissions (PaymentCommission, ADR 037), with the same filters as
// the reported figures: the period, agencies, agent, product and days-past-due bucket of the account-agency-month
// segment (rollup-sql.ts). Money leaves as numbers rounded to the cent, like the other figures.
import { getPool } from "~/db/pg.server";
import { roundToCents } from "./metric-formulas";
import { firstOfMonth } from "./metric-filters";
import { segmentDpdBucketSql } from "./rollup-sql";
import type { MetricFilters } from "./metric-types";
import type { MetricGrouping } from "./query-metrics.server";

/** Statuses under which the lender received the payment: its commission is owed (the statements' eligibility rule). */
export const RECEIVED_STATUSES_SQL = `('MATCHED', 'LATE_REMITTANCE', 'AMOUNT_MISMATCH')`;

export type ReconciledMoney = { collected: number; commission: number };

class Binder {
  readonly values: unknown[] = [];
  bind(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The segment, agent and agency conditions on rows `m` that carry "accountId", "agencyId", "eventId" and day. */
function segmentConditions(binder: Binder, filters: MetricFilters): { joins: string; where: string[] } {
  const where: string[] = [];
  let joins = "";
  if (filters.agencyIds !== undefined) where.push(`m."agencyId" = ANY(${binder.bind(filters.agencyIds)}::int[])`);
  if (filters.product !== undefined) {
    joins += ` JOIN "Account" a ON a.id = m."accountId"`;
    where.push(`coalesce(a.product, '') = ${binder.bind(filters.product)}`);
  }
  if (filters.dpdBucket !== undefined) where.push(`${segmentDpdBucketSql('m."accountId"', 'm."agencyId"', `date_trunc('month', m.day)::date`)} = ${binder.bind(filters.dpdBucket)}`);
  if (filters.agentId !== undefined) where.push(`coalesce(e."agentId", 0) = ${binder.bind(filters.agentId)}`);
  return { joins, where };
}

/**
 * Reconciled collected and commission of the filter, grouped as queryMetricBases groups (keys "", "agencyId",
 * "agencyId:agentId", "agencyId:YYYY-MM"). Per PAYMENT event the roll-ups count as collected (one inside a placement
 * of its agency, day in the period): what the lender received for it (nothing for a payment it never received, the
 * amount received for a short remittance); its commission only when it was received. Plus, on their own days, the
 * reversals of received payments. A payment no reconciliation covers (before the ledger's first month) counts as
 * reported, as on the commission statements.
 */
export async function queryReconciledMoney(filters: MetricFilters, grouping: MetricGrouping): Promise<Map<string, ReconciledMoney>> {
  const binder = new Binder();
  const from = binder.bind(filters.from);
  const to = binder.bind(filters.to);
  const firstMonth = binder.bind(firstOfMonth(filters.from));
  const needsEvent = filters.agentId !== undefined || grouping === "agent";
  const { joins, where } = segmentConditions(binder, filters);
  if (grouping === "agent") where.push(`coalesce(e."agentId", 0) > 0`);
  const groupColumns = {
    total: [] as string[],
    agency: [`m."agencyId"`],
    agent: [`m."agencyId"`, `coalesce(e."agentId", 0) AS "agentId"`],
    agencyMonth: [`m."agencyId"`, `to_char(m.day, 'YYYY-MM') AS month`],
  }[grouping];
  const groupBy = groupColumns.length === 0 ? "" : `GROUP BY ${groupColumns.map((_, index) => index + 1).join(", ")}`;
  const { rows } = await getPool().query<{ agencyId?: number; agentId?: number; month?: string; collected: string | null; commission: string | null }>(
    `WITH m AS (
       SELECT pc."agencyId", pc."accountId", pc."eventId", pc.day,
              CASE WHEN r.id IS NULL THEN pc.amount ELSE coalesce(r."receivedAmount", 0) END AS collected,
              CASE WHEN r.id IS NULL OR r.status::text IN ${RECEIVED_STATUSES_SQL} THEN pc.commission ELSE 0 END AS commission
         FROM "PaymentCommission" pc
         LEFT JOIN "ReconciliationItem" r ON r."eventId" = pc."eventId" AND r.rule NOT LIKE 'REVERSAL%' AND r.month >= ${firstMonth}::date AND r.month <= ${to}::date
        WHERE pc.day >= ${from}::date AND pc.day <= ${to}::date
       UNION ALL
       SELECT pc."agencyId", pc."accountId", pc."eventId", r.day, r."receivedAmount", 0
         FROM "ReconciliationItem" r JOIN "PaymentCommission" pc ON pc."eventId" = r."eventId"
        WHERE r.rule = 'REVERSAL_OF_MATCHED' AND r.month >= ${firstMonth}::date AND r.day >= ${from}::date AND r.day <= ${to}::date
     )
     SELECT ${[...groupColumns, ""].join(", ")} sum(m.collected)::text AS collected, sum(m.commission)::text AS commission
       FROM m${joins}${needsEvent ? ` LEFT JOIN "ActivityEvent" e ON e.id = m."eventId"` : ""}
      ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
      ${groupBy}`,
    binder.values,
  );
  const money = new Map<string, ReconciledMoney>();
  for (const row of rows) {
    if (row.collected === null) continue;
    const key = grouping === "total" ? "" : grouping === "agency" ? String(row.agencyId) : grouping === "agent" ? `${row.agencyId}:${row.agentId}` : `${row.agencyId}:${row.month}`;
    money.set(key, { collected: roundToCents(Number(row.collected)), commission: roundToCents(Number(row.commission ?? 0)) });
  }
  return money;
}

/** Whether the lender's ledger has any entry booked in the period (the dashboards' default basis turns on it). */
export async function hasLedgerInPeriod(period: { from: string; to: string }): Promise<boolean> {
  const { rows } = await getPool().query<{ found: boolean }>(`SELECT EXISTS (SELECT 1 FROM "LedgerEntry" WHERE "receivedOn" >= $1::date AND "receivedOn" <= $2::date) AS found`, [period.from, period.to]);
  return rows[0]?.found ?? false;
}

export type UnreconciledMoney = {
  agencyId: number;
  agencyCode: string;
  /** YYYY-MM: the reconciliation page's month. */
  month: string;
  reportedNotReceived: number;
  /** Σ |reported − received| of the payments remitted with another amount. */
  amountMismatch: number;
  /** Reported payments the lender received after the agency's remittance days. */
  late: number;
  total: number;
};

/**
 * Per agency and month of the period: the agency's reported payments of the filter that the lender has not received,
 * received with another amount (the difference) or received late (the amount), from the stored reconciliation.
 */
export async function queryUnreconciledMoney(filters: MetricFilters): Promise<UnreconciledMoney[]> {
  const binder = new Binder();
  const from = binder.bind(filters.from);
  const to = binder.bind(filters.to);
  const firstMonth = binder.bind(firstOfMonth(filters.from));
  const { joins, where } = segmentConditions(binder, filters);
  const { rows } = await getPool().query<{ agencyId: number; agencyCode: string; month: string; missing: string; mismatch: string; late: string }>(
    `WITH m AS (
       SELECT r."agencyId", r."accountId", r."eventId", r.day, r.status::text AS status, r."reportedAmount" AS reported, coalesce(r."receivedAmount", 0) AS received
         FROM "ReconciliationItem" r
        WHERE r."eventId" IS NOT NULL AND r.rule NOT LIKE 'REVERSAL%' AND r.status::text IN ('REPORTED_NOT_RECEIVED', 'AMOUNT_MISMATCH', 'LATE_REMITTANCE')
          AND r.month >= ${firstMonth}::date AND r.month <= ${to}::date AND r.day >= ${from}::date AND r.day <= ${to}::date
     )
     SELECT m."agencyId", g.code AS "agencyCode", to_char(m.day, 'YYYY-MM') AS month,
            coalesce(sum(m.reported) FILTER (WHERE m.status = 'REPORTED_NOT_RECEIVED'), 0)::text AS missing,
            coalesce(sum(abs(m.reported - m.received)) FILTER (WHERE m.status = 'AMOUNT_MISMATCH'), 0)::text AS mismatch,
            coalesce(sum(m.reported) FILTER (WHERE m.status = 'LATE_REMITTANCE'), 0)::text AS late
       FROM m JOIN "Agency" g ON g.id = m."agencyId"${joins}${filters.agentId !== undefined ? ` LEFT JOIN "ActivityEvent" e ON e.id = m."eventId"` : ""}
      ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
      GROUP BY 1, 2, 3 ORDER BY 2, 3`,
    binder.values,
  );
  return rows.map((row) => {
    const reportedNotReceived = roundToCents(Number(row.missing));
    const amountMismatch = roundToCents(Number(row.mismatch));
    const late = roundToCents(Number(row.late));
    return { agencyId: row.agencyId, agencyCode: row.agencyCode, month: row.month, reportedNotReceived, amountMismatch, late, total: roundToCents(reportedNotReceived + amountMismatch + late) };
  });
}
