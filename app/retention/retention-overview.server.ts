// What Settings → Retention shows: the period, the first month kept, the holds and the last purges (from the access
// log, where every real purge writes what it removed).
import { getPrisma } from "~/db/client.server";
import { listLegalHolds, type LegalHoldRow } from "./legal-holds.server";
import { retentionCutoff } from "./retention-policy";
import { getRetentionPolicy } from "./retention-settings.server";

export type PurgeLogRow = { id: string; at: string; months: string[]; events: number; violations: number; uploads: number; files: number; heldEventsKept: number };
export type RetentionOverview = { years: number; keptFrom: string; holds: LegalHoldRow[]; purges: PurgeLogRow[] };

const numberOr0 = (value: unknown): number => (typeof value === "number" ? value : 0);

export async function getRetentionOverview(now: Date): Promise<RetentionOverview> {
  const [policy, holds, purges] = await Promise.all([
    getRetentionPolicy(),
    listLegalHolds({ includeCleared: true }),
    getPrisma().accessLog.findMany({ where: { action: "RETENTION_PURGED" }, orderBy: { id: "desc" }, take: 12 }),
  ]);
  return {
    years: policy.years,
    keptFrom: retentionCutoff(now, policy.years).toISOString().slice(0, 10),
    holds,
    purges: purges.map((row) => {
      const detail = (row.detail ?? {}) as { months?: { month?: string }[]; totals?: Record<string, unknown> };
      const totals = detail.totals ?? {};
      return {
        id: row.id.toString(),
        at: row.createdAt.toISOString(),
        months: (detail.months ?? []).map((month) => String(month.month ?? "")),
        events: numberOr0(totals.events),
        violations: numberOr0(totals.violations),
        uploads: numberOr0(totals.uploads),
        files: numberOr0(totals.files),
        heldEventsKept: numberOr0(totals.heldEventsKept),
      };
    }),
  };
}
