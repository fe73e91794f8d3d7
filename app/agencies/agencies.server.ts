import { getPrisma } from "~/db/client.server";
import { reportingToday, saveFlatSchedule } from "~/money/fee-schedules.server";
import { FROM_THE_START } from "~/money/fee-terms";
import type { AgencyInput } from "./agency-input";
import { advanceDataGeneration } from "~/cache/data-generation.server";
import { reconcileAgencyAccounts } from "~/reconciliation/reconcile-agency.server";

export type AgencySummary = {
  id: number;
  code: string;
  name: string;
  timeZone: string;
  commissionRate: string;
  remittanceDays: number;
  contractStart: string | null;
  contractEnd: string | null;
  active: boolean;
  aliases: string[];
  rulePackCode: string | null;
  placementCount: number;
  agentCount: number;
};

/** An agency as pickers and filters name it. */
export type AgencyChoice = { id: number; code: string; name: string };

/**
 * Agencies by code, for filter and form pickers and for resolving the agency codes of a URL: inactive ones too (their
 * history stays searchable); `agencyId` limits them to one (an AGENCY user's own), `codes` to those codes.
 */
export async function listAgencyChoices(options: { agencyId?: number; codes?: readonly string[] } = {}): Promise<AgencyChoice[]> {
  return getPrisma().agency.findMany({
    where: {
      ...(options.agencyId === undefined ? {} : { id: options.agencyId }),
      ...(options.codes === undefined ? {} : { code: { in: [...options.codes] } }),
    },
    select: { id: true, code: true, name: true },
    orderBy: { code: "asc" },
  });
}

const isoDate = (value: Date | null) => (value ? value.toISOString().slice(0, 10) : null);

export async function listAgencies(options: { agencyId?: number; includeInactive?: boolean } = {}): Promise<AgencySummary[]> {
  const agencies = await getPrisma().agency.findMany({
    where: {
      ...(options.agencyId === undefined ? {} : { id: options.agencyId }),
      ...(options.includeInactive ? {} : { active: true }),
    },
    orderBy: { code: "asc" },
    include: { _count: { select: { placements: true, agents: true } } },
  });
  return agencies.map((agency) => ({
    id: agency.id,
    code: agency.code,
    name: agency.name,
    timeZone: agency.timeZone,
    commissionRate: agency.commissionRate.toFixed(4),
    remittanceDays: agency.remittanceDays,
    contractStart: isoDate(agency.contractStart),
    contractEnd: isoDate(agency.contractEnd),
    active: agency.active,
    aliases: agency.aliases,
    rulePackCode: agency.rulePackCode,
    placementCount: agency._count.placements,
    agentCount: agency._count.agents,
  }));
}

/**
 * Creates the agency or updates the one with the same code; returns its id and whether it was new. The commission
 * rate is a flat fee schedule (ADR 037): a new agency's in force from the start, a changed rate from today on (the
 * reporting zone's day), so past periods keep the rate they were earned under.
 */
export async function upsertAgency(input: AgencyInput, by: { userId: number } | { via: string } = { via: "cli" }): Promise<{ id: number; created: boolean }> {
  const prisma = getPrisma();
  const fields = {
    name: input.name,
    timeZone: input.timeZone,
    commissionRate: input.commissionRate,
    contractStart: input.contractStart ? new Date(`${input.contractStart}T00:00:00Z`) : null,
    contractEnd: input.contractEnd ? new Date(`${input.contractEnd}T00:00:00Z`) : null,
    active: input.active,
    ...(input.aliases === undefined ? {} : { aliases: input.aliases }),
    ...(input.remittanceDays === undefined ? {} : { remittanceDays: input.remittanceDays }),
  };
  const existing = await prisma.agency.findUnique({ where: { code: input.code }, select: { id: true, commissionRate: true, remittanceDays: true } });
  if (existing) {
    await prisma.agency.update({ where: { id: existing.id }, data: fields });
    if (!existing.commissionRate.equals(input.commissionRate)) await saveFlatSchedule(existing.id, input.commissionRate, await reportingToday(), by);
    // The remittance window decides MATCHED against LATE_REMITTANCE: the stored items of the agency's accounts follow.
    if (input.remittanceDays !== undefined && input.remittanceDays !== existing.remittanceDays) await reconcileAgencyAccounts(existing.id);
    // Names and commission rates are on the scorecards (ADR 040).
    await advanceDataGeneration("settings");
    return { id: existing.id, created: false };
  }
  const created = await prisma.agency.create({ data: { code: input.code, ...fields } });
  await saveFlatSchedule(created.id, input.commissionRate, FROM_THE_START, by);
  await advanceDataGeneration("settings");
  return { id: created.id, created: true };
}
