// Per agency: how many of the lender's own complaints of a period were checked against the agency's log, and how
// many of those found no logged contact at all (NO_MATCHING_LOG: "possible unlogged contact"). Read from the
// complaints themselves, not the roll-ups: corroboration is re-run when later imports arrive, without any refresh.
import { getPool } from "~/db/pg.server";
import { complaintCheckFigures, type ComplaintCheckFigures } from "./complaint-check-figures";
import type { MetricFilters } from "~/metrics/metric-types";
import { getSetting } from "~/settings/settings.server";

/** By agency id, for the period's reporting days (the receipt day in the lender's zone), product and agent filters. */
export async function countComplaintChecksByAgency(filters: Pick<MetricFilters, "from" | "to" | "agencyIds" | "agentId" | "product">): Promise<Map<number, ComplaintCheckFigures>> {
  const timeZone = await getSetting("lender.timeZone");
  const { rows } = await getPool().query<{ agencyId: number; checked: string; noMatchingLog: string }>(
    `SELECT c."agencyId",
            count(*) FILTER (WHERE c.corroboration IN ('CORROBORATED', 'LOGGED_NO_VIOLATION', 'NO_MATCHING_LOG'))::text AS checked,
            count(*) FILTER (WHERE c.corroboration = 'NO_MATCHING_LOG')::text AS "noMatchingLog"
       FROM "Complaint" c LEFT JOIN "Account" a ON a.id = c."accountId"
      WHERE c."agencyId" IS NOT NULL AND c.source <> 'REGULATOR_PUBLIC'
        AND c."receivedAt" >= ($1::date::timestamp AT TIME ZONE $3) AND c."receivedAt" < (($2::date + 1)::timestamp AT TIME ZONE $3)
        AND ($4::int[] IS NULL OR c."agencyId" = ANY($4::int[]))
        AND ($5::int IS NULL OR c."agentId" = $5::int)
        AND ($6::text IS NULL OR coalesce(a.product, '') = $6::text)
      GROUP BY 1`,
    [filters.from, filters.to, timeZone, filters.agencyIds ?? null, filters.agentId ?? null, filters.product ?? null],
  );
  return new Map(rows.map((row) => [row.agencyId, complaintCheckFigures(Number(row.checked), Number(row.noMatchingLog))]));
}
