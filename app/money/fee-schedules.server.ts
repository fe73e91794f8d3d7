// Agencies' fee schedules (ADR 037): versions written, never edited; a change refreshes the commission of every
// payment it can touch (and so the roll-ups), while finalised statements and audit workbooks keep their frozen bytes.
import { DateTime } from "luxon";
import { currentTime } from "~/clock/clock.server";
import { getPrisma } from "~/db/client.server";
import { type Prisma } from "~/generated/prisma/client";
import { refreshRollupsForAccounts } from "~/metrics/refresh-rollups.server";
import { getSetting } from "~/settings/settings.server";
import { FROM_THE_START, feeTermsSchema, flatTerms, type FeeTerms } from "./fee-terms";

export type FeeScheduleView = {
  id: number;
  effectiveFrom: string;
  fromTheStart: boolean;
  revision: number;
  terms: FeeTerms;
  flatFeePerPlacement: string | null;
  note: string | null;
  createdAt: string;
  createdBy: string;
  superseded: boolean;
};

export type SaveFeeScheduleInput = {
  agencyId: number;
  effectiveFrom: string;
  terms: FeeTerms;
  flatFeePerPlacement?: string | null;
  note?: string | null;
  /** The user who saved it, or how it was made when no user did ("cli", "demo"). */
  by: { userId: number } | { via: string };
};

const isoDate = (value: Date) => value.toISOString().slice(0, 10);
const asDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** Today in the reporting zone: the day a change of rate "from today" starts. */
export async function reportingToday(now: Date = currentTime()): Promise<string> {
  return DateTime.fromJSDate(now, { zone: await getSetting("lender.timeZone") }).toISODate()!;
}

/** Every version of an agency's schedules, the current ones first, newest start first. */
export async function listFeeSchedules(agencyId: number): Promise<FeeScheduleView[]> {
  const rows = await getPrisma().feeSchedule.findMany({
    where: { agencyId },
    orderBy: [{ supersededAt: { sort: "desc", nulls: "first" } }, { effectiveFrom: "desc" }, { revision: "desc" }],
    include: { createdBy: { select: { name: true, email: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    effectiveFrom: isoDate(row.effectiveFrom),
    fromTheStart: isoDate(row.effectiveFrom) === FROM_THE_START,
    revision: row.revision,
    terms: feeTermsSchema.parse(row.tiers),
    flatFeePerPlacement: row.flatFeePerPlacement?.toFixed(2) ?? null,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy ? row.createdBy.name || row.createdBy.email : row.createdVia,
    superseded: row.supersededAt !== null,
  }));
}

/**
 * Saves a schedule in force from `effectiveFrom`: a new revision of the schedule with that start if there is one
 * (the old one kept, marked superseded), otherwise a new contract period. Then the commissions of the agency's
 * payments from that day on are recomputed with their accounts' roll-ups.
 */
export async function saveFeeSchedule(input: SaveFeeScheduleInput): Promise<{ id: number; revision: number }> {
  const terms = feeTermsSchema.parse(input.terms);
  const prisma = getPrisma();
  const saved = await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT id FROM "Agency" WHERE id = ${input.agencyId} FOR UPDATE`;
    const previous = await tx.feeSchedule.findFirst({ where: { agencyId: input.agencyId, effectiveFrom: asDate(input.effectiveFrom), supersededAt: null }, orderBy: { revision: "desc" } });
    const created = await tx.feeSchedule.create({
      data: {
        agencyId: input.agencyId,
        effectiveFrom: asDate(input.effectiveFrom),
        revision: (previous?.revision ?? 0) + 1,
        tiers: terms as unknown as Prisma.InputJsonValue,
        flatFeePerPlacement: input.flatFeePerPlacement ?? null,
        note: input.note ?? null,
        ...("userId" in input.by ? { createdById: input.by.userId, createdVia: "web" } : { createdVia: input.by.via }),
      },
    });
    if (previous) await tx.feeSchedule.update({ where: { id: previous.id }, data: { supersededAt: new Date(), supersededById: created.id } });
    return created;
  });
  await refreshCommissionsFrom(input.agencyId, input.effectiveFrom);
  return { id: saved.id, revision: saved.revision };
}

/** A flat schedule from `effectiveFrom` (the agency's single rate: `agency upsert --commission`, Settings → Agencies). */
export async function saveFlatSchedule(agencyId: number, rate: string, effectiveFrom: string, by: SaveFeeScheduleInput["by"]): Promise<void> {
  await saveFeeSchedule({ agencyId, effectiveFrom, terms: flatTerms(rate), by });
}

/** Recomputes the commissions (and roll-ups) of the agency's accounts with payments on or after `day`. */
export async function refreshCommissionsFrom(agencyId: number, day: string): Promise<void> {
  // A day early: the payment's day is the reporting zone's, its instant UTC.
  const since = DateTime.fromISO(day, { zone: "UTC" }).minus({ days: 1 }).toJSDate();
  const accounts = await getPrisma().activityEvent.findMany({ where: { agencyId, type: "PAYMENT", occurredAt: { gte: since } }, select: { accountId: true }, distinct: ["accountId"] });
  await refreshRollupsForAccounts(accounts.map((row) => row.accountId));
}
