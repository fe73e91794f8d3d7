import { getPrisma } from "~/db/client.server";
import { RULE_CODES } from "~/rules/rule-pack";

export type AgencyChoice = { id: number; code: string; name: string };

/** Agencies for filter and form pickers (inactive ones too: their history stays searchable), by code. */
export async function listAgencyChoices(options: { agencyId?: number } = {}): Promise<AgencyChoice[]> {
  return getPrisma().agency.findMany({
    where: options.agencyId === undefined ? {} : { id: options.agencyId },
    select: { id: true, code: true, name: true },
    orderBy: { code: "asc" },
  });
}

export function listRuleCodes(): string[] {
  return [...RULE_CODES];
}
