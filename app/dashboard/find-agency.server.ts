import { z } from "zod";
import { notFound, requireAgencyAccess } from "~/auth/guards.server";
import type { SessionUser } from "~/auth/session.server";
import { getPrisma } from "~/db/client.server";

export type AgencyHeader = { id: number; code: string; name: string; timeZone: string; commissionRate: number };

/** The agency a page is about, by its code; null when there is none. */
export async function findAgencyByCode(code: string): Promise<AgencyHeader | null> {
  const agency = await getPrisma().agency.findUnique({ where: { code }, select: { id: true, code: true, name: true, timeZone: true, commissionRate: true } });
  return agency ? { ...agency, commissionRate: Number(agency.commissionRate) } : null;
}

export type AgentHeader = { id: number; externalId: string; name: string | null; agencyId: number };

/** An agent of the given agency; null when the id is unknown or belongs to another agency. */
export async function findAgentOfAgency(agencyId: number, agentId: number): Promise<AgentHeader | null> {
  return getPrisma().agent.findFirst({ where: { id: agentId, agencyId }, select: { id: true, externalId: true, name: true, agencyId: true } });
}

const agencyCodeSchema = z.string().trim().min(1).max(40);

/**
 * The agency a page or download names by code, when the user may see it: an unknown or malformed code and another
 * agency's code (for an AGENCY user) are the same 404, so a code's existence is not revealed.
 */
export async function requireVisibleAgency(user: SessionUser, code: unknown): Promise<AgencyHeader> {
  const parsed = agencyCodeSchema.safeParse(code);
  if (!parsed.success) throw notFound();
  const agency = await findAgencyByCode(parsed.data);
  if (!agency) throw notFound();
  requireAgencyAccess(user, [agency.id]);
  return agency;
}
