// Findings per agency for the agencies grid and its export, the agency page, the dashboard's agencies-at-risk panel
// and the scorecard: one SQL query over every issued finding, so a grid of many agencies costs one round trip.
// "Overdue" is decided as listFindings decides it (finding-queries.server.ts): an answer or an accepted plan's open
// action past its due day, on the lender's reporting day of `now`.
import { getPool } from "~/db/pg.server";
import { getSetting } from "~/settings/settings.server";
import { dayInZone } from "./finding-dates";
import type { AgencyFindingCounts, FindingActorRef } from "./finding-types";

export type FindingsByAgency = Map<number, AgencyFindingCounts>;

/** No findings: what an agency without any shows (zeros, no median). */
export const noAgencyFindings = (agencyId: number): AgencyFindingCounts => ({ agencyId, open: 0, overdue: 0, escalated: 0, repeats: 0, medianDaysToClose: null });

/**
 * Per agency with at least one issued finding: open (issued, not closed), overdue and escalated ones, repeats among
 * the open ones, and the median whole reporting days from issue to close of those closed. AGENCY viewers get their own
 * agency only (another agency asked for gives nothing); others the agencies asked for, or all.
 */
export async function getFindingsByAgency(viewer: Pick<FindingActorRef, "role" | "agencyId">, options: { agencyIds?: readonly number[]; now: Date }): Promise<FindingsByAgency> {
  let agencyIds = options.agencyIds === undefined ? null : [...options.agencyIds];
  if (viewer.role === "AGENCY") {
    if (viewer.agencyId === null) return new Map();
    agencyIds = agencyIds === null || agencyIds.includes(viewer.agencyId) ? [viewer.agencyId] : [];
  }
  if (agencyIds !== null && agencyIds.length === 0) return new Map();
  const timeZone = await getSetting("lender.timeZone");
  const today = dayInZone(options.now, timeZone);
  const { rows } = await getPool().query<{ agencyId: number; open: number; overdue: number; escalated: number; repeats: number; medianDaysToClose: number | null }>(
    `WITH issued AS (
       SELECT f.id, f."agencyId", f.status, f."repeatOfId",
              (f."closedAt" AT TIME ZONE $2)::date - (f."issuedAt" AT TIME ZONE $2)::date AS "daysToClose",
              ((f.status IN ('ISSUED', 'PLAN_REJECTED') OR (f.status = 'ESCALATED' AND f."fixDate" IS NULL)) AND f."responseDueOn" < $1::date)
              OR (f.status IN ('PLAN_ACCEPTED', 'ESCALATED') AND EXISTS (
                    SELECT 1 FROM "FindingAction" a JOIN "FindingResponse" r ON r.id = a."responseId"
                    WHERE a."findingId" = f.id AND a.status = 'OPEN' AND r.decision = 'ACCEPTED' AND a."dueOn" < $1::date)) AS overdue
       FROM "Finding" f
       WHERE f."issuedAt" IS NOT NULL AND ($3::int[] IS NULL OR f."agencyId" = ANY($3::int[])))
     SELECT "agencyId",
            count(*) FILTER (WHERE status <> 'CLOSED')::int AS open,
            count(*) FILTER (WHERE status <> 'CLOSED' AND overdue)::int AS overdue,
            count(*) FILTER (WHERE status = 'ESCALATED')::int AS escalated,
            count(*) FILTER (WHERE status <> 'CLOSED' AND "repeatOfId" IS NOT NULL)::int AS repeats,
            (percentile_cont(0.5) WITHIN GROUP (ORDER BY "daysToClose") FILTER (WHERE status = 'CLOSED' AND "daysToClose" IS NOT NULL))::float8 AS "medianDaysToClose"
     FROM issued GROUP BY "agencyId" ORDER BY "agencyId"`,
    [today, timeZone, agencyIds],
  );
  return new Map(rows.map((row) => [row.agencyId, { ...row }]));
}

/** The counts of one agency (zeros when it has none). */
export function findingsOf(byAgency: FindingsByAgency, agencyId: number): AgencyFindingCounts {
  return byAgency.get(agencyId) ?? noAgencyFindings(agencyId);
}

/** Open, overdue and escalated findings over every agency of the map (the executive dashboard's findings tiles). */
export function totalFindings(byAgency: FindingsByAgency): Pick<AgencyFindingCounts, "open" | "overdue" | "escalated"> {
  const total = { open: 0, overdue: 0, escalated: 0 };
  for (const counts of byAgency.values()) {
    total.open += counts.open;
    total.overdue += counts.overdue;
    total.escalated += counts.escalated;
  }
  return total;
}
