// An agency's placements as the lender sees them on the agency page (ADR 039): how many are open, how many the agency
// rejected or has not answered, how many are due for recall, and the contract's placement term that gives each
// placement its end date.
import { z } from "zod";
import { advanceDataGeneration } from "~/cache/data-generation.server";
import { getPrisma } from "~/db/client.server";
import { listDueForRecall } from "./recall-due.server";

export type AgencyPlacementSummary = {
  open: number;
  /** Open placements whose agency's latest answer is REJECTED: accounts it never took up. */
  rejected: number;
  /** Open placements without any answer from the agency. */
  unanswered: number;
  dueForRecall: number;
  placementTermDays: number | null;
};

export async function getAgencyPlacementSummary(agencyId: number, now: Date): Promise<AgencyPlacementSummary> {
  const prisma = getPrisma();
  const open = { agencyId, recalledAt: null };
  const [agency, openCount, rejected, unanswered, due] = await Promise.all([
    prisma.agency.findUniqueOrThrow({ where: { id: agencyId }, select: { placementTermDays: true } }),
    prisma.placement.count({ where: open }),
    prisma.placement.count({ where: { ...open, acknowledgment: { status: "REJECTED" } } }),
    prisma.placement.count({ where: { ...open, acknowledgment: null } }),
    listDueForRecall({ scopeAgencyId: agencyId, filters: {}, sort: { column: "placedAt", direction: "asc" }, now }),
  ]);
  return { open: openCount, rejected, unanswered, dueForRecall: due.rows.length, placementTermDays: agency.placementTermDays };
}

/** A placement term: whole days, or blank for none. */
export const placementTermSchema = z.object({
  placementTermDays: z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? null : value), z.coerce.number().int().min(1).max(3650).nullable()),
});

/** Sets the agency's placement term (null: none); the caller checks the permission. Open placements' end dates follow it. */
export async function setPlacementTerm(agencyId: number, placementTermDays: number | null): Promise<void> {
  await getPrisma().agency.update({ where: { id: agencyId }, data: { placementTermDays } });
  // The agency page's placements card (due for recall) is cached per generation.
  await advanceDataGeneration("settings");
}
