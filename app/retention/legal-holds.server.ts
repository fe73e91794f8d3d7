// Legal holds (ADR 041): an account or an agency whose records the retention purge must keep, set and cleared by
// administrators and compliance (Settings → Retention, `oversight hold …`) with a reason, each change in the
// access log. A hold is never deleted; clearing it records who, when and why.
import { z } from "zod";
import { logAccess } from "~/audit/log-access.server";
import { getPrisma } from "~/db/client.server";

export const holdTargetSchema = z.union([
  z.object({ accountNumber: z.string().trim().min(1).max(100), agencyCode: z.undefined().optional() }),
  z.object({ agencyCode: z.string().trim().min(1).max(40), accountNumber: z.undefined().optional() }),
]);
export type HoldTarget = z.output<typeof holdTargetSchema>;
export const holdReasonSchema = z.string().trim().min(3).max(2000);

export type LegalHoldRow = {
  id: number;
  target: "ACCOUNT" | "AGENCY";
  /** The account number or the agency code. */
  label: string;
  reason: string;
  setAt: string;
  setBy: string | null;
  clearedAt: string | null;
  clearedBy: string | null;
  clearReason: string | null;
};

/** What a hold names could not be found, or it is already (not) held: the message says which. */
export class LegalHoldError extends Error {
  constructor(
    readonly code: "ACCOUNT_NOT_FOUND" | "AGENCY_NOT_FOUND" | "ALREADY_HELD" | "NOT_HELD",
    message: string,
  ) {
    super(message);
  }
}

async function resolveTarget(target: HoldTarget): Promise<{ accountId: number | null; agencyId: number | null; label: string; type: "ACCOUNT" | "AGENCY" }> {
  const prisma = getPrisma();
  if (target.accountNumber !== undefined) {
    const account = await prisma.account.findUnique({ where: { accountNumber: target.accountNumber }, select: { id: true } });
    if (!account) throw new LegalHoldError("ACCOUNT_NOT_FOUND", `No account with number "${target.accountNumber}".`);
    return { accountId: account.id, agencyId: null, label: target.accountNumber, type: "ACCOUNT" };
  }
  const code = target.agencyCode.toUpperCase();
  const agency = await prisma.agency.findUnique({ where: { code }, select: { id: true } });
  if (!agency) throw new LegalHoldError("AGENCY_NOT_FOUND", `No agency with code "${code}".`);
  return { accountId: null, agencyId: agency.id, label: code, type: "AGENCY" };
}

export async function setLegalHold(input: { target: HoldTarget; reason: string; userId: number | null; request?: Request }): Promise<LegalHoldRow> {
  const reason = holdReasonSchema.parse(input.reason);
  const target = await resolveTarget(input.target);
  const prisma = getPrisma();
  const active = await prisma.legalHold.findFirst({ where: { accountId: target.accountId, agencyId: target.agencyId, clearedAt: null } });
  if (active) throw new LegalHoldError("ALREADY_HELD", `${target.type === "ACCOUNT" ? "Account" : "Agency"} ${target.label} is already under a legal hold (set ${active.setAt.toISOString()}).`);
  const hold = await prisma.legalHold.create({ data: { accountId: target.accountId, agencyId: target.agencyId, reason, setById: input.userId } });
  await logAccess({ userId: input.userId, action: "LEGAL_HOLD_SET", resourceType: target.type === "ACCOUNT" ? "Account" : "Agency", resourceId: target.label, detail: { holdId: hold.id, reason }, request: input.request });
  return (await listLegalHolds({ includeCleared: true })).find((row) => row.id === hold.id)!;
}

export async function clearLegalHold(input: { target: HoldTarget; reason: string; userId: number | null; request?: Request }): Promise<LegalHoldRow> {
  const reason = holdReasonSchema.parse(input.reason);
  const target = await resolveTarget(input.target);
  const prisma = getPrisma();
  const active = await prisma.legalHold.findFirst({ where: { accountId: target.accountId, agencyId: target.agencyId, clearedAt: null } });
  if (!active) throw new LegalHoldError("NOT_HELD", `${target.type === "ACCOUNT" ? "Account" : "Agency"} ${target.label} is not under a legal hold.`);
  await prisma.legalHold.update({ where: { id: active.id }, data: { clearedAt: new Date(), clearedById: input.userId, clearReason: reason } });
  await logAccess({ userId: input.userId, action: "LEGAL_HOLD_CLEARED", resourceType: target.type === "ACCOUNT" ? "Account" : "Agency", resourceId: target.label, detail: { holdId: active.id, reason }, request: input.request });
  return (await listLegalHolds({ includeCleared: true })).find((row) => row.id === active.id)!;
}

/** The accounts and agencies under an active hold, as the purge reads them. */
export async function activeHolds(): Promise<{ accountIds: number[]; agencyIds: number[] }> {
  const holds = await getPrisma().legalHold.findMany({ where: { clearedAt: null }, select: { accountId: true, agencyId: true } });
  return {
    accountIds: [...new Set(holds.flatMap((hold) => (hold.accountId === null ? [] : [hold.accountId])))],
    agencyIds: [...new Set(holds.flatMap((hold) => (hold.agencyId === null ? [] : [hold.agencyId])))],
  };
}

export async function listLegalHolds(options: { includeCleared?: boolean } = {}): Promise<LegalHoldRow[]> {
  const prisma = getPrisma();
  const holds = await prisma.legalHold.findMany({ where: options.includeCleared ? {} : { clearedAt: null }, orderBy: { id: "desc" }, take: 500 });
  const accountIds = holds.flatMap((hold) => (hold.accountId === null ? [] : [hold.accountId]));
  const agencyIds = holds.flatMap((hold) => (hold.agencyId === null ? [] : [hold.agencyId]));
  const userIds = holds.flatMap((hold) => [hold.setById, hold.clearedById]).filter((id): id is number => id !== null);
  const [accounts, agencies, users] = await Promise.all([
    prisma.account.findMany({ where: { id: { in: accountIds } }, select: { id: true, accountNumber: true } }),
    prisma.agency.findMany({ where: { id: { in: agencyIds } }, select: { id: true, code: true } }),
    prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } }),
  ]);
  const accountNumber = new Map(accounts.map((account) => [account.id, account.accountNumber]));
  const agencyCode = new Map(agencies.map((agency) => [agency.id, agency.code]));
  const email = new Map(users.map((user) => [user.id, user.email]));
  return holds.map((hold) => ({
    id: hold.id,
    target: hold.accountId !== null ? ("ACCOUNT" as const) : ("AGENCY" as const),
    label: hold.accountId !== null ? (accountNumber.get(hold.accountId) ?? `#${hold.accountId}`) : (agencyCode.get(hold.agencyId ?? -1) ?? `#${hold.agencyId}`),
    reason: hold.reason,
    setAt: hold.setAt.toISOString(),
    setBy: hold.setById === null ? null : (email.get(hold.setById) ?? null),
    clearedAt: hold.clearedAt?.toISOString() ?? null,
    clearedBy: hold.clearedById === null ? null : (email.get(hold.clearedById) ?? null),
    clearReason: hold.clearReason,
  }));
}
