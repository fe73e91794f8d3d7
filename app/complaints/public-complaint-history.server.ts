// An agency's public complaint history: the regulator's public complaints (source REGULATOR_PUBLIC, ADR 035) by month
// and by issue (current taxonomy), the share closed with relief and the share answered late. Shown on the agency
// page and in the due-diligence evaluation's compliance section; never part of complaints per 1,000 accounts.
import { getPool } from "~/db/pg.server";
import { ratio } from "~/metrics/metric-formulas";
import { getSetting } from "~/settings/settings.server";

export type PublicComplaintHistory = {
  total: number;
  /** YYYY-MM, oldest first, months with none left out. */
  byMonth: { month: string; count: number }[];
  /** Most frequent first. */
  byIssue: { issue: string; count: number }[];
  /** Of the complaints the company closed (a "Closed…" response): how many with monetary or non-monetary relief. */
  closed: number;
  closedWithRelief: number;
  reliefShare: number | null;
  /** Of the complaints whose timeliness is published: how many were answered late. */
  timelinessKnown: number;
  untimely: number;
  untimelyShare: number | null;
};

/** `from`/`to`: reporting days (inclusive) of the receipt; without them the whole history. */
export async function getPublicComplaintHistory(agencyId: number, period: { from?: string; to?: string } = {}): Promise<PublicComplaintHistory> {
  const timeZone = await getSetting("lender.timeZone");
  const { rows } = await getPool().query<{ month: string; issue: string; count: string; closed: string; relief: string; known: string; late: string }>(
    `SELECT to_char((c."receivedAt" AT TIME ZONE $2), 'YYYY-MM') AS month, coalesce(c."regulatorRecord"->>'issue', c.category) AS issue, count(*)::text AS count,
            count(*) FILTER (WHERE lower(c."regulatorRecord"->>'companyResponse') LIKE 'closed%')::text AS closed,
            count(*) FILTER (WHERE lower(c."regulatorRecord"->>'companyResponse') LIKE 'closed%relief%'
                               AND lower(c."regulatorRecord"->>'companyResponse') NOT LIKE '%without relief%')::text AS relief,
            count(*) FILTER (WHERE jsonb_typeof(c."regulatorRecord"->'timelyResponse') = 'boolean')::text AS known,
            count(*) FILTER (WHERE c."regulatorRecord"->'timelyResponse' = 'false'::jsonb)::text AS late
       FROM "Complaint" c
      WHERE c."agencyId" = $1 AND c.source = 'REGULATOR_PUBLIC'
        AND ($3::date IS NULL OR c."receivedAt" >= ($3::date::timestamp AT TIME ZONE $2))
        AND ($4::date IS NULL OR c."receivedAt" < (($4::date + 1)::timestamp AT TIME ZONE $2))
      GROUP BY 1, 2`,
    [agencyId, timeZone, period.from ?? null, period.to ?? null],
  );
  const months = new Map<string, number>();
  const issues = new Map<string, number>();
  let total = 0;
  let closed = 0;
  let closedWithRelief = 0;
  let timelinessKnown = 0;
  let untimely = 0;
  for (const row of rows) {
    const count = Number(row.count);
    total += count;
    months.set(row.month, (months.get(row.month) ?? 0) + count);
    issues.set(row.issue, (issues.get(row.issue) ?? 0) + count);
    closed += Number(row.closed);
    closedWithRelief += Number(row.relief);
    timelinessKnown += Number(row.known);
    untimely += Number(row.late);
  }
  return {
    total,
    byMonth: [...months].sort(([left], [right]) => left.localeCompare(right)).map(([month, count]) => ({ month, count })),
    byIssue: [...issues].sort(([leftIssue, left], [rightIssue, right]) => right - left || leftIssue.localeCompare(rightIssue)).map(([issue, count]) => ({ issue, count })),
    closed,
    closedWithRelief,
    reliefShare: ratio(closedWithRelief, closed),
    timelinessKnown,
    untimely,
    untimelyShare: ratio(untimely, timelinessKnown),
  };
}
