// Complaints entered by hand (received by phone, letter, from a regulator), stored like imported ones so rules and
// metrics read them the same way.
import { randomBytes } from "node:crypto";
import { getPrisma } from "~/db/client.server";
import type { FieldMessage } from "~/i18n/validation";
import { getPool } from "~/db/pg.server";
import type { ComplaintInput } from "./complaint-input";
import { runComplaintStages } from "./complaint-stages.server";

export type CreateComplaintResult = { ok: true; id: number; complaintRef: string; accountNumber: string | null } | { ok: false; errors: Record<string, FieldMessage> };

function generatedRef(now: Date): string {
  return `MAN-${now.toISOString().slice(0, 10).replace(/-/g, "")}-${randomBytes(3).toString("hex").toUpperCase()}`;
}

/**
 * Checks what the form cannot (the account, agency and agent exist; the reference is free; the time is not in the
 * future) and stores the complaint. `scopeAgencyId` pins the agency for agency-bound callers.
 */
export async function createComplaint(input: ComplaintInput, options: { scopeAgencyId?: number; now?: Date } = {}): Promise<CreateComplaintResult> {
  const prisma = getPrisma();
  const now = options.now ?? new Date();
  const errors: Record<string, FieldMessage> = {};
  const agencyId = options.scopeAgencyId ?? input.agencyId;
  const [account, agency, existing] = await Promise.all([
    input.accountNumber ? prisma.account.findUnique({ where: { accountNumber: input.accountNumber }, select: { id: true, timeZone: true } }) : null,
    agencyId !== undefined ? prisma.agency.findUnique({ where: { id: agencyId }, select: { id: true, timeZone: true } }) : null,
    input.complaintRef ? prisma.complaint.findUnique({ where: { complaintRef: input.complaintRef }, select: { id: true } }) : null,
  ]);
  if (input.accountNumber && !account) errors.accountNumber = { key: "validation.complaintAccountUnknown" };
  if (agencyId !== undefined && !agency) errors.agencyId = { key: "validation.complaintAgencyUnknown" };
  if (existing) errors.complaintRef = { key: "validation.complaintRefTaken" };
  let agentId: number | null = null;
  if (input.agentExternalId) {
    if (!agency) errors.agentExternalId ??= { key: "validation.complaintAgentNeedsAgency" };
    else {
      const agent = await prisma.agent.findUnique({ where: { agencyId_externalId: { agencyId: agency.id, externalId: input.agentExternalId } }, select: { id: true } });
      if (agent) agentId = agent.id;
      else errors.agentExternalId = { key: "validation.complaintAgentUnknown" };
    }
  }
  const timeZone = agency?.timeZone ?? account?.timeZone ?? "UTC";
  const zoned = await getPool().query<{ at: Date }>(`SELECT ($1::timestamp AT TIME ZONE $2) AS at`, [input.receivedAt, timeZone]);
  const receivedAt = zoned.rows[0]?.at;
  if (!receivedAt || Number.isNaN(receivedAt.getTime())) errors.receivedAt = { key: "validation.invalidFormat" };
  else if (receivedAt.getTime() > now.getTime() + 60_000) errors.receivedAt = { key: "validation.complaintReceivedInFuture" };
  if (Object.keys(errors).length > 0 || !receivedAt) return { ok: false, errors };

  const complaintRef = input.complaintRef ?? generatedRef(now);
  try {
    const created = await prisma.complaint.create({
      data: {
        complaintRef,
        accountId: account?.id ?? null,
        agencyId: agency?.id ?? null,
        agentId,
        receivedAt,
        source: input.source,
        category: input.category,
        severity: input.severity,
        description: input.description ?? null,
        phoneNumber: input.phoneNumber ?? null,
      },
      select: { id: true },
    });
    // The dashboards count it (and the contacts it makes wrong-party) as soon as the page shows it saved.
    await runComplaintStages([created.id]);
    return { ok: true, id: created.id, complaintRef, accountNumber: input.accountNumber ?? null };
  } catch (error) {
    // Two people recording the same reference at once: the unique index decides.
    if ((error as { code?: string }).code === "P2002") return { ok: false, errors: { complaintRef: { key: "validation.complaintRefTaken" } } };
    throw error;
  }
}
